"""A brute-force time-dependent Dijkstra over the same timetable: the scans' oracle.

Deliberately naive and independent of the scan code: trips are rebuilt from the
timetable's connections as lists of calls, every trip of the day before, the day and
the day after is taken whole (shifted by ±24 h; the scan keeps only the evening before
and the morning after, which is all a 4-hour horizon can reach), and labels are settled
in time order with a heap. Each settled stop boards every trip calling there in time
and rides it to every later stop. The model is the router's: walk to up to 10 stops
within 1.5 km (straight line × 1.3 at 4.5 km/h), change time per stop, one footpath
between two vehicles, a direct walk when faster, minutes rounded up.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from passgenau.geo.transit import Timetable

DAY = 86_400


def walk_s(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(
        math.radians(lon2 - lon1) / 2) ** 2
    km = 2 * 6371.0 * math.asin(math.sqrt(min(max(a, 0.0), 1.0)))
    return math.ceil(km * 1.3 / 4.5 * 3600 - 1e-9)


@dataclass
class Call:
    stop: int
    arr: int
    dep: int
    board: bool
    alight: bool


class Oracle:
    def __init__(self, tt: Timetable) -> None:
        self.tt = tt
        calls: dict[int, list[Call]] = {}
        order = np.lexsort((np.arange(tt.n_connections), tt.conn_dep, tt.conn_trip))
        for c in order:
            t = int(tt.conn_trip[c])
            flags = int(tt.conn_flags[c])
            trip = calls.setdefault(t, [Call(int(tt.conn_dep_stop[c]), int(tt.conn_dep[c]),
                                             int(tt.conn_dep[c]), False, False)])
            trip[-1].dep = int(tt.conn_dep[c])
            trip[-1].board = bool(flags & 1)
            trip.append(Call(int(tt.conn_arr_stop[c]), int(tt.conn_arr[c]),
                             int(tt.conn_arr[c]), False, bool(flags & 2)))
        self.calls = calls
        served = np.flatnonzero(tt.served_stops())
        self.served = served
        self.foot_out: dict[int, list[tuple[int, int]]] = defaultdict(list)
        self.foot_in: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for a in range(tt.n_stops):
            for k in range(tt.foot_start[a], tt.foot_start[a + 1]):
                b, s = int(tt.foot_to[k]), int(tt.foot_s[k])
                self.foot_out[a].append((b, s))
                self.foot_in[b].append((a, s))

    def _instances(self, day: date) -> list[list[Call]]:
        out = []
        for offset in (-1, 0, 1):
            active = self.tt.active_trips(day + timedelta(days=offset))
            shift = offset * DAY
            for t, calls in self.calls.items():
                if active[t]:
                    out.append([Call(c.stop, c.arr + shift, c.dep + shift, c.board,
                                     c.alight) for c in calls])
        return out

    def access(self, lat: float, lon: float) -> list[tuple[int, int]]:
        """(stop, walking seconds) for the up to 10 nearest served stops within 1.5 km."""
        found = []
        for s in self.served:
            d = _km(lat, lon, float(self.tt.stop_lat[s]), float(self.tt.stop_lon[s]))
            if d <= 1.5:
                found.append((d, int(s)))
        found.sort()
        return [(s, walk_s(lat, lon, float(self.tt.stop_lat[s]), float(self.tt.stop_lon[s])))
                for _, s in found[:10]]

    def arrive_by(self, homes: list[tuple[float, float]], work: tuple[float, float],
                  deadline_s: int, day: date, horizon_s: int) -> list[int]:
        """Minutes from leaving each home to the deadline (-1: none within horizon)."""
        trips = self._instances(day)
        arrivals = defaultdict(list)  # stop -> (trip, position)
        for i, calls in enumerate(trips):
            for p, c in enumerate(calls):
                if p > 0 and c.alight:
                    arrivals[c.stop].append((i, p))
        change = self.tt.stop_change_s
        need: dict[int, int] = {}
        board: dict[int, int] = {}
        heap: list[tuple[int, int]] = []
        for s, w in self.access(*work):
            if deadline_s - w > need.get(s, -math.inf):
                need[s] = deadline_s - w
                heapq.heappush(heap, (-need[s], s))
        done = set()
        while heap:
            neg, s = heapq.heappop(heap)
            if s in done or -neg != need[s]:
                continue
            done.add(s)
            tau = -neg
            for i, p in arrivals[s]:
                calls = trips[i]
                if calls[p].arr > tau:
                    continue
                for q in range(p):
                    c = calls[q]
                    if not c.board:
                        continue
                    board[c.stop] = max(board.get(c.stop, -math.inf), c.dep)
                    for w, secs in [(c.stop, int(change[c.stop])), *self.foot_in[c.stop]]:
                        if c.dep - secs > need.get(w, -math.inf):
                            need[w] = c.dep - secs
                            heapq.heappush(heap, (-need[w], w))
        out = []
        for lat, lon in homes:
            best = deadline_s - walk_s(lat, lon, *work)
            for s, w in self.access(lat, lon):
                if s in board:
                    best = max(best, board[s] - w)
            travel = deadline_s - best
            out.append(-1 if travel > horizon_s else -(-travel // 60))
        return out

    def depart_at(self, homes: list[tuple[float, float]], work: tuple[float, float],
                  start_s: int, day: date, horizon_s: int) -> list[int]:
        """Minutes from leaving work at ``start_s`` to reaching each home."""
        trips = self._instances(day)
        departures = defaultdict(list)
        for i, calls in enumerate(trips):
            for p, c in enumerate(calls):
                if c.board:
                    departures[c.stop].append((i, p))
        change = self.tt.stop_change_s
        ready: dict[int, int] = {}
        arrive: dict[int, int] = {}
        heap: list[tuple[int, int]] = []
        for s, w in self.access(*work):
            if start_s + w < ready.get(s, math.inf):
                ready[s] = start_s + w
                heapq.heappush(heap, (ready[s], s))
        done = set()
        while heap:
            tau, s = heapq.heappop(heap)
            if s in done or tau != ready[s]:
                continue
            done.add(s)
            for i, p in departures[s]:
                calls = trips[i]
                if calls[p].dep < tau:
                    continue
                for q in range(p + 1, len(calls)):
                    c = calls[q]
                    if not c.alight:
                        continue
                    arrive[c.stop] = min(arrive.get(c.stop, math.inf), c.arr)
                    for w, secs in [(c.stop, int(change[c.stop])), *self.foot_out[c.stop]]:
                        if c.arr + secs < ready.get(w, math.inf):
                            ready[w] = c.arr + secs
                            heapq.heappush(heap, (ready[w], w))
        out = []
        for lat, lon in homes:
            best = start_s + walk_s(lat, lon, *work)
            for s, w in self.access(lat, lon):
                if s in arrive:
                    best = min(best, arrive[s] + w)
            travel = best - start_s
            out.append(-1 if travel > horizon_s else -(-travel // 60))
        return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(
        math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(max(a, 0.0), 1.0)))
