"""The workflow's use cases on the in-memory unit of work."""

from __future__ import annotations

import dataclasses

import pytest

from passgenau.domain.concurrency import StaleRecord
from passgenau.domain.placement import Proposal, ProposalState, ReasonCode
from passgenau.domain.workflow import ConsentMissing, IllegalMove, NoOpenPosition
from passgenau.services.audit import record_trail
from passgenau.services.consent import add_consent, list_consents, withdraw_consent
from passgenau.services.records import import_dataset
from passgenau.services.workflow import list_proposals

from ..services.fakes import FakeDatabase
from .story import (
    ON,
    assert_hired,
    couple_dataset,
    move,
    seed,
    states,
    walk_couple_to_hire,
)

S = ProposalState


@pytest.fixture
def make_uow():  # type: ignore[no-untyped-def]
    database = FakeDatabase()
    seed(database.unit_of_work)
    return database.unit_of_work


def test_the_couple_from_suggestion_to_hire(make_uow) -> None:  # type: ignore[no-untyped-def]
    """Both hired together; C1's other proposal placed_elsewhere; both vacancies filled,
    the other candidates' proposals vacancy_filled."""
    hired = walk_couple_to_hire(make_uow)
    assert_hired(make_uow, hired)
    trail = record_trail(make_uow(), "proposal:V2/C2")
    assert [(t.field, t.old, t.new) for t in trail if t.field == "state"] == [
        ("state", "suggested", "prepared"), ("state", "prepared", "consented"),
        ("state", "consented", "proposed"), ("state", "proposed", "interview"),
        ("state", "interview", "trial_work"), ("state", "trial_work", "hired"),
    ]
    vacancy = record_trail(make_uow(), "vacancy:V1")
    assert ("open_positions", 1, 0) in [(t.field, t.old, t.new) for t in vacancy]


def test_an_illegal_move_is_refused_and_changes_nothing(make_uow) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IllegalMove, match="from suggested to interview"):
        move(make_uow, "V1", "C3", S.INTERVIEW)
    assert states(make_uow)[("V1", "C3")] == (S.SUGGESTED, None)


def test_proposed_without_consent_is_refused(make_uow) -> None:  # type: ignore[no-untyped-def]
    """Also after the consent was withdrawn, and for a consent of another employer."""
    move(make_uow, "V1", "C3", S.PREPARED)
    move(make_uow, "V1", "C3", S.CONSENTED)
    with pytest.raises(ConsentMissing):
        move(make_uow, "V1", "C3", S.PROPOSED)
    add_consent(make_uow(), "C3", "Profil an E2", ON, employer_id="E2")
    with pytest.raises(ConsentMissing):
        move(make_uow, "V1", "C3", S.PROPOSED)
    add_consent(make_uow(), "C3", "Profil für V1", ON, vacancy_id="V1")
    withdrawn = withdraw_consent(make_uow(), "C3", ON, vacancy_id="V1")
    assert [w.vacancy_id for w in withdrawn] == ["V1"]
    with pytest.raises(ConsentMissing):
        move(make_uow, "V1", "C3", S.PROPOSED)
    add_consent(make_uow(), "C3", "Profil an E1", ON, employer_id="E1")
    move(make_uow, "V1", "C3", S.PROPOSED)
    assert len(list_consents(make_uow(), "C3")) == 3


def test_a_household_partner_behind_blocks_the_joint_step(make_uow) -> None:  # type: ignore[no-untyped-def]
    """C2 is not consented yet: sending the couple's profiles is refused for both."""
    for target in (S.PREPARED, S.CONSENTED):
        move(make_uow, "V1", "C1", target)
    add_consent(make_uow(), "C1", "allgemein", ON)
    with pytest.raises(IllegalMove, match=r'candidate "C2".*from suggested to proposed'):
        move(make_uow, "V1", "C1", S.PROPOSED)
    assert states(make_uow)[("V1", "C1")] == (S.CONSENTED, None)


def test_a_stale_version_is_refused_naming_the_current_one(make_uow) -> None:  # type: ignore[no-untyped-def]
    """Two officers read version 1; the second save is refused, nothing overwritten."""
    read = {p.candidate_id: p.version for p in list_proposals(make_uow(), vacancy_id="V1")}
    move(make_uow, "V1", "C3", S.PREPARED, read_version=read["C3"])
    with pytest.raises(StaleRecord, match=r"someone else changed.*now at version 2"):
        move(make_uow, "V1", "C3", S.WITHDRAWN, reason=ReasonCode.OTHER,
             read_version=read["C3"])
    assert states(make_uow)[("V1", "C3")] == (S.PREPARED, None)


def test_a_note_is_audited_as_changed_only(make_uow) -> None:  # type: ignore[no-untyped-def]
    move(make_uow, "V1", "C3", S.WITHDRAWN, reason=ReasonCode.NO_SHOW, note="Kind krank")
    trail = record_trail(make_uow(), "proposal:V1/C3")
    assert ("note", None, None, True) in [(t.field, t.old, t.new, t.personal) for t in trail]
    assert "Kind krank" not in repr(trail)


def _couple_at_one_vacancy(positions: int) -> FakeDatabase:
    """The couple on two positions of one vacancy (V1), C3 on it too."""
    database = FakeDatabase()
    data = couple_dataset()
    data = dataclasses.replace(
        data, vacancies=(dataclasses.replace(data.vacancies[0], positions=positions),
                         *data.vacancies[1:]),
    )
    import_dataset(database.unit_of_work(), data)
    uow = database.unit_of_work()
    with uow:
        for c, household in (("C1", "H1"), ("C2", "H1"), ("C3", None)):
            uow.placements.add_proposal(Proposal("V1", c, household_id=household))
        uow.commit()
    for c in ("C1", "C2"):
        move(database.unit_of_work, "V1", c, S.PREPARED)
        move(database.unit_of_work, "V1", c, S.CONSENTED)
        add_consent(database.unit_of_work(), c, "Profil für V1", ON, vacancy_id="V1")
    for target in (S.PROPOSED, S.INTERVIEW):
        move(database.unit_of_work, "V1", "C2", target)
    return database


def test_the_couple_on_two_positions_of_one_vacancy() -> None:
    """Both hired on V1; its open positions go 2 → 0 and C3's proposal is withdrawn."""
    database = _couple_at_one_vacancy(positions=2)
    hired = move(database.unit_of_work, "V1", "C1", S.HIRED)
    assert [(p.before, p.after) for p in hired.positions] == [(2, 0)]
    assert states(database.unit_of_work) == {
        ("V1", "C1"): (S.HIRED, None),
        ("V1", "C2"): (S.HIRED, None),
        ("V1", "C3"): (S.WITHDRAWN, "vacancy_filled"),
    }


def test_a_hire_beyond_the_open_positions_is_refused() -> None:
    """One position left, the household needs two: nothing is written."""
    database = _couple_at_one_vacancy(positions=1)
    with pytest.raises(NoOpenPosition, match='"V1": 1 open position'):
        move(database.unit_of_work, "V1", "C1", S.HIRED)
    assert states(database.unit_of_work)[("V1", "C1")] == (S.INTERVIEW, None)
