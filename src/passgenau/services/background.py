"""Matching runs in the background: one worker thread per tenant at a time.

A Land-sized caseload takes a while to match; the web starts the run here and answers at
once, and its page asks :meth:`MatchJobs.status` for the phase until the run is done.
The run is :func:`~passgenau.services.matching.match_stored` (one transaction of its own:
the suggestions are stored when it succeeds, nothing when it fails). No extra server:
threads of the web process, so a restarted server forgets runs in progress (their
transaction was rolled back with the process).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum

from passgenau.domain.errors import PassgenauError
from passgenau.services.matching import MatchPhase, MatchRun


class JobState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class JobStatus:
    """Where a tenant's latest run stands."""

    tenant: str
    started_by: str
    started_at: datetime
    state: JobState
    phase: MatchPhase | None = None
    finished_at: datetime | None = None
    proposals: int | None = None  # suggestions stored, when done
    vacancies_reaching_minimum: int | None = None
    vacancies: int | None = None
    failure: str | None = None  # the error's kind only (messages may quote records)

    @property
    def running(self) -> bool:
        return self.state is JobState.RUNNING

    def seconds(self, now: datetime | None = None) -> int:
        end = self.finished_at or now or datetime.now(UTC)
        return max(0, int((end - self.started_at).total_seconds()))


#: The run: given the progress callback, match and store (e.g. ``match_stored``).
Run = Callable[[Callable[[MatchPhase], None]], MatchRun]


class MatchJobs:
    """The web process's runs, by tenant; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, JobStatus] = {}
        self._threads: dict[str, threading.Thread] = {}

    def status(self, tenant: str) -> JobStatus | None:
        with self._lock:
            return self._jobs.get(tenant)

    def start(self, tenant: str, started_by: str, run: Run) -> tuple[JobStatus, bool]:
        """Start ``run`` for ``tenant`` unless one is running: (its status, started?)."""
        with self._lock:
            current = self._jobs.get(tenant)
            if current is not None and current.running:
                return current, False
            status = JobStatus(tenant, started_by, datetime.now(UTC), JobState.RUNNING)
            self._jobs[tenant] = status
            thread = threading.Thread(target=self._work, args=(tenant, run),
                                      name=f"match-{tenant}", daemon=True)
            self._threads[tenant] = thread
            thread.start()
            return status, True

    def wait(self, tenant: str, timeout: float | None = None) -> JobStatus | None:
        """Wait for the tenant's run to end (tests, a server shutting down)."""
        thread = self._threads.get(tenant)
        if thread is not None:
            thread.join(timeout)
        return self.status(tenant)

    def _update(self, tenant: str, **changes: object) -> None:
        with self._lock:
            self._jobs[tenant] = replace(self._jobs[tenant], **changes)  # type: ignore[arg-type]

    def _work(self, tenant: str, run: Run) -> None:
        try:
            result = run(lambda phase: self._update(tenant, phase=phase))
        except Exception as exc:
            kind = str(exc) if isinstance(exc, PassgenauError) else type(exc).__name__
            self._update(tenant, state=JobState.FAILED, finished_at=datetime.now(UTC),
                         failure=kind)
            return
        summary = result.outcome.summary
        self._update(tenant, state=JobState.DONE, finished_at=datetime.now(UTC),
                     proposals=summary.proposals, vacancies=summary.vacancies,
                     vacancies_reaching_minimum=summary.vacancies_reaching_minimum)
