"""The scans equal a brute-force Dijkstra on random queries: real VVS data and random feeds.

The VVS subset (real buses in Herrenberg, see ``shared/data/PROVENANCE.md`` section 4) is
read from the shared folder, never copied; those tests skip where it is absent.
"""

from __future__ import annotations

import zipfile
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passgenau.geo.transit import Timetable, TransitModel, read_feed

from .feeds import random_feed
from .oracle import Oracle

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data"
VVS = SHARED / "gtfs" / "vvs_herrenberg_subset_20210615.zip"
HORIZON = 240


@pytest.fixture(scope="module")
def vvs() -> tuple[Timetable, TransitModel, Oracle]:
    if not VVS.is_file():
        pytest.skip(f"shared test data not here: {VVS}")
    with zipfile.ZipFile(VVS) as archive:
        tt = read_feed(archive)
    return tt, TransitModel(tt, HORIZON), Oracle(tt)


def _points(tt: Timetable, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Random points near served stops (up to ~1.2 km off), so walks and several access
    stops come into play."""
    served = np.flatnonzero(tt.served_stops())
    pick = rng.choice(served, size=n)
    return (tt.stop_lat[pick] + rng.uniform(-0.008, 0.008, n),
            tt.stop_lon[pick] + rng.uniform(-0.012, 0.012, n))


def _compare(tt: Timetable, model: TransitModel, oracle: Oracle, seed: int, day: date,
             minute: int) -> None:
    rng = np.random.default_rng(seed)
    h_lat, h_lon = _points(tt, rng, 40)
    w_lat, w_lon = _points(tt, rng, 2)
    homes = list(zip(h_lat.tolist(), h_lon.tolist(), strict=True))
    by = model.arrive_by_minutes(h_lat, h_lon, w_lat, w_lon, minute, day)
    at = model.depart_at_minutes(h_lat, h_lon, w_lat, w_lon, minute, day)
    for w in range(2):
        work = (float(w_lat[w]), float(w_lon[w]))
        expected_by = oracle.arrive_by(homes, work, minute * 60, day, HORIZON * 60)
        expected_at = oracle.depart_at(homes, work, minute * 60, day, HORIZON * 60)
        assert by[w].tolist() == expected_by, "latest departure differs from the oracle"
        assert at[w].tolist() == expected_at, "earliest arrival differs from the oracle"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), day_offset=st.integers(0, 92),
       minute=st.integers(4 * 60, 24 * 60))
def test_vvs_scans_equal_the_oracle(vvs, seed: int, day_offset: int, minute: int) -> None:
    """Arrive-by and depart-at minutes for random homes and workplaces around the real
    Herrenberg bus stops equal the brute-force Dijkstra's."""
    tt, model, oracle = vvs
    _compare(tt, model, oracle, seed, date(2021, 6, 15) + timedelta(days=day_offset), minute)


def test_vvs_rush_hour_has_connections(vvs) -> None:
    """A sanity check that the comparison is not vacuous: on a Tuesday 08:00 many homes
    near Herrenberg's bus stops reach a stop-side workplace by bus within an hour."""
    tt, model, _ = vvs
    rng = np.random.default_rng(7)
    h_lat, h_lon = _points(tt, rng, 200)
    served = np.flatnonzero(tt.served_stops())
    w = served[np.argmax(np.bincount(tt.conn_arr_stop, minlength=tt.n_stops)[served])]
    got = model.arrive_by_minutes(h_lat, h_lon, [tt.stop_lat[w]], [tt.stop_lon[w]], 8 * 60,
                                  date(2021, 6, 22))[0]
    assert ((got > 0) & (got <= 60)).sum() > 50
    journey = model.journey_to_work(float(h_lat[np.argmax(got)]),
                                    float(h_lon[np.argmax(got)]), float(tt.stop_lat[w]),
                                    float(tt.stop_lon[w]), 8 * 60, date(2021, 6, 22))
    assert journey is not None and journey.minutes == got.max()


@pytest.mark.parametrize("seed", range(6))
def test_random_feeds_equal_the_oracle(tmp_path: Path, seed: int) -> None:
    """Random feeds with stations, transfers.txt times and bans, no-pickup stops, a
    removed and an added service day and trips past midnight: the scans equal the
    oracle at hours from the early morning to after midnight."""
    tt = random_feed(seed).timetable(tmp_path)
    model, oracle = TransitModel(tt, HORIZON), Oracle(tt)
    for k, (day, minute) in enumerate([(date(2024, 3, 4), 6 * 60), (date(2024, 3, 5), 7 * 60),
                                       (date(2024, 3, 6), 8 * 60 + 17),
                                       (date(2024, 3, 9), 23 * 60 + 40),
                                       (date(2024, 3, 7), 60), (date(2024, 3, 10), 30)]):
        _compare(tt, model, oracle, seed * 100 + k, day, minute)


@pytest.mark.parametrize("seed", range(3))
def test_journeys_match_the_matrix(tmp_path: Path, seed: int) -> None:
    """Every reconstructed journey takes exactly the matrix's minutes, its rides follow
    each other in time, and it ends no later than the deadline."""
    tt = random_feed(seed).timetable(tmp_path)
    model = TransitModel(tt, HORIZON)
    rng = np.random.default_rng(seed)
    h_lat, h_lon = _points(tt, rng, 30)
    w_lat, w_lon = _points(tt, rng, 1)
    day, deadline = date(2024, 3, 7), 8 * 60
    row = model.arrive_by_minutes(h_lat, h_lon, w_lat, w_lon, deadline, day)[0]
    back = model.depart_at_minutes(h_lat, h_lon, w_lat, w_lon, 17 * 60, day)[0]
    rides = 0
    for h in range(30):
        args = (float(h_lat[h]), float(h_lon[h]), float(w_lat[0]), float(w_lon[0]))
        journey = model.journey_to_work(*args, deadline, day)
        home = model.journey_home(*args, 17 * 60, day)
        for j, expected in ((journey, row[h]), (home, back[h])):
            if expected < 0:
                assert j is None
                continue
            assert j is not None and j.minutes == expected
            times = [(leg.departure_s, leg.arrival_s) for leg in j.legs]
            assert all(a <= b for a, b in times)
            assert all(times[i][1] <= times[i + 1][0] for i in range(len(times) - 1))
            rides += len(j.rides)
        if journey is not None:
            assert journey.arrival_s <= deadline * 60
    assert rides > 0
