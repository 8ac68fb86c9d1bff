"""The schema: Alembic migrations, the ORM metadata, engines."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, insert, inspect, select
from sqlalchemy.exc import IntegrityError

from passgenau.store.database import (
    SCHEMA_HEAD,
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    stored_revision,
    upgrade,
)
from passgenau.store.tables import Base, TenantRow, VacancyRow


def test_upgrade_from_empty_database_to_head(database_url: str) -> None:
    """An empty database migrates to head: every table exists and the default tenant too."""
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        with engine.connect() as conn:
            tenants = conn.execute(select(TenantRow.key, TenantRow.max_proposals_per_candidate))
            assert tenants.all() == [("default", 2)]
        upgrade(engine)  # a second run is a no-op
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_orm_metadata_matches_migrations(engine: Engine) -> None:
    """After upgrade, autogenerate finds no difference between the ORM and the database."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_and_up_again(engine: Engine) -> None:
    """The initial migration can be undone and redone (what a failed deploy needs)."""
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    """A row pointing at a missing parent is refused (on SQLite too, via the PRAGMA)."""
    row = {
        "tenant_id": 1,
        "ext_id": "V1",
        "employer_id": 999,
        "title": "x",
        "kldb": "62102",
        "hours": 20.0,
        "positions": 1,
        "shortlist_size": 4,
        "german_level_min": "A2",
        "shifts": [],
        "driving_licence_required": False,
        "recognition_required": False,
    }
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(VacancyRow), [row])


def test_make_engine_creates_the_sqlite_directory(tmp_path) -> None:
    """A SQLite file in a directory that does not exist yet works (first start)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'dir' / 'passgenau.db'}")
    try:
        upgrade(engine)
        assert (tmp_path / "new" / "dir" / "passgenau.db").exists()
    finally:
        engine.dispose()


def test_schema_changes_roll_back_with_their_transaction(engine: Engine) -> None:
    """DDL is transactional on SQLite too, so a failed migration leaves no half schema."""
    with pytest.raises(RuntimeError), engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        raise RuntimeError("migration failed")
    assert "half_done" not in inspect(engine).get_table_names()


def test_the_schema_head_constant_is_alembics_head() -> None:
    """Commands check the schema against SCHEMA_HEAD without importing Alembic: a new
    migration must move it too."""
    assert head_revision() == SCHEMA_HEAD


def test_the_cheap_revision_read_agrees_with_alembic(database_url: str) -> None:
    """``stored_revision`` says None before any migration, then what Alembic says."""
    engine = make_engine(database_url)
    try:
        assert stored_revision(engine) is None
        upgrade(engine, "0001")
        assert stored_revision(engine) == current_revision(engine) == "0001"
        upgrade(engine)
        assert stored_revision(engine) == current_revision(engine) == SCHEMA_HEAD
    finally:
        engine.dispose()
