"""Changing buses on foot between nearby stops: generated footpaths next to the feed's own.

Real feeds list few transfers between stops, so a change between two stops a few hundred
metres apart is found only because the reader links every pair of served stops within
the walking radius (:data:`~passgenau.geo.transit.footpaths.FOOTPATH_RADIUS_KM`), as
MOTIS and OpenTripPlanner do. The journeys below on the real VVS subset were checked
against nigiri (MOTIS' router) with transfers allowed.
"""

from __future__ import annotations

import zipfile
from datetime import date

import numpy as np
import pytest

from passgenau.geo.distance import haversine_km
from passgenau.geo.transit import Timetable, TransitModel, read_feed
from passgenau.geo.transit.access import walk_seconds
from passgenau.geo.transit.footpaths import (
    FOOTPATH_RADIUS_KM,
    TransferRule,
    build_transfers,
)
from passgenau.geo.transit.timetable import FORBIDDEN_CHANGE_S, MIN_TRANSFER_S

from .test_oracle import VVS

TUESDAY = date(2021, 6, 22)
AKAZIENWEG = "de:08115:7067:0:3"
BEETHOVENSTRASSE = "de:08115:7004:0:4"


@pytest.fixture(scope="module")
def vvs() -> tuple[Timetable, TransitModel]:
    if not VVS.is_file():
        pytest.skip(f"shared test data not here: {VVS}")
    with zipfile.ZipFile(VVS) as archive:
        tt = read_feed(archive)
    return tt, TransitModel(tt)


def _at(tt: Timetable, stop_id: str) -> tuple[float, float]:
    stop = int(np.flatnonzero(tt.stop_ids == stop_id)[0])
    return float(tt.stop_lat[stop]), float(tt.stop_lon[stop])


def test_the_radius_is_a_walk_of_a_few_minutes() -> None:
    """The default radius is 400 m (about 7 minutes on foot at 4.5 km/h × 1.3)."""
    assert FOOTPATH_RADIUS_KM == 0.4


def test_herrenberg_to_work_walks_from_schiesstaele_to_the_zob(vvs) -> None:
    """Akazienweg → Beethovenstraße on a Tuesday, at work by 09:01: bus 780 (08:30),
    a few minutes on foot to the ZOB, bus 782 on: 31 minutes, not the 39-minute walk.
    nigiri walks from Schießtäle (3 min, a transfers.txt row); getting off one stop
    later at Kalkofenstraße and walking from there reaches the same 08:51 bus."""
    tt, model = vvs
    journey = model.journey_to_work(*_at(tt, AKAZIENWEG), *_at(tt, BEETHOVENSTRASSE),
                                    9 * 60 + 1, TUESDAY)
    assert journey is not None
    assert journey.minutes == 31
    first, second = journey.rides
    assert (first.route, first.from_name) == ("780", "Herrenberg Akazienweg")
    assert first.to_name in ("Herrenb. Schießtäle", "Herrenberg Kalkofenstr.")
    assert (second.route, second.from_name, second.to_name) == (
        "782", "Herrenb. ZOB Bahnhofstraße", "Herrenberg Beethovenstraße")
    (change,) = [leg for leg in journey.legs[1:-1] if leg.kind == "walk"]
    assert (change.from_name, change.to_name) == (first.to_name, second.from_name)
    assert change.minutes <= 4


