"""The chosen trip of one home–workplace pair, leg by leg, for explanations.

The matrix gives minutes; a Jobcenter also wants to tell the candidate *how*: "Bus 782
ab Herrenberg ZOB 06:42, an Gärtringen Bf 07:18, 36 min". A scan run with pointers
recorded (which connection last improved a stop, where each trip was boarded or left)
is walked back here; every step goes to a strictly earlier (forward) or later (reverse)
time, so it ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from passgenau.geo.transit.csa import ScanData
from passgenau.geo.transit.timetable import Int32Array, Timetable, route_type_word

_MAX_LEGS = 64


def clock(seconds: int) -> str:
    """``HH:MM`` on a 24-hour clock (times past midnight wrap)."""
    minutes = (int(seconds) // 60) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class Leg:
    """A walk or a ride. Times are seconds after midnight of the service day."""

    kind: Literal["walk", "ride"]
    from_name: str
    to_name: str
    departure_s: int
    arrival_s: int
    mode: str = ""  # "Bus", "S-Bahn", … (rides)
    route: str = ""  # route_short_name (rides)
    from_stop: int = -1  # stop numbers in the timetable; -1 for home and workplace
    to_stop: int = -1

    @property
    def minutes(self) -> int:
        return -(-(self.arrival_s - self.departure_s) // 60)

    def describe(self) -> str:
        if self.kind == "ride":
            return (f"{self.mode} {self.route} ab {self.from_name} {clock(self.departure_s)}"
                    f", an {self.to_name} {clock(self.arrival_s)}, {self.minutes} min")
        return f"zu Fuß {self.minutes} min von {self.from_name} bis {self.to_name}"


@dataclass(frozen=True, slots=True)
class Journey:
    """Legs from door to door; ``minutes`` is what the matrix reports for the pair."""

    legs: tuple[Leg, ...]
    departure_s: int  # leaving the door
    arrival_s: int  # reaching the door
    minutes: int  # arrive-by: deadline − departure; depart-at: arrival − start
    anchor_s: int  # the deadline or the start
    arrive_by: bool
    notes: tuple[str, ...] = field(default=())

    @property
    def rides(self) -> tuple[Leg, ...]:
        return tuple(leg for leg in self.legs if leg.kind == "ride")

    def describe(self) -> str:
        """German, one line per leg, e.g. for an explanation."""
        lines = [leg.describe() for leg in self.legs]
        if self.arrive_by:
            wait = -(-(self.anchor_s - self.arrival_s) // 60) if self.anchor_s > \
                self.arrival_s else 0
            lines.append(f"Ankunft {clock(self.arrival_s)}, {wait} min vor Beginn; "
                         f"insgesamt {self.minutes} min")
        else:
            lines.append(f"Ankunft zu Hause {clock(self.arrival_s)}; insgesamt "
                         f"{self.minutes} min")
        return "\n".join(lines)


HOME = "Wohnung"
WORK = "Arbeitsplatz"


def _ride(tt: Timetable, scan: ScanData, trip: int, board_stop: int, dep: int,
          alight_stop: int, arr: int) -> Leg:
    route = int(tt.trip_route[scan.trip_origin[trip]])
    return Leg("ride", str(tt.stop_names[board_stop]), str(tt.stop_names[alight_stop]),
               int(dep), int(arr), route_type_word(int(tt.route_types[route])),
               str(tt.route_short_names[route]), board_stop, alight_stop)


def _footpath_s(scan: ScanData, a: int, b: int) -> int:
    lo, hi = scan.foot_start[a], scan.foot_start[a + 1]
    hit = np.flatnonzero(scan.foot_to[lo:hi] == b)
    return int(scan.foot_s[lo + hit[0]]) if len(hit) else 0


def _walk_to(stops: Int32Array, walks: Int32Array, stop: int) -> int:
    hit = np.flatnonzero(stops == stop)
    return int(walks[hit[0]])


def walked_journey(start_s: int, walk_s: int, deadline: bool) -> Journey:
    """Walking all the way (the direct walk won)."""
    dep = start_s - walk_s if deadline else start_s
    names = (HOME, WORK) if deadline else (WORK, HOME)
    leg = Leg("walk", *names, dep, dep + walk_s)
    minutes = -(-walk_s // 60)
    return Journey((leg,), dep, dep + walk_s, minutes, start_s, deadline)


def reverse_journey(
    tt: Timetable, scan: ScanData, home_stops: Int32Array, home_walks: Int32Array,
    work_stops: Int32Array, work_walks: Int32Array, deadline_s: int, board: Int32Array,
    need_conn: Int32Array, board_conn: Int32Array, trip_alight: Int32Array,
) -> Journey | None:
    """The journey home → work behind a recorded reverse scan (None if none)."""
    valid = home_stops >= 0
    if not valid.any():
        return None
    leave = board[home_stops[valid]].astype(np.int64) - home_walks[valid]
    k = int(np.argmax(leave))
    if board[home_stops[valid][k]] <= -(1 << 29):
        return None
    first_stop, walk = int(home_stops[valid][k]), int(home_walks[valid][k])
    i = int(board_conn[first_stop])
    legs = [Leg("walk", HOME, str(tt.stop_names[first_stop]),
                int(scan.r_dep[i]) - walk, int(scan.r_dep[i]), to_stop=first_stop)]
    for _ in range(_MAX_LEGS):
        trip = int(scan.r_trip[i])
        j = int(trip_alight[trip])
        stop = int(scan.r_arr_stop[j])
        legs.append(_ride(tt, scan, trip, int(scan.r_dep_stop[i]), int(scan.r_dep[i]),
                          stop, int(scan.r_arr[j])))
        nxt = int(need_conn[stop])
        if nxt < 0:
            egress = _walk_to(work_stops, work_walks, stop)
            arr = int(scan.r_arr[j])
            legs.append(Leg("walk", str(tt.stop_names[stop]), WORK, arr, arr + egress,
                            from_stop=stop))
            break
        board_stop = int(scan.r_dep_stop[nxt])
        if board_stop != stop:
            secs = _footpath_s(scan, stop, board_stop)
            arr = int(scan.r_arr[j])
            legs.append(Leg("walk", str(tt.stop_names[stop]),
                            str(tt.stop_names[board_stop]), arr, arr + secs,
                            from_stop=stop, to_stop=board_stop))
        i = nxt
    departure = legs[0].departure_s
    return Journey(tuple(legs), departure, legs[-1].arrival_s,
                   -(-(deadline_s - departure) // 60), deadline_s, True)


def forward_journey(
    tt: Timetable, scan: ScanData, home_stops: Int32Array, home_walks: Int32Array,
    work_stops: Int32Array, work_walks: Int32Array, start_s: int, arrive: Int32Array,
    ready_conn: Int32Array, arrive_conn: Int32Array, trip_board: Int32Array,
) -> Journey | None:
    """The journey work → home behind a recorded forward scan (None if none)."""
    valid = home_stops >= 0
    if not valid.any():
        return None
    reach = arrive[home_stops[valid]].astype(np.int64) + home_walks[valid]
    k = int(np.argmin(reach))
    if arrive[home_stops[valid][k]] >= (1 << 29):
        return None
    last_stop, walk = int(home_stops[valid][k]), int(home_walks[valid][k])
    j = int(arrive_conn[last_stop])
    legs = [Leg("walk", str(tt.stop_names[last_stop]), HOME, int(scan.f_arr[j]),
                int(scan.f_arr[j]) + walk, from_stop=last_stop)]
    for _ in range(_MAX_LEGS):
        trip = int(scan.f_trip[j])
        i = int(trip_board[trip])
        stop = int(scan.f_dep_stop[i])
        legs.append(_ride(tt, scan, trip, stop, int(scan.f_dep[i]),
                          int(scan.f_arr_stop[j]), int(scan.f_arr[j])))
        prev = int(ready_conn[stop])
        if prev < 0:
            access = _walk_to(work_stops, work_walks, stop)
            legs.append(Leg("walk", WORK, str(tt.stop_names[stop]), start_s,
                            start_s + access, to_stop=stop))
            break
        alight_stop = int(scan.f_arr_stop[prev])
        if alight_stop != stop:
            secs = _footpath_s(scan, alight_stop, stop)
            arr = int(scan.f_arr[prev])
            legs.append(Leg("walk", str(tt.stop_names[alight_stop]),
                            str(tt.stop_names[stop]), arr, arr + secs,
                            from_stop=alight_stop, to_stop=stop))
        j = prev
    legs.reverse()
    arrival = legs[-1].arrival_s
    return Journey(tuple(legs), start_s, arrival, -(-(arrival - start_s) // 60), start_s,
                   False)
