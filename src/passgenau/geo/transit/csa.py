"""Connection Scan (CSA): one pass over the day's connections answers one workplace.

*Reverse* (arrive by a deadline): connections are scanned by decreasing arrival. For each
stop the scan keeps ``need`` (the latest time one may *arrive by vehicle* there and still
reach the workplace in time: the walk to work, or a later vehicle after changing) and
``board`` (the latest departure by vehicle from there that reaches the workplace in
time). A trip is usable from the first (i.e. latest) connection at which alighting
works; staying seated needs no transfer time. Boarding at a stop sets ``need`` at that
stop (departure − change time) and at every stop with a footpath to it (departure −
footpath time).

*Forward* (depart at shift end) is the mirror image: ``ready`` (earliest time one can
board at a stop) and ``arrive`` (earliest arrival by vehicle).

Service days: the scan sees the trips running on the service day D, the trips of D − 1
still running at 18:00 or later (times shifted by −24 h, so an overnight bus of the
evening before counts for an early shift) and the trips of D + 1 starting before 06:00
(shifted by +24 h, for the way home after a late shift). Each copy is a trip of its own
in the scan, active when its service runs on its own day.

The kernels are plain Python on numpy arrays, compiled by numba when it is installed
(``numba.njit(cache=True)``, see :mod:`passgenau.geo.scan_kernels`, which also holds the
read-off helpers the matching's kernels share); without numba the same functions run as
Python, slowly but with the same results. ``HAVE_NUMBA`` tells which.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from passgenau.geo.scan_kernels import HAVE_NUMBA as HAVE_NUMBA  # callers ask csa
from passgenau.geo.scan_kernels import (
    direct_walk_s,
    door_minutes,
    jit,
    jit_parallel,
    prange,
)
from passgenau.geo.transit.timetable import (
    SECONDS_PER_DAY,
    BoolArray,
    Int32Array,
    Timetable,
    UInt8Array,
)

#: "Never" in the scans' int32 stop times (far from overflow when walking times are
#: subtracted or added).
NEVER_LATE = np.int32(-(1 << 30))  # reverse: no departure reaches the target
NEVER_EARLY = np.int32(1 << 30)  # forward: nothing arrives
#: Hours of the neighbouring service days the scan includes (see the module docstring).
EDGE_HOURS = 6


@dataclass(frozen=True, slots=True, eq=False)
class ScanData:
    """The connections of three service days, in forward and in reverse scan order."""

    # forward: sorted by departure
    f_dep_stop: Int32Array
    f_arr_stop: Int32Array
    f_dep: Int32Array
    f_arr: Int32Array
    f_trip: Int32Array
    f_flags: UInt8Array
    # reverse: sorted by decreasing arrival
    r_dep_stop: Int32Array
    r_arr_stop: Int32Array
    r_dep: Int32Array
    r_arr: Int32Array
    r_trip: Int32Array
    r_flags: UInt8Array
    r_neg_arr: Int32Array  # -r_arr, ascending, for searchsorted
    # scan trips: the timetable's trips, then the copies of D-1 and D+1
    trip_origin: Int32Array
    trip_day_offset: Int32Array  # -1, 0, +1
    # transfers
    change_s: Int32Array
    foot_start: Int32Array
    foot_to: Int32Array
    foot_s: Int32Array
    rfoot_start: Int32Array
    rfoot_from: Int32Array
    rfoot_s: Int32Array

    @property
    def n_stops(self) -> int:
        return len(self.change_s)

    @property
    def n_trips(self) -> int:
        return len(self.trip_origin)

    def active(self, timetable: Timetable, day: date) -> BoolArray:
        """Which scan trips run when the service day is ``day``."""
        out = np.empty(self.n_trips, dtype=np.bool_)
        for offset in (-1, 0, 1):
            mask = self.trip_day_offset == offset
            services = timetable.active_services(day + timedelta(days=offset))
            out[mask] = services[timetable.trip_service[self.trip_origin[mask]]]
        return out

    def only_active(self, active: BoolArray) -> ScanData:
        """The same data without the connections of trips that do not run (``active``
        from :meth:`active`): a scan skips those anyway, so its answers are the same,
        but it no longer steps over them (other weekdays' and school days' trips, the
        neighbouring days' copies). Trip numbers stay as they are."""
        f, r = active[self.f_trip], active[self.r_trip]
        return replace(
            self,
            f_dep_stop=self.f_dep_stop[f], f_arr_stop=self.f_arr_stop[f], f_dep=self.f_dep[f],
            f_arr=self.f_arr[f], f_trip=self.f_trip[f], f_flags=self.f_flags[f],
            r_dep_stop=self.r_dep_stop[r], r_arr_stop=self.r_arr_stop[r], r_dep=self.r_dep[r],
            r_arr=self.r_arr[r], r_trip=self.r_trip[r], r_flags=self.r_flags[r],
            r_neg_arr=self.r_neg_arr[r],
        )

    def reverse_window(self, deadline_s: int, horizon_s: int) -> tuple[int, int]:
        """Positions of the connections arriving in ``[deadline - horizon, deadline]``."""
        lo = int(np.searchsorted(self.r_neg_arr, -deadline_s, side="left"))
        hi = int(np.searchsorted(self.r_neg_arr, -(deadline_s - horizon_s), side="right"))
        return lo, hi

    def forward_window(self, start_s: int, horizon_s: int) -> tuple[int, int]:
        """Positions of the connections departing in ``[start, start + horizon]``."""
        lo = int(np.searchsorted(self.f_dep, start_s, side="left"))
        hi = int(np.searchsorted(self.f_dep, start_s + horizon_s, side="right"))
        return lo, hi


def build_scan_data(timetable: Timetable) -> ScanData:
    """Copy the edges of the neighbouring days in and sort for both scan directions."""
    tt = timetable
    n_trips = tt.n_trips
    first = np.full(n_trips, np.iinfo(np.int32).max, dtype=np.int64)
    last = np.full(n_trips, np.iinfo(np.int32).min, dtype=np.int64)
    np.minimum.at(first, tt.conn_trip, tt.conn_dep)
    np.maximum.at(last, tt.conn_trip, tt.conn_arr)
    edge = EDGE_HOURS * 3600
    prev_trips = np.flatnonzero(last >= SECONDS_PER_DAY - edge).astype(np.int32)
    next_trips = np.flatnonzero(first < edge).astype(np.int32)
    trip_origin = np.concatenate([np.arange(n_trips, dtype=np.int32), prev_trips,
                                  next_trips])
    trip_offset = np.concatenate([np.zeros(n_trips, np.int32),
                                  np.full(len(prev_trips), -1, np.int32),
                                  np.ones(len(next_trips), np.int32)])
    position = np.arange(tt.n_connections, dtype=np.int64)
    parts = [(position, np.arange(n_trips, dtype=np.int32), 0)]
    for copies, base, offset in ((prev_trips, n_trips, -1),
                                 (next_trips, n_trips + len(prev_trips), 1)):
        new_id = np.full(n_trips, -1, dtype=np.int32)
        new_id[copies] = base + np.arange(len(copies), dtype=np.int32)
        parts.append((np.flatnonzero(new_id[tt.conn_trip] >= 0), new_id, offset))
    pos = np.concatenate([p for p, _, _ in parts])
    trip = np.concatenate([ids[tt.conn_trip[p]] for p, ids, _ in parts]).astype(np.int32)
    shift = np.concatenate([np.full(len(p), o * SECONDS_PER_DAY, np.int64)
                            for p, _, o in parts])
    dep = (tt.conn_dep[pos] + shift).astype(np.int32)
    arr = (tt.conn_arr[pos] + shift).astype(np.int32)
    dep_stop, arr_stop, flags = tt.conn_dep_stop[pos], tt.conn_arr_stop[pos], tt.conn_flags[pos]
    fwd = np.lexsort((pos, arr, dep))
    rev = np.lexsort((pos, dep, arr))[::-1]
    rstart, rfrom, rsecs = tt.footpaths_into()

    def take(order: np.ndarray) -> list[np.ndarray]:
        return [np.ascontiguousarray(a[order]) for a in (dep_stop, arr_stop, dep, arr, trip,
                                                         flags)]

    f, r = take(fwd), take(rev)
    return ScanData(*f, *r, np.ascontiguousarray(-r[3]), trip_origin, trip_offset,
                    tt.stop_change_s, tt.foot_start, tt.foot_to, tt.foot_s,
                    rstart, rfrom, rsecs)


# -- kernels --------------------------------------------------------------------------


@jit
def reverse_scan(
    dep_stop, arr_stop, dep, arr, trip, flags, lo, hi, active, change,
    rf_start, rf_from, rf_s, need, board, trip_ok, record, need_conn, board_conn,
    trip_alight,
):  # pragma: no cover - compiled; covered through .py_func and the wrappers
    """Latest departures: scan ``[lo, hi)`` of the reverse order; ``need`` holds the
    egress on entry. With ``record`` the three pointer arrays are filled for
    :mod:`.journey` (``-1`` = walked / not set)."""
    for i in range(lo, hi):
        t = trip[i]
        if not active[t]:
            continue
        if not trip_ok[t]:
            if (flags[i] & 2) == 0 or arr[i] > need[arr_stop[i]]:
                continue
            trip_ok[t] = True
            if record:
                trip_alight[t] = i
        if (flags[i] & 1) == 0:
            continue
        u = dep_stop[i]
        d = dep[i]
        if d > board[u]:
            board[u] = d
            if record:
                board_conn[u] = i
        x = d - change[u]
        if x > need[u]:
            need[u] = x
            if record:
                need_conn[u] = i
        for k in range(rf_start[u], rf_start[u + 1]):
            w = rf_from[k]
            x = d - rf_s[k]
            if x > need[w]:
                need[w] = x
                if record:
                    need_conn[w] = i


@jit
def forward_scan(
    dep_stop, arr_stop, dep, arr, trip, flags, lo, hi, active, change,
    f_start, f_to, f_s, ready, arrive, trip_on, record, ready_conn, arrive_conn,
    trip_board,
):  # pragma: no cover - compiled; covered through .py_func and the wrappers
    """Earliest arrivals: scan ``[lo, hi)`` of the forward order; ``ready`` holds the
    access on entry."""
    for i in range(lo, hi):
        t = trip[i]
        if not active[t]:
            continue
        if not trip_on[t]:
            if (flags[i] & 1) == 0 or dep[i] < ready[dep_stop[i]]:
                continue
            trip_on[t] = True
            if record:
                trip_board[t] = i
        if (flags[i] & 2) == 0:
            continue
        v = arr_stop[i]
        a = arr[i]
        if a < arrive[v]:
            arrive[v] = a
            if record:
                arrive_conn[v] = i
        x = a + change[v]
        if x < ready[v]:
            ready[v] = x
            if record:
                ready_conn[v] = i
        for k in range(f_start[v], f_start[v + 1]):
            w = f_to[k]
            x = a + f_s[k]
            if x < ready[w]:
                ready[w] = x
                if record:
                    ready_conn[w] = i


@jit_parallel
def reverse_into(
    dep_stop, arr_stop, dep, arr, trip, flags, lo, hi, active, change,
    rf_start, rf_from, rf_s, egress_stop, egress_walk, deadline_s, dest, stride, table,
):  # pragma: no cover - compiled
    """One reverse scan per row of ``egress_stop`` (in parallel), each with its own
    deadline and window (``deadline_s[w]``, ``lo[w]``, ``hi[w]``); row ``w``'s latest
    departures (``NEVER_LATE`` where none) go to ``table[dest[w] + s * stride[w]]`` for
    stop ``s``: a column of a stop-major table (``stride`` = the block's width), or a
    plain row (``stride`` 1), so a caller with many time keys scans them all in one
    parallel call."""
    n_stops = change.shape[0]
    dummy = np.empty(0, dtype=np.int32)
    never = -(1 << 30)
    for w in prange(egress_stop.shape[0]):
        need = np.full(n_stops, never, dtype=np.int32)
        board = np.full(n_stops, never, dtype=np.int32)
        trip_ok = np.zeros(active.shape[0], dtype=np.bool_)
        for k in range(egress_stop.shape[1]):
            s = egress_stop[w, k]
            if s < 0:
                break
            x = deadline_s[w] - egress_walk[w, k]
            if x > need[s]:
                need[s] = x
        reverse_scan(dep_stop, arr_stop, dep, arr, trip, flags, lo[w], hi[w], active,
                     change, rf_start, rf_from, rf_s, need, board, trip_ok, False, dummy,
                     dummy, dummy)
        at, m = dest[w], stride[w]
        for s in range(n_stops):
            table[at + s * m] = board[s]


@jit_parallel
def forward_into(
    dep_stop, arr_stop, dep, arr, trip, flags, lo, hi, active, change,
    f_start, f_to, f_s, access_stop, access_walk, start_s, dest, stride, table,
):  # pragma: no cover - compiled
    """As :func:`reverse_into`, forward: each row's earliest arrivals, stored negated,
    so that a read-off takes the best of either direction with one maximum."""
    n_stops = change.shape[0]
    dummy = np.empty(0, dtype=np.int32)
    never = 1 << 30
    for w in prange(access_stop.shape[0]):
        ready = np.full(n_stops, never, dtype=np.int32)
        arrive = np.full(n_stops, never, dtype=np.int32)
        trip_on = np.zeros(active.shape[0], dtype=np.bool_)
        for k in range(access_stop.shape[1]):
            s = access_stop[w, k]
            if s < 0:
                break
            x = start_s[w] + access_walk[w, k]
            if x < ready[s]:
                ready[s] = x
        forward_scan(dep_stop, arr_stop, dep, arr, trip, flags, lo[w], hi[w], active,
                     change, f_start, f_to, f_s, ready, arrive, trip_on, False, dummy,
                     dummy, dummy)
        at, m = dest[w], stride[w]
        for s in range(n_stops):
            table[at + s * m] = -arrive[s]


@jit
def copy_columns(src, src_at, src_stride, dst, dst_at, dst_stride,
                 n_stops):  # pragma: no cover - compiled
    """Copy columns between stop-major tables (see :func:`reverse_into`): column ``k``
    from ``src_at[k] + s * src_stride[k]`` to ``dst_at[k] + s * dst_stride[k]``."""
    for k in range(src_at.shape[0]):
        a, b = src_at[k], dst_at[k]
        sa, sb = src_stride[k], dst_stride[k]
        for s in range(n_stops):
            dst[b + s * sb] = src[a + s * sa]


@jit
def best_access(times, home_stop, home_walk, h, latest):  # pragma: no cover - compiled
    """The best time over home ``h``'s access stops in a scan row: the latest departure
    minus the walk to the stop (``latest``), else the earliest arrival plus the walk
    home; ``NEVER_LATE``/``NEVER_EARLY`` if none."""
    if latest:
        best = -(1 << 30)
        for k in range(home_stop.shape[1]):
            s = home_stop[h, k]
            if s < 0:
                break
            x = times[s] - home_walk[h, k]
            if x > best:
                best = x
        return best
    best = 1 << 30
    for k in range(home_stop.shape[1]):
        s = home_stop[h, k]
        if s < 0:
            break
        x = times[s] + home_walk[h, k]
        if x < best:
            best = x
    return best


@jit
def read_homes(
    stop_times, home_stop, home_walk, home_phi, home_lmb, home_cos, work_phi, work_lmb,
    work_cos, anchor_s, horizon_s, latest, out,
):  # pragma: no cover - compiled
    """Minutes per (workplace, home) from the per-stop times of each workplace's scan.

    ``latest``: reverse (``stop_times`` = latest departures, ``anchor_s`` the deadline);
    otherwise forward (earliest arrivals, ``anchor_s`` the start). A direct walk counts
    where it is faster. Minutes are rounded up; ``-1`` = no way within ``horizon_s``.
    """
    for w in range(out.shape[0]):
        times = stop_times[w]
        for h in range(out.shape[1]):
            best = best_access(times, home_stop, home_walk, h, latest)
            walk = direct_walk_s(home_phi[h], home_lmb[h], home_cos[h], work_phi[w],
                                 work_lmb[w], work_cos[w], horizon_s)
            out[w, h] = door_minutes(best, walk, anchor_s, horizon_s, latest)


@jit
def group_by(key, n_keys):  # pragma: no cover - compiled
    """A stable counting sort: ``order`` lists the positions by ``key`` (0 ≤ key <
    ``n_keys``), ``first[g]:first[g + 1]`` the slice of ``order`` holding group ``g``."""
    first = np.zeros(n_keys + 1, dtype=np.int64)
    for k in range(key.shape[0]):
        first[key[k] + 1] += 1
    for g in range(n_keys):
        first[g + 1] += first[g]
    fill = first[:-1].copy()
    order = np.empty(key.shape[0], dtype=np.int64)
    for k in range(key.shape[0]):
        g = key[k]
        order[fill[g]] = k
        fill[g] += 1
    return first, order


@jit_parallel
def read_shifts(
    table, offset, width, column, place_lo, place_hi, place_first, order, key_anchor,
    key_latest, home, shift, shift_first, there_key, back_key, home_stop, home_walk,
    home_phi, home_lmb, home_cos, work_phi, work_lmb, work_cos, horizon_s, no_way, out,
    out_there, out_back,
):  # pragma: no cover - compiled
    """Per row ``k`` of the workplaces ``place_lo ≤ p < place_hi``: the worst over shift
    ``shift[k]``'s demands of the longer leg between home ``home[k]`` and the workplace,
    in whole minutes; ``no_way`` where a leg has no connection within the horizon.

    Rows come grouped by workplace (``order[place_first[p]:place_first[p + 1]]``, see
    :func:`group_by`), and the workplaces run in parallel. A demand ``d`` has two legs,
    each a time key (service day, minute, direction): ``there_key[d]`` (arrive by the
    start) and ``back_key[d]`` (leave at the end), with anchor seconds ``key_anchor`` and
    direction ``key_latest``. Workplace ``p``'s scans for the keys its rows need are the
    columns ``column[p, key]`` of its block in ``table`` (see
    :func:`reverse_into`), the forward ones negated: then one pass over a home's access
    stops takes the best of every key at once, as ``max(time - walk)`` (reverse: the
    latest departure minus the walk to the stop; forward: minus the earliest arrival
    plus the walk home), over contiguous memory. Consecutive rows with the same home
    share that pass, the direct walk and the minutes per key.

    Where ``out_there`` is not empty each shift has one demand, whose two legs go there
    and to ``out_back`` (-1: none).
    """
    legs = out_there.shape[0] > 0
    never = -(1 << 30)
    for p in prange(place_lo, place_hi):
        m = width[p]
        base = offset[p]
        cols = column[p]
        first, last = place_first[p], place_first[p + 1]
        # the workplace's rows, gathered first: a tight loop of independent loads
        # overlaps their cache misses (the rows come ordered by candidate)
        homes = np.empty(last - first, dtype=np.int64)
        shifts = np.empty(last - first, dtype=np.int64)
        for j in range(first, last):
            homes[j - first] = home[order[j]]
            shifts[j - first] = shift[order[j]]
        result = np.empty(last - first, dtype=np.int64)
        there = np.empty(last - first if legs else 0, dtype=np.int64)
        back = np.empty(last - first if legs else 0, dtype=np.int64)
        best = np.empty(m, dtype=np.int32)
        minutes = np.empty(m, dtype=np.int64)
        anchor = np.empty(m, dtype=np.int64)
        latest = np.empty(m, dtype=np.bool_)
        for key in range(cols.shape[0]):
            c = cols[key]
            if c >= 0:
                anchor[c] = key_anchor[key]
                latest[c] = key_latest[key]
        last_home = -1
        for j in range(last - first):
            h = homes[j]
            if h != last_home:  # a new home: every key's minutes at once
                last_home = h
                walk = direct_walk_s(home_phi[h], home_lmb[h], home_cos[h], work_phi[p],
                                     work_lmb[p], work_cos[p], horizon_s)
                best[:] = never
                for a in range(home_stop.shape[1]):
                    stop = home_stop[h, a]
                    if stop < 0:
                        break
                    walk_s = home_walk[h, a]
                    at = base + stop * m
                    for c in range(m):
                        best[c] = max(best[c], table[at + c] - walk_s)
                for c in range(m):
                    found = np.int64(best[c]) if latest[c] else -np.int64(best[c])
                    minutes[c] = door_minutes(found, walk, anchor[c], horizon_s, latest[c])
            s = shifts[j]
            worst = 0
            for d in range(shift_first[s], shift_first[s + 1]):
                a_min = minutes[cols[there_key[d]]]
                b_min = minutes[cols[back_key[d]]]
                if legs:
                    there[j] = a_min
                    back[j] = b_min
                if a_min < 0 or b_min < 0:
                    worst = no_way
                elif worst != no_way:
                    worst = max(worst, a_min, b_min)
            result[j] = worst
        for j in range(first, last):
            out[order[j]] = result[j - first]
        if legs:
            for j in range(first, last):
                out_there[order[j]] = there[j - first]
                out_back[order[j]] = back[j - first]


@jit
def fastest_from_stops(table, offset, width, col_first, col_anchor, col_latest,
                       n_stops):  # pragma: no cover - compiled
    """Per workplace and stop: the fewest seconds between the stop and the workplace
    over all the workplace's columns of ``table`` (laid out as :func:`read_shifts`
    reads them; anchors and directions per column numbered from ``col_first``). The
    stop's ride in column ``c`` takes ``anchor - departure`` (reverse) or ``arrival -
    anchor`` (forward, stored negated), so no home reaches the workplace by any key in
    less than the best of its access stops' value plus the walk, or the direct walk."""
    out = np.empty((width.shape[0], n_stops), dtype=np.int64)
    for p in range(width.shape[0]):
        m = width[p]
        for stop in range(n_stops):
            at = offset[p] + stop * m
            best = np.int64(1) << 40
            for c in range(m):
                g = col_first[p] + c
                shift = col_anchor[g] if col_latest[g] else -col_anchor[g]
                best = min(best, shift - np.int64(table[at + c]))
            out[p, stop] = best
    return out


def radians_of(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(phi, lambda, cos phi) as :func:`read_homes` wants them."""
    phi = np.radians(np.asarray(lat, dtype=np.float64))
    return phi, np.radians(np.asarray(lon, dtype=np.float64)), np.cos(phi)


def empty_pointer(n: int) -> Int32Array:
    return np.full(n, -1, dtype=np.int32)
