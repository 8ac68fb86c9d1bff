"""An on-site interview day for a vacancy's shortlist: consecutive slots at the employer.

Each candidate's slot must be reachable and inside their availability that weekday with
the commute both ways included: leaving home ``there`` minutes before the slot starts
(the timetable's latest trip arriving in time, where the model has one) and home again
``back`` minutes after it ends (the first trip after it). A mother whose childcare ends
at 13:00 with a 35-minute bus ride home can take a slot that ends by 12:25, not later.
Each way must also lie within the candidate's ``max_commute_minutes``, as for the job.

The slots are the day cut into ``slot_minutes`` pieces from ``start`` to ``end``. The
plan prefers the candidates back to back (a block of consecutive slots, so the employer
has no gaps) and, among those, the least time away from home in total; where no block
fits everyone it spreads them over the day. Shortlists hold at most ten candidates and a
day a few dozen slots, so each block is an exact min-cost assignment (a small flow).

When a candidate cannot be placed, the plan names them with a rule code:
``COMMUTE`` (no way there and back within their limit at any slot), ``SCHEDULE``
(reachable, but no slot with its commute lies inside their availability), or
``NO_FREE_SLOT`` (the slots they could take are all needed by the others).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from passgenau.domain.model import Candidate, Location, TravelMode
from passgenau.domain.schedule import Weekday
from passgenau.geo.distance import Points
from passgenau.geo.travel import NO_WAY, TravelModel, Trips

COMMUTE = "COMMUTE"
SCHEDULE = "SCHEDULE"
NO_FREE_SLOT = "NO_FREE_SLOT"


@dataclass(frozen=True, slots=True)
class Interviewee:
    """What the day needs of one candidate: where they live, how they travel, how long
    they may, and when on that weekday they can be away from home."""

    candidate_id: str
    home: Location
    modes: tuple[TravelMode, ...]  # usable (car only with a licence)
    max_commute_minutes: int
    windows: tuple[tuple[int, int], ...]  # availability on the weekday, minutes

    @classmethod
    def of(cls, candidate: Candidate, weekday: Weekday) -> Interviewee:
        windows = tuple(sorted((w.start, w.end) for w in candidate.availability
                               if weekday in w.days))
        return cls(candidate.id, candidate.home, candidate.usable_modes(),
                   candidate.max_commute_minutes, windows)


@dataclass(frozen=True, slots=True)
class InterviewDayRequest:
    place: Location  # where the interviews are (the vacancy's workplace)
    weekday: Weekday
    start: int  # minutes after midnight
    end: int
    slot_minutes: int
    interviewees: tuple[Interviewee, ...]

    def __post_init__(self) -> None:
        if self.slot_minutes < 1:
            raise ValueError("slot_minutes must be at least 1")
        if not 0 <= self.start < self.end <= 24 * 60:
            raise ValueError("the day must start before it ends")

    @property
    def slot_starts(self) -> list[int]:
        count = (self.end - self.start) // self.slot_minutes
        return [self.start + k * self.slot_minutes for k in range(count)]


@dataclass(frozen=True, slots=True)
class InterviewSlot:
    candidate_id: str
    start: int
    end: int
    mode: TravelMode
    there_minutes: int  # leaving home this long before ``start``
    home_minutes: int  # home this long after ``end``
    trips: Trips | None  # the public transport trips (None: no timetable, or not by bus)

    @property
    def commute_minutes(self) -> int:
        """The longer way, as the matching counts a commute."""
        return max(self.there_minutes, self.home_minutes)

    @property
    def leave_home(self) -> int:
        return self.start - self.there_minutes

    @property
    def back_home(self) -> int:
        return self.end + self.home_minutes


@dataclass(frozen=True, slots=True)
class Blocked:
    """A candidate the day cannot take, the rule, and the values that decided it."""

    candidate_id: str
    rule: str  # COMMUTE, SCHEDULE or NO_FREE_SLOT
    commute_minutes: int | None  # the quickest way (longer leg) at any slot; None: no way
    max_commute_minutes: int
    windows: tuple[tuple[int, int], ...]  # availability that weekday


@dataclass(frozen=True, slots=True)
class InterviewDayPlan:
    weekday: Weekday
    slots: tuple[InterviewSlot, ...]  # by start time; everyone placed unless blocked
    blocked: tuple[Blocked, ...]  # in shortlist order

    @property
    def fits(self) -> bool:
        return not self.blocked


@dataclass(frozen=True, slots=True)
class _Option:
    mode: TravelMode
    there: int
    home: int


def plan_interview_day(request: InterviewDayRequest, travel: TravelModel) -> InterviewDayPlan:
    """The day for everyone on the shortlist, or the candidates that block it."""
    options, legs, blocked = _options(request, travel)
    people = request.interviewees
    refused = {b.candidate_id for b in blocked}
    placeable = [i for i, p in enumerate(people) if p.candidate_id not in refused]
    placed = _assign(options, placeable, len(request.slot_starts))
    for i in placeable:
        if i not in placed:
            blocked.append(Blocked(people[i].candidate_id, NO_FREE_SLOT,
                                   _quickest(legs[i], people[i], within=True),
                                   people[i].max_commute_minutes, people[i].windows))
    order = {p.candidate_id: k for k, p in enumerate(people)}
    blocked.sort(key=lambda b: order[b.candidate_id])
    return _plan(request, travel, options, placed, tuple(blocked))


def block_plans(request: InterviewDayRequest,
                travel: TravelModel) -> tuple[InterviewDayPlan, ...]:
    """Every way to see the whole shortlist in one stretch: for each first slot, the
    shortest run of slots from it that fits everyone (back to back where that works),
    with that run's plan (least time away from home); by start time, one plan per
    distinct stretch; empty when some candidate fits no slot or the day cannot take
    them all. What an accompanying staff member's day is made of
    (:mod:`.accompanied_day`): a later first slot never ends earlier."""
    options, _, blocked = _options(request, travel)
    n = len(request.interviewees)
    n_slots = len(request.slot_starts)
    if blocked or n == 0:
        return ()
    everyone = list(range(n))
    plans: dict[tuple[int, int], InterviewDayPlan] = {}
    for first in range(n_slots - n + 1):
        for last in range(first + n - 1, n_slots):
            found = _min_cost_assignment(options, everyone, range(first, last + 1))
            if len(found) == n:
                plan = _plan(request, travel, options, found, ())
                plans.setdefault((plan.slots[0].start, plan.slots[-1].end), plan)
                break
        else:
            break  # no run from here fits everyone, nor from any later slot
    return tuple(plans[span] for span in sorted(plans))


def _options(request: InterviewDayRequest, travel: TravelModel
             ) -> tuple[list[list[_Option | None]], list[list[Legs]], list[Blocked]]:
    """Per candidate and slot the best fitting way (None: the slot does not fit), the
    legs behind them, and the candidates no slot fits."""
    starts = request.slot_starts
    legs = _legs(request, travel, starts)
    options: list[list[_Option | None]] = []
    blocked: list[Blocked] = []
    for i, person in enumerate(request.interviewees):
        row = [_fitting(person, start, start + request.slot_minutes, legs[i][s])
               for s, start in enumerate(starts)]
        options.append(row)
        if all(o is None for o in row):
            blocked.append(_blocked(person, legs[i]))
    return options, legs, blocked


def _plan(request: InterviewDayRequest, travel: TravelModel,
          options: list[list[_Option | None]], placed: dict[int, int],
          blocked: tuple[Blocked, ...]) -> InterviewDayPlan:
    """The plan of the placed candidates (person → slot), with their trips."""
    people, starts = request.interviewees, request.slot_starts
    slots = []
    for i, s in sorted(placed.items(), key=lambda item: item[1]):
        option = options[i][s]
        assert option is not None
        start = starts[s]
        end = start + request.slot_minutes
        trips = None
        if option.mode in travel.shift_modes:
            home = people[i].home
            trips = travel.describe_trips(home.lat, home.lon, request.place.lat,
                                          request.place.lon, int(request.weekday), start, end)
        slots.append(InterviewSlot(people[i].candidate_id, start, end, option.mode,
                                   option.there, option.home, trips))
    return InterviewDayPlan(request.weekday, tuple(slots), blocked)


Legs = dict[TravelMode, tuple[int, int]]


def _legs(request: InterviewDayRequest, travel: TravelModel,
          starts: list[int]) -> list[list[Legs]]:
    """Per candidate and slot, per usable mode: minutes there and home (one call per
    mode for every candidate and slot at once)."""
    people = request.interviewees
    out: list[list[Legs]] = [[{} for _ in starts] for _ in people]
    if not people or not starts:
        return out
    homes = Points(np.array([p.home.lat for p in people]), np.array([p.home.lon for p in people]))
    work = Points(np.array([request.place.lat]), np.array([request.place.lon]))
    for mode in TravelMode:
        rows = [(i, s) for i, p in enumerate(people) if mode in p.modes
                for s in range(len(starts))]
        if not rows:
            continue
        home = np.array([i for i, _ in rows], dtype=np.int64)
        slot_start = np.array([starts[s] for _, s in rows], dtype=np.int64)
        there, back = travel.shift_legs(
            mode, homes, work, home, np.zeros(len(rows), dtype=np.int64),
            np.full(len(rows), int(request.weekday), dtype=np.int64),
            slot_start, slot_start + request.slot_minutes)
        for k, (i, s) in enumerate(rows):
            out[i][s][mode] = (int(there[k]), int(back[k]))
    return out


def _reachable(person: Interviewee, there: int, home: int) -> bool:
    return NO_WAY not in (there, home) and max(there, home) <= person.max_commute_minutes


def _fitting(person: Interviewee, start: int, end: int, legs: Legs) -> _Option | None:
    """The usable mode with the least time away from home that fits the slot."""
    best: _Option | None = None
    for mode in person.modes:
        if mode not in legs:
            continue
        there, home = legs[mode]
        if not _reachable(person, there, home):
            continue
        leave, back = start - there, end + home
        if not any(a <= leave and back <= b for a, b in person.windows):
            continue
        if best is None or there + home < best.there + best.home:
            best = _Option(mode, there, home)
    return best


def _quickest(legs: list[Legs], person: Interviewee, *, within: bool) -> int | None:
    """The shortest commute (longer leg) over slots and modes; ``within``: only ways
    within the candidate's limit; None where there is none."""
    found = [max(t, h) for slot in legs for t, h in slot.values()
             if NO_WAY not in (t, h) and (not within or _reachable(person, t, h))]
    return min(found) if found else None


