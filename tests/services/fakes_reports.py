"""The in-memory reports repository (issue 13): state changes read off the fake audit
log, the decision log as a list."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from passgenau.services.unit_of_work import MatchRunEntry, StateChange

if TYPE_CHECKING:
    from .fakes import TenantData


class FakeReports:
    def __init__(self, tenant: TenantData) -> None:
        self._tenant = tenant

    def state_changes(self) -> list[StateChange]:
        result = []
        for line in self._tenant.audit:
            if line.entity != "proposal" or not line.ext_id:
                continue
            vacancy, _, candidate = line.ext_id.rpartition("/")
            for change in line.changes:
                if change.field == "state" and change.new:
                    result.append(StateChange(vacancy, candidate, line.at, change.old,
                                              change.new))
        return result

    def add_match_run(self, entry: MatchRunEntry) -> int:
        number = len(self._tenant.match_runs) + 1
        self._tenant.match_runs.append(dataclasses.replace(entry, number=number))
        return number

    def match_runs(self, since: date | None = None, until: date | None = None
                   ) -> list[MatchRunEntry]:
        return [r for r in self._tenant.match_runs
                if (since is None or r.at.date() >= since)
                and (until is None or r.at.date() <= until)]

    def purge_match_runs(self, before: date) -> int:
        cut = datetime(before.year, before.month, before.day, tzinfo=UTC)
        kept = [r for r in self._tenant.match_runs if r.at >= cut]
        removed = len(self._tenant.match_runs) - len(kept)
        self._tenant.match_runs[:] = kept
        return removed
