"""The command line run in-process against each test's own database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from passgenau.cli import app


@pytest.fixture
def run(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run ``passgenau ARGS`` against this test's own database; returns the result."""
    monkeypatch.setenv("PASSGENAU_DATABASE_URL", database_url)
    monkeypatch.setenv("PASSGENAU_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    monkeypatch.delenv("PASSGENAU_TENANT", raising=False)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke
