"""The light rows of the web's list pages (``uow.listing``), on SQLite and PostgreSQL:
the same candidates, vacancies and counts the whole records give, filtered in SQL, and
never another tenant's."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from passgenau.domain.casework import CaseFile
from passgenau.domain.kldb import KldbCode
from passgenau.domain.model import Dataset, Location
from passgenau.domain.partners import Partner, PartnerKind, Referral, ReferralStatus
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.domain.routing import Team
from passgenau.services.records import import_dataset
from passgenau.store.database import ensure_tenant
from passgenau.store.unit_of_work import SqlUnitOfWork

from .datasets import candidate, employer, vacancy

DAY = date(2026, 12, 6)
FELLBACH = Location(48.81, 9.27, "70734", "Fellbach")


def _fill(engine: Engine, tenant: str, prefix: str) -> None:
    ensure_tenant(engine, tenant, tenant)
    import_dataset(SqlUnitOfWork(engine, tenant), Dataset(
        employers=(employer(f"{prefix}E1"), employer(f"{prefix}E2", location=FELLBACH)),
        vacancies=(vacancy(f"{prefix}V1", f"{prefix}E1", shortlist_size=2),
                   vacancy(f"{prefix}V2", f"{prefix}E2", kldb=KldbCode("29302"), positions=1,
                           shortlist_size=3)),
        candidates=(candidate(f"{prefix}C1", name="Ada"), candidate(f"{prefix}C2", name="Bo"),
                    candidate(f"{prefix}C3", name="Cem")),
    ))


def test_light_rows_are_filtered_in_sql_and_stay_in_their_tenant(engine: Engine) -> None:
    _fill(engine, "jc-a", "A")
    _fill(engine, "jc-b", "B")
    with SqlUnitOfWork(engine, "jc-a") as uow:
        uow.casework.save_case_file(CaseFile("AC1", officer="anna", team=Team.U25))
        uow.casework.save_case_file(CaseFile("AC3", officer="anna", ended_on=DAY))
        uow.placements.add_proposal(Proposal("AV1", "AC1"))
        uow.placements.add_proposal(Proposal("AV1", "AC2", state=ProposalState.HIRED))
        uow.placements.add_proposal(Proposal("AV2", "AC2", state=ProposalState.REJECTED))
        uow.followups.add("AC1", DAY)
        uow.followups.add("AC2", date(2027, 1, 1))  # not due yet
        uow.followups.add("AC3", DAY)  # the case has ended
        uow.partners.save_partner(Partner("P1", PartnerKind.COACHING_PROVIDER, "Coaching"))
        uow.partners.add_referral(Referral("AC2", "P1", DAY))
        uow.partners.add_referral(Referral("AC1", "P1", DAY, status=ReferralStatus.DECLINED))
        uow.commit()

    with SqlUnitOfWork(engine, "jc-a") as uow:
        listing = uow.listing
        active = listing.candidates()
        assert [b.candidate_id for b in active] == ["AC1", "AC2"]  # AC3's case ended
        first = active[0]
        assert (first.name, first.german_level, first.officer, first.team, first.active) == \
            ("Ada", "A2", "anna", "u25", True)
        assert active[1].officer == "" and active[1].team is None
        every = listing.candidates(active_only=False)
        assert [(b.candidate_id, b.active) for b in every] == [
            ("AC1", True), ("AC2", True), ("AC3", False)]
        assert [b.candidate_id for b in listing.candidates(officer="anna")] == ["AC1"]
        assert [b.candidate_id for b in listing.candidates(offset=1, limit=1)] == ["AC2"]
        assert listing.count_candidates() == 2
        assert listing.count_candidates(active_only=False) == 3
        assert listing.count_candidates(partner_id="P1", partner_statuses=["open"]) == 1
        assert listing.candidates(level="B1") == []
        assert [b.candidate_id for b in listing.candidates(ids=["AC2", "BC1"])] == ["AC2"]
        referred = listing.candidates(partner_id="P1", partner_statuses=["open", "accepted"])
        assert [b.candidate_id for b in referred] == ["AC2"]  # AC1's referral was declined

        vacancies = {v.vacancy_id: v for v in listing.vacancies()}
        assert set(vacancies) == {"AV1", "AV2"}
        av1, av2 = vacancies["AV1"], vacancies["AV2"]
        assert (av1.open_proposals, av1.hired, av1.employer_id) == (1, 1, "AE1")
        assert (av2.open_proposals, av2.hired, av2.municipality) == (0, 0, "Fellbach")
        assert av1.shortlist_full is True  # its one position is filled
        assert av2.shortlist_full is False  # no open proposal of three
        assert [v.vacancy_id for v in listing.vacancies(kldb="293")] == ["AV2"]
        assert [v.vacancy_id for v in listing.vacancies(municipality="Fellbach")] == ["AV2"]
        assert [v.vacancy_id for v in listing.vacancies(employer_id="AE1")] == ["AV1"]
        assert listing.vacancies(kldb="2_") == []  # LIKE wildcards are taken literally
        assert "Fellbach" in listing.vacancy_municipalities()

        employers = {e.employer_id: (e.vacancies, e.positions) for e in listing.employers()}
        assert set(employers) == {"AE1", "AE2"}

        assert listing.proposals_by_state() == {"suggested": 1, "hired": 1, "rejected": 1}
        assert listing.proposals_by_state(officer="anna") == {"suggested": 1}
        assert listing.proposal_counts("AV2") == {"rejected": 1}
        assert [(b.vacancy_id, b.candidate_id) for b in listing.proposal_briefs("hired")] == \
            [("AV1", "AC2")]
        assert listing.open_proposals("anna", 10)[0][2:] == ("AC1", "suggested")

        due = listing.due_follow_ups(DAY)
        assert [(f.candidate.candidate_id, f.due) for f in due] == [("AC1", DAY)]
        assert listing.due_follow_ups(DAY, officer="someone else") == []

    with SqlUnitOfWork(engine, "jc-b") as uow:
        assert [b.candidate_id for b in uow.listing.candidates()] == ["BC1", "BC2", "BC3"]
        assert uow.listing.proposals_by_state() == {}
        assert uow.listing.candidates(partner_id="P1", partner_statuses=["open"]) == []