def test_herrenberg_way_home_walks_210_m_from_the_zob_to_kalkofenstrasse(vvs) -> None:
    """Beethovenstraße → Akazienweg leaving at 16:27 on a Tuesday: bus 782 to the ZOB,
    about 210 m on foot to Kalkofenstraße, bus 780 on: home at 16:54, 27 minutes
    (nigiri: the same). The feed lists no transfer between those two stops; with only
    its own transfers the way home is the 39-minute walk."""
    tt, model = vvs
    journey = model.journey_home(*_at(tt, AKAZIENWEG), *_at(tt, BEETHOVENSTRASSE),
                                 16 * 60 + 27, TUESDAY)
    assert journey is not None
    assert journey.minutes == 27
    assert [(r.from_name, r.to_name) for r in journey.rides] == [
        ("Herrenberg Beethovenstraße", "Herrenb. ZOB Bahnhofstraße"),
        ("Herrenberg Kalkofenstr.", "Herrenberg Akazienweg"),
    ]
    (change,) = [leg for leg in journey.legs[1:-1] if leg.kind == "walk"]
    km = haversine_km(*_at(tt, tt.stop_ids[change.from_stop]),
                      *_at(tt, tt.stop_ids[change.to_stop]))
    assert 0.2 < km < 0.22
    assert change.arrival_s - change.departure_s == int(walk_seconds(km))


def _brute_force(lat, lon, parent, served, rules, change_s, radius_km):
    """Every footpath by a double loop over the stops (the definition, slowly)."""
    n = len(lat)
    paths: dict[tuple[int, int], int] = {}
    for a in range(n):
        for b in range(n):
            if a == b or not (served[a] and served[b]):
                continue
            km = float(haversine_km(lat[a], lon[a], lat[b], lon[b]))
            near = radius_km > 0 and km <= radius_km
            if near or (parent[a] >= 0 and parent[a] == parent[b]):
                paths[(a, b)] = max(int(walk_seconds(km)), change_s, MIN_TRANSFER_S)
    change = np.full(n, max(change_s, MIN_TRANSFER_S))
    for rule in rules:
        a, b = rule.from_stop, rule.to_stop
        if a == b:
            if rule.transfer_type == 3:
                change[a] = FORBIDDEN_CHANGE_S
            elif rule.min_seconds is not None:
                change[a] = max(rule.min_seconds, MIN_TRANSFER_S)
        elif rule.transfer_type == 3:
            paths.pop((a, b), None)
        elif rule.min_seconds is not None:
            paths[(a, b)] = max(rule.min_seconds, MIN_TRANSFER_S)
        else:
            km = float(haversine_km(lat[a], lon[a], lat[b], lon[b]))
            paths[(a, b)] = max(int(walk_seconds(km)), change_s, MIN_TRANSFER_S)
    return change.tolist(), sorted((a, b, s) for (a, b), s in paths.items())


@pytest.mark.parametrize("seed", range(6))
def test_vectorised_footpaths_equal_the_double_loop(seed: int) -> None:
    """Random stops (some unserved, some in parent stations, some at one place) and
    random transfers.txt rows: the grid join gives exactly the footpaths and change
    times of the definition."""
    rng = np.random.default_rng(seed)
    n = 120
    lat = 48.6 + rng.uniform(0, 0.02, n)
    lon = 8.86 + rng.uniform(0, 0.03, n)
    lat[5], lon[5] = lat[4], lon[4]
    lat[7] = np.nan  # a station without coordinates
    parent = np.where(rng.random(n) < 0.2, rng.integers(0, 5, n), -1).astype(np.int32)
    served = rng.random(n) < 0.8
    rules = [TransferRule(int(a), int(b), int(rng.choice([0, 1, 2, 3])),
                          None if rng.random() < 0.3 else int(rng.integers(0, 400)))
             for a, b in rng.integers(0, n, (80, 2)) if 7 not in (a, b)]
    rules += [TransferRule(3, 3, 3, None), TransferRule(9, 9, 2, 200)]
    radius = float(rng.choice([0.0, 0.2, 0.4]))
    change, start, to, secs = build_transfers(lat, lon, parent, served, rules, 60, radius)
    want_change, want_paths = _brute_force(lat, lon, parent, served & ~np.isnan(lat), rules,
                                           60, radius)
    got = [(a, int(to[k]), int(secs[k])) for a in range(n)
           for k in range(start[a], start[a + 1])]
    assert change.tolist() == want_change
    assert got == want_paths
