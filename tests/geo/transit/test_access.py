"""Walking access: the grid index finds exactly the stops a brute-force search finds."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from passgenau.geo.distance import haversine_km
from passgenau.geo.transit.access import MAX_ACCESS_STOPS, StopIndex, walk_seconds


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), lat=st.floats(-60, 70), spread=st.floats(0.01, 0.5))
def test_nearest_stops_equal_brute_force(seed: int, lat: float, spread: float) -> None:
    """Up to 10 nearest stops within 1.5 km, nearest first, at any latitude and density."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    s_lat = lat + rng.uniform(-spread, spread, n)
    s_lon = 9.0 + rng.uniform(-spread, spread, n)
    stops = np.arange(n, dtype=np.int32) * 3 + 1  # stop numbers are not positions
    index = StopIndex.build(stops, s_lat, s_lon)
    q_lat = lat + rng.uniform(-spread, spread, 50)
    q_lon = 9.0 + rng.uniform(-spread, spread, 50)
    got, walks = index.nearest(q_lat, q_lon)
    for q in range(50):
        km = haversine_km(np.full(n, q_lat[q]), np.full(n, q_lon[q]), s_lat, s_lon)
        inside = np.flatnonzero(km <= 1.5)
        expected = inside[np.lexsort((stops[inside], km[inside]))][:MAX_ACCESS_STOPS]
        row = got[q][got[q] >= 0]
        assert row.tolist() == stops[expected].tolist()
        assert walks[q][: len(row)].tolist() == walk_seconds(km[expected]).tolist()


def test_walking_time_is_the_reference_walk() -> None:
    """1 km straight line = 1.3 km on foot at 4.5 km/h = 1040 s."""
    assert walk_seconds(np.array([1.0, 0.0])).tolist() == [1040, 0]


def test_empty_index() -> None:
    """A feed without served stops: every point has no stop."""
    index = StopIndex.build(np.zeros(0, np.int32), np.zeros(0), np.zeros(0))
    stops, _ = index.nearest(np.array([48.8]), np.array([9.4]))
    assert stops.tolist() == [[-1] * MAX_ACCESS_STOPS]
