"""One-to-one earliest arrivals against nigiri (MOTIS' router, via pynigiri).

nigiri models transfers differently (its own default change times, transitively closed
footpaths), so the comparison is on direct rides, where both must agree: nigiri with no
transfer allowed gives an arrival our router can only match or beat, and where our
fastest journey is exactly that one ride from stop to stop, the two are equal.

``pynigiri`` is a test tool (the ``test`` extra, where a wheel exists: CPython 3.11 on
Linux x86-64). Where it is missing the tests skip, except in CI
(``PASSGENAU_REQUIRE_ORACLES`` set, as ``.ci/run`` does): there a missing independent
check is a failure, not a silent skip. They also skip where the shared VVS subset is
absent.
"""

from __future__ import annotations

import os
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from passgenau.geo.transit import TransitModel, read_feed

from .test_oracle import VVS

#: Set in CI (``.ci/run``): independent checks must run, a missing tool fails them.
REQUIRE_ORACLES = "PASSGENAU_REQUIRE_ORACLES"

try:
    import pynigiri as ng
except ImportError:
    if os.environ.get(REQUIRE_ORACLES):
        raise  # CI: the independent check must run
    pytest.skip("pynigiri is not installed (pip install -e '.[test]')",
                allow_module_level=True)
BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2021, 6, 22)


def test_direct_rides_agree_with_nigiri(tmp_path: Path) -> None:
    """Random stop pairs and times on the VVS subset: equal where a single ride wins."""
    if not VVS.is_file():
        pytest.skip(f"shared test data not here: {VVS}")
    with zipfile.ZipFile(VVS) as archive:
        tt = read_feed(archive)
        archive.extractall(tmp_path / "feed")
    model = TransitModel(tt)
    nigiri = ng.load_timetable([ng.TimetableSource("gtfs", str(tmp_path / "feed"))],
                               "2021-06-15", "2021-09-15")
    rng = np.random.default_rng(11)
    active = np.flatnonzero(tt.active_trips(DAY))
    equal = 0
    for _ in range(60):  # stops of one running trip, shortly before it leaves
        hops = np.flatnonzero(tt.conn_trip == rng.choice(active))
        i, j = np.sort(rng.choice(len(hops), 2))
        a, b = int(tt.conn_dep_stop[hops[i]]), int(tt.conn_arr_stop[hops[j]])
        minute = int(tt.conn_dep[hops[i]]) // 60 - int(rng.integers(0, 20))
        start = datetime.combine(DAY, datetime.min.time(), BERLIN) + timedelta(minutes=minute)
        query = ng.Query()
        query.start_time = int(start.timestamp()) // 60
        query.start = [ng.Offset(nigiri.find_location(str(tt.stop_ids[a])), 0, 0)]
        query.destination = [ng.Offset(nigiri.find_location(str(tt.stop_ids[b])), 0, 0)]
        query.max_transfers = 0
        query.max_travel_time = 240
        query.start_match_mode = ng.LocationMatchMode.EXACT
        query.dest_match_mode = ng.LocationMatchMode.EXACT
        arrivals = [j.legs[-1].arr_time for j in ng.route(nigiri, query) if j.legs]
        if not arrivals:
            continue
        theirs = min(arrivals) - query.start_time
        args = (float(tt.stop_lat[b]), float(tt.stop_lon[b]), float(tt.stop_lat[a]),
                float(tt.stop_lon[a]))
        ours = int(model.depart_at_minutes([args[0]], [args[1]], [args[2]], [args[3]],
                                           minute, DAY)[0, 0])
        assert 0 <= ours <= theirs
        journey = model.journey_home(*args, minute, DAY)
        assert journey is not None
        if (len(journey.rides) == 1 and journey.rides[0].from_stop == a
                and journey.rides[0].to_stop == b):
            assert ours == theirs
            equal += 1
    assert equal >= 20
