"""The plain rows the reports are computed from.

``services/reports.py`` fills them from the stored workflow (proposals with the day each
state was first reached, read from the audit trail; candidates with team, officer and
integration courses; follow-ups) or from one matching run; tests build them by hand.
Nothing here names a person: candidates appear by their id only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from passgenau.domain.placement import ProposalState


class Format(StrEnum):
    """How a proposal came about: the matching's shortlist or one of the event formats
    (job fair, speed-dating, group information session). The events' records set the
    last three when they land; every proposal of the matching is a ``shortlist`` one."""

    SHORTLIST = "shortlist"
    JOB_FAIR = "job_fair"
    SPEED_DATING = "speed_dating"
    INFO_SESSION = "info_session"


CHAIN: tuple[ProposalState, ...] = (
    ProposalState.SUGGESTED,
    ProposalState.PREPARED,
    ProposalState.CONSENTED,
    ProposalState.PROPOSED,
    ProposalState.INTERVIEW,
    ProposalState.TRIAL_WORK,
    ProposalState.HIRED,
)
"""The workflow's forward states in order. Trial work is a side step: a hire may follow
the interview directly, so a hire implies an interview but not trial work."""

_IMPLIED: dict[ProposalState, tuple[ProposalState, ...]] = {
    ProposalState.SUGGESTED: (),
    ProposalState.PREPARED: (ProposalState.SUGGESTED,),
    ProposalState.CONSENTED: (ProposalState.SUGGESTED, ProposalState.PREPARED),
    ProposalState.PROPOSED: (ProposalState.SUGGESTED, ProposalState.PREPARED,
                             ProposalState.CONSENTED),
    ProposalState.INTERVIEW: (ProposalState.SUGGESTED, ProposalState.PREPARED,
                              ProposalState.CONSENTED, ProposalState.PROPOSED),
    ProposalState.TRIAL_WORK: (ProposalState.SUGGESTED, ProposalState.PREPARED,
                               ProposalState.CONSENTED, ProposalState.PROPOSED,
                               ProposalState.INTERVIEW),
    ProposalState.HIRED: (ProposalState.SUGGESTED, ProposalState.PREPARED,
                          ProposalState.CONSENTED, ProposalState.PROPOSED,
                          ProposalState.INTERVIEW),
}


def implied(state: ProposalState) -> tuple[ProposalState, ...]:
    """The forward states a proposal must have passed to be in ``state``."""
    return _IMPLIED.get(state, ())


@dataclass(frozen=True, slots=True)
class ProposalFacts:
    """One proposal as the reports see it.

    ``reached`` maps each forward state the proposal reached to the first day it did;
    states it must have passed (a hire passed the interview) are filled in by
    :func:`complete_reached`, so the funnel never counts a step without the one before.
    """

    vacancy_id: str
    candidate_id: str
    made_on: date
    state: ProposalState
    format: Format = Format.SHORTLIST
    team: str = ""  # the candidate's team on ``made_on`` ("" unknown)
    officer: str = ""  # the candidate's officer ("" none recorded)
    reached: Mapping[ProposalState, date] = field(default_factory=dict)

    def on(self, state: ProposalState) -> date | None:
        """The day ``state`` was first reached; None if never."""
        return self.reached.get(state)


def complete_reached(reached: Mapping[ProposalState, date], made_on: date
                     ) -> dict[ProposalState, date]:
    """``reached`` with every implied earlier state filled in (dated no later than the
    first later state known) and the proposal's making as ``suggested``."""
    result = dict(reached)
    result.setdefault(ProposalState.SUGGESTED, made_on)
    for state in reversed(CHAIN):
        day = result.get(state)
        if day is None:
            continue
        for earlier in implied(state):
            if earlier not in result or result[earlier] > day:
                result[earlier] = day
    return result


@dataclass(frozen=True, slots=True)
class CandidateFacts:
    """A candidate's attributes for figures and the fairness audit (no name, no contact).

    ``gender`` and ``citizenship`` are the exchange format's optional statistics fields
    ("" unknown); the matching never reads them. ``household`` is ``single``,
    ``household`` or ``household_together`` (a household to be placed together).
    """

    candidate_id: str
    team: str = ""
    officer: str = ""
    birth_year: int | None = None
    gender: str = ""
    citizenship: str = ""
    household: str = "single"
    active: bool = True
    german_level: str = ""
    municipality: str = ""
    integration_course_ends: tuple[date, ...] = ()


@dataclass(frozen=True, slots=True)
class FollowUpFacts:
    """A follow-up (Wiedervorlage): due, done, and for a check after a hire whether the
    candidate still works there (``employed``: None when not asked)."""

    candidate_id: str
    due: date
    done_on: date | None = None
    vacancy_id: str | None = None
    employed: bool | None = None
    team: str = ""
    officer: str = ""

    def open_on(self, day: date) -> bool:
        """Not done by the end of ``day``."""
        return self.done_on is None or self.done_on > day