def _blocked(person: Interviewee, legs: list[Legs]) -> Blocked:
    within = _quickest(legs, person, within=True)
    if within is None:
        return Blocked(person.candidate_id, COMMUTE, _quickest(legs, person, within=False),
                       person.max_commute_minutes, person.windows)
    return Blocked(person.candidate_id, SCHEDULE, within, person.max_commute_minutes,
                   person.windows)


def _assign(options: list[list[_Option | None]], people: list[int],
            n_slots: int) -> dict[int, int]:
    """Person → slot: everyone in one block of consecutive slots if some block takes
    them all (the least total time away from home; the earliest such block on ties),
    else as many as possible anywhere, again with the least time away."""
    n = len(people)
    if n == 0:
        return {}
    best: tuple[int, dict[int, int]] | None = None
    for first in range(n_slots - n + 1):
        found = _min_cost_assignment(options, people, range(first, first + n))
        if len(found) == n:
            cost = _cost(options, found)
            if best is None or cost < best[0]:
                best = (cost, found)
    if best is not None:
        return best[1]
    return _min_cost_assignment(options, people, range(n_slots))


def _cost(options: list[list[_Option | None]], chosen: dict[int, int]) -> int:
    total = 0
    for i, s in chosen.items():
        option = options[i][s]
        assert option is not None
        total += option.there + option.home
    return total


def _min_cost_assignment(options: list[list[_Option | None]], people: list[int],
                         slots: range) -> dict[int, int]:
    """A maximum matching of people to the given slots with the least time away from
    home (exact: a min-cost maximum flow); ties go to earlier people and slots."""
    arcs: list[tuple[int, int, int]] = []
    for a, i in enumerate(people):
        for b, s in enumerate(slots):
            option = options[i][s]
            if option is not None:
                arcs.append((a, b, option.there + option.home))
    if not arcs:
        return {}
    n_p, n_s = len(people), len(slots)
    source, sink = n_p + n_s, n_p + n_s + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    pair_arcs = [flow.add_arc_with_capacity_and_unit_cost(a, n_p + b, 1, cost)
                 for a, b, cost in arcs]
    for a in range(n_p):
        flow.add_arc_with_capacity_and_unit_cost(source, a, 1, 0)
    for b in range(n_s):
        flow.add_arc_with_capacity_and_unit_cost(n_p + b, sink, 1, 0)
    flow.set_node_supply(source, n_p)
    flow.set_node_supply(sink, -n_p)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    return {people[a]: slots[b] for (a, b, _), arc in zip(arcs, pair_arcs, strict=True)
            if flow.flow(arc) > 0}
