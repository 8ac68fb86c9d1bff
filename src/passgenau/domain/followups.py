"""When to see a candidate next (Wiedervorlage): the default interval and the sooner
date after a course ends.

Every active candidate has a next contact date. After a contact the next one is the
default interval later; when a course ends, the next contact comes sooner, because that
is when the next step (a job, the next course) must be planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class FollowUpPolicy:
    weeks: int = 6  # the default interval between contacts
    after_course_days: int = 7  # the next contact at most this long after a course ends

    def __post_init__(self) -> None:
        if not 1 <= self.weeks <= 52:
            raise ValueError("followup_weeks must be 1..52")
        if not 0 <= self.after_course_days <= 90:
            raise ValueError("followup_after_course_days must be 0..90")

    def next_after_contact(self, contacted_on: date) -> date:
        return contacted_on + timedelta(weeks=self.weeks)

    def next_after_course(self, ended_on: date) -> date:
        return ended_on + timedelta(days=self.after_course_days)


@dataclass(frozen=True, slots=True)
class DueFollowUp:
    """One open follow-up that is due on a day, with whom and which team it concerns."""

    number: int  # the store's number of the follow-up
    candidate_id: str
    due: date
    officer: str
    team: str  # the team's code (``Team.value``)
    note: str
    vacancy_id: str | None
    days_overdue: int  # 0: due today

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True, slots=True)
class StoredFollowUp:
    """A follow-up as stored: the store's number, the follow-up, when it was done."""

    number: int
    candidate_id: str
    due: date
    note: str = ""
    vacancy_id: str | None = None
    done_on: date | None = None
    employed: bool | None = None  # at a check after a hire: still works there (None: not asked)
