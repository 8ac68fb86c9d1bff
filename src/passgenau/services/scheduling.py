"""Use cases of the timetables: a speed-dating for listed employers, an on-site
interview day for a vacancy's shortlist, both on an exchange document.

The solvers (``scheduling/``) are pure; this module checks the request against the
document, derives the solvers' inputs (the event's feasible pairs, the shortlist from the
matching's result) and returns typed results. Nothing is stored and no German text is
made here: errors carry a code and the value at fault, ``presentation/scheduling.py``
words them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from passgenau.domain.errors import PassgenauError
from passgenau.domain.model import Dataset, Employer, Location, TravelMode
from passgenau.domain.schedule import Weekday
from passgenau.geo.distance import Points
from passgenau.geo.travel import TravelModel
from passgenau.matching.result import Shortlist
from passgenau.scheduling.accompanied_day import (
    MAX_CALLS,
    AccompaniedDayPlan,
    Call,
    plan_accompanied_day,
)
from passgenau.scheduling.event_pairs import EventPairs, event_pairs
from passgenau.scheduling.interview_day import (
    InterviewDayPlan,
    InterviewDayRequest,
    Interviewee,
    block_plans,
    plan_interview_day,
)
from passgenau.scheduling.speed_dating import (
    SpeedDatingInput,
    SpeedDatingPlan,
    plan_speed_dating,
)
from passgenau.services.matching import match_dataset

MINUTES_PER_DAY = 24 * 60


class SchedulingRequestError(PassgenauError):
    """A request the document cannot answer: ``code`` says what is wrong, ``value`` with
    what (an id or a number); the entry points word it in German."""

    def __init__(self, code: str, value: str = "") -> None:
        self.code = code
        self.value = value
        super().__init__(f"{code}: {value}")


# -- speed-dating --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EventTime:
    """When an event takes place: its date, first round's start and round length."""

    day: date | None  # None: not given (then nobody's availability is checked)
    start: int  # minutes after midnight
    minutes: int  # per round

    def round_start(self, round_number: int) -> int:
        return self.start + (round_number - 1) * self.minutes


@dataclass(frozen=True, slots=True)
class SpeedDatingRun:
    plan: SpeedDatingPlan
    pairs: EventPairs  # the feasible pairs (tables = listed employers, in order)
    place: Location | None
    time: EventTime
    #: candidates who fit some table but can attend no round (the event's date given):
    #: their availability that weekday holds no round with the commute both ways
    not_available: tuple[str, ...] = ()
    #: candidates who fit some table and can attend some rounds but not all
    partly_available: tuple[str, ...] = ()

    def meeting_pair(self, table: int, candidate: int) -> int:
        """The row of ``pairs`` behind a meeting (its vacancy and commute)."""
        rows = np.flatnonzero((self.pairs.table == table) & (self.pairs.candidate == candidate))
        return int(rows[0])

    @property
    def unmet(self) -> tuple[str, ...]:
        """Candidates who fit some table and can come but got no meeting."""
        met = {self.pairs.candidate_ids[m.candidate] for m in self.plan.meetings}
        fitting = dict.fromkeys(self.pairs.candidate_ids[i]
                                for i in sorted(set(self.pairs.candidate.tolist())))
        return tuple(c for c in fitting if c not in met and c not in self.not_available)


def speed_dating(
    dataset: Dataset,
    employer_ids: tuple[str, ...],
    rounds: int,
    travel: TravelModel,
    *,
    place: Location | None = None,
    time: EventTime | None = None,
) -> SpeedDatingRun:
    """The optimal timetable (see :mod:`passgenau.scheduling.speed_dating`) for the
    listed employers, one table each in the order given. With the event's date, each
    candidate meets only in rounds they can attend."""
    time = time or EventTime(None, 9 * 60, 10)
    _check_event(dataset, employer_ids, rounds, time)
    pairs = event_pairs(dataset, employer_ids, place, travel)
    allowed = None
    absent: tuple[str, ...] = ()
    partly: tuple[str, ...] = ()
    if time.day is not None:
        allowed = attendable_rounds(dataset, pairs, rounds, time)
        fitting = sorted(set(pairs.candidate.tolist()))
        absent = tuple(pairs.candidate_ids[c] for c in fitting if not allowed[c].any())
        partly = tuple(pairs.candidate_ids[c] for c in fitting
                       if allowed[c].any() and not allowed[c].all())
    plan = plan_speed_dating(SpeedDatingInput(
        n_tables=len(employer_ids), n_candidates=len(pairs.candidate_ids), table=pairs.table,
        candidate=pairs.candidate, score=pairs.score, rounds=rounds, allowed=allowed))
    return SpeedDatingRun(plan, pairs, place, time, absent, partly)


