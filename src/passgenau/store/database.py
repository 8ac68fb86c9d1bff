"""Engines and schema migrations, without an ``alembic.ini``.

Nothing connects at import time: the runtime (:mod:`passgenau.services.runtime`) calls
:func:`make_engine` once per process with the URL from its settings. The Alembic scripts
ship inside the package (``migrations/``), and the Alembic configuration is built here in
code, so an installed passgenau migrates its database with :func:`upgrade` and no files
beside it. Migrations run on a connection handed to Alembic through
``config.attributes["connection"]``, so tests can migrate exactly the engine (and schema)
they use.

Only ``passgenau db upgrade``, the demo and the first use of the embedded SQLite default
migrate; every other command merely compares :func:`stored_revision` (one cheap read,
no DDL rights needed, Alembic not even imported) with :data:`SCHEMA_HEAD`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url

from passgenau.domain.errors import InvalidInput, Problem
from passgenau.store.tables import EXT_ID_LENGTH, TenantRow

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = "passgenau.store:migrations"

SCHEMA_HEAD = "0009"
"""The newest revision in ``migrations/versions`` (a test holds it against Alembic's head),
so that checking a database's schema needs no Alembic."""

VERSION_TABLE = "alembic_version"


def make_engine(url: str, *, serialized: bool = False) -> Engine:
    """An engine for ``url``.

    SQLite is made to behave like PostgreSQL where it matters here: foreign keys are
    enforced (off by default there), and transactions are real ones that include DDL and
    support savepoints (Python's ``sqlite3`` otherwise commits before each DDL statement,
    so a failed migration would leave half a schema). The directory of the database file
    is created if missing. ``serialized`` (a web server's many threads) starts every
    transaction with the write lock, see :func:`_sqlite_on_begin_immediate`.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin",
                 _sqlite_on_begin_immediate if serialized else _sqlite_on_begin)
    return engine


def absent_sqlite(url: str) -> bool:
    """Whether ``url`` is a SQLite database file that does not exist (yet)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database
    if not database or database == ":memory:":
        return True
    return not database.startswith("file:") and not Path(database).expanduser().exists()


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver must not manage transactions itself; ``_sqlite_on_begin`` does.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        # issue 11 (web): a writer waits up to 30 s for another instead of failing; the
        # write-ahead log lets readers go on during a commit (a command line run next to
        # the server) and makes a commit one append, not an fsync of a rollback journal.
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _sqlite_on_begin_immediate(connection: Connection) -> None:
    # issue 11 (web): IMMEDIATE takes the write lock at the start, so a page that reads
    # and then logs the view (an insert) cannot meet another writer half-way, which SQLite
    # answers with "database is locked" at once instead of waiting (the busy timeout does
    # not apply to that case). Transactions of the server then run one at a time.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """The Alembic configuration, built in code.

    With ``connection``, migrations run on it (inside its transaction); otherwise
    ``env.py`` connects to ``url``. For development, e.g. a new revision:
    ``command.revision(alembic_config(url=...), "message", autogenerate=True)``.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if url is None and connection is not None:
        url = connection.engine.url.render_as_string(hide_password=False)
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the newest by default) in one transaction
    (on PostgreSQL a failed migration leaves the schema as it was)."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a database never migrated."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def stored_revision(engine: Engine) -> str | None:
    """:func:`current_revision` by one plain read, without importing Alembic."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        return connection.scalar(text(f"SELECT version_num FROM {VERSION_TABLE}"))


def head_revision() -> str:
    """The newest revision shipped with this version of passgenau (read by Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError("no migrations found")
    return head


def ensure_tenant(engine: Engine, key: str, name: str) -> None:
    """Create the tenant (a Jobcenter) ``key`` if it does not exist yet, and commit.

    Units of work refuse unknown tenants instead of creating them, so that a typo in a
    tenant key cannot silently start an empty caseload; this is the one way to add one.
    """
    if not key or len(key) > EXT_ID_LENGTH:
        raise InvalidInput(
            [Problem(f'tenant "{key[:EXT_ID_LENGTH]}"', "key", "must be 1 to 64 characters")]
        )
    with engine.begin() as connection:
        exists = connection.scalar(select(TenantRow.id).where(TenantRow.key == key))
        if exists is None:
            connection.execute(
                TenantRow.__table__.insert().values(
                    key=key, name=name, max_proposals_per_candidate=2, grace_days=28
                )
            )
