"""The placement workflow's proposals (follow-ups: :mod:`passgenau.domain.followups`).

A :class:`Proposal` (Vermittlungsvorschlag) starts as ``suggested`` when the matching puts a
candidate on a vacancy's shortlist and moves through preparation, consent, the proposal to
the employer, the on-site interview and trial work to a hire or a rejection. The allowed
moves live here so that every entry point enforces the same workflow.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ProposalState(StrEnum):
    SUGGESTED = "suggested"  # by the matching, not yet looked at
    PREPARED = "prepared"  # candidate prepared (Vorbereitung)
    CONSENTED = "consented"  # candidate agreed to be proposed (Einwilligung)
    PROPOSED = "proposed"  # sent to the employer
    INTERVIEW = "interview"  # Kennenlerngespräch arranged or held
    TRIAL_WORK = "trial_work"  # Erprobung / Praktikum
    HIRED = "hired"  # Integration in Arbeit
    REJECTED = "rejected"  # by the employer or the candidate
    WITHDRAWN = "withdrawn"  # by the Jobcenter (e.g. no longer fitting)

    @property
    def german(self) -> str:
        return _GERMAN[self]

    @property
    def is_final(self) -> bool:
        return self in (ProposalState.HIRED, ProposalState.REJECTED, ProposalState.WITHDRAWN)


_GERMAN = {
    ProposalState.SUGGESTED: "vorgeschlagen (Matching)",
    ProposalState.PREPARED: "vorbereitet",
    ProposalState.CONSENTED: "Einwilligung liegt vor",
    ProposalState.PROPOSED: "dem Arbeitgeber vorgeschlagen",
    ProposalState.INTERVIEW: "Kennenlerngespräch",
    ProposalState.TRIAL_WORK: "Erprobung",
    ProposalState.HIRED: "eingestellt",
    ProposalState.REJECTED: "abgelehnt",
    ProposalState.WITHDRAWN: "zurückgezogen",
}

_NEXT: dict[ProposalState, frozenset[ProposalState]] = {
    ProposalState.SUGGESTED: frozenset({ProposalState.PREPARED, ProposalState.WITHDRAWN}),
    ProposalState.PREPARED: frozenset({ProposalState.CONSENTED, ProposalState.WITHDRAWN}),
    ProposalState.CONSENTED: frozenset({ProposalState.PROPOSED, ProposalState.WITHDRAWN}),
    ProposalState.PROPOSED: frozenset(
        {ProposalState.INTERVIEW, ProposalState.REJECTED, ProposalState.WITHDRAWN}
    ),
    ProposalState.INTERVIEW: frozenset(
        {
            ProposalState.TRIAL_WORK,
            ProposalState.HIRED,
            ProposalState.REJECTED,
            ProposalState.WITHDRAWN,
        }
    ),
    ProposalState.TRIAL_WORK: frozenset(
        {ProposalState.HIRED, ProposalState.REJECTED, ProposalState.WITHDRAWN}
    ),
    ProposalState.HIRED: frozenset(),
    ProposalState.REJECTED: frozenset(),
    ProposalState.WITHDRAWN: frozenset(),
}


def can_move(current: ProposalState, target: ProposalState) -> bool:
    return target in _NEXT[current]


class ProposalSource(StrEnum):
    """Where a proposal came from: the format, so reports can compare which one works
    (the seed interview's question). A shortlist is the matching's hand-picked 3–4; the
    others are events (:mod:`passgenau.domain.events`) where candidate and employer met."""

    SHORTLIST = "shortlist"
    JOB_FAIR = "job_fair"
    SPEED_DATING = "speed_dating"
    INFO_SESSION = "info_session"

    @property
    def german(self) -> str:
        return {"shortlist": "Auswahl (passgenau)", "job_fair": "Jobmesse",
                "speed_dating": "Speed-Dating", "info_session": "Gruppeninformation"}[
            self.value]


class ReasonCode(StrEnum):
    """Why a proposal ended as ``rejected`` or ``withdrawn`` (kept for the statistics)."""

    LANGUAGE = "language"
    HOURS = "hours"
    COMMUTE = "commute"
    QUALIFICATION = "qualification"
    CANDIDATE_DECLINED = "candidate_declined"
    EMPLOYER_DECLINED = "employer_declined"
    NO_SHOW = "no_show"
    PLACED_ELSEWHERE = "placed_elsewhere"  # the candidate was hired on another proposal
    VACANCY_FILLED = "vacancy_filled"  # the vacancy's last open position was filled
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Proposal:
    """One candidate proposed for one vacancy."""

    vacancy_id: str
    candidate_id: str
    state: ProposalState = ProposalState.SUGGESTED
    score: float | None = None
    rank: int | None = None
    shift: str | None = None  # the fitting shift option's label
    household_id: str | None = None  # set for a joint household proposal
    reason: ReasonCode | None = None  # set when rejected or withdrawn
    note: str = ""  # free text by the officer: personal, never logged or audited by value
    source: ProposalSource = ProposalSource.SHORTLIST  # the format it came from
    event_id: str | None = None  # the event it came from (source other than shortlist)
