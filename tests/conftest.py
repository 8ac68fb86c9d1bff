"""Fixtures shared by every test folder.

``database_url`` gives each test its own empty database, on SQLite always and on
PostgreSQL when ``PASSGENAU_DATABASE_URL`` names one, e.g.

    PASSGENAU_DATABASE_URL=postgresql+psycopg://root@127.0.0.1:5432/test pytest

On PostgreSQL every test gets a fresh schema (``t_<random>``), selected through the
connection option ``search_path``, so tests are isolated without creating databases and
Alembic's version table lands in that schema too; the schema is dropped afterwards.
``engine`` is an engine on that database, migrated to the newest revision.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from passgenau.store.database import make_engine, upgrade

DATABASE_URL_ENV = "PASSGENAU_DATABASE_URL"

# In CI, property tests draw the same examples every run, so a landing never depends on
# luck; locally they explore new examples each run (hypothesis' default).
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashes() -> Iterator[None]:
    """argon2 at passgenau's cost takes about half a second per hash on the 2-core machine,
    and the web tests make and sign in many accounts. Accounts made in tests are hashed at
    argon2's lowest cost; checking reads the cost from the hash itself, so the code under
    test is the same."""
    from argon2 import PasswordHasher

    from passgenau.services import users

    saved = users._HASHER
    users._HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    users._HASHER = saved


def _postgres_base_url() -> str | None:
    url = os.environ.get(DATABASE_URL_ENV, "")
    if not url:
        return None
    return url if make_url(url).get_backend_name() == "postgresql" else None


@pytest.fixture(scope="session")
def _postgres_admin() -> Iterator[Engine]:
    """One engine per test session to create and drop the per-test schemas."""
    url = _postgres_base_url()
    if url is None:
        pytest.skip(f"{DATABASE_URL_ENV} is not set to a PostgreSQL URL")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    yield admin
    admin.dispose()


def _schema_url(base: str, schema: str) -> str:
    """``base`` with every session put into ``schema``; commits do not wait for the disk
    (``synchronous_commit=off``: a crash could lose the last commits of a throwaway test
    schema, nothing else)."""
    url = make_url(base)
    options = f"-csearch_path={schema} -csynchronous_commit=off"
    url = url.update_query_dict({"options": options})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of its own for this test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'passgenau.db'}"
        return
    admin: Engine = request.getfixturevalue("_postgres_admin")
    schema = f"t_{secrets.token_hex(6)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _schema_url(str(admin.url.render_as_string(hide_password=False)), schema)
    finally:
        with admin.connect() as conn:
            # Engines of the test should be disposed by now; do not hang if one is not.
            conn.execute(text("SET lock_timeout = '10s'"))
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the test's own database, migrated to head."""
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()
