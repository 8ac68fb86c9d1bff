"""The command-line fixtures of ``tests/cli`` for the workflow's command tests."""

from __future__ import annotations

from ..cli.conftest import run, run_unmigrated

__all__ = ["run", "run_unmigrated"]
