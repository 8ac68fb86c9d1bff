"""Changing vehicles: the time to change at one stop and the footpaths between stops.

Feeds describe transfers unevenly: some list every pair in ``transfers.txt``, some group
platforms under a parent station, many say nothing. So the footpaths are, in order of
precedence:

1. ``transfers.txt`` rows between two stops (types 0, 1, 2; the row's
   ``min_transfer_time`` or, where it has none, the walking time); type 3 removes a pair;
2. platforms of one parent station, and
3. served stops within :data:`FOOTPATH_RADIUS_KM` of each other, both at walking time
   (straight line × 1.3 at 4.5 km/h), never below the default change time.

A row from a stop to itself sets the change time at that stop (type 3 forbids changing
there). Every transfer takes at least :data:`~.timetable.MIN_TRANSFER_S`. A journey uses
at most one footpath between two vehicles (the footpaths are not chained), as in the
classic Connection Scan.
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

#: Served stops closer than this (straight line) are linked by a footpath.
FOOTPATH_RADIUS_KM = 0.2


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
    """``(stop_change_s, foot_start, foot_to, foot_s)`` for :class:`Timetable`."""
    n = len(lat)
    change = np.full(n, max(change_s, MIN_TRANSFER_S), dtype=np.int32)
    paths: dict[tuple[int, int], int] = {}
    for a, b in _generated_pairs(lat, lon, parent, served, radius_km):
        paths[(a, b)] = -1  # walking time, filled in below
    for rule in rules:
        a, b = rule.from_stop, rule.to_stop
        if a == b:
            if rule.transfer_type == 3:
                change[a] = FORBIDDEN_CHANGE_S
            elif rule.min_seconds is not None:
                change[a] = max(rule.min_seconds, MIN_TRANSFER_S)
            continue
        if rule.transfer_type == 3:
            paths.pop((a, b), None)
        elif rule.min_seconds is not None:
            paths[(a, b)] = max(rule.min_seconds, MIN_TRANSFER_S)
        else:
            paths[(a, b)] = -1
    if paths:
        pairs = np.array(list(paths.keys()), dtype=np.int64).reshape(-1, 2)
        secs = np.array(list(paths.values()), dtype=np.int64)
    else:
        pairs = np.zeros((0, 2), dtype=np.int64)
        secs = np.zeros(0, dtype=np.int64)
    src, dst = pairs[:, 0], pairs[:, 1]
    walk = _walk(lat, lon, src, dst)
    secs = np.where(secs < 0, np.maximum(walk, change_s), secs)
    secs = np.maximum(secs, MIN_TRANSFER_S)
    order = np.lexsort((dst, src))
    src, dst, secs = src[order], dst[order], secs[order]
    start = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(src, minlength=n), out=start[1:])
    return change, start, dst.astype(np.int32), secs.astype(np.int32)


def _walk(lat: FloatArray, lon: FloatArray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    from passgenau.geo.distance import haversine_km

    return walk_seconds(haversine_km(lat[a], lon[a], lat[b], lon[b])).astype(np.int64)


def _generated_pairs(
    lat: FloatArray, lon: FloatArray, parent: Int32Array, served: BoolArray,
    radius_km: float,
) -> list[tuple[int, int]]:
    """Ordered pairs of distinct served stops: same parent station, or close together."""
    pairs: set[tuple[int, int]] = set()
    stops = np.flatnonzero(served & ~np.isnan(lat)).astype(np.int32)
    with_parent = stops[parent[stops] >= 0]
    order = np.argsort(parent[with_parent], kind="stable")
    grouped = with_parent[order]
    bounds = np.flatnonzero(np.diff(parent[grouped])) + 1
    for group in np.split(grouped, bounds):
        if len(group) > 1:
            pairs.update((int(a), int(b)) for a in group for b in group if a != b)
    if radius_km > 0 and len(stops):
        index = StopIndex.build(stops, lat[stops], lon[stops], radius_km)
        owner, stop, _ = index.within(lat[stops], lon[stops])
        src = stops[owner]
        keep = src != stop
        pairs.update(zip(src[keep].tolist(), stop[keep].tolist(), strict=True))
    return sorted(pairs)
