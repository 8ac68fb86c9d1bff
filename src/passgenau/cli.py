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
from datetime import date, time
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer

from passgenau import __version__
from passgenau.config import Settings, load_settings
from passgenau.domain.errors import InvalidInput, PassgenauError, Problem
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


SPEED_DATING_EPILOG = (
    "Writes the plan as JSON (to --out or standard output): rounds with their start and "
    "meetings (table, employer_id, candidate_id, score), total_score, bound, gap."
)


@app.command("speed-dating", epilog=SPEED_DATING_EPILOG)
@handles_errors
def speed_dating_command(
    source: Annotated[Path, typer.Argument(help="The input document (passgenau/1 JSON).")],
    employers: Annotated[str, typer.Option("--employers", help="Employer ids, comma-"
                                           "separated: one table each, in this order.")],
    rounds: Annotated[int, typer.Option("--rounds", help="Number of rounds.")],
    place: Annotated[str | None, typer.Option("--place", help="The event's place LAT,LON; "
                                              "the commute is judged to it. Default: each "
                                              "employer's workplace.")] = None,
    day: Annotated[str | None, typer.Option("--date", help="The event's date YYYY-MM-DD; "
                                            "candidates must be available for the whole "
                                            "event that weekday.")] = None,
    start: Annotated[str, typer.Option("--from", help="Start of the first round HH:MM.")]
    = "09:00",
    minutes: Annotated[int, typer.Option("--minutes", help="Minutes per round.")] = 10,
    out: Annotated[Path | None, typer.Option("--out", help="Write the plan here instead "
                                             "of standard output.")] = None,
    travel: Annotated[str, typer.Option(help=TRAVEL_HELP)] = "reference",
) -> None:
    """Speed-dating: employers at tables, candidates in rounds; an optimal timetable."""
    from passgenau.exchange import load_json_file
    from passgenau.presentation import scheduling as text
    from passgenau.services.scheduling import (
        EventTime,
        SchedulingRequestError,
        speed_dating,
    )

    ids = tuple(e.strip() for e in employers.split(",") if e.strip())
    where = _parse_place(place) if place is not None else None
    when = _parse_day(day, "--date") if day is not None else None
    first = _parse_clock(start, "--from")
    dataset = load_json_file(source)
    model = _travel(travel, dataset.reference_date or date.today())
    try:
        run = speed_dating(dataset, ids, rounds, model, place=where,
                           time=EventTime(when, first, minutes))
    except SchedulingRequestError as exc:
        fail([text.request_error_text(exc)], EXIT_BAD_INPUT)
    _travel_notes(model)
    _write(text.speed_dating_text(run), out, text.speed_dating_summary(run))


@app.command("interview-day")
@handles_errors
def interview_day_command(
    source: Annotated[Path, typer.Argument(help="The input document (passgenau/1 JSON).")],
    vacancy: Annotated[str, typer.Option("--vacancy", help="The vacancy whose shortlist "
                                         "is invited.")],
    day: Annotated[str, typer.Option("--date", help="The day YYYY-MM-DD.")],
    start: Annotated[str, typer.Option("--from", help="First slot HH:MM.")] = "08:00",
    end: Annotated[str, typer.Option("--to", help="End of the last slot HH:MM.")] = "16:00",
    slot_minutes: Annotated[int, typer.Option("--slot-minutes", help="Minutes per "
                                              "interview.")] = 30,
    travel: Annotated[str, typer.Option(help=TRAVEL_HELP)] = "reference",
    out: Annotated[Path | None, typer.Option("--out", help="Write the plan here instead "
                                             "of standard output.")] = None,
) -> None:
    """On-site interview day for a vacancy's shortlist: slots reachable and inside each
    candidate's availability, commute both ways included; or who blocks it and why."""
    from passgenau.exchange import load_json_file
    from passgenau.presentation import scheduling as text
    from passgenau.services.scheduling import SchedulingRequestError, interview_day

    when = _parse_day(day, "--date")
    first, last = _parse_clock(start, "--from"), _parse_clock(end, "--to")
    dataset = load_json_file(source)
    match_model = _travel(travel, dataset.reference_date or date.today())
    day_model = match_model if travel == "reference" else _travel(travel, when)
    try:
        run = interview_day(dataset, vacancy, when, start=first, end=last,
                            slot_minutes=slot_minutes, match_travel=match_model,
                            day_travel=day_model)
    except SchedulingRequestError as exc:
        fail([text.request_error_text(exc)], EXIT_BAD_INPUT)
    _travel_notes(day_model)
    _write(text.interview_day_text(run), out, text.interview_day_summary(run))


@app.command("accompanied-day")
@handles_errors
def accompanied_day_command(
    source: Annotated[Path, typer.Argument(help="The input document (passgenau/1 JSON).")],
    vacancies: Annotated[str, typer.Option("--vacancies", help="Vacancy ids, comma-"
                                           "separated: their shortlists are visited.")],
    day: Annotated[str, typer.Option("--date", help="The day YYYY-MM-DD.")],
    office: Annotated[str, typer.Option("--office", help="Where the staff member starts "
                                        "and ends, LAT,LON.")],
    start: Annotated[str, typer.Option("--from", help="Staff member's day from HH:MM.")]
    = "08:00",
    end: Annotated[str, typer.Option("--to", help="… until HH:MM.")] = "17:00",
    slot_minutes: Annotated[int, typer.Option("--slot-minutes", help="Minutes per "
                                              "interview.")] = 30,
    staff_mode: Annotated[str, typer.Option("--staff-mode", help="How the staff member "
                                            "travels: transit, car, bike or walk.")]
    = "transit",
    travel: Annotated[str, typer.Option(help=TRAVEL_HELP)] = "reference",
    out: Annotated[Path | None, typer.Option("--out", help="Write the plan here instead "
                                             "of standard output.")] = None,
) -> None:
    """One staff member accompanies the shortlists of several vacancies to their
    interviews on one day: which employers, in which order, when."""
    from passgenau.domain.model import TravelMode
    from passgenau.exchange import load_json_file
    from passgenau.presentation import scheduling as text
    from passgenau.services.scheduling import SchedulingRequestError, accompanied_day

    ids = tuple(v.strip() for v in vacancies.split(",") if v.strip())
    when = _parse_day(day, "--date")
    where = _parse_place(office, "--office")
    first, last = _parse_clock(start, "--from"), _parse_clock(end, "--to")
    try:
        mode = TravelMode(staff_mode)
    except ValueError:
        fail([text.bad_option_text("--staff-mode", staff_mode,
                                   "keines von transit, car, bike, walk")], EXIT_BAD_INPUT)
    dataset = load_json_file(source)
    match_model = _travel(travel, dataset.reference_date or date.today())
    day_model = match_model if travel == "reference" else _travel(travel, when)
    try:
        run = accompanied_day(dataset, ids, when, where, start=first, end=last,
                              slot_minutes=slot_minutes, staff_mode=mode,
                              match_travel=match_model, day_travel=day_model)
    except SchedulingRequestError as exc:
        fail([text.request_error_text(exc)], EXIT_BAD_INPUT)
    _travel_notes(day_model)
    _write(text.accompanied_day_text(run), out, text.accompanied_day_summary(run))


