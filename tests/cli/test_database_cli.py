"""The database's schema from the command line: only `db upgrade`, the demo and the
first use of the embedded SQLite default migrate; every other command on a schema that
is behind stops with exit 1 and names `passgenau db upgrade`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from passgenau.store.database import current_revision, head_revision, make_engine, upgrade

from .conftest import Run

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "exchange" / "data" / "valid.json"


@pytest.fixture
def behind(database_url: str) -> str:
    """The test's database at the first schema revision: an older passgenau's."""
    engine = make_engine(database_url)
    try:
        upgrade(engine, "0001")
    finally:
        engine.dispose()
    return database_url


def revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """Every SQL statement any engine sends while the test runs."""
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    yield sent
    event.remove(Engine, "before_cursor_execute", record)


@pytest.mark.parametrize(
    "args",
    [("import", str(VALID)), ("export", "-"), ("summary",), ("db", "add-tenant", "b"),
     ("match", "--db", "--on", "2023-11-15")],
)
def test_a_command_on_an_outdated_schema_exits_1_naming_db_upgrade(
    run_unmigrated: Run, behind: str, args: tuple[str, ...]
) -> None:
    """The message says which revision the database is at and what to run; the database
    stays as it was."""
    result = run_unmigrated(*args)
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert "passgenau db upgrade" in message
    assert "revision 0001" in message and head_revision() in message
    assert "Traceback" not in result.stderr
    assert revision(behind) == "0001"


def test_db_upgrade_then_makes_the_commands_work(run_unmigrated: Run, behind: str) -> None:
    """`db status` says what to do, `db upgrade` does it, and import and export work."""
    status = run_unmigrated("db", "status")
    assert status.exit_code == 0
    assert "revision: 0001; newest: " + head_revision() in status.stdout
    assert "run 'passgenau db upgrade' to migrate" in status.stdout
    upgraded = run_unmigrated("db", "upgrade")
    assert upgraded.exit_code == 0
    assert upgraded.stdout.strip().endswith(f"at revision {head_revision()}")
    assert run_unmigrated("import", str(VALID)).exit_code == 0
    assert '"candidates"' in run_unmigrated("export", "-").stdout


def test_an_empty_database_is_not_migrated_by_other_commands(run_unmigrated: Run) -> None:
    """A new (empty) database named by URL gets its schema only from `db upgrade`."""
    result = run_unmigrated("export", "-")
    assert result.exit_code == 1
    assert "has no passgenau schema" in result.stderr
    assert "passgenau db upgrade" in result.stderr
    assert run_unmigrated("db", "upgrade").exit_code == 0
    assert run_unmigrated("export", "-").exit_code == 0


def test_a_missing_sqlite_file_is_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SQLite URL naming a file that does not exist: exit 1, and no file appears."""
    from typer.testing import CliRunner

    from passgenau.cli import app

    target = tmp_path / "elsewhere" / "jc.db"
    monkeypatch.setenv("PASSGENAU_DATABASE_URL", f"sqlite:///{target}")
    monkeypatch.setenv("PASSGENAU_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PASSGENAU_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["summary"])
    assert result.exit_code == 1
    assert "passgenau db upgrade" in result.stderr
    assert not target.parent.exists()


def test_reading_commands_send_no_ddl(run: Run, statements: list[str]) -> None:
    """`export` and `summary` only read the schema's revision: they need no DDL rights."""
    assert run("import", str(VALID)).exit_code == 0
    statements.clear()
    assert run("export", "-").exit_code == 0
    assert run("summary", "--on", "2026-11-24").exit_code == 0
    ddl = [s for s in statements if re.match(r"\s*(CREATE|ALTER|DROP)\b", s, re.IGNORECASE)]
    assert ddl == []
    writes = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b.*alembic_version", re.I | re.S)
    assert not any(writes.match(s) for s in statements)
    assert any("alembic_version" in s for s in statements)  # the revision was checked


def test_the_embedded_default_is_created_on_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No database configured: the first command creates and migrates the SQLite file in
    the data directory, and the records are there for the next one."""
    from typer.testing import CliRunner

    from passgenau.cli import app

    monkeypatch.delenv("PASSGENAU_DATABASE_URL", raising=False)
    monkeypatch.delenv("PASSGENAU_TENANT", raising=False)
    monkeypatch.setenv("PASSGENAU_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PASSGENAU_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    runner = CliRunner()
    default = tmp_path / "data" / "passgenau.db"
    assert not default.exists()
    imported = runner.invoke(app, ["import", str(VALID)])
    assert imported.exit_code == 0, imported.stderr
    assert default.exists()
    assert revision(f"sqlite:///{default}") == head_revision()
    assert '"candidates"' in runner.invoke(app, ["export", "-"]).stdout
    status = runner.invoke(app, ["db", "status"])
    assert "passgenau db upgrade" not in status.stdout
