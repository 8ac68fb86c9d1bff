"""Matching runs started through the API: their ids and summaries for the caller.

The run itself goes through the web's :class:`~passgenau.services.background.MatchJobs`,
the one place that runs matchings in the background, so a run started on a page and one
started through the API never overlap: one run at a time per Jobcenter, a second start
while one is under way is refused (409), because both would replace the same suggested
proposals. The run is :func:`~passgenau.services.matching.match_stored_detached` (no
transaction held while the engine works). A run is visible only to its own Jobcenter;
the summaries of a restarted server are gone (the proposals they stored are not).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Literal

from passgenau.domain.accounts import User
from passgenau.domain.errors import NotFound, PassgenauError
from passgenau.matching.result import MatchSummary
from passgenau.services.background import MatchJobs
from passgenau.services.matching import MatchPhase, MatchRun, match_stored_detached, travel_model
from passgenau.services.runtime import Runtime
from passgenau.web.api.errors import ApiConflict

#: Finished runs kept per Jobcenter (the oldest are forgotten first).
KEEP = 20

State = Literal["running", "done", "failed"]


@dataclass(frozen=True, slots=True)
class RunRecord:
    run_id: str
    tenant: str
    started_by: str
    started_at: datetime
    reference_date: date
    state: State = "running"
    finished_at: datetime | None = None
    summary: MatchSummary | None = None
    shortfalls: int | None = None
    notes: tuple[str, ...] = ()
    error: str | None = None


@dataclass
class MatchRuns:
    """The runs of one server started through the API, by id."""

    runtime: Runtime
    jobs: MatchJobs = field(default_factory=MatchJobs)
    _runs: dict[str, RunRecord] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, user: User, on: date) -> RunRecord:
        """Start a run of ``user``'s tenant on the day ``on``; 409 while one is running
        (started here or on a page)."""
        record = RunRecord(secrets.token_hex(8), user.tenant, user.username,
                           datetime.now(UTC), on)
        with self._lock:  # the run's own end waits for this lock: it is recorded first
            _, started = self.jobs.start(
                user.tenant, user.username, lambda progress: self._run(record, progress))
            if not started:
                raise ApiConflict("run_in_progress", "Für dieses Jobcenter läuft bereits "
                                  "ein Matching; bitte warten Sie sein Ergebnis ab.")
            self._runs[record.run_id] = record
            self._forget_old(user.tenant)
        return record

    def get(self, tenant: str, run_id: str) -> RunRecord:
        """A run of ``tenant``; another Jobcenter's answers like a missing one."""
        with self._lock:
            record = self._runs.get(run_id)
        if record is None or record.tenant != tenant:
            raise NotFound("no such matching run")
        return record

    def of_tenant(self, tenant: str) -> tuple[RunRecord, ...]:
        """The tenant's runs, newest first."""
        with self._lock:
            runs = [r for r in self._runs.values() if r.tenant == tenant]
        return tuple(sorted(runs, key=lambda r: r.started_at, reverse=True))

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the runs under way (a server's or a test's end)."""
        with self._lock:
            tenants = {r.tenant for r in self._runs.values() if r.state == "running"}
        for tenant in tenants:
            self.jobs.wait(tenant, timeout)

    def _run(self, record: RunRecord, progress: Callable[[MatchPhase], None]) -> MatchRun:
        settings = self.runtime.settings
        try:
            model = travel_model(settings.travel, record.reference_date)
            run = match_stored_detached(
                lambda: self.runtime.unit_of_work(record.tenant, actor=record.started_by),
                model, record.reference_date, progress=progress)
        except PassgenauError:
            self._finish(self._failed(record, "Das Matching wurde abgelehnt (Daten oder "
                         "Einstellungen prüfen, z. B. mit passgenau match --db)."))
            raise
        except Exception:  # a worker must end with a state, never silently
            self._finish(self._failed(record, "Beim Matching ist ein interner Fehler "
                                      "aufgetreten."))
            raise
        outcome = run.outcome
        self._finish(replace(record, state="done", finished_at=datetime.now(UTC),
                             summary=outcome.summary,
                             shortfalls=sum(1 for s in outcome.shortlists if s.shortfall),
                             notes=tuple(outcome.notes) + run.warnings))
        return run

    def _finish(self, record: RunRecord) -> None:
        with self._lock:
            self._runs[record.run_id] = record

    @staticmethod
    def _failed(record: RunRecord, message: str) -> RunRecord:
        return replace(record, state="failed", finished_at=datetime.now(UTC), error=message)

    def _forget_old(self, tenant: str) -> None:
        finished = sorted((r for r in self._runs.values()
                           if r.tenant == tenant and r.state != "running"),
                          key=lambda r: r.started_at)
        for old in finished[:max(0, len(finished) - KEEP)]:
            del self._runs[old.run_id]