def _write(document: str, out: Path | None, summary: list[str]) -> None:
    """The plan to ``out`` with a German summary on standard output, or the plan alone
    on standard output (the summary then on standard error, so pipes get pure JSON)."""
    if out is None:
        sys.stdout.write(document)
        for line in summary:
            typer.echo(line, err=True)
        return
    out.write_text(document, encoding="utf-8")
    for line in summary:
        typer.echo(line)


def _travel_notes(model: Any) -> None:
    """What the travel model wants the user to know (an expired feed), on standard error."""
    from passgenau.presentation.matching import warning_lines
    from passgenau.services.matching import travel_warnings

    for line in warning_lines(travel_warnings(model)):
        typer.echo(line, err=True)


def _travel(spec: str, day: date) -> Any:
    from passgenau.presentation.scheduling import unknown_travel_text
    from passgenau.services.matching import UnknownTravelModel, travel_model

    try:
        return travel_model(spec, day)
    except UnknownTravelModel:
        fail([unknown_travel_text(spec)], EXIT_BAD_INPUT)


def _parse_day(text: str, option: str) -> date:
    from passgenau.presentation.scheduling import bad_option_text

    try:
        return date.fromisoformat(text)
    except ValueError:
        fail([bad_option_text(option, text, "kein Datum JJJJ-MM-TT")], EXIT_BAD_INPUT)


def _parse_clock(text: str, option: str) -> int:
    from passgenau.domain.schedule import parse_clock
    from passgenau.presentation.scheduling import bad_option_text

    try:
        return parse_clock(text)
    except ValueError:
        fail([bad_option_text(option, text, "keine Uhrzeit HH:MM")], EXIT_BAD_INPUT)


def _parse_place(text: str, option: str = "--place") -> Any:
    from passgenau.domain.model import Location
    from passgenau.presentation.scheduling import bad_option_text

    try:
        lat, lon = (float(part) for part in text.split(","))
        return Location(lat, lon)
    except ValueError:
        fail([bad_option_text(option, text, "kein Ort LAT,LON (z. B. 48.83,9.31)")],
             EXIT_BAD_INPUT)


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
                                        "afterwards, with a demo sign-in.")] = True,
) -> None:
    """Build a synthetic Jobcenter Rems-Murr in the database and run the main job on it."""
    from passgenau.presentation.demo import demo_text
    from passgenau.services.demo import DEMO_TENANT, run_demo

    report = run_demo(runtime(), seed=seed, candidates=candidates, employers=employers,
                      vacancies=vacancies, tenant=_state.tenant or DEMO_TENANT)
    typer.echo(demo_text(report))
    if serve:
        from dataclasses import replace

        from passgenau.services.users import demo_sign_in

        user, password = demo_sign_in(runtime().accounts(), report.tenant)
        # the demo is served on loopback over plain HTTP: a Secure cookie would not come back
        local = Runtime(replace(runtime().settings, cookie_secure=False))
        typer.echo(f"\nWeboberfläche: http://{DEMO_HOST}:{DEMO_PORT}/\n"
                   f"Anmeldung: Benutzer {user}, Passwort {password}\n"
                   "(Beenden mit Strg+C)")
        _serve(local, DEMO_HOST, DEMO_PORT)


DEMO_HOST = "127.0.0.1"
DEMO_PORT = 8000


def _serve(served: Runtime, host: str, port: int) -> None:
    """Run the web application until interrupted (one engine for the server's life)."""
    import uvicorn

    from passgenau.web import create_app

    served.require_current_schema()  # an outdated schema is said now, not per request
    try:
        uvicorn.run(create_app(served), host=host, port=port, log_level="warning",
                    access_log=False)  # access lines would name records in URLs
    finally:
        served.close()


