"""The ``passgenau`` command line: parse, call a service, print; translate errors.

Entry points only translate: a :class:`PassgenauError` becomes its messages on standard
error and exit code 2; an unreachable database exit code 1 with the URL's password
hidden. Never a traceback for bad input.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from passgenau import __version__
from passgenau.config import Settings, display_url, load_settings
from passgenau.domain.errors import InvalidInput, PassgenauError

P = ParamSpec("P")
R = TypeVar("R")

EXIT_BAD_INPUT = 2
EXIT_ENVIRONMENT = 1

app = typer.Typer(
    name="passgenau",
    help="passgenau: Job-Turbo placement for Jobcenters (passgenaue Vermittlung).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="The database: create or upgrade its schema, show its state.")
reference_app = typer.Typer(help="Reference data: KldB occupation titles, places.")
app.add_typer(db_app, name="db")
app.add_typer(reference_app, name="reference")
transit_app = typer.Typer(help="Public transport: read GTFS timetables (Fahrpläne).")
app.add_typer(transit_app, name="transit")


class _State:
    tenant: str | None = None


_state = _State()


def settings() -> Settings:
    """Settings from the environment, with the ``--tenant`` option applied."""
    loaded = load_settings()
    if _state.tenant:
        from dataclasses import replace

        loaded = replace(loaded, tenant=_state.tenant)
    return loaded


def fail(messages: list[str], code: int) -> None:
    for message in messages:
        typer.echo(message, err=True)
    raise typer.Exit(code)


def handles_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn domain and database errors into messages and exit codes, never a traceback."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            return command(*args, **kwargs)
        except InvalidInput as exc:
            fail([str(p) for p in exc.problems], EXIT_BAD_INPUT)
        except PassgenauError as exc:
            fail([str(exc)], EXIT_BAD_INPUT)
        except SQLAlchemyError as exc:
            fail([f"database error: {type(exc).__name__}: {_describe_db_error(exc)}"],
                 EXIT_ENVIRONMENT)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("PASSGENAU_DEBUG"):
                raise
            # an internal error: its message may quote records, so show only its kind
            fail([f"internal error ({type(exc).__name__}); run again with PASSGENAU_DEBUG=1 "
                  "for details"], EXIT_ENVIRONMENT)
        raise AssertionError("unreachable")

    return wrapper


def _describe_db_error(exc: Exception) -> str:
    """The driver's first line only: statements and parameters may hold social data."""
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


@contextmanager
def unit_of_work(cfg: Settings) -> Iterator[object]:
    from passgenau.store.database import opened
    from passgenau.store.unit_of_work import SqlUnitOfWork

    with opened(cfg.database_url) as engine, SqlUnitOfWork(
        engine, tenant=cfg.tenant, actor=cfg.actor
    ) as uow:
        yield uow


def _version(value: bool) -> None:
    if value:
        typer.echo(f"passgenau {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    tenant: Annotated[
        str | None,
        typer.Option(help="The Jobcenter (tenant) to work on; default $PASSGENAU_TENANT "
                     "or 'default'."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True,
                           help="Show the version and exit.")
    ] = False,
) -> None:
    _state.tenant = tenant


@db_app.command("upgrade")
@handles_errors
def db_upgrade() -> None:
    """Create the database or migrate it to the newest schema."""
    from passgenau.store.database import current_revision, opened

    cfg = settings()
    with opened(cfg.database_url) as engine:
        typer.echo(f"database {display_url(cfg.database_url)} at revision "
                   f"{current_revision(engine)}")


@db_app.command("add-tenant")
@handles_errors
def db_add_tenant(
    key: Annotated[str, typer.Argument(help="Short key of the Jobcenter, e.g. 'rems-murr'.")],
    name: Annotated[str, typer.Option(help="Display name.")] = "",
) -> None:
    """Add a Jobcenter (tenant) to a shared database; its records stay apart from others'."""
    from passgenau.store.database import ensure_tenant, opened

    cfg = settings()
    with opened(cfg.database_url) as engine:
        ensure_tenant(engine, key, name or key)
    typer.echo(f"tenant '{key}' is ready")


