"""Records in the exchange format: ``validate``, ``import``, ``export``, ``summary``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from passgenau.cli.common import EXIT_BAD_INPUT, _parse_date, fail, handles_errors, runtime


@handles_errors
def validate(
    source: Annotated[Path, typer.Argument(help="An exchange file (.json) or a CSV folder.")],
) -> None:
    """Check an exchange file or CSV bundle without importing it; exit 2 on problems."""
    from passgenau.services.places import database_gazetteer, load_input

    dataset = load_input(  # places from the database only if it exists; never created here
        source, places=lambda: database_gazetteer(runtime(), if_present=True)
    )
    typer.echo(
        f"ok: {len(dataset.employers)} employers, {len(dataset.vacancies)} vacancies, "
        f"{len(dataset.candidates)} candidates, {len(dataset.households)} households"
    )


@handles_errors
def import_(
    source: Annotated[Path, typer.Argument(help="An exchange file (.json) or a CSV folder.")],
) -> None:
    """Import records (upsert by id) in one transaction: a bad file changes nothing."""
    from passgenau.presentation.records import import_text
    from passgenau.services.places import database_gazetteer, load_input
    from passgenau.services.records import import_dataset

    dataset = load_input(source, partial=True, places=lambda: database_gazetteer(runtime()))
    typer.echo(import_text(import_dataset(runtime().unit_of_work(), dataset)))


@handles_errors
def export(
    target: Annotated[str, typer.Argument(help="File to write, or - for standard output.")],
    csv: Annotated[bool, typer.Option("--csv", help="Write a CSV bundle into the folder "
                                      "TARGET instead of JSON.")] = False,
) -> None:
    """Export all records of the tenant in the exchange format (round-trips with import)."""
    from passgenau.exchange import dump_document, write_csv_bundle
    from passgenau.services.records import export_dataset

    dataset = export_dataset(runtime().unit_of_work())
    if csv:
        if target == "-":
            fail(["--csv needs a folder, not '-'"], EXIT_BAD_INPUT)
        write_csv_bundle(dataset, Path(target))
        typer.echo(f"wrote CSV bundle to {target}", err=True)
        return
    text = dump_document(dataset)
    if target == "-":
        sys.stdout.write(text)
    else:
        Path(target).write_text(text, encoding="utf-8")
        typer.echo(f"wrote {target}", err=True)


@handles_errors
def summary(
    on: Annotated[str | None, typer.Option(help="Reference date (YYYY-MM-DD); "
                                           "default today.")] = None,
) -> None:
    """Kurzbericht: records in the database and candidates per team."""
    from passgenau.presentation.records import caseload_text
    from passgenau.services.records import caseload_summary

    day = _parse_date(on, "--on") if on else date.today()
    rt = runtime()
    typer.echo(caseload_text(caseload_summary(rt.unit_of_work(), rt.settings.routing, day)))