def _check_event(dataset: Dataset, employer_ids: tuple[str, ...], rounds: int,
                 time: EventTime) -> None:
    known = {e.id for e in dataset.employers}
    if not employer_ids:
        raise SchedulingRequestError("NO_EMPLOYERS")
    for eid in employer_ids:
        if eid not in known:
            raise SchedulingRequestError("UNKNOWN_EMPLOYER", eid)
    for k, eid in enumerate(employer_ids):
        if eid in employer_ids[:k]:
            raise SchedulingRequestError("EMPLOYER_TWICE", eid)
    if rounds < 1:
        raise SchedulingRequestError("ROUNDS", str(rounds))
    if time.minutes < 1:
        raise SchedulingRequestError("ROUND_MINUTES", str(time.minutes))
    if time.start + rounds * time.minutes > MINUTES_PER_DAY:
        raise SchedulingRequestError("PAST_MIDNIGHT", str(rounds))


def attendable_rounds(dataset: Dataset, pairs: EventPairs, rounds: int,
                      time: EventTime) -> npt.NDArray[np.bool_]:
    """(candidates, rounds): whether the candidate can be at that round, i.e. one of
    their availability windows that weekday holds the round widened by their commute
    to the event (the quickest of their pairs') before and after, as the SCHEDULE rule
    does for shifts: a mother whose childcare ends at 13:00 with 35 minutes by bus can
    attend rounds that end by 12:25."""
    assert time.day is not None
    weekday = Weekday(time.day.weekday())
    allowed = np.zeros((len(pairs.candidate_ids), rounds), dtype=bool)
    commute: dict[int, int] = {}
    for c, minutes in zip(pairs.candidate.tolist(), pairs.commute_minutes.tolist(),
                          strict=True):
        commute[c] = min(commute.get(c, minutes), minutes)
    for c, minutes in commute.items():
        windows = dataset.candidates[c].availability
        for r in range(rounds):
            begin = time.round_start(r + 1)
            allowed[c, r] = any(w.covers(weekday, begin - minutes, begin + time.minutes + minutes)
                                for w in windows)
    return allowed


# -- interview day ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class InterviewDayRun:
    plan: InterviewDayPlan
    vacancy_id: str
    employer_id: str
    day: date
    start: int
    end: int
    slot_minutes: int
    shortlist: tuple[str, ...]  # the matching's proposals for the vacancy, by rank


def interview_day(
    dataset: Dataset,
    vacancy_id: str,
    day: date,
    *,
    start: int = 8 * 60,
    end: int = 16 * 60,
    slot_minutes: int = 30,
    match_travel: TravelModel,
    day_travel: TravelModel | None = None,
) -> InterviewDayRun:
    """The shortlist of ``vacancy_id`` (its proposals in the matching's result on
    ``dataset`` with ``match_travel``) invited to the workplace on ``day``; the commute
    by ``day_travel`` (the same model, for the week of ``day``; default
    ``match_travel``)."""
    _check_interview(dataset, vacancy_id, start, end, slot_minutes)
    outcome = match_dataset(dataset, match_travel).outcome
    shortlist = _shortlist(outcome.shortlists, vacancy_id)
    return interview_day_of(dataset, vacancy_id, shortlist, day, start=start, end=end,
                            slot_minutes=slot_minutes, travel=day_travel or match_travel)


def interview_day_of(
    dataset: Dataset,
    vacancy_id: str,
    shortlist: tuple[str, ...],
    day: date,
    *,
    start: int = 8 * 60,
    end: int = 16 * 60,
    slot_minutes: int = 30,
    travel: TravelModel,
) -> InterviewDayRun:
    """The interview day of a given shortlist (candidate ids of ``dataset``, by rank):
    the web plans the stored proposals of a vacancy with it, without a matching run."""
    employer = _check_interview(dataset, vacancy_id, start, end, slot_minutes)
    request = _request(dataset, vacancy_id, shortlist, day, start, end, slot_minutes)
    plan = plan_interview_day(request, travel)
    return InterviewDayRun(plan, vacancy_id, employer.id, day, start, end, slot_minutes,
                           shortlist)


def _check_interview(dataset: Dataset, vacancy_id: str, start: int, end: int,
                     slot_minutes: int) -> Employer:
    """The vacancy's employer, if interviews there can be planned as asked."""
    vacancy = next((v for v in dataset.vacancies if v.id == vacancy_id), None)
    if vacancy is None:
        raise SchedulingRequestError("UNKNOWN_VACANCY", vacancy_id)
    employer = dataset.employer(vacancy.employer_id)
    if not employer.onsite_interviews:
        raise SchedulingRequestError("NO_ONSITE_INTERVIEWS", employer.id)
    if slot_minutes < 1:
        raise SchedulingRequestError("SLOT_MINUTES", str(slot_minutes))
    if not start < end:
        raise SchedulingRequestError("DAY_ENDS_BEFORE_START")
    if end - start < slot_minutes:
        raise SchedulingRequestError("DAY_TOO_SHORT", str(slot_minutes))
    return employer


