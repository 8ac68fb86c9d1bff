"""The ``passgenau`` command line: parse, call a service, print; translate errors.

Entry points only translate: a :class:`PassgenauError` becomes its messages on standard
error and exit code 2; an unreachable database, or one whose schema is behind
(:class:`SchemaOutdated`), exit code 1 with the URL's password hidden. Never a traceback
for bad input. Each command gets the process's one :class:`Runtime` from :func:`runtime`
(its engine is made on first use and let go when the command ends); German text comes
from :mod:`passgenau.presentation`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Annotated, NoReturn, ParamSpec, TypeVar

import typer

from passgenau import __version__
from passgenau.config import Settings, load_settings
from passgenau.domain.errors import InvalidInput, PassgenauError
from passgenau.services.runtime import Runtime, SchemaOutdated

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
    runtime: Runtime | None = None


_state = _State()


def settings() -> Settings:
    """Settings from the environment, with the ``--tenant`` option applied."""
    loaded = load_settings()
    if _state.tenant:
        from dataclasses import replace

        loaded = replace(loaded, tenant=_state.tenant)
    return loaded


def runtime() -> Runtime:
    """The process's runtime (one engine), made from :func:`settings` on first use."""
    if _state.runtime is None:
        _state.runtime = Runtime(settings())
    return _state.runtime


def _close_runtime() -> None:
    current, _state.runtime = _state.runtime, None
    if current is not None:
        current.close()


def fail(messages: list[str], code: int) -> NoReturn:
    for message in messages:
        typer.echo(message, err=True)
    raise typer.Exit(code)


def handles_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn domain and database errors into messages and exit codes, never a traceback."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except InvalidInput as exc:
            fail([str(p) for p in exc.problems], EXIT_BAD_INPUT)
        except SchemaOutdated as exc:
            fail([str(exc)], EXIT_ENVIRONMENT)
        except PassgenauError as exc:
            fail([str(exc)], EXIT_BAD_INPUT)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if _is_database_error(exc):
                fail([f"database error: {type(exc).__name__}: {_describe_db_error(exc)}"],
                     EXIT_ENVIRONMENT)
            if os.environ.get("PASSGENAU_DEBUG"):
                raise
            # an internal error: its message may quote records, so show only its kind
            fail([f"internal error ({type(exc).__name__}); run again with PASSGENAU_DEBUG=1 "
                  "for details"], EXIT_ENVIRONMENT)
        raise AssertionError("unreachable")

    return wrapper


def _is_database_error(exc: Exception) -> bool:
    """Whether ``exc`` is SQLAlchemy's, asked without importing SQLAlchemy: a command that
    never touched the database has not loaded it and should not pay for it."""
    errors = sys.modules.get("sqlalchemy.exc")
    return errors is not None and isinstance(exc, errors.SQLAlchemyError)


def _describe_db_error(exc: Exception) -> str:
    """The driver's first line only: statements and parameters may hold social data."""
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


def _version(value: bool) -> None:
    if value:
        typer.echo(f"passgenau {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
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
    _close_runtime()
    _state.tenant = tenant
    ctx.call_on_close(_close_runtime)


@db_app.command("upgrade")
@handles_errors
def db_upgrade() -> None:
    """Create the database or migrate it to the newest schema."""
    from passgenau.presentation.database import upgraded_text
    from passgenau.services.database import upgrade_database

    typer.echo(upgraded_text(upgrade_database(runtime())))


@db_app.command("add-tenant")
@handles_errors
def db_add_tenant(
    key: Annotated[str, typer.Argument(help="Short key of the Jobcenter, e.g. 'rems-murr'.")],
    name: Annotated[str, typer.Option(help="Display name.")] = "",
) -> None:
    """Add a Jobcenter (tenant) to a shared database; its records stay apart from others'."""
    from passgenau.presentation.database import tenant_ready_text
    from passgenau.services.database import add_tenant

    add_tenant(runtime(), key, name or key)
    typer.echo(tenant_ready_text(key))


@db_app.command("status")
@handles_errors
def db_status() -> None:
    """Show which database is used and whether its schema is current."""
    from passgenau.presentation.database import status_text
    from passgenau.services.database import database_status

    typer.echo(status_text(database_status(runtime())))


@app.command("validate")
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


@app.command("import")
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


@app.command("summary")
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
    from passgenau.presentation.matching import check_format, notice_lines, run_text
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
        cfg = settings()
        day = _parse_date(on, "--on") if on else date.today()
        model = travel_model(travel or cfg.travel, day)
        run = match_stored(runtime().unit_of_work(), model, day)
    for line in notice_lines(run):
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
    from passgenau.services.records import import_kldb_file

    count = import_kldb_file(runtime().unit_of_work(), source)
    typer.echo(f"stored {count} KldB titles")


@reference_app.command("import-places")
@handles_errors
def reference_import_places(
    source: Annotated[Path, typer.Argument(help="Destatis Gemeindeverzeichnis-Auszug (CSV), "
                                           "OpenGeoDB PLZ.tab or GeoNames postal codes (CSV).")],
) -> None:
    """Import a municipality register or postcode table for offline geocoding."""
    from passgenau.presentation.places import places_import_text
    from passgenau.services.places import import_places_file

    typer.echo(places_import_text(import_places_file(runtime().unit_of_work(), source)))


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
    from passgenau.presentation.transit import feed_text, unreadable_text
    from passgenau.services.transit import FeedUnreadable, import_feed

    try:
        summary = import_feed(feed, cache_dir, rebuild=rebuild)
    except FeedUnreadable as exc:
        fail([unreadable_text(exc)], EXIT_BAD_INPUT)
    typer.echo(feed_text(summary))


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
    from passgenau.presentation.demo import DEMO_END, demo_text
    from passgenau.services.demo import DEMO_TENANT, run_demo

    report = run_demo(runtime(), seed=seed, candidates=candidates, employers=employers,
                      vacancies=vacancies, tenant=_state.tenant or DEMO_TENANT)
    typer.echo(demo_text(report))
    if serve:
        typer.echo("\n" + DEMO_END)


def main() -> None:
    app()
