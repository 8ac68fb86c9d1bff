"""The process's runtime: one engine, made from the settings, handing out units of work.

Entry points build one :class:`Runtime` per process (the command line per command, a
web server once) and ask it for units of work; nothing else opens engines. The engine
is made lazily, so commands that never touch the database (``validate`` of a JSON file,
``match`` of a document) never connect.

Before the first unit of work the runtime checks that the database's schema is the one
this version of passgenau expects: one cheap read, no DDL rights needed. A schema that
is behind is :class:`SchemaOutdated` (``passgenau db upgrade`` migrates). Only the
embedded SQLite default, on its very first use (nothing there yet), is migrated on the
spot, so that a single-user installation works without a setup step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from passgenau.config import Settings, display_url
from passgenau.domain.errors import PassgenauError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from passgenau.services.unit_of_work import AccountsUnitOfWork, UnitOfWork


class SchemaOutdated(PassgenauError):
    """The database's schema is older than this version of passgenau (or not there)."""

    def __init__(self, database: str, current: str | None, newest: str) -> None:
        self.database = database
        self.current = current
        self.newest = newest
        state = f"is at schema revision {current}" if current else "has no passgenau schema"
        super().__init__(
            f"database {database} {state}; this version needs {newest}: "
            "run 'passgenau db upgrade'"
        )


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Where a database's schema stands."""

    database: str  # the URL without its password
    current: str | None  # None: never migrated (or does not exist)
    newest: str

    @property
    def is_current(self) -> bool:
        return self.current == self.newest


class Runtime:
    """One engine per process, made from :class:`Settings` on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._engine: Engine | None = None
        self._schema_checked = False
        self._serialized = False  # issue 11: see serve_concurrently

    def serve_concurrently(self) -> None:
        """This process serves many requests at once (the web server): on SQLite every
        transaction then takes the write lock at its start and waits for the one before,
        rather than failing with "database is locked" when two page views both log
        themselves. An engine made before is let go, the next one is made so."""
        if not self._serialized:
            self._serialized = True
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    @property
    def database(self) -> str:
        """The database URL fit to show: the password hidden."""
        return display_url(self.settings.database_url)

    def engine(self) -> Engine:
        """The engine, made once (a SQLite file's directory is created with it)."""
        if self._engine is None:
            from passgenau.store.database import make_engine

            self._engine = make_engine(self.settings.database_url,
                                       serialized=self._serialized)
        return self._engine

    def close(self) -> None:
        """Let go of the engine's connections (the end of a command or of a server)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        self._schema_checked = False

    def unit_of_work(self, tenant: str | None = None, actor: str | None = None) -> UnitOfWork:
        """A new unit of work (not entered) on ``tenant`` (default: the settings'), acting
        as ``actor`` (default: the settings'; the web passes the signed-in user).
        :class:`SchemaOutdated` if the schema is behind."""
        from passgenau.store.unit_of_work import SqlUnitOfWork

        self.require_current_schema()
        return SqlUnitOfWork(
            self.engine(), tenant=tenant or self.settings.tenant,
            actor=actor or self.settings.actor,
        )

    def accounts(self) -> AccountsUnitOfWork:
        """A new unit of work (not entered) on the staff accounts of the web."""
        from passgenau.store.unit_of_work import SqlAccountsUnitOfWork

        self.require_current_schema()
        return SqlAccountsUnitOfWork(self.engine())

    # -- the schema --------------------------------------------------------------------
    def database_exists(self) -> bool:
        """Whether the database exists and has a schema (nothing is created to find out)."""
        from passgenau.store.database import absent_sqlite

        if absent_sqlite(self.settings.database_url):
            return False
        return self.schema_state().current is not None

    def schema_state(self) -> SchemaState:
        """The schema revision the database is at, and the newest one."""
        from passgenau.store.database import SCHEMA_HEAD, absent_sqlite, stored_revision

        if absent_sqlite(self.settings.database_url) and self._engine is None:
            current = None  # do not create the file just to look
        else:
            current = stored_revision(self.engine())
        return SchemaState(self.database, current, SCHEMA_HEAD)

    def require_current_schema(self) -> None:
        """Check the schema once per runtime; migrate the embedded default on first use."""
        if self._schema_checked:
            return
        state = self.schema_state()
        if not state.is_current:
            if state.current is None and self.settings.uses_embedded_default:
                self.upgrade()
            else:
                raise SchemaOutdated(state.database, state.current, state.newest)
        self._schema_checked = True

    def upgrade(self) -> SchemaState:
        """Create the schema or migrate it to the newest revision."""
        from passgenau.store.database import upgrade

        upgrade(self.engine())
        self._schema_checked = True
        return self.schema_state()