@db_app.command("status")
@handles_errors
def db_status() -> None:
    """Show which database is used and whether its schema is current."""
    from passgenau.store.database import current_revision, head_revision, opened

    cfg = settings()
    with opened(cfg.database_url, migrate=False) as engine:
        current, head = current_revision(engine), head_revision()
    typer.echo(f"database: {display_url(cfg.database_url)}")
    typer.echo(f"revision: {current or '(empty)'}; newest: {head}")
    if current != head:
        typer.echo("run 'passgenau db upgrade' to migrate")


@app.command("validate")
@handles_errors
def validate(
    source: Annotated[Path, typer.Argument(help="An exchange file (.json) or a CSV folder.")],
) -> None:
    """Check an exchange file or CSV bundle without importing it; exit 2 on problems."""
    from passgenau.services.places import database_gazetteer, load_input

    dataset = load_input(  # places from the database only if it exists; never created here
        source, places=lambda: database_gazetteer(settings().database_url, migrate=False)
    )
    typer.echo(
        f"ok: {len(dataset.employers)} employers, {len(dataset.vacancies)} vacancies, "
        f"{len(dataset.candidates)} candidates, {len(dataset.households)} households"
    )


@app.command("import")
@handles_errors
def import_(
    source: Annotated[Path, typer.Argument(help="An exchange file (.json) or a CSV folder.")],
) -> None:
    """Import records (upsert by id) in one transaction: a bad file changes nothing."""
    from passgenau.services.places import database_gazetteer, load_input
    from passgenau.services.records import import_dataset
    from passgenau.terminal import import_text

    cfg = settings()
    dataset = load_input(
        source, partial=True, places=lambda: database_gazetteer(cfg.database_url, migrate=True)
    )
    with unit_of_work(cfg) as uow:
        summary = import_dataset(uow, dataset)
        uow.commit()  # type: ignore[attr-defined]
    typer.echo(import_text(summary))


@app.command("export")
@handles_errors
def export(
    target: Annotated[str, typer.Argument(help="File to write, or - for standard output.")],
    csv: Annotated[bool, typer.Option("--csv", help="Write a CSV bundle into the folder "
                                      "TARGET instead of JSON.")] = False,
) -> None:
    """Export all records of the tenant in the exchange format (round-trips with import)."""
    from passgenau.exchange import dump_document, write_csv_bundle
    from passgenau.services.records import export_dataset

    cfg = settings()
    with unit_of_work(cfg) as uow:
        dataset = export_dataset(uow)
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


@app.command("summary")
@handles_errors
def summary(
    on: Annotated[str | None, typer.Option(help="Reference date (YYYY-MM-DD); "
                                           "default today.")] = None,
) -> None:
    """Kurzbericht: records in the database and candidates per team."""
    from passgenau.services.records import caseload_summary
    from passgenau.terminal import caseload_text

    cfg = settings()
    day = _parse_date(on, "--on") if on else date.today()
    with unit_of_work(cfg) as uow:
        typer.echo(caseload_text(caseload_summary(uow, cfg.routing, day)))


def _parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PassgenauError(f"{option}: {text!r} is not a date YYYY-MM-DD") from None


TRAVEL_HELP = (
    "Travel model: 'reference' (straight line, the exchange format's) or 'gtfs:FEED.zip' "
    "(public transport by the timetable). Default: reference; with --db the setting "
    "'travel'."
)


