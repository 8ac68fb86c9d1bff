"""``match_stored`` on a real database (SQLite, and PostgreSQL when configured): the
stored proposals are the typed outcome's lines, and the service owns its transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from passgenau.domain import Dataset
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.geo.travel import reference_model
from passgenau.matching.document import document
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


# ------------------------------------------------- proposals in the workflow (issue 9.3)


def hold(engine: Engine, *pairs: tuple[str, str], state: ProposalState = ProposalState.PROPOSED
         ) -> None:
    """Proposals that moved on in the workflow, written through the store (test set-up)."""
    with SqlUnitOfWork(engine) as uow:
        for vacancy_id, candidate_id in pairs:
            uow.placements.add_proposal(Proposal(vacancy_id, candidate_id, state))
        uow.commit()


def shortlist_of(doc: dict, vacancy_id: str) -> dict:
    return next(s for s in doc["shortlists"] if s["vacancy_id"] == vacancy_id)


def test_a_vacancy_holding_three_active_proposals_shows_no_shortfall(engine: Engine) -> None:
    """Three proposals already with the employer fill V1's minimum shortlist: no new
    proposal there and no shortfall."""
    store(engine, mixed_caseload())
    hold(engine, ("V1", "C1"), ("V1", "C2"))
    hold(engine, ("V1", "C3"), state=ProposalState.INTERVIEW)
    run = match_stored(SqlUnitOfWork(engine), reference_model(), REFERENCE_DATE)
    v1 = shortlist_of(document(run.outcome), "V1")
    assert v1["proposals"] == []
    assert v1["shortfall"] is None
    reached = sum(s.shortfall is None for s in run.outcome.shortlists)
    assert run.outcome.summary.vacancies_reaching_minimum == reached


def licence_caseload() -> Dataset:
    """V1 any helper; V4 needs a driving licence, which only C1 and C2 have; one proposal
    per candidate."""
    return dataset(
        (vacancy("V1", shortlist_size=3),
         vacancy("V4", shortlist_size=3, driving_licence_required=True)),
        (candidate("C1", driving_licence=True), candidate("C2", driving_licence=True),
         *(candidate(f"C{k}") for k in (3, 4, 5))),
        max_proposals_per_candidate=1,
    )


def test_workflow_proposals_count_as_feasible_and_as_proposed(engine: Engine) -> None:
    """C1 is with V4's employer already: V4's shortfall counts both licence holders as
    feasible (C1 in the workflow, C2 proposed now), and C1, whose one proposal is taken,
    is not listed as a candidate without proposal."""
    store(engine, licence_caseload())
    hold(engine, ("V4", "C1"), state=ProposalState.CONSENTED)
    run = match_stored(SqlUnitOfWork(engine), reference_model(), REFERENCE_DATE)
    doc = document(run.outcome)
    v4 = shortlist_of(doc, "V4")
    assert [p["candidate_id"] for p in v4["proposals"]] == ["C2"]
    assert v4["shortfall"] == {"feasible_candidates": 2}
    assert "C1" not in {u["candidate_id"] for u in doc["unproposed_candidates"]}
    assert doc["unproposed_candidates"] == []
    assert run.outcome.summary.candidates_without_proposal == 0


def test_final_workflow_proposals_hold_no_place(engine: Engine) -> None:
    """A rejected proposal is not proposed again but holds no place: C1, rejected on V4,
    is proposed on V1 (or listed without proposal), and V4's shortfall counts its
    feasible candidates, C1 included."""
    store(engine, licence_caseload())
    hold(engine, ("V4", "C1"), state=ProposalState.REJECTED)
    run = match_stored(SqlUnitOfWork(engine), reference_model(), REFERENCE_DATE)
    doc = document(run.outcome)
    v4 = shortlist_of(doc, "V4")
    assert [p["candidate_id"] for p in v4["proposals"]] == ["C2"]
    assert v4["shortfall"] == {"feasible_candidates": 2}
    listed = {p["candidate_id"] for p in shortlist_of(doc, "V1")["proposals"]}
    unproposed = {u["candidate_id"] for u in doc["unproposed_candidates"]}
    assert "C1" in listed | unproposed


# ------------------------------------------- who is no longer in the market (session 4)


def test_placed_candidates_and_filled_vacancies_are_not_matched_again(engine: Engine) -> None:
    """C1 was hired on V1 (one position): neither C1 nor V1 appears in the next run, not
    as a proposal, not as a candidate without proposal; the run says what it left out."""
    store(engine, mixed_caseload())
    hold(engine, ("V1", "C1"), state=ProposalState.HIRED)
    run = match_stored(SqlUnitOfWork(engine), reference_model(), REFERENCE_DATE)
    doc = document(run.outcome)
    assert "V1" not in {s["vacancy_id"] for s in doc["shortlists"]}
    everyone = {p["candidate_id"] for s in doc["shortlists"] for p in s["proposals"]}
    assert "C1" not in everyone | {u["candidate_id"] for u in doc["unproposed_candidates"]}
    assert run.set_aside.placed == ("C1",)
    assert run.set_aside.filled == ("V1",)
    assert stored_proposals(engine)[("V1", "C1")][0].state is ProposalState.HIRED


def test_a_vacancy_with_positions_left_stays_open(engine: Engine) -> None:
    """V1 has two positions and one hire: it is still matched, with one position left."""
    ds = dataset(
        (vacancy("V1", shortlist_size=3, positions=2),),
        tuple(candidate(f"C{k}") for k in range(1, 6)),
    )
    store(engine, ds)
    hold(engine, ("V1", "C1"), state=ProposalState.HIRED)
    run = match_stored(SqlUnitOfWork(engine), reference_model(), REFERENCE_DATE)
    assert [v.positions for v in run.dataset.vacancies] == [1]
    proposed = {line.candidate_id for _, line in run.outcome.lines()}
    assert len(proposed) == 3 and "C1" not in proposed
    assert run.set_aside.filled == ()


def test_an_ended_case_is_not_matched(engine: Engine) -> None:
    """A candidate whose case ended (moved away) before the run's day gets no proposal."""
    from passgenau.services.casework import end_case

    store(engine, mixed_caseload())
    end_case(SqlUnitOfWork(engine), "C2", REFERENCE_DATE)
    run = match_stored(SqlUnitOfWork(engine), reference_model(), REFERENCE_DATE)
    assert "C2" not in {line.candidate_id for _, line in run.outcome.lines()}
    assert run.set_aside.case_ended == ("C2",)
