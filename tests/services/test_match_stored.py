"""``match_stored`` on a real database (SQLite, and PostgreSQL when configured): the
stored proposals are the typed outcome's lines, and the service owns its transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from passgenau.domain import Dataset
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.geo.travel import reference_model
from passgenau.matching.result import MatchOutcome
from passgenau.services.matching import match_dataset, match_stored
from passgenau.services.records import import_dataset
from passgenau.store import SqlUnitOfWork
from tests.matching.instances import (
    REFERENCE_DATE,
    candidate,
    dataset,
    three_couples_crowding,
    vacancy,
)


def store(engine: Engine, ds: Dataset) -> None:
    """Put a caseload into the default tenant (test set-up)."""
    import_dataset(SqlUnitOfWork(engine), ds)


def stored_proposals(engine: Engine) -> dict[tuple[str, str], tuple[Proposal, tuple[str, ...]]]:
    """(vacancy id, candidate id) -> the stored proposal and its reasons."""
    with SqlUnitOfWork(engine) as uow:
        return {
            (r.proposal.vacancy_id, r.proposal.candidate_id): (r.proposal, r.reasons)
            for r in uow.placements.list_proposals()
        }


def as_suggested(outcome: MatchOutcome) -> dict[tuple[str, str], tuple[Proposal, tuple[str, ...]]]:
    """What the outcome's lines should be stored as."""
    return {
        (shortlist.vacancy_id, line.candidate_id): (
            Proposal(shortlist.vacancy_id, line.candidate_id, ProposalState.SUGGESTED,
                     score=line.score, rank=line.rank, shift=line.shift,
                     household_id=line.household_id),
            line.reasons,
        )
        for shortlist, line in outcome.lines()
    }


def mixed_caseload() -> Dataset:
    """Three vacancies, seven candidates who each fit all of them, two proposals each at
    most: more people than places, so a held proposal changes the next run."""
    return dataset(
        tuple(vacancy(f"V{k}", shortlist_size=3) for k in (1, 2, 3)),
        tuple(candidate(f"C{k}", motivation=1 + k % 5) for k in range(1, 8)),
        max_proposals_per_candidate=2,
    )


@pytest.mark.parametrize("make", [three_couples_crowding, mixed_caseload])
def test_stored_proposals_are_the_outcome_lines(engine: Engine, make) -> None:
    """Every line is stored as a suggestion with its rank, score, shift, household and
    reasons; the stored caseload gives the same outcome as its document."""
    ds = make()
    store(engine, ds)
    run = match_stored(SqlUnitOfWork(engine), reference_model(), REFERENCE_DATE)
    assert run.outcome == match_dataset(ds, reference_model()).outcome
    assert any(True for _ in run.outcome.lines())
    assert stored_proposals(engine) == as_suggested(run.outcome)
    assert [v.id for v in run.dataset.vacancies] == [v.id for v in ds.vacancies]


def test_the_service_enters_and_commits_its_unit_of_work(engine: Engine) -> None:
    """The caller hands over a unit of work it has not entered and does not commit; the
    proposals are there afterwards and the unit of work is closed."""
    store(engine, mixed_caseload())
    uow = SqlUnitOfWork(engine)
    run = match_stored(uow, reference_model(), REFERENCE_DATE)
    with pytest.raises(RuntimeError):
        uow.session  # noqa: B018 -- closed: used outside a 'with' block
    assert len(stored_proposals(engine)) == run.outcome.summary.proposals > 0
    with SqlUnitOfWork(engine) as check:
        assert [e.entity for e in check.audit_log.entries(entity="proposals")] == ["proposals"]


def test_a_new_run_replaces_suggestions_and_keeps_the_workflow(engine: Engine) -> None:
    """A proposal moved on to the employer stays, is not suggested again and holds one of
    its candidate's two places; every other stored proposal is the new run's line."""
    store(engine, mixed_caseload())
    first = match_stored(SqlUnitOfWork(engine), reference_model(), REFERENCE_DATE)
    held_shortlist, held = next(first.outcome.lines())
    with SqlUnitOfWork(engine) as uow:
        uow.placements.update_proposal(
            Proposal(held_shortlist.vacancy_id, held.candidate_id, ProposalState.PROPOSED,
                     score=held.score, rank=held.rank)
        )
        uow.commit()
    second = match_stored(SqlUnitOfWork(engine), reference_model(), REFERENCE_DATE)
    key = (held_shortlist.vacancy_id, held.candidate_id)
    new = as_suggested(second.outcome)
    assert key not in new
    stored = stored_proposals(engine)
    assert stored.pop(key)[0].state is ProposalState.PROPOSED
    assert stored == new
    mine = [k for k in new if k[1] == held.candidate_id]
    assert len(mine) <= 1  # the held proposal takes one of the two places
