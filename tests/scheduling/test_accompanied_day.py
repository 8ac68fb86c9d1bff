"""One staff member's day across several employers: as many visits as possible, back
at the office as early as possible, checked against a brute force that tries every
stretch at every employer (not only the earliest-ending one the solver takes)."""

from __future__ import annotations

from itertools import combinations, permutations, product

from hypothesis import given, settings
from hypothesis import strategies as st

from passgenau.geo.travel import NO_WAY
from passgenau.scheduling.accompanied_day import Call, plan_accompanied_day
from tests.matching.instances import WAIBLINGEN


def brute_force(start: int, end: int, calls: list[Call],
                minutes: list[list[int]]) -> tuple[int, int, int] | None:
    """(visits, back, travel) of the best day: lexicographically most visits, then the
    earliest return, then the least travel; every order and every stretch choice."""
    best: tuple[int, int, int] | None = None
    for size in range(len(calls), 0, -1):
        for subset in combinations(range(len(calls)), size):
            for order in permutations(subset):
                for choice in product(*(range(len(calls[k].blocks)) for k in order)):
                    here, now, travel, ok = 0, start, 0, True
                    for k, b in zip(order, choice, strict=True):
                        way = minutes[here][k + 1]
                        s, e = calls[k].blocks[b]
                        if way == NO_WAY or now + way > s:
                            ok = False
                            break
                        here, now, travel = k + 1, e, travel + way
                    back = minutes[here][0]
                    if not ok or back == NO_WAY or now + back > end:
                        continue
                    key = (-size, now + back, travel + back)
                    if best is None or key < best:
                        best = key
        if best is not None:
            return -best[0], best[1], best[2]
    return None


@st.composite
def days(draw: st.DrawFn) -> tuple[int, int, list[Call], list[list[int]]]:
    n = draw(st.integers(1, 4))
    calls = []
    for k in range(n):
        starts = sorted(draw(st.sets(st.integers(0, 16), min_size=1, max_size=4)))
        blocks = []
        for s in starts:  # a later stretch never ends earlier (as block_plans gives them)
            length = draw(st.integers(1, 4))
            end = max(s + length, blocks[-1][1] if blocks else 0)
            blocks.append((s, end))
        calls.append(Call(f"V{k}", WAIBLINGEN, tuple((480 + 30 * s, 480 + 30 * e)
                                                     for s, e in blocks)))
    way = st.one_of(st.integers(5, 90), st.just(NO_WAY))
    minutes = [[0 if a == b else draw(way) for b in range(n + 1)] for a in range(n + 1)]
    end = draw(st.integers(600, 1080))
    return 480, end, calls, minutes


@settings(max_examples=150, deadline=None)
@given(days())
def test_the_day_is_as_good_as_the_brute_force(day) -> None:
    start, end, calls, minutes = day
    plan = plan_accompanied_day(start, end, calls, minutes)
    expected = brute_force(start, end, calls, minutes)
    if expected is None:
        assert plan.visits == () and plan.skipped == tuple(c.key for c in calls)
        return
    visits, back, travel = expected
    assert len(plan.visits) == visits
    assert plan.back_at_office == back
    assert plan.travel_minutes == travel
    assert sorted([v.key for v in plan.visits] + list(plan.skipped)) == [c.key for c in calls]
    now = start
    for v in plan.visits:  # a real itinerary: arrive before each stretch starts
        assert v.start >= v.arrive >= now
        now = v.end


def test_a_short_day_drops_the_employer_it_cannot_reach_in_time() -> None:
    """Two employers 12 minutes apart, each with one 09:30–10:00 stretch only: one
    staff member cannot be at both; the day visits the first and names the second."""
    calls = [Call("V1", WAIBLINGEN, ((570, 600),)), Call("V2", WAIBLINGEN, ((570, 600),))]
    minutes = [[0, 9, 9], [9, 0, 12], [9, 12, 0]]
    plan = plan_accompanied_day(540, 720, calls, minutes)
    assert [v.key for v in plan.visits] == ["V1"]
    assert plan.skipped == ("V2",)
    assert plan.leave_office == 570 - 9 and plan.back_at_office == 609
