"""Issue 13 (reports): Job-Turbo figures, funnels, fairness, the decision log, stories."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from passgenau.cli.common import (
    EXIT_BAD_INPUT,
    TRAVEL_HELP,
    Format,
    OnOption,
    _check_format,
    _choice,
    _on,
    _parse_date,
    echo_as,
    fail,
    handles_errors,
    runtime,
)

decisions_app = typer.Typer(help="The decision log of matching runs (oversight).")

REPORT_FORMATS = ("json", "pdf", "xlsx", "csv")


def _write_output(data: str | bytes, out: Path | None, what: str) -> None:
    """Write ``data`` to ``out``, or text to standard output; binary needs ``--out``."""
    if out is None:
        if isinstance(data, bytes):
            fail([f"--out: {what} is binary; name a file to write it to"], EXIT_BAD_INPUT)
        sys.stdout.write(data)
        return
    if isinstance(data, bytes):
        out.write_bytes(data)
    else:
        out.write_text(data, encoding="utf-8")


def _team_option(team: str | None) -> str | None:
    from passgenau.domain.routing import Team

    if team is None:
        return None
    return _choice(Team, team, "--team").value


def _report_window(start: str | None, end: str | None) -> tuple[date, date]:
    """``--from``/``--to``; by default the twelve months up to today."""
    to = _parse_date(end, "--to") if end else date.today()
    if start:
        return _parse_date(start, "--from"), to
    index = to.year * 12 + to.month - 1 - 11
    return date(index // 12, index % 12 + 1, 1), to


@handles_errors
def report(
    start: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD); "
                                              "default: twelve months back.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD); default "
                                            "today.")] = None,
    team: Annotated[str | None, typer.Option(help="Only this team: iba, regel, projekt, "
                                             "u25.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="json (months and funnels, for "
                                     "scripts), pdf (German, with plots), xlsx or csv "
                                     "(';').")] = "json",
    out: Annotated[Path | None, typer.Option("--out", help="Write here (required for pdf "
                                             "and xlsx).")] = None,
    pseudonymised: Annotated[bool, typer.Option("--pseudonymised", help="With --format "
                                                "csv: the pseudonymised statistics export "
                                                "instead (one row per proposal, no names, "
                                                "no contact, age bands).")] = False,
) -> None:
    """The monthly Job-Turbo report of the stored workflow: proposals, consents, sent,
    interviews, trial work, hires, still employed after 6 months, course end to first job,
    overdue follow-ups, workload per officer; funnels per format with Wilson intervals."""
    from passgenau.presentation import reports as shown
    from passgenau.services.reports import monthly_report

    if fmt not in REPORT_FORMATS:
        fail([f"--format: {fmt!r} is not one of {', '.join(REPORT_FORMATS)}"], EXIT_BAD_INPUT)
    first, last = _report_window(start, end)
    if pseudonymised:
        if fmt != "csv":
            fail(["--pseudonymised: only with --format csv"], EXIT_BAD_INPUT)
        _statistics(out, last)
        return
    rt = runtime()
    result = monthly_report(rt.unit_of_work(), rt.settings.routing, first, last,
                            today=min(date.today(), last), team=_team_option(team))
    if fmt == "json":
        _write_output(shown.report_json(result), out, "json")
    elif fmt == "csv":
        _write_output(shown.report_csv(result), out, "csv")
    elif fmt == "xlsx":
        _write_output(shown.report_xlsx(result), out, "xlsx")
    else:
        _write_output(shown.pdf_of(shown.report_html(result)), out, "pdf")


def _statistics(out: Path | None, on: date) -> None:
    import secrets

    from passgenau.presentation.reports import statistics_csv
    from passgenau.services.reports import statistics_export

    rt = runtime()
    key = os.environ.get("PASSGENAU_STATISTICS_KEY") or secrets.token_hex(16)
    rows = statistics_export(rt.unit_of_work(), rt.settings.routing, on, key)
    _write_output(statistics_csv(rows), out, "csv")


@handles_errors
def statistics_export_command(
    out: Annotated[Path | None, typer.Option("--out", help="Write the CSV here.")] = None,
    on: OnOption = None,
) -> None:
    """Pseudonymised statistics (CSV, ';'): one row per proposal with its steps' days;
    no names, no contact, the birth year as an age band, a pseudonym instead of the id
    (a keyed hash: random per export unless PASSGENAU_STATISTICS_KEY is set)."""
    _statistics(out, _on(on))


@handles_errors
def fairness(
    source: Annotated[Path | None, typer.Argument(help="An input document (passgenau/1): "
                                                  "run the matching on it and audit its "
                                                  "proposals; omit with --db.")] = None,
    travel: Annotated[str | None, typer.Option(help=TRAVEL_HELP)] = None,
    db: Annotated[bool, typer.Option("--db", help="Audit the stored workflow: proposal, "
                                     "interview and hire rates.")] = False,
    on: OnOption = None,
    fmt: Format = "table",
) -> None:
    """Fairness audit: rates by gender, citizenship, age band and household type against
    the best group; a ratio under 0.8 is flagged for groups of at least 30 people."""
    from passgenau.presentation.reports import fairness_json, fairness_table
    from passgenau.services.reports import fairness_of_document, fairness_stored

    _check_format(fmt)
    if db == (source is not None):
        fail(["give either an input file or --db"], EXIT_BAD_INPUT)
    if source is not None:
        from passgenau.exchange import load_json_file
        from passgenau.services.matching import travel_model

        dataset = load_json_file(source)
        reference = dataset.reference_date or date.today()
        result = fairness_of_document(dataset, travel_model(travel or "reference", reference))
    else:
        rt = runtime()
        result = fairness_stored(rt.unit_of_work(), rt.settings.routing, _on(on))
    echo_as(fmt, result, fairness_json, fairness_table, nl=False)
    if fmt != "json":
        typer.echo("")


@decisions_app.command("export")
@handles_errors
def decisions_export(
    out: Annotated[Path | None, typer.Option("--out", help="The JSON lines file; default "
                                             "standard output.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="Runs from this day.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Runs up to this day.")] = None,
) -> None:
    """Every logged matching run as one JSON line: input and result SHA-256, settings,
    travel model, passgenau version, result counts."""
    from passgenau.presentation.reports import decisions_jsonl
    from passgenau.services.decisions import decisions

    entries = decisions(runtime().unit_of_work(),
                        _parse_date(start, "--from") if start else None,
                        _parse_date(end, "--to") if end else None)
    _write_output(decisions_jsonl(entries), out, "jsonl")


@decisions_app.command("purge")
@handles_errors
def decisions_purge(on: OnOption = None) -> None:
    """Delete logged runs older than decision_log_months (at least 6, default 12)."""
    from passgenau.services.decisions import purge_decisions

    rt = runtime()
    removed = purge_decisions(rt.unit_of_work(), rt.settings.decision_log_months, _on(on))
    typer.echo(f"{removed} protokollierte Abgleichsläufe gelöscht (älter als "
               f"{rt.settings.decision_log_months} Monate).")


@handles_errors
def system_description_command(
    fmt: Annotated[str, typer.Option("--format", help="md (Markdown) or pdf.")] = "md",
    out: Annotated[Path | None, typer.Option("--out", help="Write here (required for "
                                             "pdf).")] = None,
) -> None:
    """A one-page description of the system for the impact assessment, filled from the
    running configuration: data, rules, weights, who decides, what is logged."""
    from passgenau.presentation.oversight import description_html, description_markdown
    from passgenau.presentation.reports import pdf_of
    from passgenau.services.decisions import system_description

    if fmt not in ("md", "pdf"):
        fail([f"--format: {fmt!r} is not one of md, pdf"], EXIT_BAD_INPUT)
    rt = runtime()
    cfg = rt.settings
    description = system_description(rt.unit_of_work(), cfg.routing, cfg.travel, rt.database,
                                     cfg.retention_months, cfg.decision_log_months)
    if fmt == "md":
        _write_output(description_markdown(description), out, "md")
    else:
        _write_output(pdf_of(description_html(description)), out, "pdf")


@handles_errors
def story(
    proposals: Annotated[list[str], typer.Argument(help="The hires, as VACANCY/CANDIDATE "
                                                   "(e.g. V1/C1 V2/C2 for a couple).")],
    out: Annotated[Path, typer.Option("--out", help="The PDF to write.")],
    on: OnOption = None,
) -> None:
    """A success story on one page, in German and the community's language, for employers
    and municipalities; refused unless every person's written consent to it is recorded
    (consent add … --purpose success_story)."""
    from passgenau.presentation.reports import pdf_of
    from passgenau.presentation.stories import story_html
    from passgenau.services.reports import success_story

    facts = success_story(runtime().unit_of_work(), proposals, _on(on))
    out.write_bytes(pdf_of(story_html(facts)))
    typer.echo(f"Erfolgsgeschichte geschrieben: {out}")
