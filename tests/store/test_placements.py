"""Proposals and follow-ups: stored and read back through the placement repository."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from passgenau.domain import Dataset, InvalidInput, NotFound
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.services.records import import_dataset
from passgenau.store import SqlUnitOfWork
from passgenau.store.tables import ProposalRow


@pytest.fixture
def stored(engine: Engine, sample: Dataset) -> Engine:
    import_dataset(SqlUnitOfWork(engine), sample)
    return engine


def test_proposals_are_stored_and_read_as_a_ranked_shortlist(stored: Engine) -> None:
    """A vacancy's proposals come back by rank with their reasons and timestamps."""
    with SqlUnitOfWork(stored) as uow:
        uow.placements.add_proposal(
            Proposal("V1", "C2", score=0.61, rank=2, shift="Spätschicht", household_id="H1"),
            reasons=["Schicht passt zur Kinderbetreuung"],
        )
        uow.placements.add_proposal(
            Proposal("V1", "C1", score=0.82, rank=1, shift="Frühschicht", household_id="H1")
        )
        uow.placements.add_proposal(Proposal("V2", "C4", state=ProposalState.PROPOSED))
        uow.commit()
    with SqlUnitOfWork(stored) as uow:
        shortlist = uow.placements.proposals_for_vacancy("V1")
        assert [r.proposal.candidate_id for r in shortlist] == ["C1", "C2"]
        assert shortlist[1].proposal == Proposal(
            "V1", "C2", score=0.61, rank=2, shift="Spätschicht", household_id="H1"
        )
        assert shortlist[1].reasons == ("Schicht passt zur Kinderbetreuung",)
        assert shortlist[0].created_at.tzinfo is not None
        assert len(uow.placements.list_proposals()) == 3
        assert [r.proposal.vacancy_id for r in uow.placements.proposals_for_candidate("C4")] == [
            "V2"
        ]


def test_a_proposal_state_can_be_updated(stored: Engine) -> None:
    """update_proposal moves a proposal on and keeps its reasons unless given."""
    with SqlUnitOfWork(stored) as uow:
        uow.placements.add_proposal(Proposal("V1", "C1", rank=1), reasons=["passt"])
        uow.commit()
    with SqlUnitOfWork(stored) as uow:
        uow.placements.update_proposal(Proposal("V1", "C1", ProposalState.PREPARED, rank=1))
        uow.commit()
    with SqlUnitOfWork(stored) as uow:
        record = uow.placements.get_proposal("V1", "C1")
        assert record.proposal.state is ProposalState.PREPARED
        assert record.reasons == ("passt",)
        with pytest.raises(NotFound):
            uow.placements.get_proposal("V2", "C1")


def test_one_proposal_per_vacancy_and_candidate(stored: Engine) -> None:
    """A second proposal of the same pair is refused, by the repository and the database."""
    with SqlUnitOfWork(stored) as uow:
        uow.placements.add_proposal(Proposal("V1", "C1"))
        uow.commit()
    with SqlUnitOfWork(stored) as uow:
        with pytest.raises(InvalidInput, match="exists already"):
            uow.placements.add_proposal(Proposal("V1", "C1", rank=3))
        existing = uow.session.scalars(select(ProposalRow)).one()
        duplicate = {
            c: getattr(existing, c)
            for c in ("tenant_id", "vacancy_id", "candidate_id", "state", "reasons")
        } | {"created_at": existing.created_at, "updated_at": existing.updated_at}
        with pytest.raises(IntegrityError):
            uow.session.execute(insert(ProposalRow), [duplicate])


def test_proposals_name_stored_records(stored: Engine) -> None:
    """Unknown vacancies, candidates and households are NotFound, not a database error."""
    with SqlUnitOfWork(stored) as uow:
        for proposal in (
            Proposal("V404", "C1"),
            Proposal("V1", "C404"),
            Proposal("V1", "C1", household_id="H404"),
        ):
            with pytest.raises(NotFound):
                uow.placements.add_proposal(proposal)


def test_follow_ups_are_stored_read_and_done(stored: Engine) -> None:
    """Follow-ups come back by due date; one about a proposed vacancy links to it."""
    with SqlUnitOfWork(stored) as uow:
        uow.placements.add_proposal(Proposal("V1", "C1"))
        later = uow.followups.add("C1", date(2026, 12, 10), "Termin", "V1")
        uow.followups.add("C2", date(2026, 12, 1), "Kurs-Ende")
        old = uow.followups.add("C2", date(2026, 11, 1), "alt")
        uow.followups.mark_done(old, date(2026, 11, 1))
        uow.commit()
    with SqlUnitOfWork(stored) as uow:
        due = uow.followups.list()
        assert [(f.candidate_id, f.note) for f in due] == [("C2", "Kurs-Ende"), ("C1", "Termin")]
        assert (due[1].due, due[1].vacancy_id) == (date(2026, 12, 10), "V1")
        assert len(uow.followups.list("C2", include_done=True)) == 2
        uow.followups.mark_done(later, date(2026, 12, 9))
        uow.commit()
    with SqlUnitOfWork(stored) as uow:
        assert [f.candidate_id for f in uow.followups.list()] == ["C2"]
        done = uow.followups.list("C1", include_done=True)[0]
        assert done.done_on == date(2026, 12, 9)
        with pytest.raises(NotFound):
            uow.followups.add("C404", date(2026, 12, 1))