def _shortlist(shortlists: Sequence[Shortlist], vacancy_id: str) -> tuple[str, ...]:
    return next(tuple(line.candidate_id for line in s.proposals)
                for s in shortlists if s.vacancy_id == vacancy_id)


def _request(dataset: Dataset, vacancy_id: str, shortlist: tuple[str, ...], day: date,
             start: int, end: int, slot_minutes: int) -> InterviewDayRequest:
    vacancy = next(v for v in dataset.vacancies if v.id == vacancy_id)
    by_id = {c.id: c for c in dataset.candidates}
    weekday = Weekday(day.weekday())
    return InterviewDayRequest(
        place=dataset.vacancy_location(vacancy), weekday=weekday, start=start, end=end,
        slot_minutes=slot_minutes,
        interviewees=tuple(Interviewee.of(by_id[cid], weekday) for cid in shortlist))


# -- one staff member, several employers -------------------------------------------------
@dataclass(frozen=True, slots=True)
class AccompaniedVisit:
    vacancy_id: str
    employer_id: str
    arrive: int
    travel_minutes: int  # the staff member's, from the office or the previous employer
    interviews: InterviewDayPlan  # the shortlist's block


@dataclass(frozen=True, slots=True)
class SkippedVacancy:
    vacancy_id: str
    #: NO_SHORTLIST (no proposals), NO_BLOCK (no back-to-back block fits every
    #: candidate; ``interviews`` says who blocks it) or ROUTE (the staff member's day
    #: cannot also hold it)
    reason: str
    interviews: InterviewDayPlan | None = None


@dataclass(frozen=True, slots=True)
class AccompaniedDayRun:
    day: date
    office: Location
    staff_mode: TravelMode
    start: int
    end: int
    slot_minutes: int
    plan: AccompaniedDayPlan
    visits: tuple[AccompaniedVisit, ...]
    skipped: tuple[SkippedVacancy, ...]


def accompanied_day(
    dataset: Dataset,
    vacancy_ids: tuple[str, ...],
    day: date,
    office: Location,
    *,
    start: int = 8 * 60,
    end: int = 17 * 60,
    slot_minutes: int = 30,
    staff_mode: TravelMode = TravelMode.TRANSIT,
    match_travel: TravelModel,
    day_travel: TravelModel | None = None,
) -> AccompaniedDayRun:
    """One staff member from ``office`` accompanies the shortlists of the vacancies (the
    matching's proposals) to their interviews on ``day`` within the staff member's
    hours; the staff member travels by ``staff_mode``."""
    travel = day_travel or match_travel
    if not vacancy_ids:
        raise SchedulingRequestError("NO_VACANCIES")
    if len(vacancy_ids) > MAX_CALLS:
        raise SchedulingRequestError("TOO_MANY_VACANCIES", str(MAX_CALLS))
    for k, vid in enumerate(vacancy_ids):
        if vid in vacancy_ids[:k]:
            raise SchedulingRequestError("VACANCY_TWICE", vid)
    for vid in vacancy_ids:
        _check_interview(dataset, vid, start, end, slot_minutes)
    outcome = match_dataset(dataset, match_travel).outcome
    calls: list[Call] = []
    blocks: dict[str, tuple[InterviewDayPlan, ...]] = {}
    skipped: list[SkippedVacancy] = []
    for vid in vacancy_ids:
        shortlist = _shortlist(outcome.shortlists, vid)
        request = _request(dataset, vid, shortlist, day, start, end, slot_minutes)
        if not shortlist:
            skipped.append(SkippedVacancy(vid, "NO_SHORTLIST"))
            continue
        plans = block_plans(request, travel)
        if not plans:
            skipped.append(SkippedVacancy(vid, "NO_BLOCK", plan_interview_day(request, travel)))
            continue
        blocks[vid] = plans
        calls.append(Call(vid, request.place, tuple(
            (p.slots[0].start, p.slots[-1].end) for p in plans)))
    places = [office, *(c.place for c in calls)]
    points = Points(np.array([p.lat for p in places]), np.array([p.lon for p in places]))
    n = len(places)
    a, b = np.divmod(np.arange(n * n, dtype=np.int64), n)
    flat = travel.minutes_by_mode((staff_mode,), points, points, a, b)[0]
    minutes = [[0 if i == j else int(flat[i * n + j]) for j in range(n)] for i in range(n)]
    plan = plan_accompanied_day(start, end, calls, minutes)
    employer_of = {v.id: v.employer_id for v in dataset.vacancies}
    visits = tuple(
        AccompaniedVisit(v.key, employer_of[v.key], v.arrive, v.travel_minutes,
                         blocks[v.key][v.block])
        for v in plan.visits)
    skipped += [SkippedVacancy(key, "ROUTE") for key in plan.skipped]
    order = {vid: k for k, vid in enumerate(vacancy_ids)}
    skipped.sort(key=lambda s: order[s.vacancy_id])
    return AccompaniedDayRun(day, office, staff_mode, start, end, slot_minutes, plan,
                             visits, tuple(skipped))
