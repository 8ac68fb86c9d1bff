"""The command-line fixtures (each test's own database) for the reports' command tests."""

from __future__ import annotations

from ..cli.conftest import run, run_unmigrated

__all__ = ["run", "run_unmigrated"]