@app.command("serve")
@handles_errors
def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = DEMO_HOST,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web application on the configured database."""
    served = runtime()
    typer.echo(f"passgenau: http://{host}:{port}/ (Datenbank {served.database}); "
               "beenden mit Strg+C")
    _serve(served, host, port)


user_app = typer.Typer(help="Staff accounts of the web application.")
app.add_typer(user_app, name="user")


@user_app.command("add")
@handles_errors
def user_add(
    username: Annotated[str, typer.Argument(help="The user name to sign in with.")],
    role: Annotated[str, typer.Option(help="officer, acquisition, management, partner or "
                                      "admin.")],
    tenant: Annotated[str | None, typer.Option("--tenant", help="The Jobcenter (tenant); "
                                               "default the configured one.")] = None,
) -> None:
    """Add a user; the password is read from standard input (or asked for)."""
    from passgenau.domain.accounts import parse_role
    from passgenau.services.users import add_user

    parsed = parse_role(role)
    if sys.stdin.isatty():
        password = typer.prompt("Passwort", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    user = add_user(runtime().accounts(), username, password, parsed,
                    tenant or _state.tenant or runtime().settings.tenant)
    typer.echo(f"Benutzer {user.username} angelegt ({user.role.german}, {user.tenant}).")


@user_app.command("token")
@handles_errors
def user_token(
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    days: Annotated[int, typer.Option(help="Valid for this many days (1..365).")] = 90,
) -> None:
    """Make a bearer token for the JSON API (/api/v1); it is printed once, only its hash
    is stored. It acts as the user, with the user's role, on the user's Jobcenter."""
    from passgenau.services.tokens import issue_token

    issued = issue_token(runtime().accounts(), username, days)
    typer.echo(issued.token)
    typer.echo(f"API-Token für {issued.user.username} ({issued.user.role.german}, "
               f"{issued.user.tenant}), gültig bis {issued.expires_at:%d.%m.%Y %H:%M} UTC. "
               "Es wird nur jetzt angezeigt.", err=True)


@user_app.command("revoke-tokens")
@handles_errors
def user_revoke_tokens(
    username: Annotated[str, typer.Argument(help="The user whose tokens end now.")],
) -> None:
    """Revoke every API token of a user (e.g. one was leaked, or the user left)."""
    from passgenau.services.tokens import revoke_tokens

    count = revoke_tokens(runtime().accounts(), username)
    typer.echo(f"{count} API-Token von {username} widerrufen.")


# -- issue 10 (workflow): proposals, consents, the audit trail --------------------------

proposals_app = typer.Typer(help="Proposals (Vermittlungsvorschläge) through the workflow.")
app.add_typer(proposals_app, name="proposals")
consent_app = typer.Typer(help="Consents (Einwilligungen) to pass a profile on.")
app.add_typer(consent_app, name="consent")

FORMAT_HELP = "json (a list of objects, for scripts) or table (German, readable)."
Format = Annotated[str, typer.Option("--format", help=FORMAT_HELP)]


def _check_format(fmt: str) -> str:
    if fmt not in ("json", "table"):
        raise InvalidInput([Problem("--format", "", f"{fmt!r} is not one of json, table")])
    return fmt


def _on(text: str | None, option: str = "--on") -> date:
    return _parse_date(text, option) if text else date.today()


@proposals_app.command("list")
@handles_errors
def proposals_list(
    vacancy: Annotated[str | None, typer.Option(help="Only this vacancy's.")] = None,
    candidate: Annotated[str | None, typer.Option(help="Only this candidate's.")] = None,
    state: Annotated[str | None, typer.Option(help="Only in this state (suggested, "
                                              "prepared, consented, proposed, interview, "
                                              "trial_work, hired, rejected, withdrawn).")]
    = None,
    fmt: Format = "table",
) -> None:
    """List proposals with their state and version (the version to name when moving)."""
    from passgenau.presentation.workflow import proposals_json, proposals_table
    from passgenau.services.workflow import list_proposals, parse_state

    _check_format(fmt)
    views = list_proposals(runtime().unit_of_work(), vacancy, candidate,
                           parse_state(state) if state else None)
    typer.echo(proposals_json(views) if fmt == "json" else proposals_table(views))


@proposals_app.command("move")
@handles_errors
def proposals_move(
    vacancy_id: Annotated[str, typer.Argument(help="The vacancy.")],
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    state: Annotated[str, typer.Argument(help="The new state: prepared, consented, "
                                         "proposed, interview, trial_work, hired, "
                                         "rejected or withdrawn.")],
    reason: Annotated[str | None, typer.Option(help="Required for rejected and withdrawn: "
                                               "language, hours, commute, qualification, "
                                               "candidate_declined, employer_declined, "
                                               "no_show, placed_elsewhere, vacancy_filled, "
                                               "other.")] = None,
    note: Annotated[str, typer.Option(help="A note (kept with the proposal; the audit log "
                                      "records only that it changed).")] = "",
    version: Annotated[int | None, typer.Option(help="The version you read (proposals "
                                                "list); refused if someone else changed "
                                                "the proposal since.")] = None,
    fmt: Format = "table",
) -> None:
    """Move a proposal one step on; a joint household proposal moves together where the
    step concerns the employer (proposed, interview, trial_work, hired, rejected with
    employer_declined). A hire withdraws the candidate's other proposals and, when the
    vacancy is full, the vacancy's other proposals. Moving to proposed needs a consent."""
    from passgenau.presentation.workflow import move_json, move_text
    from passgenau.services.workflow import move_proposal, parse_reason, parse_state

    _check_format(fmt)
    outcome = move_proposal(
        runtime().unit_of_work(), vacancy_id, candidate_id, parse_state(state),
        on=date.today(), reason=parse_reason(reason) if reason else None, note=note,
        read_version=version,
    )
    typer.echo(move_json(outcome) if fmt == "json" else move_text(outcome))


@consent_app.command("add")
@handles_errors
def consent_add(
    candidate_id: Annotated[str, typer.Argument(help="The candidate who consented.")],
    scope: Annotated[str, typer.Option(help="What the consent covers, in words, e.g. "
                                       "'Profil an Arbeitgeber X'.")],
    vacancy: Annotated[str | None, typer.Option(help="Limit it to this vacancy.")] = None,
    employer: Annotated[str | None, typer.Option(help="Limit it to this employer's "
                                                 "vacancies.")] = None,
    on: Annotated[str | None, typer.Option(help="Date given (YYYY-MM-DD); default "
                                           "today.")] = None,
    purpose: Annotated[str, typer.Option(help="profile (send the profile to employers) or "
                                         "success_story (publish a success story; written "
                                         "consent).")] = "profile",
    fmt: Format = "table",
) -> None:
    """Record a candidate's consent to send their profile to an employer. Without
    --vacancy or --employer it is a general consent covering every vacancy. With
    --purpose success_story: the written consent to a published success story."""
    from passgenau.presentation.workflow import consent_added_text, consents_json
    from passgenau.services.consent import add_consent, parse_purpose

    _check_format(fmt)
    view = add_consent(runtime().unit_of_work(), candidate_id, scope, _on(on), vacancy,
                       employer, parse_purpose(purpose))
    typer.echo(consents_json([view]) if fmt == "json" else consent_added_text(view))


@consent_app.command("withdraw")
@handles_errors
def consent_withdraw(
    candidate_id: Annotated[str, typer.Argument(help="The candidate who withdrew.")],
    vacancy: Annotated[str | None, typer.Option(help="Only the consents limited to this "
                                                "vacancy.")] = None,
    employer: Annotated[str | None, typer.Option(help="Only the consents limited to this "
                                                 "employer.")] = None,
    on: Annotated[str | None, typer.Option(help="Effective date (YYYY-MM-DD); default "
                                           "today.")] = None,
    fmt: Format = "table",
) -> None:
    """Withdraw a candidate's consents from a date on: all not yet withdrawn, or with
    --vacancy / --employer only those limited to it. Exit 2 if there is none to withdraw.
    The records are kept (they prove what was allowed when)."""
    from passgenau.presentation.workflow import consents_json, consents_withdrawn_text
    from passgenau.services.consent import withdraw_consent

    _check_format(fmt)
    views = withdraw_consent(runtime().unit_of_work(), candidate_id, _on(on), vacancy,
                             employer)
    typer.echo(consents_json(views) if fmt == "json" else consents_withdrawn_text(views))


@consent_app.command("list")
@handles_errors
def consent_list(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    fmt: Format = "table",
) -> None:
    """List a candidate's consents, withdrawn ones included."""
    from passgenau.presentation.workflow import consents_json, consents_table
    from passgenau.services.consent import list_consents

    _check_format(fmt)
    views = list_consents(runtime().unit_of_work(), candidate_id)
    typer.echo(consents_json(views) if fmt == "json" else consents_table(views))


@app.command("audit")
@handles_errors
def audit(
    record: Annotated[str, typer.Argument(help="ENTITY:ID, e.g. candidate:C1, vacancy:V1, "
                                          "proposal:V1/C1 (vacancy/candidate), consent:C1.")],
    fmt: Format = "table",
) -> None:
    """A record's audit trail: who changed which field when; old and new values for
    non-personal fields, only that it changed for personal ones."""
    from passgenau.presentation.workflow import trail_json, trail_table
    from passgenau.services.audit import record_trail

    _check_format(fmt)
    lines = record_trail(runtime().unit_of_work(), record)
    typer.echo(trail_json(lines) if fmt == "json" else trail_table(lines))
# == issue 10 (casework): candidates' case files, follow-ups, partners, privacy ==========
# (kept in one block; the workflow's block defines its own --format helpers alike)

candidates_app = typer.Typer(help="Candidates' case files: level, team, courses, privacy.")
app.add_typer(candidates_app, name="candidates")
followups_app = typer.Typer(help="Follow-ups (Wiedervorlagen): next contacts, due lists.")
app.add_typer(followups_app, name="followups")
courses_app = typer.Typer(help="Integration courses and job language courses (JOB-BSK).")
app.add_typer(courses_app, name="courses")
recognition_app = typer.Typer(help="Recognition procedures (Anerkennungsverfahren).")
app.add_typer(recognition_app, name="recognition")
employers_app = typer.Typer(help="Employers: the acquisition staff's contact history.")
app.add_typer(employers_app, name="employers")
employer_contact_app = typer.Typer(help="Contacts with employers (visits, calls, events).")
employers_app.add_typer(employer_contact_app, name="contact")
partners_app = typer.Typer(help="Partners (course providers, coaching, volunteers) and "
                           "referrals to them.")
app.add_typer(partners_app, name="partners")
retention_app = typer.Typer(help="Erasure after the retention period (retention_months).")
app.add_typer(retention_app, name="retention")

OnOption = Annotated[str | None, typer.Option("--on", help="Date (YYYY-MM-DD); default "
                                              "today.")]

E = TypeVar("E")


def _maybe_date(text: str | None, option: str) -> date | None:
    return _parse_date(text, option) if text else None


def _choice(kind: Callable[[str], E], text: str, option: str) -> E:
    """``text`` as a value of ``kind`` (an enum or a parser); bad input names the option."""
    try:
        return kind(text)
    except ValueError as exc:
        members = getattr(kind, "__members__", None)
        message = (f"{text!r} is not one of {', '.join(m.value for m in members.values())}"
                   if members else str(exc))
        raise InvalidInput([Problem(option, "", message)]) from None


def _level(text: str, option: str = "LEVEL") -> Any:
    from passgenau.domain.levels import GermanLevel

    try:
        return GermanLevel.parse(text)
    except ValueError as exc:
        raise InvalidInput([Problem(option, "", str(exc))]) from None


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
    typer.echo(overview_json(view) if fmt == "json" else overview_text(view))


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
    typer.echo(certification_json(result) if fmt == "json" else certification_text(result))


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
    typer.echo(review_json(entries) if fmt == "json" else review_table(entries))


@candidates_app.command("reroute")
@handles_errors
def candidates_reroute(on: OnOption = None, fmt: Format = "table") -> None:
    """Record every active candidate's team by the routing rules (changes due included)."""
    from passgenau.presentation.casework import team_changes_json, team_changes_text
    from passgenau.services.casework import reroute

    fmt = _check_format(fmt)
    rt = runtime()
    changes = reroute(rt.unit_of_work(), rt.settings.routing, _on(on))
    typer.echo(team_changes_json(changes) if fmt == "json" else team_changes_text(changes))


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
    typer.echo(retention_json(run) if fmt == "json" else retention_text(run))


@followups_app.command("due")
@handles_errors
def followups_due(
    on: OnOption = None,
    team: Annotated[str | None, typer.Option(help="Only this team: iba, regel, projekt, "
                                             "u25.")] = None,
    officer: Annotated[str | None, typer.Option(help="Only this officer's.")] = None,
    fmt: Format = "table",
) -> None:
    """Follow-ups due on the day or overdue, by officer and team."""
    from passgenau.domain.routing import Team
    from passgenau.presentation.casework import due_json, due_table
    from passgenau.services.followups import due_follow_ups

    fmt = _check_format(fmt)
    rt = runtime()
    entries = due_follow_ups(rt.unit_of_work(), rt.settings.routing, _on(on),
                             team=_choice(Team, team.lower(), "--team") if team else None,
                             officer=officer)
    typer.echo(due_json(entries) if fmt == "json" else due_table(entries))


