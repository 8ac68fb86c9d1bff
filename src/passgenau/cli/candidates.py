"""Issue 10 (casework): candidates' case files (level, team, courses, privacy) and the
erasure after the retention period."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from passgenau.cli.common import (
    Format,
    OnOption,
    _check_format,
    _choice,
    _level,
    _maybe_date,
    _on,
    echo_as,
    handles_errors,
    runtime,
)

candidates_app = typer.Typer(help="Candidates' case files: level, team, courses, privacy.")


retention_app = typer.Typer(help="Erasure after the retention period (retention_months).")


@candidates_app.command("show")
@handles_errors
def candidates_show(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    on: OnOption = None,
    fmt: Format = "table",
) -> None:
    """A candidate's level, team, version, officer and their histories."""
    from passgenau.presentation.casework import overview_json, overview_text
    from passgenau.services.casework import candidate_overview

    fmt = _check_format(fmt)
    rt = runtime()
    view = candidate_overview(rt.unit_of_work(), rt.settings.routing, candidate_id, _on(on))
    echo_as(fmt, view, overview_json, overview_text)


@candidates_app.command("certify")
@handles_errors
def candidates_certify(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    level: Annotated[str, typer.Argument(help="The certified level, A1..C2.")],
    test: Annotated[str, typer.Option("--test", help="dtz, telc, goethe or job_bsk "
                                      "(JOB-BSK final test).")],
    on: Annotated[str | None, typer.Option("--on", help="Day of the test (YYYY-MM-DD); "
                                           "default today.")] = None,
    fmt: Format = "table",
) -> None:
    """Record a certified German level; the candidate's level and team follow it."""
    from passgenau.domain.casework import CertificateTest
    from passgenau.presentation.casework import certification_json, certification_text
    from passgenau.services.casework import certify

    fmt = _check_format(fmt)
    rt = runtime()
    result = certify(rt.unit_of_work(), rt.settings.routing, candidate_id, _level(level),
                     _choice(CertificateTest.parse, test, "--test"), _on(on))
    echo_as(fmt, result, certification_json, certification_text)


@candidates_app.command("teams")
@handles_errors
def candidates_teams(
    on: OnOption = None,
    since: Annotated[str | None, typer.Option(help="Changes from this day on "
                                              "(YYYY-MM-DD); default 30 days back.")] = None,
    within: Annotated[int, typer.Option(min=0, max=366, help="Also list changes that "
                                        "fall due within so many days (turning 25).")] = 0,
    fmt: Format = "table",
) -> None:
    """Candidates whose team changed, or is due to change (turned 25, a new level)."""
    from passgenau.presentation.casework import review_json, review_table
    from passgenau.services.casework import team_review

    fmt = _check_format(fmt)
    rt = runtime()
    entries = team_review(rt.unit_of_work(), rt.settings.routing, _on(on),
                          _maybe_date(since, "--since"), within)
    echo_as(fmt, entries, review_json, review_table)


@candidates_app.command("reroute")
@handles_errors
def candidates_reroute(on: OnOption = None, fmt: Format = "table") -> None:
    """Record every active candidate's team by the routing rules (changes due included)."""
    from passgenau.presentation.casework import team_changes_json, team_changes_text
    from passgenau.services.casework import reroute

    fmt = _check_format(fmt)
    rt = runtime()
    changes = reroute(rt.unit_of_work(), rt.settings.routing, _on(on))
    echo_as(fmt, changes, team_changes_json, team_changes_text)


@candidates_app.command("assign")
@handles_errors
def candidates_assign(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    officer: Annotated[str, typer.Option(help="The responsible placement officer.")],
) -> None:
    """Assign the candidate's placement officer (Vermittlungsfachkraft)."""
    from passgenau.services.casework import assign_officer

    assign_officer(runtime().unit_of_work(), candidate_id, officer)
    typer.echo(f"{candidate_id}: Vermittlungsfachkraft zugeordnet.")


@candidates_app.command("end")
@handles_errors
def candidates_end(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    on: OnOption = None,
) -> None:
    """Close the candidate's case; the retention period starts."""
    from passgenau.services.casework import end_case

    day = _on(on)
    end_case(runtime().unit_of_work(), candidate_id, day)
    typer.echo(f"{candidate_id}: Fall beendet am {day:%d.%m.%Y}.")


@candidates_app.command("info")
@handles_errors
def candidates_info(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    html: Annotated[Path | None, typer.Option("--html", help="Write a readable German "
                                              "page to this file instead of JSON.")] = None,
) -> None:
    """Everything stored about the candidate (GDPR Art. 15), as JSON or an HTML page."""
    from passgenau.presentation.privacy import information_html, information_json
    from passgenau.services.privacy import candidate_information

    info = candidate_information(runtime().unit_of_work(), candidate_id)
    if html is None:
        typer.echo(information_json(info))
        return
    html.write_text(information_html(info), encoding="utf-8")
    typer.echo(f"wrote {html}", err=True)


@candidates_app.command("erase")
@handles_errors
def candidates_erase(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    on: OnOption = None,
    fmt: Format = "table",
) -> None:
    """Erase the candidate's personal data (GDPR Art. 17) in every table; proposals,
    outcomes and statistics stay, the audit trail names a pseudonym."""
    import json

    from passgenau.presentation.privacy import erasure_json, erasure_text
    from passgenau.services.privacy import erase_candidate

    fmt = _check_format(fmt)
    erasure = erase_candidate(runtime().unit_of_work(), candidate_id, _on(on))
    typer.echo(json.dumps(erasure_json(erasure), ensure_ascii=False, indent=2)
               if fmt == "json" else erasure_text(erasure))


@retention_app.command("run")
@handles_errors
def retention_run(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would be erased; "
                                          "change nothing.")] = False,
    on: OnOption = None,
    fmt: Format = "table",
) -> None:
    """Erase every candidate whose case ended retention_months (default 36) ago."""
    from passgenau.presentation.privacy import retention_json, retention_text
    from passgenau.services.privacy import run_retention

    fmt = _check_format(fmt)
    rt = runtime()
    run = run_retention(rt.unit_of_work(), rt.settings.retention_months, _on(on),
                        dry_run=dry_run)
    echo_as(fmt, run, retention_json, retention_text)
