"""One staff member accompanies the candidates to several employers' interviews on one
day: which employers, in which order, and when each one's interviews take place.

Each employer's shortlist is seen in one stretch of slots (back to back where that
works); :func:`.interview_day.block_plans` gives the stretches that fit every
candidate. The staff member leaves the office, attends each stretch from its first
slot to its last and travels on, and must be back by the end of their day.

For a fixed order, taking at each employer the stretch that ends first among those
starting after the arrival is optimal: any plan arrives no earlier, and an earlier end
never leaves fewer stretches open at the next employer. So trying every order of every
subset of employers is exact, and a day holds few: seven employers are 13,699 orders,
milliseconds in all. (OR-Tools' routing solver would answer the same question with
local search and no proof; at this size enumeration is both faster and exact.) The
plan visits as many employers as possible, then comes back to the office as early as
possible, then travels least.

Not modelled: a candidate on two of the day's shortlists gets a slot at each employer
without regard to the other (their two plans are made apart).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations, permutations

from passgenau.domain.model import Location
from passgenau.geo.travel import NO_WAY

#: More employers than this in one day are refused (the enumeration grows as n!).
MAX_CALLS = 7


@dataclass(frozen=True, slots=True)
class Call:
    """One employer's interviews: where, and the stretches (start, end) that fit all of
    its candidates, by start."""

    key: str  # the vacancy's id
    place: Location
    blocks: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Visit:
    key: str
    block: int  # index into the call's blocks
    arrive: int  # minutes after midnight
    start: int
    end: int
    travel_minutes: int  # from the office or the previous employer


@dataclass(frozen=True, slots=True)
class AccompaniedDayPlan:
    visits: tuple[Visit, ...]  # in the order of the day
    skipped: tuple[str, ...]  # calls that do not fit the day, in input order
    leave_office: int | None  # None: no visit
    back_at_office: int | None
    travel_minutes: int  # the staff member's travel in all


def plan_accompanied_day(start: int, end: int, calls: Sequence[Call],
                         minutes: Sequence[Sequence[int]]) -> AccompaniedDayPlan:
    """The best day (see the module's docstring). ``minutes[a][b]``: travel from place
    ``a`` to ``b``, where 0 is the office and ``k + 1`` is ``calls[k]`` (``NO_WAY``:
    none)."""
    if len(calls) > MAX_CALLS:
        raise ValueError(f"at most {MAX_CALLS} employers a day")
    best: tuple[tuple[int, int, tuple[int, ...]], list[Visit]] | None = None
    for size in range(len(calls), 0, -1):
        for subset in combinations(range(len(calls)), size):
            for order in permutations(subset):
                visits = _schedule(start, end, calls, minutes, order)
                if visits is None:
                    continue
                back = visits[-1].end + minutes[order[-1] + 1][0]
                travel = sum(v.travel_minutes for v in visits) + minutes[order[-1] + 1][0]
                key = (back, travel, order)
                if best is None or key < best[0]:
                    best = (key, visits)
        if best is not None:
            break
    if best is None:
        return AccompaniedDayPlan((), tuple(c.key for c in calls), None, None, 0)
    (back, travel, order), visits = best
    skipped = tuple(c.key for k, c in enumerate(calls) if k not in order)
    first = visits[0]
    visits[0] = replace(first, arrive=first.start)  # leaving the office just in time
    return AccompaniedDayPlan(tuple(visits), skipped, first.start - first.travel_minutes,
                              back, travel)


def _schedule(start: int, end: int, calls: Sequence[Call], minutes: Sequence[Sequence[int]],
              order: tuple[int, ...]) -> list[Visit] | None:
    """The visits in ``order``, each in the stretch that ends first among those starting
    after the arrival (the first leaves the office when the day starts); None if the
    day cannot hold them."""
    here, now, visits = 0, start, []
    for k in order:
        way = minutes[here][k + 1]
        if way == NO_WAY:
            return None
        arrive = now + way
        fitting = [b for b, (s, _) in enumerate(calls[k].blocks) if s >= arrive]
        if not fitting:
            return None
        # the earliest end; of equal ends the shortest stretch (the employer's time)
        chosen = min(fitting, key=lambda b: (calls[k].blocks[b][1], -calls[k].blocks[b][0]))
        block_start, block_end = calls[k].blocks[chosen]
        visits.append(Visit(calls[k].key, chosen, arrive, block_start, block_end, way))
        here, now = k + 1, block_end
    home = minutes[here][0]
    if home == NO_WAY or now + home > end:
        return None
    return visits
