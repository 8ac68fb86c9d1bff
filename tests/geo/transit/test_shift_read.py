"""The matching's compiled read-off over (home, workplace, shift) rows equals the matrices.

``TimetableTravelModel.shift_transit_minutes`` and ``transit_legs`` read each asked pair
off the cached per-stop scan rows (``csa.read_shifts``) instead of building a (workplaces
× homes) matrix per service day and minute; they must give exactly what the matrix path
(``TransitModel.arrive_by_minutes``/``depart_at_minutes``) gives for the same pairs, also
when the workplaces are taken in chunks and when a later call reuses or widens the
layout of an earlier one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from passgenau.geo.distance import Points
from passgenau.geo.transit import csa
from passgenau.geo.transit import travel as transit_travel
from passgenau.geo.transit.travel import TimetableTravelModel
from passgenau.geo.travel import NO_WAY

from .feeds import random_feed

REFERENCE = date(2024, 3, 7)  # a Thursday in the feed's year


def _model(tmp_path: Path, seed: int) -> TimetableTravelModel:
    return TimetableTravelModel.of(random_feed(seed).timetable(tmp_path), REFERENCE)


def _places(model: TimetableTravelModel, n: int, rng: np.random.Generator) -> Points:
    """Points near served stops (some share a location, as an employer's vacancies do)."""
    tt = model.transit.timetable
    served = np.flatnonzero(tt.served_stops())
    pick = rng.choice(served, size=n)
    lat = tt.stop_lat[pick] + rng.uniform(-0.01, 0.01, n)
    lon = tt.stop_lon[pick] + rng.uniform(-0.015, 0.015, n)
    lat[1::4], lon[1::4] = lat[0::4][: len(lat[1::4])], lon[0::4][: len(lon[1::4])]
    lat[-1] += 0.3  # 33 km off: no stop, too far to walk in the horizon
    return Points(lat, lon)


def _shifts(rng: np.random.Generator, n: int) -> tuple[np.ndarray, ...]:
    """``n`` shift patterns of 1–6 days (weekends too), starts from 04:00, ends up to
    24:00: the problem's (shift_first, day, start, end) arrays."""
    first, day, start, end = [0], [], [], []
    for _ in range(n):
        days = np.sort(rng.choice(7, size=int(rng.integers(1, 7)), replace=False))
        begin = int(rng.integers(4 * 60, 20 * 60))
        finish = min(begin + int(rng.integers(60, 9 * 60)), 24 * 60)
        for d in days.tolist():
            day.append(d)
            start.append(begin)
            end.append(finish)
        first.append(len(day))
    return tuple(np.array(a, dtype=np.int64) for a in (first, day, start, end))


def _by_matrix(model: TimetableTravelModel, homes: Points, works: Points, home: np.ndarray,
               work: np.ndarray, day: int, start: int, end: int) -> tuple[np.ndarray, ...]:
    """Both legs of the pairs on ``day`` from the full matrices (-1: none)."""
    when = model.service_date(day)
    there = model.transit.arrive_by_minutes(homes.lat, homes.lon, works.lat, works.lon,
                                            start, when)
    back = model.transit.depart_at_minutes(homes.lat, homes.lon, works.lat, works.lon, end,
                                           when)
    return there[work, home].astype(np.int64), back[work, home].astype(np.int64)


def _expected(model: TimetableTravelModel, homes: Points, works: Points, home: np.ndarray,
              work: np.ndarray, shift: np.ndarray, patterns: tuple[np.ndarray, ...]
              ) -> np.ndarray:
    first, day, start, end = patterns
    worst = np.zeros(len(home), dtype=np.int64)
    for s in np.unique(shift).tolist():
        rows = np.flatnonzero(shift == s)
        for d in range(first[s], first[s + 1]):
            there, back = _by_matrix(model, homes, works, home[rows], work[rows],
                                     int(day[d]), int(start[d]), int(end[d]))
            leg = np.maximum(there, back)
            leg[(there < 0) | (back < 0)] = NO_WAY
            worst[rows] = np.maximum(worst[rows], leg)
    return worst


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shift_minutes_equal_the_matrix_path(tmp_path: Path, seed: int) -> None:
    """Random rows (pairs × shift patterns, several rows per pair as a vacancy's options
    give them) read off equal the worst day of the matrices' longer leg."""
    rng = np.random.default_rng(seed)
    model = _model(tmp_path, seed)
    homes, works = _places(model, 60, rng), _places(model, 25, rng)
    patterns = _shifts(rng, 12)
    n = 3000
    home = np.repeat(rng.integers(0, len(homes), n // 3), 3)
    work = np.repeat(rng.integers(0, len(works), n // 3), 3)
    shift = rng.integers(0, 12, n)
    got = model.shift_transit_minutes(homes, works, home, work, shift, *patterns)
    expected = _expected(model, homes, works, home, work, shift, patterns)
    np.testing.assert_array_equal(got, expected)
    assert (got < NO_WAY).any() and (got == NO_WAY).any()


def test_legs_equal_the_matrix_path(tmp_path: Path) -> None:
    """``transit_legs`` per (pair, day, start, end) row equals the matrices' legs."""
    rng = np.random.default_rng(7)
    model = _model(tmp_path, 7)
    homes, works = _places(model, 40, rng), _places(model, 15, rng)
    n = 500
    home, work = rng.integers(0, len(homes), n), rng.integers(0, len(works), n)
    day = rng.integers(0, 7, n)
    start = rng.choice([5 * 60, 6 * 60, 8 * 60 + 30, 14 * 60], n)
    end = np.minimum(start + rng.choice([4 * 60, 8 * 60, 10 * 60], n), 24 * 60)
    there, back = model.transit_legs(homes, works, home, work, day, start, end)
    for k in range(n):
        a, b = _by_matrix(model, homes, works, home[k:k + 1], work[k:k + 1], int(day[k]),
                          int(start[k]), int(end[k]))
        assert there[k] == (NO_WAY if a[0] < 0 else a[0])
        assert back[k] == (NO_WAY if b[0] < 0 else b[0])


def test_chunks_and_layout_reuse_give_the_same(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Workplaces taken a few at a time (a tiny memory budget), a second call needing
    more scans than the first (the kept layout is widened) and one needing fewer (it is
    reused) all answer as a fresh model does."""
    rng = np.random.default_rng(11)
    homes_model = _model(tmp_path, 11)
    homes, works = _places(homes_model, 50, rng), _places(homes_model, 30, rng)
    patterns = _shifts(rng, 8)
    n = 2000
    home, work = rng.integers(0, len(homes), n), rng.integers(0, len(works), n)
    shift = rng.integers(0, 8, n)
    fresh = _model(tmp_path, 11).shift_transit_minutes(homes, works, home, work, shift,
                                                       *patterns)
    reused = _model(tmp_path, 11)
    some = shift < 4
    part = reused.shift_transit_minutes(homes, works, home[some], work[some], shift[some],
                                        *patterns)
    np.testing.assert_array_equal(part, fresh[some])
    np.testing.assert_array_equal(
        reused.shift_transit_minutes(homes, works, home, work, shift, *patterns), fresh)
    np.testing.assert_array_equal(
        reused.shift_transit_minutes(homes, works, home[some], work[some], shift[some],
                                     *patterns), fresh[some])
    row_bytes = 4 * homes_model.transit.timetable.n_stops
    monkeypatch.setattr(transit_travel, "ROWS_BYTES", 5 * row_bytes)
    chunked = _model(tmp_path, 11).shift_transit_minutes(homes, works, home, work, shift,
                                                         *patterns)
    np.testing.assert_array_equal(chunked, fresh)


def test_python_kernels_equal_the_compiled_ones(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The read-off's kernels as plain Python (``.py_func``) answer the same."""
    if not csa.HAVE_NUMBA:
        pytest.skip("numba is not installed: the kernels are Python already")
    rng = np.random.default_rng(5)
    model = _model(tmp_path, 5)
    homes, works = _places(model, 20, rng), _places(model, 8, rng)
    patterns = _shifts(rng, 4)
    n = 200
    home, work = rng.integers(0, len(homes), n), rng.integers(0, len(works), n)
    shift = rng.integers(0, 4, n)
    compiled = model.shift_transit_minutes(homes, works, home, work, shift, *patterns)
    for name in ("read_shifts", "reverse_into", "forward_into", "copy_columns", "group_by"):
        monkeypatch.setattr(csa, name, getattr(csa, name).py_func)
    python = _model(tmp_path, 5).shift_transit_minutes(homes, works, home, work, shift,
                                                       *patterns)
    np.testing.assert_array_equal(python, compiled)
