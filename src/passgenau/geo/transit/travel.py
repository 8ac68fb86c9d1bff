"""The matching's view of a timetable: a :class:`~passgenau.geo.travel.TimedTravelModel`.

Public transport comes from the GTFS router, per shift: the way there arrives by the
shift's start on its weekday (waiting at work included), the way home leaves at its end;
the longer of the two is the commute the rules see, and no trip either way means no
commute at all. Walking, cycling and driving have no timetable and stay straight-line
models (distance × 1.3 at 4.5 km/h walking, 15 km/h cycling + 2 min, 50 km/h by car
+ 5 min: the exchange format's reference speeds), so only public transport changes.

Vacancies whose hours are by arrangement (no shift options) are asked for a
representative working day: Monday, arriving by 08:00, leaving at 16:00.

Each weekday is routed on one service date (:func:`choose_service_day`); weekdays whose
dates run exactly the same trips share one date, so Monday to Friday usually cost one
set of scans. Warnings about the chosen dates (an expired feed) are kept in
:attr:`TimetableTravelModel.warnings` for the caller to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from passgenau.domain.model import TravelMode
from passgenau.geo.distance import (
    FloatArray,
    IntArray,
    Points,
    haversine_km,
    pair_distance_km,
)
from passgenau.geo.transit.matrix import DEFAULT_HORIZON_MIN, TransitModel, model_for
from passgenau.geo.transit.service_day import choose_service_day
from passgenau.geo.transit.timetable import Timetable
from passgenau.geo.travel import NO_WAY, REFERENCE_SPEEDS, REPRESENTATIVE_SHIFT, ModeSpeed

#: Walking to and from stops (up to 1.5 km each end) on top of the fastest ride.
ACCESS_KM = 2 * 1.5
#: Whole-minute timetables let a hop take "0 minutes"; hops count at least this long.
MIN_HOP_SECONDS = 60
#: The ride speed assumed at least, whatever the feed says (km/h).
MIN_RIDE_KMH = 30.0


def fastest_ride_kmh(timetable: Timetable) -> float:
    """The highest straight-line speed of any hop between two stops in the feed.

    A journey's straight-line distance is at most the sum of its hops' and walks', and
    its time at least theirs, so no journey is faster than this (the bound
    ``reach_km`` needs to never miss a pair).
    """
    if timetable.n_connections == 0:
        return MIN_RIDE_KMH
    lat, lon = timetable.stop_lat, timetable.stop_lon
    a, b = timetable.conn_dep_stop, timetable.conn_arr_stop
    km = haversine_km(lat[a], lon[a], lat[b], lon[b])
    hours = np.maximum(timetable.conn_arr - timetable.conn_dep, MIN_HOP_SECONDS) / 3600.0
    return max(float((km / hours).max()), MIN_RIDE_KMH)


@dataclass(slots=True)
class TimetableTravelModel:
    """Public transport by the timetable, the other modes by straight-line speeds."""

    transit: TransitModel
    reference_date: date
    speeds: dict[TravelMode, ModeSpeed] = field(
        default_factory=lambda: {m: s for m, s in REFERENCE_SPEEDS.items()
                                 if m is not TravelMode.TRANSIT}
    )
    name: str = "gtfs"
    warnings: list[str] = field(default_factory=list)
    _days: dict[int, date] = field(default_factory=dict)
    _ride_kmh: float = 0.0

    @classmethod
    def of(cls, timetable: Timetable, reference_date: date, name: str = "gtfs",
           horizon_min: int = DEFAULT_HORIZON_MIN) -> TimetableTravelModel:
        model = cls(model_for(timetable, horizon_min), reference_date, name=name)
        model._ride_kmh = fastest_ride_kmh(timetable)
        return model

    # -- the TravelModel protocol -------------------------------------------------------
    def minutes_by_mode(
        self,
        modes: tuple[TravelMode, ...],
        homes: Points,
        workplaces: Points,
        home: IntArray,
        work: IntArray,
    ) -> IntArray:
        out = np.empty((len(modes), len(home)), dtype=np.int64)
        km: FloatArray | None = None
        for k, mode in enumerate(modes):
            if mode is TravelMode.TRANSIT:
                day, start, end = REPRESENTATIVE_SHIFT
                n = len(home)
                out[k] = self.transit_minutes(
                    homes, workplaces, home, work,
                    np.full(n, day), np.full(n, start), np.full(n, end),
                )
            else:
                if km is None:
                    km = pair_distance_km(homes, workplaces, home, work)
                out[k] = self.speeds[mode].minutes(km)
        return out

    def reach_km(self, mode: TravelMode, minutes: FloatArray) -> FloatArray:
        if mode is not TravelMode.TRANSIT:
            return self.speeds[mode].reach_km(minutes)
        walk = REFERENCE_SPEEDS[TravelMode.WALK].reach_km(minutes)
        ride = np.asarray(minutes, dtype=np.float64) / 60.0 * self._ride_kmh + ACCESS_KM
        return np.where(np.asarray(minutes) >= 0, np.maximum(walk, ride), 0.0)

    # -- the TimedTravelModel protocol --------------------------------------------------
    def transit_minutes(
        self,
        homes: Points,
        workplaces: Points,
        home: IntArray,
        work: IntArray,
        day: IntArray,
        start: IntArray,
        end: IntArray,
    ) -> IntArray:
        there, back = self.transit_legs(homes, workplaces, home, work, day, start, end)
        return np.maximum(there, back)  # NO_WAY is the largest value

    def transit_legs(
        self,
        homes: Points,
        workplaces: Points,
        home: IntArray,
        work: IntArray,
        day: IntArray,
        start: IntArray,
        end: IntArray,
    ) -> tuple[IntArray, IntArray]:
        there = self._leg(homes, workplaces, home, work, day, start, arrive_by=True)
        back = self._leg(homes, workplaces, home, work, day, end, arrive_by=False)
        there[there < 0] = NO_WAY
        back[back < 0] = NO_WAY
        return there, back

    # -- explanations -------------------------------------------------------------------
    def describe_trip(
        self, home_lat: float, home_lon: float, work_lat: float, work_lon: float,
        weekday: int, start: int,
    ) -> str | None:
        """The trip to work behind the minutes, in German, on one line (None: none)."""
        journey = self.transit.journey_to_work(home_lat, home_lon, work_lat, work_lon,
                                               start, self.service_date(weekday))
        if journey is None:
            return None
        rides = journey.rides
        if not rides:
            return f"zu Fuß, {journey.minutes} min"
        first, last = rides[0], rides[-1]
        words = f"{first.mode} {first.route} ab {first.from_name} {_clock(first.departure_s)}"
        if len(rides) > 1:
            words += f" ({len(rides) - 1}× umsteigen)"
        return f"{words}, an {last.to_name} {_clock(last.arrival_s)}, {journey.minutes} min"

    def service_date(self, weekday: int) -> date:
        """The date a shift on ``weekday`` is routed on (shared by equal weekdays)."""
        if weekday not in self._days:
            tt = self.transit.timetable
            chosen = choose_service_day(tt, weekday, self.reference_date)
            if chosen.warning and chosen.warning not in self.warnings:
                self.warnings.append(chosen.warning)
            day = chosen.day
            trips = self.transit.active_trips(day)
            for other in self._days.values():
                if np.array_equal(self.transit.active_trips(other), trips):
                    day = other
                    break
            self._days[weekday] = day
        return self._days[weekday]

    def _leg(
        self, homes: Points, workplaces: Points, home: IntArray, work: IntArray,
        day: IntArray, minute: IntArray, *, arrive_by: bool,
    ) -> IntArray:
        """Minutes of one leg per pair (-1: no connection), one matrix per distinct
        (service date, minute) over the homes and workplaces that ask for it."""
        dates = np.array([self.service_date(int(d)).toordinal() for d in range(7)])
        key = dates[day] * 2000 + minute
        out = np.full(len(home), -1, dtype=np.int64)
        groups, inverse = np.unique(key, return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        bounds = np.searchsorted(inverse[order], np.arange(len(groups) + 1))
        for g, group in enumerate(groups.tolist()):
            rows = order[bounds[g]:bounds[g + 1]]
            when = date.fromordinal(group // 2000)
            homes_g, h_inv = np.unique(home[rows], return_inverse=True)
            works_g, w_inv = np.unique(work[rows], return_inverse=True)
            ask = (self.transit.arrive_by_minutes if arrive_by
                   else self.transit.depart_at_minutes)
            matrix = ask(homes.lat[homes_g], homes.lon[homes_g],
                         workplaces.lat[works_g], workplaces.lon[works_g],
                         group % 2000, when)
            out[rows] = matrix[w_inv.ravel(), h_inv.ravel()]
        return out


def _clock(seconds: int) -> str:
    minutes = seconds // 60
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
