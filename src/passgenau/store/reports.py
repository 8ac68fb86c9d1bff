"""What the reports read beyond the repositories: the workflow's steps as the audit log
recorded them, and the decision log of matching runs (``match_runs``).

A proposal's steps are audit entries of entity ``proposal`` (``VACANCY/CANDIDATE``) whose
``changes`` hold the ``state`` field's old and new value (:mod:`passgenau.services.workflow`
writes them); they carry the day each state was reached, which the proposal row itself
does not keep.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from passgenau.store.tables import AuditRow, MatchRunRow
from passgenau.store.values import MatchRunEntry, StateChange


class ReportQueries:
    def __init__(self, session: Session, tenant_id: int) -> None:
        self._session = session
        self._tenant_id = tenant_id

    def state_changes(self) -> list[StateChange]:
        """Every recorded state change of the tenant's proposals, oldest first."""
        stmt = (
            select(AuditRow.ext_id, AuditRow.at, AuditRow.changes)
            .where(AuditRow.tenant_id == self._tenant_id, AuditRow.entity == "proposal",
                   AuditRow.changes.is_not(None))
            .order_by(AuditRow.id)
        )
        result = []
        for ext_id, at, changes in self._session.execute(stmt):
            vacancy, _, candidate = (ext_id or "").rpartition("/")
            for change in changes or ():
                if len(change) == 3 and change[0] == "state" and change[2]:
                    result.append(StateChange(vacancy, candidate, at, change[1], change[2]))
        return result

    # -- the decision log ----------------------------------------------------------------
    def add_match_run(self, entry: MatchRunEntry) -> int:
        row = MatchRunRow(
            tenant_id=self._tenant_id, at=entry.at, actor=entry.actor,
            reference_date=entry.reference_date, input_sha256=entry.input_sha256,
            result_sha256=entry.result_sha256, settings=entry.settings,
            travel_model=entry.travel_model, version=entry.version, summary=entry.summary,
        )
        self._session.add(row)
        self._session.flush()
        return row.id

    def match_runs(self, since: date | None = None, until: date | None = None
                   ) -> list[MatchRunEntry]:
        """Runs in the order they were made, optionally from/to a day (UTC)."""
        stmt = select(MatchRunRow).where(MatchRunRow.tenant_id == self._tenant_id)
        if since is not None:
            stmt = stmt.where(MatchRunRow.at >= _start(since))
        if until is not None:
            stmt = stmt.where(MatchRunRow.at < _start(until, 1))
        return [
            MatchRunEntry(row.at, row.actor, row.reference_date, row.input_sha256,
                          row.result_sha256, dict(row.settings), row.travel_model, row.version,
                          dict(row.summary), row.id)
            for row in self._session.scalars(stmt.order_by(MatchRunRow.id))
        ]

    def purge_match_runs(self, before: date) -> int:
        """Delete the runs made before ``before`` (UTC); how many."""
        result = self._session.execute(delete(MatchRunRow).where(
            MatchRunRow.tenant_id == self._tenant_id, MatchRunRow.at < _start(before)))
        return int(result.rowcount or 0)


def _start(day: date, plus_days: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=plus_days)
