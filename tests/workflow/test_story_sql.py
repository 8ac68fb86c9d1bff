"""The workflow's stories on SQL (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine

from passgenau.domain import GermanLevel, KldbCode, Occupation
from passgenau.domain.concurrency import StaleRecord
from passgenau.domain.placement import Proposal, ProposalState, ReasonCode
from passgenau.domain.workflow import ConsentMissing, IllegalMove
from passgenau.services.audit import record_trail
from passgenau.services.records import import_dataset
from passgenau.store import SqlUnitOfWork

from .story import assert_hired, couple_dataset, move, seed, states, walk_couple_to_hire

S = ProposalState


@pytest.fixture
def make_uow(engine: Engine):  # type: ignore[no-untyped-def]
    def make() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, actor="fachkraft-7")

    seed(make)
    return make


def test_the_couple_from_suggestion_to_hire(make_uow) -> None:  # type: ignore[no-untyped-def]
    """As on the fake: both hired, their other proposal and the filled vacancies' others
    withdrawn with their reasons, every step in the audit trail with its actor."""
    hired = walk_couple_to_hire(make_uow)
    assert_hired(make_uow, hired)
    trail = record_trail(make_uow(), "proposal:V3/C1")
    assert [(t.actor, t.field, t.old, t.new) for t in trail][:2] == [
        ("fachkraft-7", "state", "suggested", "withdrawn"),
        ("fachkraft-7", "reason", None, "placed_elsewhere"),
    ]
    consent = record_trail(make_uow(), "consent:C1")
    assert ("scope", True) in [(t.field, t.personal) for t in consent]


def test_illegal_move_and_send_without_consent_are_refused(make_uow) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IllegalMove, match="from suggested to hired"):
        move(make_uow, "V1", "C3", S.HIRED)
    move(make_uow, "V1", "C3", S.PREPARED)
    move(make_uow, "V1", "C3", S.CONSENTED)
    with pytest.raises(ConsentMissing):
        move(make_uow, "V1", "C3", S.PROPOSED)
    assert states(make_uow)[("V1", "C3")] == (S.CONSENTED, None)


def test_two_saves_of_one_read_version_the_second_is_refused(make_uow) -> None:  # type: ignore[no-untyped-def]
    """Two officers read version 1 (one page each, before either saves); the second save
    names the current version. (On SQLite every transaction takes the write lock at its
    start, so two pages' reads follow each other; the overlapping case is the PostgreSQL
    test below.)"""
    with make_uow() as first:
        read_first = first.placements.get_proposal("V1", "C3").version
    with make_uow() as second:
        read_second = second.placements.get_proposal("V1", "C3").version
    assert read_first == read_second == 1
    move(make_uow, "V1", "C3", S.PREPARED, read_version=read_first)
    with pytest.raises(StaleRecord, match="now at version 2"):
        move(make_uow, "V1", "C3", S.WITHDRAWN, reason=ReasonCode.OTHER,
             read_version=read_second)
    assert states(make_uow)[("V1", "C3")] == (S.PREPARED, None)


def test_two_open_units_of_work_the_later_write_is_refused(  # type: ignore[no-untyped-def]
    make_uow, database_url: str
) -> None:
    """Interleaved transactions: both read version 1, the first commits, the second's
    check-and-set finds version 2 and is refused instead of overwriting.

    PostgreSQL only: SQLite locks the whole file, so there the first commit would wait
    for the second transaction's read lock; the test above covers SQLite."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises whole transactions by its file lock")
    with make_uow() as first, make_uow() as second:
        one = first.placements.get_proposal("V1", "C3")
        two = second.placements.get_proposal("V1", "C3")
        first.placements.save_proposal(
            dataclasses.replace(one.proposal, state=S.PREPARED), one.version
        )
        first.commit()
        with pytest.raises(StaleRecord, match="now at version 2"):
            second.placements.save_proposal(
                dataclasses.replace(two.proposal, state=S.WITHDRAWN,
                                    reason=ReasonCode.OTHER), two.version
            )
    assert states(make_uow)[("V1", "C3")] == (S.PREPARED, None)


def test_imports_and_matching_runs_count_versions(make_uow) -> None:  # type: ignore[no-untyped-def]
    """An upsert that changes a candidate or vacancy counts its version up; an unchanged
    one does not; new proposals start at 1."""
    with make_uow() as uow:
        assert (uow.versions.of("candidate", "C1"), uow.versions.of("vacancy", "V1")) == (1, 1)
    data = couple_dataset()
    changed = dataclasses.replace(
        data,
        candidates=(dataclasses.replace(data.candidates[0], german_level=GermanLevel.B1),
                    dataclasses.replace(data.candidates[1], occupations=(
                        Occupation(KldbCode("62102"), 2),)),  # a child table only
                    *data.candidates[2:]),
        vacancies=(dataclasses.replace(data.vacancies[0], positions=2), *data.vacancies[1:]),
    )
    import_dataset(make_uow(), changed)
    with make_uow() as uow:
        assert uow.versions.of("candidate", "C1") == 2
        assert uow.versions.of("candidate", "C2") == 2
        assert uow.versions.of("candidate", "C3") == 1
        assert uow.versions.of("vacancy", "V1") == 2
        uow.placements.replace_suggested([(Proposal("V3", "C4"), ())])
        uow.commit()
    with make_uow() as uow:
        assert uow.placements.get_proposal("V3", "C4").version == 1


def test_an_import_is_audited_with_values_personal_fields_by_name(make_uow) -> None:  # type: ignore[no-untyped-def]
    """positions 1 → 2 is kept with its values; a new e-mail address only as changed."""
    data = couple_dataset()
    changed = dataclasses.replace(
        data,
        candidates=(dataclasses.replace(data.candidates[0], email="neu@example.org"),),
        vacancies=(dataclasses.replace(data.vacancies[0], positions=2),),
    )
    import_dataset(make_uow(), changed)
    vacancy = record_trail(make_uow(), "vacancy:V1")
    assert ("update", "positions", 1, 2, False) in [
        (t.action, t.field, t.old, t.new, t.personal) for t in vacancy
    ]
    candidate = record_trail(make_uow(), "candidate:C1")
    assert ("update", "email", None, None, True) in [
        (t.action, t.field, t.old, t.new, t.personal) for t in candidate
    ]
    assert "neu@example.org" not in repr(candidate)