@app.command("match")
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
) -> None:
    """Optimal shortlists of 3–4 fitting candidates per vacancy, every decision explained."""
    from passgenau.presentation.matching import check_format, run_text, warning_lines
    from passgenau.services.matching import match_dataset, match_stored, travel_model

    if db == (source is not None):
        fail(["give either an input file or --db"], EXIT_BAD_INPUT)
    check_format(fmt)
    if source is not None:
        from passgenau.exchange import load_json_file

        dataset = load_json_file(source)
        today = dataset.reference_date or date.today()
        run = match_dataset(dataset, travel_model(travel or "reference", today))
    else:
        from passgenau.store.database import opened
        from passgenau.store.unit_of_work import SqlUnitOfWork

        cfg = settings()
        day = _parse_date(on, "--on") if on else date.today()
        model = travel_model(travel or cfg.travel, day)
        with opened(cfg.database_url) as engine:
            run = match_stored(SqlUnitOfWork(engine, tenant=cfg.tenant, actor=cfg.actor),
                               model, day)
    for line in warning_lines(run.warnings):
        typer.echo(line, err=True)
    text = run_text(run, fmt)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


@app.command("explain")
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


@reference_app.command("import-kldb")
@handles_errors
def reference_import_kldb(
    source: Annotated[Path, typer.Argument(help="The official KldB 2010 list (CSV).")],
) -> None:
    """Import the full official KldB 2010 list of occupation titles."""
    from passgenau.reference.kldb import parse_official_kldb
    from passgenau.services.records import store_kldb_titles

    entries = parse_official_kldb(source)
    with unit_of_work(settings()) as uow:
        count = store_kldb_titles(uow, entries)
        uow.commit()  # type: ignore[attr-defined]
    typer.echo(f"stored {count} KldB titles")


@reference_app.command("import-places")
@handles_errors
def reference_import_places(
    source: Annotated[Path, typer.Argument(help="Destatis Gemeindeverzeichnis-Auszug (CSV), "
                                           "OpenGeoDB PLZ.tab or GeoNames postal codes (CSV).")],
) -> None:
    """Import a municipality register or postcode table for offline geocoding."""
    from passgenau.reference.places_import import read_places_file
    from passgenau.services.places import import_places, summary_text

    places = read_places_file(source)
    with unit_of_work(settings()) as uow:
        summary = import_places(uow, places)  # type: ignore[arg-type]
        uow.commit()  # type: ignore[attr-defined]
    typer.echo(summary_text(summary))


@transit_app.command("import")
@handles_errors
def transit_import(
    feed: Annotated[Path, typer.Argument(help="A GTFS feed (.zip, or a folder of .txt "
                                         "files).")],
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", help="Where the parsed "
                                                   "timetable is cached; default the user "
                                                   "cache directory.")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Parse again even if a cached "
                                          "copy exists.")] = False,
) -> None:
    """Read a GTFS feed, build and cache its arrays, and summarise it (German)."""
    from passgenau.services.transit import import_feed

    typer.echo(import_feed(feed, cache_dir, rebuild=rebuild).text())


@app.command("demo")
@handles_errors
def demo(
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same "
                                      "Jobcenter.")] = 2024,
    candidates: Annotated[int, typer.Option(min=10, help="Number of candidates.")] = 2000,
    employers: Annotated[int, typer.Option(min=5, help="Number of employers.")] = 150,
    vacancies: Annotated[int, typer.Option(min=5, help="Number of vacancies.")] = 400,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the web UI "
                                        "afterwards (once it exists).")] = True,
) -> None:
    """Build a synthetic Jobcenter Rems-Murr in the database and run the main job on it."""
    from dataclasses import replace

    from passgenau.services.demo import DEMO_TENANT, run_demo

    cfg = settings()
    if _state.tenant is None:
        cfg = replace(cfg, tenant=DEMO_TENANT)
    report = run_demo(cfg, seed=seed, candidates=candidates, employers=employers,
                      vacancies=vacancies)
    typer.echo(report)
    if serve:
        typer.echo("\n(Die Weboberfläche folgt in einer späteren Version; "
                   "Ende der Demo.)")


def main() -> None:
    app()