@followups_app.command("add")
@handles_errors
def followups_add(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    due: Annotated[str, typer.Option(help="When (YYYY-MM-DD).")],
    note: Annotated[str, typer.Option(help="What about.")] = "",
    vacancy: Annotated[str | None, typer.Option(help="About this vacancy.")] = None,
) -> None:
    """Schedule a follow-up for a candidate."""
    from passgenau.services.followups import schedule

    number = schedule(runtime().unit_of_work(), candidate_id, _parse_date(due, "--due"), note,
                      vacancy)
    typer.echo(f"Wiedervorlage Nr. {number} angelegt.")


@followups_app.command("contact")
@handles_errors
def followups_contact(
    candidate_id: Annotated[str, typer.Argument(help="The candidate seen.")],
    on: OnOption = None,
) -> None:
    """Record a contact: open follow-ups are done, the next is followup_weeks later."""
    from passgenau.services.followups import record_contact

    rt = runtime()
    nxt = record_contact(rt.unit_of_work(), rt.settings.followups, candidate_id, _on(on))
    typer.echo(f"{candidate_id}: nächste Wiedervorlage am {nxt:%d.%m.%Y}.")


@followups_app.command("plan")
@handles_errors
def followups_plan(on: OnOption = None) -> None:
    """Give every active candidate without a next contact one (followup_weeks later)."""
    from passgenau.services.followups import plan

    rt = runtime()
    given = plan(rt.unit_of_work(), rt.settings.followups, _on(on))
    typer.echo(f"{len(given)} Wiedervorlagen angelegt.")


@courses_app.command("add")
@handles_errors
def courses_add(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    kind: Annotated[str, typer.Option(help="integration or job_bsk.")],
    provider: Annotated[str, typer.Option(help="The course provider.")] = "",
    module: Annotated[str, typer.Option(help="JOB-BSK module, e.g. B2.")] = "",
    start: Annotated[str | None, typer.Option(help="Start (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Expected end (YYYY-MM-DD).")] = None,
    status: Annotated[str, typer.Option(help="planned or running.")] = "planned",
) -> None:
    """Record an integration course or a JOB-BSK module."""
    from passgenau.domain.casework import Course, CourseKind, CourseStatus
    from passgenau.services.casework import add_course

    try:
        course = Course(candidate_id, _choice(CourseKind, kind, "--kind"), provider, module,
                        _maybe_date(start, "--start"), _maybe_date(end, "--end"),
                        _choice(CourseStatus, status, "--status"))
    except ValueError as exc:
        raise InvalidInput([Problem(f'course of "{candidate_id}"', "", str(exc))]) from None
    number = add_course(runtime().unit_of_work(), course)
    typer.echo(f"Kurs Nr. {number} erfasst.")


@courses_app.command("finish")
@handles_errors
def courses_finish(
    number: Annotated[int, typer.Argument(help="The course's number.")],
    status: Annotated[str, typer.Option(help="completed or aborted.")] = "completed",
    result: Annotated[str | None, typer.Option(help="The certified level of the DTZ or "
                                               "the final test, e.g. B1.")] = None,
    on: OnOption = None,
) -> None:
    """End a course; a result counts as a certificate, the next contact comes sooner."""
    from passgenau.domain.casework import CourseStatus
    from passgenau.services.casework import finish_course

    rt = runtime()
    _, certification = finish_course(
        rt.unit_of_work(), rt.settings.routing, rt.settings.followups, number,
        _choice(CourseStatus, status, "--status"), _on(on),
        _level(result, "--result") if result else None)
    team = f"; Team: {certification.team.german}" if certification else ""
    typer.echo(f"Kurs Nr. {number} beendet{team}.")


@recognition_app.command("add")
@handles_errors
def recognition_add(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    kldb: Annotated[str, typer.Argument(help="The occupation's KldB 2010 code (5 digits).")],
    authority: Annotated[str, typer.Option(help="The competent body.")] = "",
    on: OnOption = None,
) -> None:
    """Record a recognition procedure for a foreign qualification."""
    from passgenau.domain.casework import RecognitionProcedure
    from passgenau.domain.kldb import KldbCode
    from passgenau.services.casework import add_recognition

    code = _choice(KldbCode, kldb, "KLDB")
    number = add_recognition(runtime().unit_of_work(),
                             RecognitionProcedure(candidate_id, code, authority,
                                                  applied_on=_on(on)))
    typer.echo(f"Anerkennungsverfahren Nr. {number} erfasst.")


@recognition_app.command("decide")
@handles_errors
def recognition_decide(
    number: Annotated[int, typer.Argument(help="The procedure's number.")],
    status: Annotated[str, typer.Argument(help="granted, partial, refused, withdrawn, "
                                          "in_progress.")],
    on: OnOption = None,
) -> None:
    """Record the decision; a granted one updates the candidate's occupation."""
    from passgenau.domain.casework import RecognitionStatus
    from passgenau.services.casework import decide_recognition

    decide_recognition(runtime().unit_of_work(), number,
                       _choice(RecognitionStatus, status, "STATUS"), _on(on))
    typer.echo(f"Anerkennungsverfahren Nr. {number}: Entscheidung erfasst.")


@employer_contact_app.command("add")
@handles_errors
def employers_contact_add(
    employer_id: Annotated[str, typer.Argument(help="The employer.")],
    kind: Annotated[str, typer.Option(help="visit, call, event, email or letter.")],
    on: OnOption = None,
    staff: Annotated[str, typer.Option(help="Who of the acquisition staff.")] = "",
    summary: Annotated[str, typer.Option(help="What was discussed.")] = "",
    needs: Annotated[str, typer.Option(help="Staffing needs noted.")] = "",
    funding: Annotated[list[str] | None, typer.Option(help="A funding programme made "
                                                      "known, e.g. eingliederungszuschuss "
                                                      "(repeatable).")] = None,
    next_step: Annotated[str, typer.Option(help="The next step.")] = "",
    next_on: Annotated[str | None, typer.Option(help="By when (YYYY-MM-DD).")] = None,
) -> None:
    """Record a contact with an employer."""
    from passgenau.domain.partners import EmployerContact, EmployerContactKind, FundingProgramme
    from passgenau.services.partners import add_employer_contact

    contact = EmployerContact(
        employer_id, _on(on), _choice(EmployerContactKind, kind, "--kind"), staff, summary,
        needs, tuple(_choice(FundingProgramme, f, "--funding") for f in funding or ()),
        next_step, _maybe_date(next_on, "--next-on"))
    number = add_employer_contact(runtime().unit_of_work(), contact)
    typer.echo(f"Kontakt Nr. {number} erfasst.")


