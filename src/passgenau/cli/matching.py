"""``match`` and ``explain``: shortlists from a file or the stored caseload, and one
pair's rules; the heavy engine is imported only when a command runs."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from passgenau.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_ENVIRONMENT,
    TRAVEL_HELP,
    _parse_date,
    fail,
    handles_errors,
    runtime,
    settings,
)


@handles_errors
def match(
    source: Annotated[Path | None, typer.Argument(help="The input document (passgenau/1 "
                                                  "JSON); omit with --db.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write the result here "
                                             "instead of standard output.")] = None,
    travel: Annotated[str | None, typer.Option(help=TRAVEL_HELP)] = None,
    fmt: Annotated[str, typer.Option("--format", help="json (the contract), table "
                                     "(German, readable) or csv.")] = "json",
    db: Annotated[bool, typer.Option("--db", help="Match the stored caseload and store "
                                     "the shortlists as proposals (state 'suggested').")]
    = False,
    on: Annotated[str | None, typer.Option(help="With --db: reference date "
                                           "(YYYY-MM-DD); default today.")] = None,
    dask: Annotated[str | None, typer.Option("--dask", help="Solve in regional parts on "
                                             "Dask: 'local' (a cluster on this machine) or "
                                             "a scheduler address tcp://HOST:8786.")]
    = None,
) -> None:
    """Optimal shortlists of 3–4 fitting candidates per vacancy, every decision explained."""
    from passgenau.presentation.matching import check_format, notice_lines, run_text
    from passgenau.services.matching import match_dataset, match_stored_detached, travel_model

    if db == (source is not None):
        fail(["give either an input file or --db"], EXIT_BAD_INPUT)
    check_format(fmt)
    if source is not None:
        from passgenau.exchange import load_json_file

        dataset = load_json_file(source)
        today = dataset.reference_date or date.today()
        model = travel_model(travel or "reference", today)
        if dask is None:
            run = match_dataset(dataset, model)
        else:
            from passgenau.services.scale import ClusterUnavailable, match_partitioned

            try:
                run = match_partitioned(dataset, model, dask=dask,
                                        progress=_parts_progress()).run
            except ClusterUnavailable as exc:
                fail([str(exc)], EXIT_ENVIRONMENT)
    else:
        if dask is not None:
            fail(["--dask works on an input file, not with --db"], EXIT_BAD_INPUT)
        cfg = settings()
        day = _parse_date(on, "--on") if on else date.today()
        model = travel_model(travel or cfg.travel, day)
        # no transaction held while the engine works: staff on the pages need not wait
        run = match_stored_detached(runtime().unit_of_work, model, day)
    for line in notice_lines(run):
        typer.echo(line, err=True)
    text = run_text(run, fmt)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


def _parts_progress() -> Callable[[int, int], None]:
    """The progress bar of ``match --dask`` on standard error, redrawn in place as parts
    finish (a new line at the end)."""
    from time import monotonic

    from passgenau.presentation.matching import parts_progress_line

    start = monotonic()

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        line = parts_progress_line(done, total, monotonic() - start)
        sys.stderr.write(f"\r{line}{end}")
        sys.stderr.flush()

    return show


@handles_errors
def explain_command(
    source: Annotated[Path, typer.Argument(help="The input document (passgenau/1 JSON).")],
    candidate: Annotated[str, typer.Option("--candidate", help="Candidate id.")],
    vacancy: Annotated[str, typer.Option("--vacancy", help="Vacancy id.")],
    travel: Annotated[str, typer.Option(help=TRAVEL_HELP)] = "reference",
) -> None:
    """Every rule for one candidate and one vacancy, with the values compared, as JSON."""
    from passgenau.exchange import load_json_file
    from passgenau.presentation.matching import explanation_text
    from passgenau.services.matching import explain_pair, travel_model

    dataset = load_json_file(source)
    model = travel_model(travel, dataset.reference_date or date.today())
    typer.echo(explanation_text(explain_pair(dataset, model, candidate, vacancy)))
