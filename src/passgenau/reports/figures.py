"""Job-Turbo figures per month and per team, and the workload per officer.

Counted from the workflow's rows (:mod:`passgenau.reports.rows`), each event in the month
it happened:

- ``proposals_made``: proposals made (the matching's suggestion stored, or an event's
  lead) in the month; ``consented``, ``sent`` (profile sent to the employer: state
  *proposed*), ``interviews``, ``trial_work`` and ``hires``: proposals that first reached
  that state in the month;
- ``still_employed_6m``: of the month's hires, those with a follow-up done at least six
  calendar months after the hire that recorded them still employed (``checked_6m``: with
  any such follow-up; a hire younger than six months cannot be checked yet);
- ``course_to_job_days``: for candidates whose first hire falls in the month, the median
  of the days from the end of their last integration course before it (``course_to_job``
  counts them; candidates without a finished integration course are left out);
- ``follow_ups_overdue``: follow-ups due before the month's last day (or the report day,
  for the running month) and not done by then.

Workload per officer: their active cases, the follow-ups due in the month, and the
proposals of their candidates that moved in the month. The officer is the one recorded
now (the store keeps no history of assignments).
"""

from __future__ import annotations

import calendar
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from passgenau.domain.placement import ProposalState
from passgenau.reports.rows import CandidateFacts, FollowUpFacts, ProposalFacts

S = ProposalState


@dataclass(frozen=True, slots=True)
class Figures:
    proposals_made: int = 0
    consented: int = 0
    sent: int = 0
    interviews: int = 0
    trial_work: int = 0
    hires: int = 0
    checked_6m: int = 0
    still_employed_6m: int = 0
    course_to_job: int = 0
    course_to_job_days: float | None = None  # median
    follow_ups_overdue: int = 0


@dataclass(frozen=True, slots=True)
class TeamFigures:
    team: str
    figures: Figures