@employer_contact_app.command("list")
@handles_errors
def employers_contact_list(
    employer_id: Annotated[str | None, typer.Argument(help="Only this employer's.")] = None,
    fmt: Format = "table",
) -> None:
    """The contact history, oldest first."""
    from passgenau.presentation.casework import employer_contacts_json, employer_contacts_table
    from passgenau.services.partners import employer_contacts

    fmt = _check_format(fmt)
    records = employer_contacts(runtime().unit_of_work(), employer_id)
    typer.echo(employer_contacts_json(records) if fmt == "json"
               else employer_contacts_table(records))


@partners_app.command("add")
@handles_errors
def partners_add(
    partner_id: Annotated[str, typer.Argument(help="A short id, e.g. P-VHS.")],
    kind: Annotated[str, typer.Option(help="course_provider, integration_manager, "
                                      "coaching_provider or volunteer_group.")],
    name: Annotated[str, typer.Option(help="The organisation's name.")],
    municipality: Annotated[str, typer.Option(help="Where it is.")] = "",
    contact: Annotated[list[str] | None, typer.Option(help="A contact person as "
                                                      "'name;role;email;phone' "
                                                      "(repeatable).")] = None,
) -> None:
    """Add or update a partner organisation with its contact persons."""
    from passgenau.domain.partners import Partner, PartnerContact, PartnerKind
    from passgenau.services.partners import save_partner

    contacts = tuple(PartnerContact(*[*c.split(";"), "", "", ""][:4]) for c in contact or ())
    created = save_partner(runtime().unit_of_work(), Partner(
        partner_id, _choice(PartnerKind, kind, "--kind"), name, municipality, contacts))
    typer.echo(f"Partner {partner_id} {'angelegt' if created else 'aktualisiert'}.")


@partners_app.command("list")
@handles_errors
def partners_list(fmt: Format = "table") -> None:
    """The partner organisations."""
    from passgenau.presentation.casework import partners_json, partners_table
    from passgenau.services.partners import list_partners

    fmt = _check_format(fmt)
    found = list_partners(runtime().unit_of_work())
    typer.echo(partners_json(found) if fmt == "json" else partners_table(found))


@partners_app.command("refer")
@handles_errors
def partners_refer(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    partner_id: Annotated[str, typer.Argument(help="The partner.")],
    purpose: Annotated[str, typer.Option(help="What for.")] = "",
    on: OnOption = None,
) -> None:
    """Refer a candidate to a partner."""
    from passgenau.domain.partners import Referral
    from passgenau.services.partners import refer

    number = refer(runtime().unit_of_work(), Referral(candidate_id, partner_id, _on(on),
                                                      purpose))
    typer.echo(f"Zuweisung Nr. {number} erfasst.")


@partners_app.command("answer")
@handles_errors
def partners_answer(
    number: Annotated[int, typer.Argument(help="The referral's number.")],
    status: Annotated[str, typer.Argument(help="accepted, declined or completed.")],
    answer: Annotated[str, typer.Option(help="The partner's answer.")] = "",
    on: OnOption = None,
) -> None:
    """Record a partner's answer to a referral."""
    from passgenau.domain.partners import ReferralStatus
    from passgenau.services.partners import answer_referral

    answer_referral(runtime().unit_of_work(), number,
                    _choice(ReferralStatus, status, "STATUS"), _on(on), answer)
    typer.echo(f"Zuweisung Nr. {number}: Antwort erfasst.")


@partners_app.command("referrals")
@handles_errors
def partners_referrals(
    candidate: Annotated[str | None, typer.Option(help="Only this candidate's.")] = None,
    partner: Annotated[str | None, typer.Option(help="Only to this partner.")] = None,
    fmt: Format = "table",
) -> None:
    """Referrals to partners and their answers."""
    from passgenau.presentation.casework import referrals_json, referrals_table
    from passgenau.services.partners import referrals

    fmt = _check_format(fmt)
    found = referrals(runtime().unit_of_work(), candidate, partner)
    typer.echo(referrals_json(found) if fmt == "json" else referrals_table(found))

# == issue 13 (reports): Job-Turbo figures, funnels, fairness, decision log, stories =====

decisions_app = typer.Typer(help="The decision log of matching runs (oversight).")
app.add_typer(decisions_app, name="decisions")
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


@app.command("report")
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


@app.command("statistics-export")
@handles_errors
def statistics_export_command(
    out: Annotated[Path | None, typer.Option("--out", help="Write the CSV here.")] = None,
    on: OnOption = None,
) -> None:
    """Pseudonymised statistics (CSV, ';'): one row per proposal with its steps' days;
    no names, no contact, the birth year as an age band, a pseudonym instead of the id
    (a keyed hash: random per export unless PASSGENAU_STATISTICS_KEY is set)."""
    _statistics(out, _on(on))


@app.command("fairness")
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
    typer.echo(fairness_json(result) if fmt == "json" else fairness_table(result), nl=False)
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


@app.command("system-description")
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


@app.command("story")
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


@followups_app.command("employment")
@handles_errors
def followups_employment(
    candidate_id: Annotated[str, typer.Argument(help="The candidate who was hired.")],
    vacancy_id: Annotated[str, typer.Argument(help="The vacancy of the hire.")],
    employed: Annotated[bool, typer.Option("--employed/--left", help="Still works there, "
                                           "or has left.")] = True,
    on: OnOption = None,
) -> None:
    """At a follow-up after a hire: record whether the candidate still works there (the
    report's 'still employed after 6 months' counts these)."""
    from passgenau.services.reports import record_employment

    number = record_employment(runtime().unit_of_work(), candidate_id, vacancy_id, _on(on),
                               employed)
    state = "weiterhin beschäftigt" if employed else "nicht mehr beschäftigt"
    typer.echo(f"Wiedervorlage Nr. {number}: {candidate_id} bei Stelle {vacancy_id} {state}.")


