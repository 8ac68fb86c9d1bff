"""The command line run in-process against each test's own database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from passgenau.cli import app

Run = Callable[..., Any]  # returns typer's test Result


@pytest.fixture
def run_unmigrated(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run ``passgenau ARGS`` against this test's own database, still empty (no schema,
    as a new PostgreSQL database is before ``passgenau db upgrade``)."""
    monkeypatch.setenv("PASSGENAU_DATABASE_URL", database_url)
    monkeypatch.setenv("PASSGENAU_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    monkeypatch.delenv("PASSGENAU_TENANT", raising=False)
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def run(run_unmigrated: Run) -> Run:
    """Run ``passgenau ARGS`` against this test's own database, set up with
    ``passgenau db upgrade`` first (the one step a Jobcenter's IT staff take once)."""
    upgraded = run_unmigrated("db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.stderr
    return run_unmigrated
