"""Art. 15 information, erasure and the retention run on the in-memory unit of work."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from passgenau.domain import GermanLevel, Household, RoutingRules
from passgenau.domain.casework import CertificateTest
from passgenau.domain.errors import NotFound, PassgenauError
from passgenau.domain.model import Dataset
from passgenau.domain.personal_data import retention_cutoff
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.services import casework, followups, privacy
from passgenau.services.records import caseload_summary, import_dataset

from ..store.datasets import candidate, employer, vacancy
from .fakes import FakeDatabase

RULES = RoutingRules()


@pytest.fixture
def db() -> FakeDatabase:
    """C1 (with name and e-mail) hired on V1, in household H1 with C2; C3 another."""
    database = FakeDatabase()
    import_dataset(database.unit_of_work(), Dataset(
        employers=(employer("E1"),), vacancies=(vacancy("V1", "E1"),),
        candidates=(candidate("C1", name="Amira Haddad", email="amira@example.org",
                              birth_year=1990),
                    candidate("C2"), candidate("C3")),
        households=(Household("H1", ("C1", "C2")),)))
    with database.unit_of_work() as uow:
        uow.placements.add_proposal(Proposal("V1", "C1", ProposalState.HIRED), ["Weg: 20 min"])
        uow.commit()
    casework.certify(database.unit_of_work(), RULES, "C1", GermanLevel.B1,
                     CertificateTest.DTZ, date(2026, 3, 2))
    followups.schedule(database.unit_of_work(), "C1", date(2026, 4, 1), note="Anruf")
    return database


def test_information_holds_every_record_about_the_candidate(db: FakeDatabase) -> None:
    info = privacy.candidate_information(db.unit_of_work(), "C1")
    tables = {s.table for s in info.records}
    assert {"candidates", "proposals", "certificates", "team_changes", "follow_ups",
            "households", "audit_log"} <= tables
    assert info.rows("candidates")[0]["name"] == "Amira Haddad"


def test_erasure_removes_the_person_and_keeps_the_hire_counted(db: FakeDatabase) -> None:
    before = caseload_summary(db.unit_of_work(), RULES, date(2026, 5, 1))
    erasure = privacy.erase_candidate(db.unit_of_work(), "C1", date(2026, 5, 1))
    tenant = db.tenant()
    assert "C1" not in tenant.candidates
    erased = tenant.candidates[erasure.pseudonym]
    assert (erased.name, erased.email, erased.birth_year) == ("", "", None)
    assert "H1" not in tenant.households  # a household of one is dissolved
    assert not any("C1" in (a.ext_id or "").split("/") for a in tenant.audit)
    record = tenant.proposals[("V1", erasure.pseudonym)]
    assert record.proposal.state is ProposalState.HIRED and record.reasons == ()
    after = caseload_summary(db.unit_of_work(), RULES, date(2026, 5, 1))
    assert after.open_positions == before.open_positions == 0
    with pytest.raises(NotFound):
        privacy.candidate_information(db.unit_of_work(), "C1")
    with pytest.raises(PassgenauError, match="erased already"):
        privacy.erase_candidate(db.unit_of_work(), erasure.pseudonym, date(2026, 5, 2))


def test_retention_dry_run_lists_and_changes_nothing(db: FakeDatabase) -> None:
    casework.end_case(db.unit_of_work(), "C1", date(2023, 1, 31))
    casework.end_case(db.unit_of_work(), "C3", date(2024, 6, 1))
    state = copy.deepcopy(db.state)
    run = privacy.run_retention(db.unit_of_work(), 36, date(2026, 2, 15), dry_run=True)
    assert [e.candidate_id for e in run.erasures] == ["C1"]
    assert run.erasures[0].pseudonym is None
    assert db.state == state
    done = privacy.run_retention(db.unit_of_work(), 36, date(2026, 2, 15))
    assert [e.candidate_id for e in done.erasures] == ["C1"]
    assert "C1" not in db.tenant().candidates and "C3" in db.tenant().candidates
    again = privacy.run_retention(db.unit_of_work(), 36, date(2026, 2, 15), dry_run=True)
    assert again.erasures == ()


def test_retention_cutoff_counts_calendar_months() -> None:
    assert retention_cutoff(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert retention_cutoff(date(2026, 2, 15), 36) == date(2023, 2, 15)
    assert retention_cutoff(date(2026, 1, 10), 13) == date(2024, 12, 10)


def test_records_of_other_kinds_with_the_same_id_keep_their_audit(db: FakeDatabase) -> None:
    """An employer's id may look like a candidate's: its audit entries are not theirs."""
    import_dataset(db.unit_of_work(), Dataset(employers=(employer("C1"),)))
    erasure = privacy.erase_candidate(db.unit_of_work(), "C1", date(2026, 5, 1))
    entries = {(a.entity, a.ext_id) for a in db.tenant().audit}
    assert ("employer", "C1") in entries
    assert ("candidate", erasure.pseudonym) in entries


def test_names_candidate_reads_ids_by_entity() -> None:
    from passgenau.domain.personal_data import names_candidate, pseudonymised

    assert names_candidate("candidate", "C1", "C1")
    assert names_candidate("proposal", "V1/C1", "C1")
    assert not names_candidate("proposal", "C1/V1", "C1")
    assert not names_candidate("vacancy", "C1", "C1")
    assert not names_candidate("candidate", None, "C1")
    assert pseudonymised("proposal", "V/1/C1", "C1", "x") == "V/1/x"
