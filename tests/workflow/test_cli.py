"""The workflow's commands, as scripts call them (``--format json``), on each database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from passgenau.domain.placement import Proposal
from passgenau.exchange import dump_document
from passgenau.store import SqlUnitOfWork
from passgenau.store.database import make_engine

from ..cli.conftest import Run
from .story import couple_dataset


@pytest.fixture
def cli(run: Run, database_url: str, tmp_path: Path) -> Run:
    """The couple's caseload imported by the command line, the matching's suggestions
    stored (the matching itself is not what is tested here)."""
    source = tmp_path / "couple.json"
    source.write_text(dump_document(couple_dataset()), encoding="utf-8")
    assert run("import", str(source)).exit_code == 0
    engine = make_engine(database_url)
    try:
        with SqlUnitOfWork(engine) as uow:
            uow.placements.replace_suggested([
                (Proposal("V1", "C1", rank=1, household_id="H1"), ()),
                (Proposal("V2", "C2", rank=1, household_id="H1"), ()),
                (Proposal("V3", "C1", rank=1), ()),
                (Proposal("V1", "C3", rank=2), ()),
                (Proposal("V2", "C4", rank=2), ()),
            ])
            uow.commit()
    finally:
        engine.dispose()
    return run


def ok(run: Run, *args: str) -> Any:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_couple_to_hire_on_the_command_line(cli: Run) -> None:
    """Each step by `proposals move`; the end state by `proposals list`; the trail by
    `audit`."""
    for v, c in (("V1", "C1"), ("V2", "C2")):
        ok(cli, "proposals", "move", v, c, "prepared")
        ok(cli, "proposals", "move", v, c, "consented")
        ok(cli, "consent", "add", c, "--scope", "Profil an Arbeitgeber E1", "--vacancy", v)
    moved = ok(cli, "proposals", "move", "V1", "C1", "proposed")
    assert {(m["candidate_id"], m["state"]) for m in moved} == {("C1", "proposed"),
                                                                 ("C2", "proposed")}
    ok(cli, "proposals", "move", "V1", "C1", "interview")
    ok(cli, "proposals", "move", "V2", "C2", "trial_work")
    ok(cli, "proposals", "move", "V1", "C1", "hired")
    listed = ok(cli, "proposals", "list")
    assert {(p["vacancy_id"], p["candidate_id"]): (p["state"], p["reason"]) for p in listed} == {
        ("V1", "C1"): ("hired", None),
        ("V2", "C2"): ("hired", None),
        ("V3", "C1"): ("withdrawn", "placed_elsewhere"),
        ("V1", "C3"): ("withdrawn", "vacancy_filled"),
        ("V2", "C4"): ("withdrawn", "vacancy_filled"),
    }
    assert {"version", "household_id"} <= set(listed[0])
    assert [p["candidate_id"] for p in ok(cli, "proposals", "list", "--state", "hired")] == [
        "C1", "C2"
    ]
    trail = ok(cli, "audit", "proposal:V2/C2")
    assert {"at", "actor", "action", "field", "old", "new"} <= set(trail[0])
    assert [t["new"] for t in trail if t["field"] == "state"][-1] == "hired"
    table = cli("audit", "vacancy:V1")
    assert table.exit_code == 0 and "open_positions" in table.stdout


def test_refusals_exit_2_with_a_message(cli: Run) -> None:
    """Illegal move, send without consent, stale version, unknown reason: exit 2."""
    illegal = cli("proposals", "move", "V1", "C3", "hired")
    assert illegal.exit_code == 2
    assert "from suggested to hired" in illegal.stderr
    ok(cli, "proposals", "move", "V1", "C3", "prepared", "--version", "1")
    stale = cli("proposals", "move", "V1", "C3", "consented", "--version", "1")
    assert stale.exit_code == 2
    assert "someone else changed" in stale.stderr and "version 2" in stale.stderr
    ok(cli, "proposals", "move", "V1", "C3", "consented", "--version", "2")
    no_consent = cli("proposals", "move", "V1", "C3", "proposed")
    assert no_consent.exit_code == 2 and "consent" in no_consent.stderr
    ok(cli, "consent", "add", "C3", "--scope", "Profil an E1", "--on", "2026-11-30")
    withdrawn = ok(cli, "consent", "withdraw", "C3", "--on", "2026-12-01")
    assert withdrawn[0]["withdrawn_on"] == "2026-12-01"
    assert cli("proposals", "move", "V1", "C3", "proposed").exit_code == 2
    assert cli("consent", "withdraw", "C3").exit_code == 2  # none left to withdraw
    bad = cli("proposals", "move", "V1", "C3", "withdrawn", "--reason", "keine Lust")
    assert bad.exit_code == 2 and "reason" in bad.stderr
    assert cli("proposals", "move", "V1", "C3", "withdrawn").exit_code == 2
    assert cli("audit", "C3").exit_code == 2
    consents = ok(cli, "consent", "list", "C3")
    assert [c["withdrawn_on"] for c in consents] == ["2026-12-01"]
