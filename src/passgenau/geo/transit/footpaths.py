"""Changing vehicles: the time to change at one stop and the footpaths between stops.

Feeds describe transfers unevenly: some list every pair in ``transfers.txt``, some group
platforms under a parent station, most list few pairs between stops (the VVS feed has
none between Herrenberg's ZOB and Kalkofenstraße, 210 m apart). So the footpaths are,
in order of precedence:

1. ``transfers.txt`` rows between two stops (types 0, 1, 2; the row's
   ``min_transfer_time`` or, where it has none, the walking time); type 3 removes a pair;
2. platforms of one parent station, and
3. served stops within the walking radius (:data:`FOOTPATH_RADIUS_KM`, a parameter of
   :func:`~.gtfs_reader.read_feed`) of each other, as MOTIS and OpenTripPlanner
   generate them, both at walking time (straight line × 1.3 at 4.5 km/h), never below
   the default change time.

A row from a stop to itself sets the change time at that stop (type 3 forbids changing
there). Every transfer takes at least :data:`~.timetable.MIN_TRANSFER_S`. A journey uses
at most one footpath between two vehicles (the footpaths are not chained), as in the
classic Connection Scan.

Everything is array work: the stops near each other come from the grid of
:class:`~.access.StopIndex` (a 3×3 block of cells per stop), pairs are int64 codes
merged by sorting, never a Python loop over stops or pairs: a Germany-wide feed has
hundreds of thousands of stops and, at 400 m, millions of footpaths.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from passgenau.geo.transit.access import StopIndex, walk_seconds
from passgenau.geo.transit.timetable import (
    FORBIDDEN_CHANGE_S,
    MIN_TRANSFER_S,
    BoolArray,
    FloatArray,
    Int32Array,
)

#: Served stops closer than this (straight line) are linked by a footpath: 400 m, about
#: 7 minutes on foot (a change across a town's bus station, or to the next street).
FOOTPATH_RADIUS_KM = 0.4


@dataclass(frozen=True, slots=True)
class TransferRule:
    """One usable row of ``transfers.txt`` (stop numbers, GTFS type, seconds or None)."""

    from_stop: int
    to_stop: int
    transfer_type: int
    min_seconds: int | None


def build_transfers(
    lat: FloatArray,
    lon: FloatArray,
    parent: Int32Array,
    served: BoolArray,
    rules: list[TransferRule],
    change_s: int,
    radius_km: float = FOOTPATH_RADIUS_KM,
) -> tuple[Int32Array, Int32Array, Int32Array, Int32Array]:
    """``(stop_change_s, foot_start, foot_to, foot_s)`` for :class:`Timetable`.

    Rules are applied in file order, so for a pair the last row decides (as a dict
    filled row by row would); generated pairs only fill in where no row speaks."""
    n = len(lat)
    lat = np.asarray(lat, dtype=np.float64)
    lon = np.asarray(lon, dtype=np.float64)
    change = np.full(n, max(change_s, MIN_TRANSFER_S), dtype=np.int32)
    r_from = np.array([r.from_stop for r in rules], dtype=np.int64)
    r_to = np.array([r.to_stop for r in rules], dtype=np.int64)
    r_type = np.array([r.transfer_type for r in rules], dtype=np.int64)
    r_secs = np.array([-1 if r.min_seconds is None else r.min_seconds for r in rules],
                      dtype=np.int64)
    # a stop's own change time: the last row to itself that says something
    own = np.flatnonzero((r_from == r_to) & ((r_type == 3) | (r_secs >= 0)))
    if len(own):
        own = own[len(own) - 1 - np.unique(r_from[own][::-1], return_index=True)[1]]
        change[r_from[own]] = np.where(r_type[own] == 3, FORBIDDEN_CHANGE_S,
                                       np.maximum(r_secs[own], MIN_TRANSFER_S))
    # between stops: the last row per pair decides, generated pairs fill in the rest
    rows = np.flatnonzero(r_from != r_to)
    code = r_from[rows] * n + r_to[rows]
    last = len(rows) - 1 - np.unique(code[::-1], return_index=True)[1]
    rule_code, rule_type, rule_secs = code[last], r_type[rows][last], r_secs[rows][last]
    gen = _generated_codes(lat, lon, parent, served, radius_km)
    gen = gen[~np.isin(gen, rule_code)]
    keep = rule_type != 3
    codes = np.concatenate([gen, rule_code[keep]])
    secs = np.concatenate([np.full(len(gen), -1, dtype=np.int64), rule_secs[keep]])
    order = np.argsort(codes, kind="stable")
    codes, secs = codes[order], secs[order]
    src, dst = codes // max(n, 1), codes % max(n, 1)
    walk = _walk(lat, lon, src, dst)
    secs = np.where(secs < 0, np.maximum(walk, change_s), secs)
    secs = np.maximum(secs, MIN_TRANSFER_S)
    start = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(src, minlength=n), out=start[1:])
    return change, start, dst.astype(np.int32), secs.astype(np.int32)


def _walk(lat: FloatArray, lon: FloatArray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    from passgenau.geo.distance import haversine_km

    return walk_seconds(haversine_km(lat[a], lon[a], lat[b], lon[b])).astype(np.int64)


def _generated_codes(
    lat: FloatArray, lon: FloatArray, parent: Int32Array, served: BoolArray,
    radius_km: float,
) -> np.ndarray:
    """Ordered pairs ``a * n + b`` of distinct served stops, sorted: same parent station,
    or within ``radius_km`` of each other (never for radius 0)."""
    n = len(lat)
    stops = np.flatnonzero(served & ~np.isnan(lat)).astype(np.int64)
    parts = [np.zeros(0, dtype=np.int64)]
    # platforms of one parent station: every ordered pair within each group
    with_parent = stops[parent[stops] >= 0]
    grouped = with_parent[np.argsort(parent[with_parent], kind="stable")]
    if len(grouped):
        group = parent[grouped]
        first = np.searchsorted(group, group, side="left")
        size = np.searchsorted(group, group, side="right") - first
        a = np.repeat(grouped, size)
        b = grouped[np.repeat(first, size) + _ranges(size)]
        parts.append(a * n + b)
    if radius_km > 0 and len(stops):
        index = StopIndex.build(stops.astype(np.int32), lat[stops], lon[stops], radius_km)
        owner, stop, _ = index.within(lat[stops], lon[stops])
        parts.append(stops[owner] * n + stop.astype(np.int64))
    codes = np.sort(np.concatenate(parts))  # sorting beats np.unique's hashing here
    keep = np.ones(len(codes), dtype=bool)
    keep[1:] = codes[1:] != codes[:-1]
    keep &= codes // max(n, 1) != codes % max(n, 1)
    return codes[keep]


def _ranges(counts: np.ndarray) -> np.ndarray:
    """0..c-1 for every c in ``counts``, concatenated."""
    total = int(counts.sum())
    return np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