shortlist_app = typer.Typer(help="Shortlists: the employer's link to a vacancy's proposals.")
app.add_typer(shortlist_app, name="shortlist")


@shortlist_app.command("link")
@handles_errors
def shortlist_link(
    vacancy_id: Annotated[str, typer.Argument(metavar="VACANCY_ID")],
    days: Annotated[int, typer.Option(min=1, max=365, help="Days the link is good for.")]
    = 14,
    base: Annotated[str, typer.Option(help="The web application's address, put in front "
                                      "of the path (e.g. https://passgenau.example).")]
    = "",
) -> None:
    """A signed link for the vacancy's employer (no account): /arbeitgeber/<token>."""
    from datetime import UTC, datetime

    from passgenau.services.employer_links import link_secret, make_link

    served = runtime()
    link = make_link(served.unit_of_work(), link_secret(served.settings), vacancy_id,
                     datetime.now(UTC), days)
    typer.echo(base.rstrip("/") + link.path)
    typer.echo(f"gültig bis {link.expires:%d.%m.%Y %H:%M} Uhr (UTC), Link-Nr. {link.link_id}",
               err=True)


# == issue 12 (events): job fairs, speed-datings, information sessions; invitations ======

event_app = typer.Typer(help="Events (Jobmesse, Speed-Dating, Gruppeninformation): create, "
                        "invite by rules, register, check in, leads, invitation letters.")
app.add_typer(event_app, name="event")