@dataclass(frozen=True, slots=True)
class OfficerLoad:
    officer: str
    cases: int
    follow_ups_due: int
    proposals_moved: int


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: str  # "YYYY-MM"
    first_day: date
    last_day: date  # the month's last day, or the report day for the running month
    figures: Figures
    teams: tuple[TeamFigures, ...]
    officers: tuple[OfficerLoad, ...]


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_between(start: date, end: date) -> list[tuple[date, date]]:
    """(first day, last day) of every calendar month from ``start``'s to ``end``'s."""
    result = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        last = date(year, month, calendar.monthrange(year, month)[1])
        result.append((date(year, month, 1), last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (clamped to the month's end)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _in(day: date | None, first: date, last: date) -> bool:
    return day is not None and first <= day <= last


def _figures(
    proposals: Sequence[ProposalFacts],
    candidates: Sequence[CandidateFacts],
    follow_ups: Sequence[FollowUpFacts],
    first_hires: dict[str, date],
    first: date,
    last: date,
) -> Figures:
    def count(state: ProposalState) -> int:
        return sum(1 for p in proposals if _in(p.on(state), first, last))

    hires = [p for p in proposals if _in(p.on(S.HIRED), first, last)]
    checks: dict[tuple[str, str], list[FollowUpFacts]] = {}
    for f in follow_ups:
        if f.vacancy_id is not None and f.employed is not None and f.done_on is not None:
            checks.setdefault((f.candidate_id, f.vacancy_id), []).append(f)
    checked = employed = 0
    for p in hires:
        hired_on = p.on(S.HIRED)
        assert hired_on is not None
        late = [f for f in checks.get((p.candidate_id, p.vacancy_id), ())
                if f.done_on is not None and f.done_on >= add_months(hired_on, 6)]
        if late:
            checked += 1
            latest = max(late, key=lambda f: (f.done_on, f.due))
            employed += bool(latest.employed)
    waits = []
    for c in candidates:
        hired_on = first_hires.get(c.candidate_id)
        if not _in(hired_on, first, last):
            continue
        assert hired_on is not None
        ends = [e for e in c.integration_course_ends if e <= hired_on]
        if ends:
            waits.append((hired_on - max(ends)).days)
    overdue = sum(1 for f in follow_ups if f.due < last and f.open_on(last))
    return Figures(
        proposals_made=sum(1 for p in proposals if _in(p.made_on, first, last)),
        consented=count(S.CONSENTED),
        sent=count(S.PROPOSED),
        interviews=count(S.INTERVIEW),
        trial_work=count(S.TRIAL_WORK),
        hires=len(hires),
        checked_6m=checked,
        still_employed_6m=employed,
        course_to_job=len(waits),
        course_to_job_days=float(statistics.median(waits)) if waits else None,
        follow_ups_overdue=overdue,
    )


def _first_hires(proposals: Iterable[ProposalFacts]) -> dict[str, date]:
    first: dict[str, date] = {}
    for p in proposals:
        day = p.on(S.HIRED)
        if day is not None and (p.candidate_id not in first or day < first[p.candidate_id]):
            first[p.candidate_id] = day
    return first


def _officers(
    proposals: Sequence[ProposalFacts],
    candidates: Sequence[CandidateFacts],
    follow_ups: Sequence[FollowUpFacts],
    first: date,
    last: date,
) -> tuple[OfficerLoad, ...]:
    officer_of = {c.candidate_id: c.officer for c in candidates}
    names = sorted({c.officer for c in candidates if c.officer})
    loads = []
    for name in names:
        cases = sum(1 for c in candidates if c.officer == name and c.active)
        due = sum(1 for f in follow_ups
                  if officer_of.get(f.candidate_id) == name and _in(f.due, first, last))
        moved = sum(1 for p in proposals if officer_of.get(p.candidate_id) == name
                    and any(_in(d, first, last) for d in p.reached.values()))
        loads.append(OfficerLoad(name, cases, due, moved))
    return tuple(loads)


def _filtered(
    proposals: Sequence[ProposalFacts],
    candidates: Sequence[CandidateFacts],
    follow_ups: Sequence[FollowUpFacts],
    team: str | None,
) -> tuple[Sequence[ProposalFacts], Sequence[CandidateFacts], Sequence[FollowUpFacts]]:
    if team is None:
        return proposals, candidates, follow_ups
    return ([p for p in proposals if p.team == team], [c for c in candidates if c.team == team],
            [f for f in follow_ups if f.team == team])


def _period(
    proposals: Sequence[ProposalFacts],
    candidates: Sequence[CandidateFacts],
    follow_ups: Sequence[FollowUpFacts],
    first_hires: dict[str, date],
    label: str,
    first: date,
    last: date,
) -> MonthFigures:
    teams = sorted({p.team for p in proposals} | {c.team for c in candidates}
                   | {f.team for f in follow_ups})
    per_team = tuple(
        TeamFigures(name, _figures(
            [p for p in proposals if p.team == name],
            [c for c in candidates if c.team == name],
            [f for f in follow_ups if f.team == name], first_hires, first, last))
        for name in teams
    )
    return MonthFigures(
        month=label, first_day=first, last_day=last,
        figures=_figures(proposals, candidates, follow_ups, first_hires, first, last),
        teams=per_team, officers=_officers(proposals, candidates, follow_ups, first, last))


def period_figures(
    proposals: Sequence[ProposalFacts],
    candidates: Sequence[CandidateFacts],
    follow_ups: Sequence[FollowUpFacts],
    start: date,
    end: date,
    *,
    today: date | None = None,
    team: str | None = None,
) -> MonthFigures:
    """The same figures over the whole window at once (labelled ``total``): the median
    over all of it, overdue follow-ups at its end."""
    proposals, candidates, follow_ups = _filtered(proposals, candidates, follow_ups, team)
    last = min(end, max(today or end, start))
    return _period(proposals, candidates, follow_ups, _first_hires(proposals), "total",
                   start, last)


def monthly_figures(
    proposals: Sequence[ProposalFacts],
    candidates: Sequence[CandidateFacts],
    follow_ups: Sequence[FollowUpFacts],
    start: date,
    end: date,
    *,
    today: date | None = None,
    team: str | None = None,
) -> tuple[MonthFigures, ...]:
    """The figures of every month from ``start`` to ``end`` (whole months), in total and
    per team; with ``team`` only that team's candidates count. ``today`` ends the running
    month for the overdue count (default: ``end``)."""
    today = today or end
    proposals, candidates, follow_ups = _filtered(proposals, candidates, follow_ups, team)
    first_hires = _first_hires(proposals)
    return tuple(
        _period(proposals, candidates, follow_ups, first_hires, month_key(first), first,
                min(last, max(today, first)))
        for first, last in months_between(start, end)
    )
