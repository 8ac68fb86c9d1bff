"""Without numba the same kernels run as plain Python and give the same answers."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from passgenau.geo.transit import TransitModel, csa

from .feeds import random_feed

_SCRIPT = """
import json, sys, zipfile
from datetime import date
sys.modules["numba"] = None  # importing numba now fails, as where it is not installed
from passgenau.geo.transit import TransitModel, csa, read_feed
assert not csa.HAVE_NUMBA
with zipfile.ZipFile(sys.argv[1]) as archive:
    model = TransitModel(read_feed(archive))
points = json.loads(sys.argv[2])
by = model.arrive_by_minutes(points["lat"], points["lon"], points["lat"][:3],
                             points["lon"][:3], 7 * 60, date(2024, 3, 7))
at = model.depart_at_minutes(points["lat"], points["lon"], points["lat"][:3],
                             points["lon"][:3], 16 * 60, date(2024, 3, 7))
print(json.dumps([by.tolist(), at.tolist()]))
"""


def _points(model: TransitModel) -> dict[str, list[float]]:
    tt = model.timetable
    served = np.flatnonzero(tt.served_stops())[:12]
    return {"lat": (tt.stop_lat[served] + 0.003).tolist(),
            "lon": tt.stop_lon[served].tolist()}


def test_without_numba_the_results_are_the_same(tmp_path: Path) -> None:
    """A fresh interpreter in which numba cannot be imported computes the same matrices."""
    path = random_feed(4).zip(tmp_path / "feed.zip")
    from passgenau.services.transit import parse_feed

    model = TransitModel(parse_feed(path))
    points = _points(model)
    lat, lon = points["lat"], points["lon"]
    expected = [model.arrive_by_minutes(lat, lon, lat[:3], lon[:3], 7 * 60,
                                        date(2024, 3, 7)).tolist(),
                model.depart_at_minutes(lat, lon, lat[:3], lon[:3], 16 * 60,
                                        date(2024, 3, 7)).tolist()]
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(path), json.dumps(points)],
                          capture_output=True, text=True, check=True, timeout=300)
    assert json.loads(done.stdout) == expected
    assert any(v > 0 for row in expected[0] for v in row)


def test_py_func_kernels_equal_the_compiled_ones(tmp_path: Path) -> None:
    """The numba functions' ``.py_func`` (their Python source) on a small feed."""
    if not csa.HAVE_NUMBA:
        pytest.skip("numba is not installed: the kernels are Python already")
    model = TransitModel(random_feed(5).timetable(tmp_path))
    sd, n = model.scan, model.timetable.n_stops
    stops, walks = model.nearby_stops(np.array(_points(model)["lat"]),
                                      np.array(_points(model)["lon"]))
    active = model.active_trips(date(2024, 3, 7))
    lo, hi = sd.reverse_window(8 * 3600, 4 * 3600)
    results = []
    rows = len(stops)
    for many, scan in ((csa.reverse_into, csa.reverse_scan),
                       (csa.reverse_into.py_func, csa.reverse_scan.py_func)):
        out = np.empty((rows, n), dtype=np.int32)
        # the Python outer loop calls the compiled inner scan; check the inner one alone too
        many(sd.r_dep_stop, sd.r_arr_stop, sd.r_dep, sd.r_arr, sd.r_trip, sd.r_flags,
             np.full(rows, lo), np.full(rows, hi), active, sd.change_s, sd.rfoot_start,
             sd.rfoot_from, sd.rfoot_s, stops, walks, np.full(rows, 8 * 3600),
             np.arange(rows, dtype=np.int64) * n, np.ones(rows, dtype=np.int64),
             out.reshape(-1))
        need = np.full(n, csa.NEVER_LATE, np.int32)
        need[stops[0][stops[0] >= 0]] = 8 * 3600 - walks[0][stops[0] >= 0]
        board = np.full(n, csa.NEVER_LATE, np.int32)
        pointers = [np.full(k, -1, np.int32) for k in (n, n, sd.n_trips)]
        scan(sd.r_dep_stop, sd.r_arr_stop, sd.r_dep, sd.r_arr, sd.r_trip, sd.r_flags, lo, hi,
             active, sd.change_s, sd.rfoot_start, sd.rfoot_from, sd.rfoot_s, need, board,
             np.zeros(sd.n_trips, np.bool_), True, *pointers)
        results.append((out, board, pointers))
    (a, b, p), (c, d, q) = results
    assert np.array_equal(a, c) and np.array_equal(b, d)
    assert all(np.array_equal(x, y) for x, y in zip(p, q, strict=True))
    assert (b > csa.NEVER_LATE).sum() > 3
