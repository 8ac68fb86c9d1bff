"""Door-to-door public-transport minutes for many homes and workplaces at once.

What the matching calls::

    arrive_by_minutes(tt, homes_lat, homes_lon, work_lat, work_lon, deadline_min, day)
    depart_at_minutes(tt, homes_lat, homes_lon, work_lat, work_lon, start_min, day)

Both return an ``(n_work, n_homes)`` int32 array of whole minutes (rounded up), with
:data:`NO_CONNECTION` (-1) where no journey exists within the horizon. Arrive-by counts
from leaving home to the *deadline* (waiting at work before the shift included: that is
the time childcare must cover); depart-at from the shift end to reaching home.

One scan runs per distinct workplace (the reverse scan for arrive-by, the forward scan
for depart-at); homes are then read off in one compiled loop: the best of their up to
ten access stops within 1.5 km (walking time subtracted/added) and a direct walk.
Scans only look at :data:`DEFAULT_HORIZON_MIN` minutes before the deadline / after the
start; a journey longer than that is reported as -1 (it would fail any commute rule).

:class:`TransitModel` keeps what is reusable between calls: the scan arrays, the stop
index, and the per-stop scan results per (workplace, time, day), so asking again for the
same shift with other homes costs only the read-off.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from datetime import date
from itertools import repeat

import numpy as np

from passgenau.geo.distance import haversine_km
from passgenau.geo.transit import csa
from passgenau.geo.transit.access import StopIndex, walk_seconds
from passgenau.geo.transit.journey import (
    Journey,
    forward_journey,
    reverse_journey,
    walked_journey,
)
from passgenau.geo.transit.timetable import FloatArray, Int32Array, Timetable

DEFAULT_HORIZON_MIN = 240
#: Minutes meaning "no connection" in the int32 matrices.
NO_CONNECTION = -1
#: Points whose access stops a model keeps (see :meth:`TransitModel.nearby_stops`).
POINTS_KEPT = 200_000
#: Memory for cached per-stop scan results of one model.
CACHE_BYTES = 64 * 1024 * 1024


class TransitModel:
    """A timetable made ready for scans, with a cache of scan results."""

    def __init__(self, timetable: Timetable, horizon_min: int = DEFAULT_HORIZON_MIN,
                 cache_bytes: int = CACHE_BYTES) -> None:
        if horizon_min <= 0:
            raise ValueError("horizon_min must be positive")
        self.timetable = timetable
        self.horizon_min = horizon_min
        self.scan = csa.build_scan_data(timetable)
        served = np.flatnonzero(timetable.served_stops()).astype(np.int32)
        self.stops = StopIndex.build(served, timetable.stop_lat[served],
                                     timetable.stop_lon[served])
        self._cache: OrderedDict[tuple, Int32Array] = OrderedDict()
        self._cache_rows = max(1, cache_bytes // max(4 * timetable.n_stops, 1))
        self._active: dict[int, np.ndarray] = {}
        self._day_scans: dict[int, csa.ScanData] = {}
        self._recordings: dict[tuple, tuple[np.ndarray, ...]] = {}
        # every point asked, as (batch, row) into the kept answers of its batch
        self._points: dict[tuple[float, float], tuple[int, int]] = {}
        self._batches: list[tuple[Int32Array, Int32Array]] = []

    # -- building blocks ---------------------------------------------------------------
    def nearby_stops(self, lat: FloatArray, lon: FloatArray) -> tuple[Int32Array, Int32Array]:
        """Up to 10 stops within 1.5 km of each point and the walking seconds.

        Every point's answer is kept (each point's rows depend on it alone): the
        explanations ask point by point for homes and workplaces the matching asked for
        in batches, and one lookup costs far less than a query of one point."""
        if len(lat) == 1:
            hit = self._points.get((float(lat[0]), float(lon[0])))
            if hit is not None:
                batch, row = hit
                stops, walks = self._batches[batch]
                return stops[row : row + 1], walks[row : row + 1]
        stops, walks = self.stops.nearest(lat, lon)
        if len(self._points) + len(lat) > POINTS_KEPT:
            self._points.clear()
            self._batches.clear()
        if len(lat) <= POINTS_KEPT:
            batch = len(self._batches)
            self._batches.append((stops, walks))
            points = zip(np.asarray(lat, dtype=np.float64).tolist(),
                         np.asarray(lon, dtype=np.float64).tolist(), strict=True)
            self._points.update(zip(points, zip([batch] * len(lat), range(len(lat)),
                                                strict=True), strict=True))
        return stops, walks

    def active_trips(self, day: date) -> np.ndarray:
        key = day.toordinal()
        if key not in self._active:
            if len(self._active) > 32:
                self._active.clear()
            self._active[key] = self.scan.active(self.timetable, day)
        return self._active[key]

    def day_scan(self, day: date) -> csa.ScanData:
        """The scan arrays with only the connections running on service day ``day``
        (kept for a few days: a matching asks for about three)."""
        key = day.toordinal()
        if key not in self._day_scans:
            if len(self._day_scans) >= 8:
                self._day_scans.clear()
            self._day_scans[key] = self.scan.only_active(self.active_trips(day))
        return self._day_scans[key]

    def stop_times(
        self, work_lat: FloatArray, work_lon: FloatArray, minute: int, day: date,
        arrive_by: bool, access: tuple[Int32Array, Int32Array] | None = None,
    ) -> Int32Array:
        """Per workplace and stop: the latest departure reaching the workplace by
        ``minute`` (arrive-by), or the earliest vehicle arrival after leaving it at
        ``minute`` (depart-at); seconds, ``csa.NEVER_LATE``/``NEVER_EARLY`` for none.

        ``access``: the workplaces' :meth:`nearby_stops`, if the caller has them (a
        caller asking for many time keys finds them once, not per key)."""
        lat = np.atleast_1d(np.asarray(work_lat, dtype=np.float64))
        lon = np.atleast_1d(np.asarray(work_lon, dtype=np.float64))
        keys = list(zip(repeat(arrive_by), repeat(int(minute)), repeat(day.toordinal()),
                        lat.tolist(), lon.tolist()))  # built in C: one tuple per workplace
        out = np.empty((len(keys), self.timetable.n_stops), dtype=np.int32)
        missing: list[int] = []
        for i, key in enumerate(keys):
            row = self._cache.get(key)
            if row is None:
                missing.append(i)
            else:
                out[i] = row
                self._cache.move_to_end(key)
        if missing:
            near = None if access is None else (access[0][missing], access[1][missing])
            rows = self._scan(lat[missing], lon[missing], int(minute) * 60, day, arrive_by,
                              near)
            out[missing] = rows
            for i, row in zip(missing, rows, strict=True):
                self._remember(keys[i], row)
        return out

    def _remember(self, key: tuple, row: Int32Array) -> None:
        self._cache[key] = row.copy()
        while len(self._cache) > self._cache_rows:
            self._cache.popitem(last=False)

    def _scan(self, lat: FloatArray, lon: FloatArray, anchor_s: int, day: date,
              arrive_by: bool, access: tuple[Int32Array, Int32Array] | None = None,
              ) -> Int32Array:
        stops, walks = self.nearby_stops(lat, lon) if access is None else access
        n, n_stops = len(lat), self.timetable.n_stops
        out = np.empty((n, n_stops), dtype=np.int32)
        # plain rows: row w starts at w * n_stops, its stops one apart
        self.scan_into(lat, lon, np.full(n, anchor_s // 60), day, arrive_by, (stops, walks),
                       out.reshape(-1), np.arange(n, dtype=np.int64) * n_stops,
                       np.ones(n, dtype=np.int64))
        if not arrive_by:
            np.negative(out, out=out)  # scan_into stores forward rows negated
        return out

    def scan_into(self, lat: FloatArray, lon: FloatArray, minute: np.ndarray, day: date,
                  arrive_by: bool, access: tuple[Int32Array, Int32Array],
                  table: Int32Array, dest: np.ndarray, stride: np.ndarray) -> None:
        """The rows :meth:`stop_times` would give for workplaces ``lat``/``lon`` at
        ``minute[w]`` (one per row) on ``day``, scanned in one parallel call straight
        into the columns of a stop-major ``table`` (see :func:`csa.reverse_into`;
        forward rows negated). Bypasses the row cache: the caller keeps the table."""
        sd = self.day_scan(day)
        stops, walks = access
        active = self.active_trips(day)
        horizon_s = self.horizon_min * 60
        anchor_s = np.asarray(minute, dtype=np.int64) * 60
        dest = np.asarray(dest, dtype=np.int64)
        stride = np.asarray(stride, dtype=np.int64)
        if arrive_by:
            lo = np.searchsorted(sd.r_neg_arr, -anchor_s, side="left")
            hi = np.searchsorted(sd.r_neg_arr, -(anchor_s - horizon_s), side="right")
            csa.reverse_into(sd.r_dep_stop, sd.r_arr_stop, sd.r_dep, sd.r_arr, sd.r_trip,
                             sd.r_flags, lo, hi, active, sd.change_s, sd.rfoot_start,
                             sd.rfoot_from, sd.rfoot_s, stops, walks, anchor_s, dest,
                             stride, table)
        else:
            lo = np.searchsorted(sd.f_dep, anchor_s, side="left")
            hi = np.searchsorted(sd.f_dep, anchor_s + horizon_s, side="right")
            csa.forward_into(sd.f_dep_stop, sd.f_arr_stop, sd.f_dep, sd.f_arr, sd.f_trip,
                             sd.f_flags, lo, hi, active, sd.change_s, sd.foot_start,
                             sd.foot_to, sd.foot_s, stops, walks, anchor_s, dest, stride,
                             table)

    # -- matrices ----------------------------------------------------------------------
    def arrive_by_minutes(
        self, homes_lat: FloatArray, homes_lon: FloatArray, work_lat: FloatArray,
        work_lon: FloatArray, deadline_min: int, day: date,
    ) -> Int32Array:
        """``(n_work, n_homes)`` minutes from leaving home to the deadline; -1: none."""
        return self._matrix(homes_lat, homes_lon, work_lat, work_lon, deadline_min, day,
                            True)

    def depart_at_minutes(
        self, homes_lat: FloatArray, homes_lon: FloatArray, work_lat: FloatArray,
        work_lon: FloatArray, start_min: int, day: date,
    ) -> Int32Array:
        """``(n_work, n_homes)`` minutes from leaving work at ``start_min`` to home."""
        return self._matrix(homes_lat, homes_lon, work_lat, work_lon, start_min, day, False)

    def _matrix(self, homes_lat: FloatArray, homes_lon: FloatArray, work_lat: FloatArray,
                work_lon: FloatArray, minute: int, day: date, arrive_by: bool) -> Int32Array:
        h_lat = np.atleast_1d(np.asarray(homes_lat, dtype=np.float64))
        h_lon = np.atleast_1d(np.asarray(homes_lon, dtype=np.float64))
        w_lat = np.atleast_1d(np.asarray(work_lat, dtype=np.float64))
        w_lon = np.atleast_1d(np.asarray(work_lon, dtype=np.float64))
        if len(h_lat) != len(h_lon) or len(w_lat) != len(w_lon):
            raise ValueError("latitudes and longitudes differ in length")
        places, inverse = np.unique(np.stack([w_lat, w_lon], axis=1), axis=0,
                                    return_inverse=True)
        times = self.stop_times(places[:, 0], places[:, 1], minute, day, arrive_by)
        home_stop, home_walk = self.nearby_stops(h_lat, h_lon)
        hp, hl, hc = csa.radians_of(h_lat, h_lon)
        wp, wl, wc = csa.radians_of(places[:, 0], places[:, 1])
        out = np.empty((len(places), len(h_lat)), dtype=np.int32)
        csa.read_homes(times, home_stop, home_walk, hp, hl, hc, wp, wl, wc,
                       int(minute) * 60, self.horizon_min * 60, arrive_by, out)
        return out[np.asarray(inverse).reshape(-1)]

    # -- one pair, explained -----------------------------------------------------------
    def journey_to_work(self, home_lat: float, home_lon: float, work_lat: float,
                        work_lon: float, deadline_min: int, day: date) -> Journey | None:
        """The journey behind :meth:`arrive_by_minutes` for one pair (None: no way)."""
        return self._journey(home_lat, home_lon, work_lat, work_lon, deadline_min, day, True)

    def journey_home(self, home_lat: float, home_lon: float, work_lat: float,
                     work_lon: float, start_min: int, day: date) -> Journey | None:
        """The journey behind :meth:`depart_at_minutes` for one pair (None: no way)."""
        return self._journey(home_lat, home_lon, work_lat, work_lon, start_min, day, False)

    def _journey(self, home_lat: float, home_lon: float, work_lat: float, work_lon: float,
                 minute: int, day: date, arrive_by: bool) -> Journey | None:
        """The recorded transit journey or the direct walk, chosen as the matrix does."""
        anchor_s = int(minute) * 60
        transit = self._recorded(home_lat, home_lon, work_lat, work_lon, anchor_s, day,
                                 arrive_by)
        km = haversine_km(np.array([home_lat]), np.array([home_lon]), np.array([work_lat]),
                          np.array([work_lon]))
        direct = int(walk_seconds(km)[0])
        if arrive_by:
            walk_wins = transit is None or anchor_s - direct > transit.departure_s
        else:
            walk_wins = transit is None or anchor_s + direct < transit.arrival_s
        chosen = walked_journey(anchor_s, direct, arrive_by) if walk_wins else transit
        assert chosen is not None
        travel_s = (anchor_s - chosen.departure_s) if arrive_by else (
            chosen.arrival_s - anchor_s)
        return None if travel_s > self.horizon_min * 60 else chosen

    def _recorded(self, home_lat: float, home_lon: float, work_lat: float, work_lon: float,
                  anchor_s: int, day: date, arrive_by: bool) -> Journey | None:
        sd, tt = self.day_scan(day), self.timetable
        h_stops, h_walks = self.nearby_stops(np.array([home_lat]), np.array([home_lon]))
        key = (arrive_by, anchor_s, day.toordinal(), float(work_lat), float(work_lon))
        scanned = self._recordings.get(key)
        if scanned is None:
            scanned = self._record(work_lat, work_lon, anchor_s, day, arrive_by)
            if len(self._recordings) >= 16:
                self._recordings.pop(next(iter(self._recordings)))
            self._recordings[key] = scanned
        w_stops, w_walks, times, stop_ptr, other_ptr, trip_ptr = scanned
        journey = reverse_journey if arrive_by else forward_journey
        return journey(tt, sd, h_stops[0], h_walks[0], w_stops[0], w_walks[0], anchor_s,
                       times, stop_ptr, other_ptr, trip_ptr)

    def _record(self, work_lat: float, work_lon: float, anchor_s: int, day: date,
                arrive_by: bool) -> tuple[np.ndarray, ...]:
        """One scan from the workplace with pointers recorded: it serves every home
        (explanations ask for a vacancy's proposals one after another, so a few recent
        ones are kept). It runs on the day's connections only (:meth:`day_scan`), whose
        positions the recorded pointers then refer to."""
        sd, tt = self.day_scan(day), self.timetable
        w_stops, w_walks = self.nearby_stops(np.array([work_lat]), np.array([work_lon]))
        n = tt.n_stops
        active = self.active_trips(day)
        horizon_s = self.horizon_min * 60
        stop_ptr, other_ptr = np.full(n, -1, np.int32), np.full(n, -1, np.int32)
        trip_ptr = np.full(sd.n_trips, -1, np.int32)
        trip_flag = np.zeros(sd.n_trips, dtype=np.bool_)
        if arrive_by:
            need = np.full(n, csa.NEVER_LATE, np.int32)
            board = np.full(n, csa.NEVER_LATE, np.int32)
            for s, w in zip(w_stops[0], w_walks[0], strict=True):
                if s >= 0:
                    need[s] = max(need[s], anchor_s - w)
            lo, hi = sd.reverse_window(anchor_s, horizon_s)
            csa.reverse_scan(sd.r_dep_stop, sd.r_arr_stop, sd.r_dep, sd.r_arr, sd.r_trip,
                             sd.r_flags, lo, hi, active, sd.change_s, sd.rfoot_start,
                             sd.rfoot_from, sd.rfoot_s, need, board, trip_flag, True,
                             stop_ptr, other_ptr, trip_ptr)
            return w_stops, w_walks, board, stop_ptr, other_ptr, trip_ptr
        ready = np.full(n, csa.NEVER_EARLY, np.int32)
        arrive = np.full(n, csa.NEVER_EARLY, np.int32)
        for s, w in zip(w_stops[0], w_walks[0], strict=True):
            if s >= 0:
                ready[s] = min(ready[s], anchor_s + w)
        lo, hi = sd.forward_window(anchor_s, horizon_s)
        csa.forward_scan(sd.f_dep_stop, sd.f_arr_stop, sd.f_dep, sd.f_arr, sd.f_trip,
                         sd.f_flags, lo, hi, active, sd.change_s, sd.foot_start, sd.foot_to,
                         sd.foot_s, ready, arrive, trip_flag, True, stop_ptr, other_ptr,
                         trip_ptr)
        return w_stops, w_walks, arrive, stop_ptr, other_ptr, trip_ptr


_MODELS: weakref.WeakKeyDictionary[Timetable, dict[int, TransitModel]] = \
    weakref.WeakKeyDictionary()


def model_for(timetable: Timetable, horizon_min: int = DEFAULT_HORIZON_MIN) -> TransitModel:
    """The (cached) :class:`TransitModel` of a timetable and horizon."""
    per_horizon = _MODELS.setdefault(timetable, {})
    if horizon_min not in per_horizon:
        per_horizon[horizon_min] = TransitModel(timetable, horizon_min)
    return per_horizon[horizon_min]


def arrive_by_minutes(
    timetable: Timetable, homes_lat: FloatArray, homes_lon: FloatArray,
    work_lat: FloatArray, work_lon: FloatArray, deadline_min: int, day: date,
    *, horizon_min: int = DEFAULT_HORIZON_MIN,
) -> Int32Array:
    """``(n_work, n_homes)`` minutes door to door, arriving by ``deadline_min`` (minutes
    after midnight of the service day ``day``); -1 where there is no connection."""
    return model_for(timetable, horizon_min).arrive_by_minutes(
        homes_lat, homes_lon, work_lat, work_lon, deadline_min, day)


def depart_at_minutes(
    timetable: Timetable, homes_lat: FloatArray, homes_lon: FloatArray,
    work_lat: FloatArray, work_lon: FloatArray, start_min: int, day: date,
    *, horizon_min: int = DEFAULT_HORIZON_MIN,
) -> Int32Array:
    """``(n_work, n_homes)`` minutes door to door, leaving work at ``start_min``."""
    return model_for(timetable, horizon_min).depart_at_minutes(
        homes_lat, homes_lon, work_lat, work_lon, start_min, day)


def as_travel_minutes(minutes: Int32Array) -> np.ndarray:
    """The int32 matrix in :mod:`passgenau.geo.travel`'s convention (int64, NO_WAY)."""
    from passgenau.geo.travel import NO_WAY

    out = minutes.astype(np.int64)
    out[minutes == NO_CONNECTION] = NO_WAY
    return out