def _clock(text: str, option: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise InvalidInput([Problem(option, "", f"{text!r} is not a time HH:MM")]) from None


def _coordinates(text: str, option: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError:
        raise InvalidInput([Problem(option, "", f"{text!r} is not LAT,LON "
                                    "(e.g. 48.8050,9.5270)")]) from None
    return lat, lon


def _ids(values: list[str] | None) -> tuple[str, ...]:
    """Repeated options and comma-separated lists alike: --employer E1 --employer E2,E3."""
    return tuple(part.strip() for value in values or () for part in value.split(",")
                 if part.strip())


@event_app.command("create")
@handles_errors
def event_create(
    event_id: Annotated[str, typer.Argument(help="A short id, e.g. JM-2027-03.")],
    title: Annotated[str, typer.Option(help="The title on the invitation.")],
    kind: Annotated[str, typer.Option(help="job_fair, speed_dating or info_session.")],
    day: Annotated[str, typer.Option("--date", help="The day (YYYY-MM-DD).")],
    start: Annotated[str, typer.Option("--from", help="Start (HH:MM).")],
    end: Annotated[str, typer.Option("--to", help="End (HH:MM).")],
    place: Annotated[str, typer.Option(help="Coordinates LAT,LON of the venue (the trip "
                                       "in the letters is planned to it).")],
    municipality: Annotated[str, typer.Option(help="The municipality.")] = "",
    postcode: Annotated[str, typer.Option(help="The postcode.")] = "",
    venue: Annotated[str, typer.Option(help="Building and street, e.g. 'Bürgerhaus, "
                                       "Marktplatz 1'.")] = "",
    employer: Annotated[list[str] | None, typer.Option(help="An employer taking part "
                                                       "(repeatable, or E1,E2).")] = None,
    capacity: Annotated[int | None, typer.Option(help="Places for candidates; default "
                                                 "no limit.")] = None,
    bring: Annotated[str | None, typer.Option(help="What to bring, comma-separated: "
                                              "id_document, cv, certificates, "
                                              "language_certificate, invitation (default "
                                              "all but language_certificate).")] = None,
    fmt: Format = "table",
) -> None:
    """Create an event with its place, employers and capacity."""
    from passgenau.domain.events import DEFAULT_BRING, BringItem, Event, EventKind
    from passgenau.domain.model import Location
    from passgenau.presentation.events import event_created_text, event_json
    from passgenau.services.events import create_event, show_event

    fmt = _check_format(fmt)
    lat, lon = _coordinates(place, "--place")
    items = (tuple(_choice(BringItem, b, "--bring") for b in _ids([bring]))
             if bring else DEFAULT_BRING)
    event = create_event(runtime().unit_of_work(), Event(
        id=event_id, title=title, kind=_choice(EventKind, kind, "--kind"),
        day=_parse_date(day, "--date"), start=_clock(start, "--from"),
        end=_clock(end, "--to"), place=Location(lat, lon, postcode, municipality),
        venue=venue, employer_ids=_ids(employer), capacity=capacity, bring=items))
    typer.echo(event_json(show_event(runtime().unit_of_work(), event.id)) if fmt == "json"
               else event_created_text(event))


@event_app.command("list")
@handles_errors
def event_list(fmt: Format = "table") -> None:
    """The events with how many were invited, registered, came, and the leads."""
    from passgenau.presentation.events import events_json, events_table
    from passgenau.services.events import list_events

    fmt = _check_format(fmt)
    found = list_events(runtime().unit_of_work())
    typer.echo(events_json(found) if fmt == "json" else events_table(found))


@event_app.command("show")
@handles_errors
def event_show(
    event_id: Annotated[str, typer.Argument(help="The event.")],
    fmt: Format = "table",
) -> None:
    """One event: place, employers, the invitation list and the leads."""
    from passgenau.presentation.events import event_json, event_text
    from passgenau.services.events import show_event

    fmt = _check_format(fmt)
    detail = show_event(runtime().unit_of_work(), event_id)
    typer.echo(event_json(detail) if fmt == "json" else event_text(detail))


@event_app.command("invite")
@handles_errors
def event_invite(
    event_id: Annotated[str, typer.Argument(help="The event.")],
    rule: Annotated[list[str], typer.Option(help="A rule every invited candidate meets "
                                            "(repeatable): course-ends-within=WEEKS "
                                            "(integration course), team=iba|regel|projekt|"
                                            "u25, municipality=NAME, level>=A0..C2, "
                                            "language=CODE.")],
    on: OnOption = None,
    fmt: Format = "table",
) -> None:
    """Put every active candidate who meets all rules on the event's list."""
    from passgenau.domain.events import InviteRule
    from passgenau.presentation.events import invite_json, invite_text
    from passgenau.services.events import invite

    fmt = _check_format(fmt)
    rules = [InviteRule.parse(r) for r in rule]
    rt = runtime()
    outcome = invite(rt.unit_of_work(), rt.settings.routing, event_id, rules, _on(on))
    typer.echo(invite_json(outcome) if fmt == "json" else invite_text(outcome))


@event_app.command("register")
@handles_errors
def event_register(
    event_id: Annotated[str, typer.Argument(help="The event.")],
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    on: OnOption = None,
    fmt: Format = "table",
) -> None:
    """Register a candidate (Anmeldung) while places are left; exit 2 when full."""
    from passgenau.presentation.events import line_json, line_text
    from passgenau.services.events import register

    fmt = _check_format(fmt)
    line = register(runtime().unit_of_work(), event_id, candidate_id, _on(on))
    typer.echo(line_json(line) if fmt == "json" else line_text(event_id, line))


@event_app.command("check-in")
@handles_errors
def event_check_in(
    event_id: Annotated[str, typer.Argument(help="The event.")],
    candidate_id: Annotated[str, typer.Argument(help="The candidate who came.")],
    fmt: Format = "table",
) -> None:
    """Record that a candidate came (walk-ins too)."""
    from datetime import UTC, datetime

    from passgenau.presentation.events import line_json, line_text
    from passgenau.services.events import check_in

    fmt = _check_format(fmt)
    line = check_in(runtime().unit_of_work(), event_id, candidate_id, datetime.now(UTC))
    typer.echo(line_json(line) if fmt == "json" else line_text(event_id, line))


@event_app.command("lead")
@handles_errors
def event_lead(
    event_id: Annotated[str, typer.Argument(help="The event.")],
    candidate_id: Annotated[str, typer.Argument(help="The candidate (checked in).")],
    employer_id: Annotated[str, typer.Argument(help="The employer (taking part).")],
    outcome: Annotated[str, typer.Argument(help="interview, trial_work, hired or "
                                           "no_interest.")],
    vacancy: Annotated[str | None, typer.Option(help="The employer's vacancy: makes or "
                                                "moves the proposal (format: the "
                                                "event's).")] = None,
    note: Annotated[str, typer.Option(help="A note (the audit log records only that "
                                      "there is one).")] = "",
    on: OnOption = None,
    fmt: Format = "table",
) -> None:
    """Record a lead of the event: what came of a candidate meeting an employer."""
    from passgenau.domain.events import Lead, LeadOutcome
    from passgenau.presentation.events import lead_json, lead_text
    from passgenau.services.events import record_lead

    fmt = _check_format(fmt)
    result = record_lead(runtime().unit_of_work(), Lead(
        event_id, candidate_id, employer_id, _choice(LeadOutcome, outcome, "OUTCOME"),
        _on(on), vacancy, note))
    typer.echo(lead_json(result) if fmt == "json" else lead_text(result))


def _letters_travel(travel: str | None, day: date):  # type: ignore[no-untyped-def]
    from passgenau.services.matching import travel_model

    return travel_model(travel or runtime().settings.travel, day)


@event_app.command("invitations")
@handles_errors
def event_invitations(
    event_id: Annotated[str, typer.Argument(help="The event.")],
    out: Annotated[Path, typer.Option(help="Folder for the PDFs and the .ics.")] = Path("."),
    send: Annotated[bool, typer.Option("--send", help="Also e-mail each letter with the "
                                       "calendar file (PASSGENAU_SMTP_HOST, _PORT, "
                                       "_SENDER).")] = False,
    travel: Annotated[str | None, typer.Option(help=TRAVEL_HELP)] = None,
) -> None:
    """Write one invitation PDF per invited or registered candidate (German and their
    language, the bus there and back) and the event's .ics; optionally send them."""
    from passgenau.presentation.events import letters_text
    from passgenau.services.events import show_event
    from passgenau.services.letters import event_letters
    from passgenau.services.mail import SmtpSettings, smtp_mailer

    rt = runtime()
    day = show_event(rt.unit_of_work(), event_id).event.day
    model = _letters_travel(travel, day)
    if send:
        with smtp_mailer(SmtpSettings.of(rt.settings)) as mailer:
            result = event_letters(rt.unit_of_work(), event_id, model, mailer=mailer)
    else:
        result = event_letters(rt.unit_of_work(), event_id, model)
    out.mkdir(parents=True, exist_ok=True)
    for letter in result.letters:
        (out / f"{letter.candidate_id}.pdf").write_bytes(letter.pdf)
    (out / result.ics_name).write_bytes(result.ics)
    typer.echo(letters_text(result, out, send))


@app.command("invitation")
@handles_errors
def invitation(
    candidate_id: Annotated[str, typer.Argument(help="The candidate.")],
    event: Annotated[str, typer.Option(help="The event.")],
    out: Annotated[Path, typer.Option(help="The PDF to write.")],
    lang: Annotated[str | None, typer.Option(help="The second language besides German: "
                                             "uk, ru, ar, fa (prs), tr, en, or de for "
                                             "German only; default the candidate's "
                                             "first.")] = None,
    travel: Annotated[str | None, typer.Option(help=TRAVEL_HELP)] = None,
) -> None:
    """One candidate's invitation to a stored event as a PDF."""
    from passgenau.services.events import show_event
    from passgenau.services.letters import invitation_letter, parse_language

    language = parse_language(lang) if lang else None
    rt = runtime()
    day = show_event(rt.unit_of_work(), event).event.day
    letter = invitation_letter(rt.unit_of_work(), event, candidate_id,
                               _letters_travel(travel, day), language)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(letter.pdf)
    typer.echo(f"Einladung ({letter.language}) nach {out} geschrieben.", err=True)


def main() -> None:
    app()
