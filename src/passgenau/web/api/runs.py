"""Matching runs started through the API, each in a worker thread of the server.

A run matches the tenant's stored caseload (:func:`passgenau.services.matching.
match_stored`, which stores the shortlists as proposals in its own transaction) and keeps
its summary here, in the server's memory, for the caller to read. One run at a time per
Jobcenter: a second start while one is under way is refused (409), because both would
replace the same suggested proposals. A run is visible only to its own Jobcenter; the
summaries of a restarted server are gone (the proposals they stored are not).
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Literal

from passgenau.domain.accounts import User
from passgenau.domain.errors import NotFound, PassgenauError
from passgenau.matching.result import MatchSummary
from passgenau.services.matching import match_stored, travel_model
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
    """The runs of one server, by tenant."""

    runtime: Runtime
    _runs: dict[str, RunRecord] = field(default_factory=dict)
    _threads: list[threading.Thread] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, user: User, on: date) -> RunRecord:
        """Start a run of ``user``'s tenant on the day ``on``; 409 while one is running."""
        with self._lock:
            if any(r.tenant == user.tenant and r.state == "running"
                   for r in self._runs.values()):
                raise ApiConflict("run_in_progress", "Für dieses Jobcenter läuft bereits "
                                  "ein Matching; bitte warten Sie sein Ergebnis ab.")
            record = RunRecord(secrets.token_hex(8), user.tenant, user.username,
                               datetime.now(UTC), on)
            self._runs[record.run_id] = record
            self._forget_old(user.tenant)
            thread = threading.Thread(target=self._run, args=(record,), daemon=True,
                                      name=f"match-run-{record.run_id}")
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
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
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)

    def _run(self, record: RunRecord) -> None:
        try:
            settings = self.runtime.settings
            model = travel_model(settings.travel, record.reference_date)
            run = match_stored(self.runtime.unit_of_work(record.tenant,
                                                         actor=record.started_by),
                               model, record.reference_date)
            outcome = run.outcome
            done = replace(record, state="done", finished_at=datetime.now(UTC),
                           summary=outcome.summary,
                           shortfalls=sum(1 for s in outcome.shortlists if s.shortfall),
                           notes=tuple(outcome.notes) + run.warnings)
        except PassgenauError:
            done = self._failed(record, "Das Matching wurde abgelehnt (Daten oder "
                                "Einstellungen prüfen, z. B. mit passgenau match --db).")
        except Exception:  # a worker must end with a state, never silently
            done = self._failed(record, "Beim Matching ist ein interner Fehler aufgetreten.")
        with self._lock:
            self._runs[record.run_id] = done

    @staticmethod
    def _failed(record: RunRecord, message: str) -> RunRecord:
        return replace(record, state="failed", finished_at=datetime.now(UTC), error=message)

    def _forget_old(self, tenant: str) -> None:
        finished = sorted((r for r in self._runs.values()
                           if r.tenant == tenant and r.state != "running"),
                          key=lambda r: r.started_at)
        for old in finished[:max(0, len(finished) - KEEP)]:
            del self._runs[old.run_id]
