"""The interview's couple, as a small caseload, and the walk from suggestion to hire.

A household of two (C1, C2) with ``place_together`` at one food retailer (E1), whose two
vacancies (V1, V2) take one each; C1 also stands on a vacancy of another employer (V3),
and other candidates stand on V1 and V2 (C3, C4). The walk is the same on the in-memory
unit of work and on SQL, so the fake and the database are held to the same behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from passgenau.domain import Dataset, Household
from passgenau.domain.placement import Proposal, ProposalState, ReasonCode
from passgenau.services.consent import add_consent
from passgenau.services.records import import_dataset
from passgenau.services.unit_of_work import UnitOfWork
from passgenau.services.workflow import MoveOutcome, list_proposals, move_proposal

from ..store.datasets import candidate, employer, vacancy

ON = date(2026, 12, 7)
S = ProposalState
MakeUow = Callable[[], UnitOfWork]


def couple_dataset() -> Dataset:
    return Dataset(
        employers=(employer("E1", sector="Lebensmitteleinzelhandel"), employer("E2")),
        vacancies=(vacancy("V1", "E1"), vacancy("V2", "E1"), vacancy("V3", "E2")),
        candidates=tuple(candidate(f"C{i}") for i in range(1, 5)),
        households=(Household("H1", ("C1", "C2"), place_together=True),),
    )


def seed(make_uow: MakeUow) -> None:
    """Import the caseload and store the matching's suggestions."""
    import_dataset(make_uow(), couple_dataset())
    uow = make_uow()
    with uow:
        for proposal in (
            Proposal("V1", "C1", rank=1, household_id="H1"),
            Proposal("V2", "C2", rank=1, household_id="H1"),
            Proposal("V3", "C1", rank=1),
            Proposal("V1", "C3", rank=2),
            Proposal("V2", "C4", rank=2),
        ):
            uow.placements.add_proposal(proposal)
        uow.commit()


def states(make_uow: MakeUow) -> dict[tuple[str, str], tuple[ProposalState, str | None]]:
    return {
        (p.vacancy_id, p.candidate_id): (p.state, p.reason and p.reason.value)
        for p in list_proposals(make_uow())
    }


def move(make_uow: MakeUow, v: str, c: str, target: ProposalState, **kw: object) -> MoveOutcome:
    return move_proposal(make_uow(), v, c, target, on=ON, **kw)  # type: ignore[arg-type]


def walk_couple_to_hire(make_uow: MakeUow) -> MoveOutcome:
    """Prepare and get consent one by one, then the employer's steps together."""
    for v, c in (("V1", "C1"), ("V2", "C2")):
        move(make_uow, v, c, S.PREPARED)
        move(make_uow, v, c, S.CONSENTED)
        add_consent(make_uow(), c, "Profil an Arbeitgeber E1", ON, employer_id="E1")
    proposed = move(make_uow, "V1", "C1", S.PROPOSED)
    assert [(s.candidate_id, s.new, s.cause) for s in proposed.steps] == [
        ("C1", S.PROPOSED, "asked"), ("C2", S.PROPOSED, "household")
    ]
    move(make_uow, "V2", "C2", S.INTERVIEW)
    move(make_uow, "V1", "C1", S.TRIAL_WORK)
    return move(make_uow, "V1", "C1", S.HIRED)


def assert_hired(make_uow: MakeUow, hired: MoveOutcome) -> None:
    assert states(make_uow) == {
        ("V1", "C1"): (S.HIRED, None),
        ("V2", "C2"): (S.HIRED, None),
        ("V3", "C1"): (S.WITHDRAWN, ReasonCode.PLACED_ELSEWHERE.value),
        ("V1", "C3"): (S.WITHDRAWN, ReasonCode.VACANCY_FILLED.value),
        ("V2", "C4"): (S.WITHDRAWN, ReasonCode.VACANCY_FILLED.value),
    }
    assert {(p.vacancy_id, p.before, p.after) for p in hired.positions} == {
        ("V1", 1, 0), ("V2", 1, 0)
    }
