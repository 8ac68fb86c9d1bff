"""The casework commands as scripts call them (``--format json``): certificates moving a
candidate IBA-Team -> Regelteam -> Projektteam, follow-ups due per team and officer,
partners, the Art. 15 information, erasure and a retention dry run. Refusals exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from passgenau.domain import GermanLevel, Household
from passgenau.domain.model import Dataset
from passgenau.exchange import dump_document

from ..store.datasets import candidate, employer, vacancy


@pytest.fixture
def caseload(run, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Amira (C1, 1990, A2) in a household with C2 (2002, B1); C3 (1980, B2)."""
    doc = tmp_path / "caseload.json"
    doc.write_text(dump_document(Dataset(
        employers=(employer("E1"),), vacancies=(vacancy("V1", "E1"),),
        candidates=(candidate("C1", name="Amira Haddad", email="amira@example.org",
                              birth_year=1990),
                    candidate("C2", birth_year=2002, german_level=GermanLevel.B1),
                    candidate("C3", birth_year=1980, german_level=GermanLevel.B2)),
        households=(Household("H1", ("C1", "C2")),),
    )), encoding="utf-8")
    result = run("import", str(doc))
    assert result.exit_code == 0, result.stderr
    return run


def _json(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_certificates_move_the_team_with_history(caseload) -> None:  # type: ignore[no-untyped-def]
    run = caseload
    shown = _json(run("candidates", "show", "C1", "--on", "2026-03-01", "--format", "json"))
    assert (shown["team"], shown["german_level"], shown["version"]) == ("iba", "A2", 1)
    first = _json(run("candidates", "certify", "C1", "B1", "--test", "DTZ", "--on",
                      "2026-03-02", "--format", "json"))
    assert (first["team"], first["german_level"]) == ("regel", "B1")
    assert _json(run("candidates", "certify", "C1", "b2", "--test", "JOB-BSK", "--on",
                     "2026-09-14", "--format", "json"))["team"] == "projekt"
    shown = _json(run("candidates", "show", "C1", "--format", "json"))
    assert (shown["team"], shown["german_level"]) == ("projekt", "B2")
    assert [(h["from_team"], h["to_team"], h["reason"], h["changed_on"])
            for h in shown["team_history"]] == [
        (None, "iba", "initial", "2026-03-02"),
        ("iba", "regel", "german_level", "2026-03-02"),
        ("regel", "projekt", "german_level", "2026-09-14")]
    assert [(h["test"], h["level"]) for h in shown["level_history"]] == [
        ("dtz", "B1"), ("job_bsk", "B2")]
    table = run("candidates", "show", "C1")
    assert "Projektteam" in table.stdout and "Regelteam → Projektteam" in table.stdout
    teams = _json(run("candidates", "teams", "--on", "2026-09-20", "--format", "json"))
    assert [(t["candidate_id"], t["status"], t["to_team"]) for t in teams] == [
        ("C1", "changed", "projekt")]


@pytest.mark.parametrize("args", [
    ("candidates", "certify", "C1", "B3", "--test", "dtz"),
    ("candidates", "certify", "C1", "B1", "--test", "toefl"),
    ("candidates", "certify", "C9", "B1", "--test", "dtz"),
    ("candidates", "certify", "C1", "B1", "--test", "dtz", "--on", "2026-13-01"),
    ("followups", "due", "--team", "blau"),
    ("candidates", "show", "C1", "--format", "xml"),
])
def test_bad_input_exits_2(caseload, args) -> None:  # type: ignore[no-untyped-def]
    result = caseload(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_followups_due_per_team_and_officer(caseload) -> None:  # type: ignore[no-untyped-def]
    run = caseload
    assert run("candidates", "assign", "C1", "--officer", "Frau Keller").exit_code == 0
    assert run("candidates", "assign", "C3", "--officer", "Herr Öz").exit_code == 0
    assert run("followups", "contact", "C1", "--on", "2026-01-05").exit_code == 0
    assert run("followups", "add", "C3", "--due", "2026-02-16").exit_code == 0
    due = _json(run("followups", "due", "--on", "2026-02-16", "--format", "json"))
    assert [(d["candidate_id"], d["officer"], d["team"], d["overdue"], d["days_overdue"])
            for d in due] == [("C1", "Frau Keller", "iba", False, 0),
                              ("C3", "Herr Öz", "projekt", False, 0)]
    later = _json(run("followups", "due", "--on", "2026-02-20", "--team", "projekt",
                      "--format", "json"))
    assert [(d["candidate_id"], d["days_overdue"]) for d in later] == [("C3", 4)]
    assert _json(run("followups", "due", "--on", "2026-02-20", "--officer", "Niemand",
                     "--format", "json")) == []
    assert "überfällig" in run("followups", "due", "--on", "2026-02-20").stdout


def test_partners_and_employer_contacts(caseload) -> None:  # type: ignore[no-untyped-def]
    run = caseload
    assert run("partners", "add", "P1", "--kind", "course_provider", "--name", "VHS",
               "--contact", "A. Berg;Leitung;berg@example.org").exit_code == 0
    assert _json(run("partners", "list", "--format", "json"))[0]["contacts"][0]["role"] == (
        "Leitung")
    assert run("partners", "refer", "C1", "P1", "--purpose", "Kurs").exit_code == 0
    assert run("partners", "answer", "1", "accepted", "--on", "2099-01-01").exit_code == 0
    referrals = _json(run("partners", "referrals", "--candidate", "C1", "--format", "json"))
    assert [(r["partner_id"], r["status"]) for r in referrals] == [("P1", "accepted")]
    assert run("employers", "contact", "add", "E1", "--kind", "visit", "--on", "2026-03-04",
               "--funding", "eingliederungszuschuss", "--next-step", "Stellen senden",
               "--next-on", "2026-03-11").exit_code == 0
    contacts = _json(run("employers", "contact", "list", "E1", "--format", "json"))
    assert contacts[0]["funding"] == ["eingliederungszuschuss"]
    assert run("employers", "contact", "add", "E1", "--kind", "fax").exit_code == 2


def test_information_erasure_and_retention(caseload, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = caseload
    assert run("candidates", "certify", "C1", "B1", "--test", "telc").exit_code == 0
    info = _json(run("candidates", "info", "C1"))
    assert info["records"]["candidates"][0]["name"] == "Amira Haddad"
    assert {"certificates", "team_changes", "households", "audit_log"} <= set(info["records"])
    page = tmp_path / "auskunft.html"
    assert run("candidates", "info", "C1", "--html", str(page)).exit_code == 0
    html = page.read_text("utf-8")
    assert "Auskunft" in html and "Sprachzertifikate" in html and "Amira Haddad" in html

    assert run("candidates", "end", "C1", "--on", "2022-12-31").exit_code == 0
    assert run("candidates", "end", "C3", "--on", "2025-12-31").exit_code == 0
    before = run("export", "-").stdout
    dry = _json(run("retention", "run", "--dry-run", "--on", "2026-01-15", "--format",
                    "json"))
    assert [(e["candidate_id"], e["pseudonym"], e["dry_run"]) for e in dry] == [
        ("C1", None, True)]
    assert run("export", "-").stdout == before
    done = _json(run("retention", "run", "--on", "2026-01-15", "--format", "json"))
    assert done[0]["pseudonym"].startswith("erased-")
    after = run("export", "-").stdout
    assert "Amira" not in after and "amira@example.org" not in after
    assert run("candidates", "show", "C1").exit_code == 2

    erased = _json(run("candidates", "erase", "C3", "--format", "json"))
    assert erased["candidate_id"] == "C3" and erased["tables"]["candidates"] == 1
    assert run("candidates", "info", "C3").exit_code == 2
