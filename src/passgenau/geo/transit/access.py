"""Walking to and from stops without a street map.

A home's way to the bus is the straight line × :data:`DETOUR` at :data:`WALK_KMH`, to
**every** served stop within :data:`ACCESS_RADIUS_KM`, at most the :data:`MAX_ACCESS_STOPS`
nearest. Offering several stops matters: the nearest stop may be served by a line that
does not go to the workplace, while the one 600 m further does.

The spatial index is a grid of cells in degrees whose width is chosen for the highest
latitude of the stops, so a cell is never narrower than the radius anywhere in the feed:
a 3×3 block of cells around a point holds every stop within the radius. All queries are
vectorised over the points (no Python loop per home).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from passgenau.geo.distance import EARTH_RADIUS_KM, haversine_km
from passgenau.geo.transit.timetable import FloatArray, Int32Array, Int64Array

#: Walking speed and detour factor of the exchange format's reference model.
WALK_KMH = 4.5
DETOUR = 1.3
#: Stops farther than this are not walked to (straight line).
ACCESS_RADIUS_KM = 1.5
#: At most this many stops per point, the nearest first.
MAX_ACCESS_STOPS = 10

_KEY_OFFSET = 1 << 20  # rows and columns may be negative for points outside the stops


def walk_seconds(km: FloatArray) -> Int32Array:
    """Whole seconds (rounded up) to walk a straight-line distance of ``km``."""
    return np.ceil(np.asarray(km) * (DETOUR / WALK_KMH * 3600.0) - 1e-9).astype(np.int32)


@dataclass(frozen=True, slots=True, eq=False)
class StopIndex:
    """A grid over some stops (usually the served ones) for radius queries."""

    stops: Int32Array  # stop numbers, sorted by cell
    lat: FloatArray  # their coordinates, in the same order
    lon: FloatArray
    cell_keys: Int64Array  # distinct cells, ascending
    cell_start: Int64Array  # first position of each cell in ``stops``
    cell_count: Int64Array
    lat0: float
    lon0: float
    dlat: float
    dlon: float
    radius_km: float

    @classmethod
    def build(
        cls, stops: Int32Array, lat: FloatArray, lon: FloatArray,
        radius_km: float = ACCESS_RADIUS_KM,
    ) -> StopIndex:
        stops = np.asarray(stops, dtype=np.int32)
        lat = np.asarray(lat, dtype=np.float64)
        lon = np.asarray(lon, dtype=np.float64)
        dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
        top = min(float(np.max(np.abs(lat))) + dlat, 89.0) if len(lat) else 0.0
        dlon = dlat / math.cos(math.radians(top))
        lat0 = float(lat.min()) if len(lat) else 0.0
        lon0 = float(lon.min()) if len(lon) else 0.0
        keys = _cell_key(_cell(lat, lat0, dlat), _cell(lon, lon0, dlon))
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        cell_keys, cell_start, cell_count = np.unique(keys, return_index=True,
                                                      return_counts=True)
        return cls(stops[order], lat[order], lon[order], cell_keys,
                   cell_start.astype(np.int64), cell_count.astype(np.int64),
                   lat0, lon0, dlat, dlon, radius_km)

    def within(
        self, lat: FloatArray, lon: FloatArray
    ) -> tuple[Int64Array, Int32Array, FloatArray]:
        """Every (point, stop, km) with the stop within the radius of the point."""
        lat = np.atleast_1d(np.asarray(lat, dtype=np.float64))
        lon = np.atleast_1d(np.asarray(lon, dtype=np.float64))
        row = _cell(lat, self.lat0, self.dlat)
        col = _cell(lon, self.lon0, self.dlon)
        points = np.arange(len(lat), dtype=np.int64)
        shifts = np.array([-1, 0, 1], dtype=np.int64)
        keys = _cell_key((row[:, None, None] + shifts[:, None]),
                         (col[:, None, None] + shifts[None, :])).reshape(len(lat), 9)
        if len(self.cell_keys) == 0:
            return (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32),
                    np.zeros(0, dtype=np.float64))
        pos = np.minimum(np.searchsorted(self.cell_keys, keys), len(self.cell_keys) - 1)
        hit = self.cell_keys[pos] == keys
        counts = np.where(hit, self.cell_count[pos], 0)
        starts = np.where(hit, self.cell_start[pos], 0)
        counts, starts = counts.ravel(), starts.ravel()
        total = int(counts.sum())
        owner = np.repeat(np.repeat(points, 9), counts)
        first = np.cumsum(counts) - counts
        slot = np.arange(total, dtype=np.int64) - np.repeat(first, counts) \
            + np.repeat(starts, counts)
        km = haversine_km(lat[owner], lon[owner], self.lat[slot], self.lon[slot])
        keep = km <= self.radius_km
        return owner[keep], self.stops[slot[keep]], km[keep]

    def nearest(
        self, lat: FloatArray, lon: FloatArray, k: int = MAX_ACCESS_STOPS
    ) -> tuple[Int32Array, Int32Array]:
        """The up to ``k`` nearest stops within the radius of each point and the walking
        seconds to them: two ``(n_points, k)`` arrays, padded with stop -1."""
        n = len(np.atleast_1d(lat))
        owner, stop, km = self.within(lat, lon)
        order = np.lexsort((stop, km, owner))
        owner, stop, km = owner[order], stop[order], km[order]
        group_first = np.searchsorted(owner, owner, side="left")
        rank = np.arange(len(owner)) - group_first
        keep = rank < k
        out_stop = np.full((n, k), -1, dtype=np.int32)
        out_walk = np.zeros((n, k), dtype=np.int32)
        out_stop[owner[keep], rank[keep]] = stop[keep]
        out_walk[owner[keep], rank[keep]] = walk_seconds(km[keep])
        return out_stop, out_walk


def _cell(x: FloatArray, origin: float, size: float) -> Int64Array:
    return np.floor((x - origin) / size).astype(np.int64)


def _cell_key(row: Int64Array, col: Int64Array) -> Int64Array:
    return (row + _KEY_OFFSET) * (1 << 22) + (col + _KEY_OFFSET)
