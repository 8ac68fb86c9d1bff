"""Matching in the background on a real database (SQLite, and PostgreSQL when
configured): one run per tenant at a time, staff can save while the engine works, and
the stored suggestions are those of a run on the workflow as it is when they are stored."""

from __future__ import annotations

import threading

from sqlalchemy import Engine

from passgenau.domain.placement import ProposalState
from passgenau.geo.travel import reference_model
from passgenau.services.background import JobState, MatchJobs
from passgenau.services.matching import (
    MatchPhase,
    match_dataset,
    match_stored_detached,
)
from passgenau.services.workflow import move_proposal
from passgenau.store import SqlUnitOfWork
from tests.matching.instances import REFERENCE_DATE

from .test_match_stored import as_suggested, mixed_caseload, store, stored_proposals


def test_a_detached_run_stores_what_match_stored_would(engine: Engine) -> None:
    store(engine, mixed_caseload())
    phases: list[MatchPhase] = []
    run = match_stored_detached(lambda: SqlUnitOfWork(engine), reference_model(),
                                REFERENCE_DATE, progress=phases.append)
    assert phases == [MatchPhase.READING, MatchPhase.SOLVING, MatchPhase.STORING]
    expected = match_dataset(mixed_caseload(), reference_model()).outcome
    assert stored_proposals(engine) == as_suggested(expected)
    assert run.outcome.summary.proposals == expected.summary.proposals


def test_staff_can_move_a_proposal_while_the_engine_works(engine: Engine) -> None:
    """A move saved while the run solves (here: from its progress call, in the middle of
    the run) goes through at once, and the run then solves again around it."""
    store(engine, mixed_caseload())
    match_stored_detached(lambda: SqlUnitOfWork(engine), reference_model(), REFERENCE_DATE)
    held = next(k for k, (p, _) in stored_proposals(engine).items()
                if p.state is ProposalState.SUGGESTED)
    phases: list[MatchPhase] = []

    def meanwhile(phase: MatchPhase) -> None:
        phases.append(phase)
        if phase is MatchPhase.SOLVING and phases.count(MatchPhase.SOLVING) == 1:
            move_proposal(SqlUnitOfWork(engine), *held, ProposalState.PREPARED,
                          on=REFERENCE_DATE)

    match_stored_detached(lambda: SqlUnitOfWork(engine), reference_model(), REFERENCE_DATE,
                          progress=meanwhile)
    assert phases.count(MatchPhase.READING) == 2  # the first result was not stored
    stored = stored_proposals(engine)
    assert stored[held][0].state is ProposalState.PREPARED  # kept, and counted
    budget = 2
    for candidate in {c for _, c in stored}:
        open_ones = [p for (v, c), (p, _) in stored.items() if c == candidate]
        assert len(open_ones) <= budget


def test_one_run_per_tenant_at_a_time(engine: Engine) -> None:
    store(engine, mixed_caseload())
    jobs = MatchJobs()
    release = threading.Event()

    def slow(progress):  # type: ignore[no-untyped-def]
        release.wait(30)
        return match_stored_detached(lambda: SqlUnitOfWork(engine), reference_model(),
                                     REFERENCE_DATE, progress=progress)

    first, started = jobs.start("default", "anna", slow)
    assert started and first.running
    second, started_again = jobs.start("default", "bernd", slow)
    assert not started_again and second.started_by == "anna"
    release.set()
    done = jobs.wait("default", 60)
    assert done is not None and done.state is JobState.DONE and done.proposals
    third, restarted = jobs.start("default", "bernd", slow)  # a new one once it ended
    assert restarted and third.started_by == "bernd"
    jobs.wait("default", 60)


def test_a_failed_run_is_reported_without_its_message(engine: Engine) -> None:
    jobs = MatchJobs()

    def broken(progress):  # type: ignore[no-untyped-def]
        raise RuntimeError("Amira Haddad, Waiblingen")  # e.g. a driver's message

    jobs.start("default", "anna", broken)
    failed = jobs.wait("default", 60)
    assert failed is not None and failed.state is JobState.FAILED
    assert failed.failure == "RuntimeError"
