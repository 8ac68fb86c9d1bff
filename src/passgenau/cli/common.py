"""What every ``passgenau`` command shares: the root :data:`app` and its ``--tenant``,
the process's :class:`Runtime`, the translation of errors into messages and exit codes,
and the parsers and printers of options that many commands have (dates, ``--format``).

Entry points only translate: a :class:`PassgenauError` becomes its messages on standard
error and exit code 2; an unreachable database, or one whose schema is behind
(:class:`SchemaOutdated`), exit code 1 with the URL's password hidden. Never a traceback
for bad input. Each command gets the process's one :class:`Runtime` from :func:`runtime`
(its engine is made on first use and let go when the command ends).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
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


FORMAT_HELP = "json (a list of objects, for scripts) or table (German, readable)."
Format = Annotated[str, typer.Option("--format", help=FORMAT_HELP)]


def _check_format(fmt: str) -> str:
    if fmt not in ("json", "table"):
        raise InvalidInput([Problem("--format", "", f"{fmt!r} is not one of json, table")])
    return fmt


def _on(text: str | None, option: str = "--on") -> date:
    return _parse_date(text, option) if text else date.today()


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


T = TypeVar("T")


def echo_as(fmt: str, value: T, as_json: Callable[[T], str], as_text: Callable[[T], str],
            *, nl: bool = True) -> None:
    """``value`` printed as ``--format`` asks: JSON for scripts, or German text for people.
    Only the chosen renderer runs (the other may be costly)."""
    typer.echo(as_json(value) if fmt == "json" else as_text(value), nl=nl)
