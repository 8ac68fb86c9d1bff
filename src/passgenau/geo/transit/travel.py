"""The matching's view of a timetable: a :class:`~passgenau.geo.travel.TravelModel` whose
public transport depends on the shift.

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

from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from passgenau.domain.model import TravelMode
from passgenau.domain.schedule import Weekday
from passgenau.geo.distance import (
    FloatArray,
    IntArray,
    Points,
    haversine_km,
    pair_distance_km,
)
from passgenau.geo.transit import csa
from passgenau.geo.transit.journey import Journey, clock
from passgenau.geo.transit.matrix import DEFAULT_HORIZON_MIN, TransitModel, model_for
from passgenau.geo.transit.service_day import choose_service_day
from passgenau.geo.transit.timetable import Timetable
from passgenau.geo.travel import (
    NO_WAY,
    REFERENCE_SPEEDS,
    REPRESENTATIVE_SHIFT,
    FastPath,
    ModeSpeed,
    ScanRows,
    Shifts,
    Trips,
    straight_line_path,
)

#: Walking to and from stops (up to 1.5 km each end) on top of the fastest ride.
ACCESS_KM = 2 * 1.5
#: Whole-minute timetables let a hop take "0 minutes"; hops count at least this long.
MIN_HOP_SECONDS = 60


def fastest_ride_kmh(timetable: Timetable) -> float:
    """The highest straight-line speed of any hop between two stops, vehicle or
    footpath, in the feed (at least walking speed).

    A journey's straight-line distance is at most the sum of its hops' and walks', and
    its time at least theirs, so no journey is faster than this (the bound
    ``reach_km`` needs to never miss a pair). Hops of under a minute count as one
    minute (timetables round to minutes); :data:`ACCESS_KM` on top absorbs the little
    that could gain.
    """
    walking = REFERENCE_SPEEDS[TravelMode.WALK]
    fastest = walking.kmh / walking.detour
    lat, lon = timetable.stop_lat, timetable.stop_lon
    hops = [(timetable.conn_dep_stop, timetable.conn_arr_stop,
             timetable.conn_arr - timetable.conn_dep)]
    n_foot = np.diff(timetable.foot_start)
    hops.append((np.repeat(np.arange(timetable.n_stops), n_foot), timetable.foot_to,
                 timetable.foot_s))
    for a, b, seconds in hops:
        if len(a) == 0:
            continue
        km = haversine_km(lat[a], lon[a], lat[b], lon[b])
        hours = np.maximum(seconds, MIN_HOP_SECONDS) / 3600.0
        fastest = max(fastest, float((km / hours).max()))
    return fastest


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
    _notes: list[str] = field(default_factory=list)
    _expired: dict[int, date] = field(default_factory=dict)
    _days: dict[int, date] = field(default_factory=dict)
    _ride_kmh: float = 0.0
    _layout: _Layout | None = None
    _reader: tuple[bytes, _Layout, ScanRows] | None = None
    _access: tuple[bytes, tuple[np.ndarray, np.ndarray]] | None = None
    _twins: dict[int, int] = field(default_factory=dict)
    _windows: dict[tuple, list[int]] = field(default_factory=dict)

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
                out[k] = self.shift_transit_minutes(
                    homes, workplaces, home, work, np.zeros(len(home), dtype=np.int64),
                    np.array([0, 1]), np.array([day]), np.array([start]), np.array([end]),
                )
            else:
                if km is None:
                    km = pair_distance_km(homes, workplaces, home, work)
                out[k] = self.speeds[mode].minutes(km)
        return out

    def reach_km(self, mode: TravelMode, minutes: FloatArray) -> FloatArray:
        if mode is not TravelMode.TRANSIT:
            return self.speeds[mode].reach_km(minutes)
        # a journey (or direct walk) longer than the scans' horizon is no connection, so
        # nothing farther than the horizon's reach is ever reached
        capped = np.minimum(np.asarray(minutes, dtype=np.float64), self.transit.horizon_min)
        walk = REFERENCE_SPEEDS[TravelMode.WALK].reach_km(capped)
        ride = capped / 60.0 * self._ride_kmh + ACCESS_KM
        return np.where(np.asarray(minutes) >= 0, np.maximum(walk, ride), 0.0)

    @property
    def shift_modes(self) -> tuple[TravelMode, ...]:
        return (TravelMode.TRANSIT,)

    def shift_minutes(
        self, mode: TravelMode, homes: Points, workplaces: Points, home: IntArray,
        work: IntArray, shift: IntArray, shifts: Shifts,
    ) -> IntArray:
        if mode is not TravelMode.TRANSIT:
            return self.speeds[mode].minutes(pair_distance_km(homes, workplaces, home, work))
        return self.shift_transit_minutes(homes, workplaces, home, work, shift, shifts.first,
                                          shifts.day, shifts.start, shifts.end)

    def shift_legs(
        self, mode: TravelMode, homes: Points, workplaces: Points, home: IntArray,
        work: IntArray, day: IntArray, start: IntArray, end: IntArray,
    ) -> tuple[IntArray, IntArray]:
        if mode is not TravelMode.TRANSIT:
            minutes = self.speeds[mode].minutes(pair_distance_km(homes, workplaces, home, work))
            return minutes, minutes.copy()
        return self.transit_legs(homes, workplaces, home, work, day, start, end)

    def prepare(self, workplaces: Points, shifts: Shifts, work: IntArray,
                shift: IntArray) -> None:
        self.shift_reader(workplaces, shifts.first, shifts.day, shifts.start, shifts.end,
                          work, shift)

    def fast_path(
        self, modes: tuple[TravelMode, ...], homes: Points, workplaces: Points,
        shifts: Shifts, work: IntArray, shift: IntArray,
    ) -> FastPath | None:
        """The straight-line speeds of the other modes, and public transport's scan rows
        for every (workplace, shift) asked (see :meth:`shift_reader`) with every home's
        access stops; None where the rows would not fit."""
        reader = self.shift_reader(workplaces, shifts.first, shifts.day, shifts.start,
                                   shifts.end, work, shift)
        if reader is None:
            return None
        home_stop, home_walk = self.access_stops(homes)
        scans = replace(reader, home_stop=home_stop, home_walk=home_walk)
        speeds = [self.speeds.get(mode, REFERENCE_SPEEDS[mode]) for mode in modes]
        transit = modes.index(TravelMode.TRANSIT) if TravelMode.TRANSIT in modes else -1
        return straight_line_path(speeds, transit, scans)

    # -- the timetable's own questions ------------------------------------------------
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
        n = len(home)
        there = np.empty(n, dtype=np.int64)
        back = np.empty(n, dtype=np.int64)
        self._read(homes, workplaces, home, work, np.arange(n), np.arange(n + 1), day, start,
                   end, there, back)
        there[there < 0] = NO_WAY
        back[back < 0] = NO_WAY
        return there, back

    def shift_transit_minutes(
        self,
        homes: Points,
        workplaces: Points,
        home: IntArray,
        work: IntArray,
        shift: IntArray,
        shift_first: IntArray,
        day: IntArray,
        start: IntArray,
        end: IntArray,
    ) -> IntArray:
        return self._read(homes, workplaces, home, work, shift, shift_first, day, start, end)

    # -- explanations -------------------------------------------------------------------
    def describe_trip(
        self, home_lat: float, home_lon: float, work_lat: float, work_lon: float,
        weekday: int, start: int,
    ) -> str | None:
        """The trip to work behind the minutes, in German, on one line (None: none)."""
        journey = self.transit.journey_to_work(home_lat, home_lon, work_lat, work_lon,
                                               start, self.service_date(weekday))
        return None if journey is None else _line(journey)

    def describe_trips(
        self, home_lat: float, home_lon: float, work_lat: float, work_lon: float,
        weekday: int, start: int, end: int,
    ) -> Trips:
        """The way there (arriving by ``start``) and the way home (leaving at ``end``)
        on ``weekday``'s service date, each on one line with its minutes: the same
        journeys (and minutes) as the scans behind :meth:`shift_legs`."""
        day = self.service_date(weekday)
        there = self.transit.journey_to_work(home_lat, home_lon, work_lat, work_lon,
                                             start, day)
        home = self.transit.journey_home(home_lat, home_lon, work_lat, work_lon, end, day)
        return Trips(None if there is None else _line(there),
                     None if there is None else there.minutes,
                     None if home is None else _line(home),
                     None if home is None else home.minutes)

    @property
    def warnings(self) -> list[str]:
        """German notes for the user: an expired feed (once, with the dates used),
        holidays replaced by a regular day, weekdays without service."""
        notes = list(self._notes)
        if self._expired:
            tt = self.transit.timetable
            used = ", ".join(f"{Weekday(w).german} {d:%d.%m.%Y}"
                             for w, d in sorted(self._expired.items()))
            notes.insert(0, (
                f"Der Fahrplan gilt vom {tt.valid_from:%d.%m.%Y} bis "
                f"{tt.valid_until:%d.%m.%Y} und deckt den "
                f"{self.reference_date:%d.%m.%Y} nicht ab. Gerechnet wird mit typischen "
                f"Tagen daraus ({used}); die Fahrzeiten können heute anders sein."))
        return notes

    def _note(self, text: str) -> None:
        if text not in self._notes:
            self._notes.append(text)

    def service_date(self, weekday: int) -> date:
        """The date a shift on ``weekday`` is routed on (shared by equal weekdays)."""
        if weekday not in self._days:
            tt = self.transit.timetable
            chosen = choose_service_day(tt, weekday, self.reference_date)
            if chosen.warning and not tt.covers(self.reference_date):
                self._expired[weekday] = chosen.day  # one note for the whole week
                if "nichts" in chosen.warning:
                    self._note(chosen.warning.split(". ")[-1])
            elif chosen.warning:
                self._note(chosen.warning)
            day = chosen.day
            trips = self.transit.active_trips(day)
            for other in self._days.values():
                if np.array_equal(self.transit.active_trips(other), trips):
                    day = other
                    break
            self._days[weekday] = day
        return self._days[weekday]

    def _read(
        self, homes: Points, workplaces: Points, home: IntArray, work: IntArray,
        shift: IntArray, shift_first: IntArray, day: IntArray, start: IntArray,
        end: IntArray, there: IntArray | None = None, back: IntArray | None = None,
    ) -> IntArray:
        """Per row the worst over its shift's demands of the longer leg (``NO_WAY``: a
        leg without connection); with ``there``/``back`` (one demand per shift) also
        each leg's minutes (-1: none).

        Every demand has two time keys, (service date, start, arrive-by) and (service
        date, end, depart-at): weekdays routed on the same date share theirs. One scan
        runs per workplace location and key that some row needs (or comes from the
        model's cache); then one compiled pass reads every row off its workplace's scan
        rows and its home's access stops (:func:`csa.read_shifts`), workplace by
        workplace. Without the (workplaces × homes) matrices of the matrix functions
        this costs per asked pair, not per home and workplace of a group. Workplaces are
        taken in chunks whose scan rows fit :data:`ROWS_BYTES`.
        """
        n = len(home)
        out = np.empty(n, dtype=np.int64)
        if n == 0:
            return out
        home = np.asarray(home, dtype=np.int64)
        shift = np.asarray(shift, dtype=np.int64)
        shift_first = np.asarray(shift_first, dtype=np.int64)
        keys, key_latest, shift_first, there_key, back_key = self._time_keys(
            shift_first, day, start, end)
        # workplaces by location (vacancies of one employer share theirs)
        coords = np.stack([workplaces.lat, workplaces.lon], axis=1)
        places, place_of = np.unique(coords, axis=0, return_inverse=True)
        place = place_of.reshape(-1)[np.asarray(work)]
        n_places = len(places)
        # the homes asked, with their access stops
        asked = np.zeros(len(homes), dtype=bool)
        asked[home] = True
        homes_used = np.flatnonzero(asked)
        compact = np.zeros(len(homes), dtype=np.int64)
        compact[homes_used] = np.arange(len(homes_used))
        home_stop, home_walk = self.transit.nearby_stops(homes.lat[homes_used],
                                                         homes.lon[homes_used])
        # which (place, key) scans the rows need: their (place, shift)s' demands
        ps_place, ps_shift = _distinct_pairs(place, shift, len(shift_first) - 1)
        n_d = shift_first[ps_shift + 1] - shift_first[ps_shift]
        dem = np.repeat(shift_first[ps_shift], n_d) + _ranges(n_d)
        pk_place = np.tile(np.repeat(ps_place, n_d), 2)
        pk_key = np.concatenate([there_key[dem], back_key[dem]])
        need_place, need_key = _distinct_pairs(pk_place, pk_key, len(keys))
        place_first, order = csa.group_by(place, n_places)
        w_phi, w_lmb, w_cos = csa.radians_of(places[:, 0], places[:, 1])
        legs = there is not None and back is not None
        empty = np.zeros(0, dtype=np.int64)
        rows_fit = ROWS_BYTES // (4 * self.transit.timetable.n_stops)
        if len(need_place) <= rows_fit:
            chunks = [(0, n_places, self._cached_layout(places, need_place, keys[need_key]))]
        else:  # chunks of workplaces whose scan rows fit the budget
            chunks = []
            ends = np.cumsum(np.bincount(need_place, minlength=n_places))
            lo = 0
            while lo < n_places:
                taken = int(ends[lo - 1]) if lo else 0
                hi = max(lo + 1, int(np.searchsorted(ends, taken + rows_fit, side="right")))
                mine = (need_place >= lo) & (need_place < hi)
                chunks.append((lo, hi, (need_place[mine], keys[need_key[mine]])))
                lo = hi
        for lo, hi, layout in chunks:
            if isinstance(layout, tuple):
                layout = self._build_layout(places, *layout)
            at = np.minimum(np.searchsorted(layout.codes, keys), len(layout.codes) - 1)
            column = np.where(layout.codes[at] == keys, layout.col[:, at], -1)
            csa.read_shifts(
                layout.table, layout.offset, layout.width, column, lo, hi, place_first,
                order, (keys % _MINUTES * 60).astype(np.int64), key_latest, compact[home],
                shift, shift_first, there_key, back_key, home_stop, home_walk,
                homes.phi[homes_used], homes.lmb[homes_used], homes.cos_phi[homes_used],
                w_phi, w_lmb, w_cos, self.transit.horizon_min * 60, NO_WAY, out,
                there if legs else empty, back if legs else empty)
        return out

    def shift_reader(
        self, workplaces: Points, shift_first: IntArray, day: IntArray, start: IntArray,
        end: IntArray, work: IntArray, shift: IntArray,
    ) -> ScanRows | None:
        """What a compiled caller needs to read transit minutes off the scan rows itself
        (:func:`passgenau.matching.kernels.timed_rule_counts`), for any home, any
        workplace among ``work`` and any shift among ``shift`` (``shift[k]`` at
        ``work[k]``): the layout of every scan those need, built once, with the time keys
        of the shifts' distinct legs. Asking per (pair, option) through
        :meth:`shift_transit_minutes` would build pair arrays of millions of rows in
        numpy; the reader lets one compiled loop decide per pair instead. None: the scan
        rows would not fit :data:`ROWS_BYTES` (the caller then asks per pair). The rows'
        homes are left empty: :meth:`fast_path` adds the homes asked."""
        asked = b"".join(np.ascontiguousarray(a, dtype=np.float64).tobytes() for a in (
            workplaces.lat, workplaces.lon, shift_first, day, start, end, work, shift))
        if self._reader is not None and self._reader[0] == asked \
                and self._reader[1] is self._layout:
            return self._reader[2]  # the feasibility and the blocked counts ask alike
        keys, _, shift_first, there_key, back_key = self._time_keys(
            shift_first, day, start, end)
        coords = np.stack([workplaces.lat, workplaces.lon], axis=1)
        places, place_of = np.unique(coords, axis=0, return_inverse=True)
        place_of = place_of.reshape(-1).astype(np.int64)
        place = place_of[np.asarray(work, dtype=np.int64)]
        ps_place, ps_shift = _distinct_pairs(place, np.asarray(shift, dtype=np.int64),
                                             len(shift_first) - 1)
        n_d = shift_first[ps_shift + 1] - shift_first[ps_shift]
        dem = np.repeat(shift_first[ps_shift], n_d) + _ranges(n_d)
        pk_place = np.tile(np.repeat(ps_place, n_d), 2)
        pk_key = np.concatenate([there_key[dem], back_key[dem]])
        need_place, need_key = _distinct_pairs(pk_place, pk_key, len(keys))
        if len(need_place) * 4 * self.transit.timetable.n_stops > ROWS_BYTES:
            return None
        if len(need_place):
            layout = self._cached_layout(places, need_place, keys[need_key])
        else:
            layout = self._build_layout(places, need_place, keys[need_key])
        at = np.minimum(np.searchsorted(layout.codes, keys), max(len(layout.codes) - 1, 0))
        if len(layout.codes):
            column = np.where(layout.codes[at] == keys, layout.col[:, at], -1)
        else:
            column = np.full((len(places), len(keys)), -1, dtype=np.int64)
        w_phi, w_lmb, w_cos = csa.radians_of(places[:, 0], places[:, 1])
        # every column's anchor and direction, numbered across the workplaces
        col_first = (np.cumsum(layout.width) - layout.width).astype(np.int64)
        n_cols = int(layout.width.sum())
        has_place, has_code = np.nonzero(layout.col >= 0)
        at_col = col_first[has_place] + layout.col[has_place, has_code]
        col_anchor = np.zeros(n_cols, dtype=np.int64)
        col_anchor[at_col] = layout.codes[has_code] % _MINUTES * 60
        col_latest = np.zeros(n_cols, dtype=np.bool_)
        col_latest[at_col] = (layout.codes[has_code] // _MINUTES) % 2 == 1
        no_homes = np.zeros((0, 0), dtype=np.int64)
        reader = ScanRows(
            layout.table, layout.offset, layout.width, np.ascontiguousarray(column),
            place_of, col_first, col_anchor, col_latest,
            np.ascontiguousarray(csa.fastest_from_stops(
                layout.table, layout.offset, layout.width, col_first, col_anchor, col_latest,
                self.transit.timetable.n_stops).T),
            shift_first,
            there_key, back_key, w_phi, w_lmb, w_cos, self.transit.horizon_min * 60,
            self._ride_kmh, no_homes, no_homes, float(self.transit.horizon_min), ACCESS_KM,
            REFERENCE_SPEEDS[TravelMode.WALK],
        )
        self._reader = (asked, layout, reader)
        return reader

    def access_stops(self, homes: Points) -> tuple[np.ndarray, np.ndarray]:
        """The access stops and walking seconds of every home (as ``_read`` uses); the
        last answer is kept, as the feasibility and the blocked counts ask alike."""
        asked = np.concatenate([homes.lat, homes.lon]).tobytes()
        if self._access is None or self._access[0] != asked:
            self._access = (asked, self.transit.nearby_stops(homes.lat, homes.lon))
        return self._access[1]

    def _canonical(self, codes: IntArray) -> IntArray:
        """Time key codes with each (date, minute, direction) replaced by the first
        date whose scan window holds exactly the same connections.

        Monday, Tuesday and Friday are different service dates (each also runs the
        neighbouring nights' trips), but a 06:00 shift's window usually holds only the
        same daytime trips on all three: one scan serves them all, the answers being
        equal by construction."""
        distinct, inverse = np.unique(codes, return_inverse=True)
        out = np.array([self._twin(int(c)) for c in distinct.tolist()], dtype=np.int64)
        return out[inverse.reshape(-1)]

    def _twin(self, code: int) -> int:
        twin = self._twins.get(code)
        if twin is not None:
            return twin
        window = self._window(code)
        minute, arrive_by = code % _MINUTES, (code // _MINUTES) % 2 == 1
        signature = (minute, arrive_by, len(window[0]),
                     hash(b"".join(w.tobytes() for w in window)))
        twin = code
        for other in self._windows.get(signature, []):
            if all(np.array_equal(a, b)
                   for a, b in zip(self._window(other), window, strict=True)):
                twin = other
                break
        else:
            self._windows.setdefault(signature, []).append(code)
        self._twins[code] = twin
        return twin

    def _window(self, code: int) -> list[np.ndarray]:
        """The connections a scan for time key ``code`` looks at (its day's, within the
        horizon), as the arrays the scan reads."""
        minute, group = code % _MINUTES, code // _MINUTES
        sd = self.transit.day_scan(date.fromordinal(group // 2))
        anchor_s, horizon_s = minute * 60, self.transit.horizon_min * 60
        if group % 2 == 1:
            lo, hi = sd.reverse_window(anchor_s, horizon_s)
            parts = (sd.r_trip, sd.r_dep, sd.r_arr, sd.r_dep_stop, sd.r_arr_stop, sd.r_flags)
        else:
            lo, hi = sd.forward_window(anchor_s, horizon_s)
            parts = (sd.f_trip, sd.f_dep, sd.f_arr, sd.f_dep_stop, sd.f_arr_stop, sd.f_flags)
        return [np.ascontiguousarray(a[lo:hi]) for a in parts]

    def _time_keys(
        self, shift_first: IntArray, day: IntArray, start: IntArray, end: IntArray,
    ) -> tuple[IntArray, np.ndarray, IntArray, IntArray, IntArray]:
        """The time keys of the demands' legs, and per shift its distinct (there, back)
        key pairs: ``keys``, ``key_latest``, then ``shift_first``, ``there_key``,
        ``back_key`` over the distinct legs (see :meth:`_read`)."""
        n_dem = len(day)
        day = np.asarray(day, dtype=np.int64)
        dates = np.zeros(7, dtype=np.int64)  # only the weekdays asked: notes name no others
        for weekday in np.unique(day).tolist():
            dates[weekday] = self.service_date(weekday).toordinal()
        codes = np.concatenate([(dates[day] * 2 + 1) * _MINUTES + np.asarray(start),
                                (dates[day] * 2) * _MINUTES + np.asarray(end)])
        keys, key_of = np.unique(self._canonical(codes), return_inverse=True)
        key_of = key_of.reshape(-1).astype(np.int64)
        there_key, back_key = key_of[:n_dem], key_of[n_dem:]
        # a shift's days that share their keys are asked once: Monday to Friday is
        # usually one (service date, start, end)
        n_keys = len(keys)
        per_shift = np.diff(np.asarray(shift_first, dtype=np.int64))
        owner = np.repeat(np.arange(len(per_shift), dtype=np.int64), per_shift)
        legs_code = np.unique((owner * n_keys + there_key) * n_keys + back_key)
        shift_first = np.searchsorted(legs_code // (n_keys * n_keys),
                                      np.arange(len(per_shift) + 1)).astype(np.int64)
        there_key, back_key = (legs_code // n_keys) % n_keys, legs_code % n_keys
        key_latest = (keys // _MINUTES) % 2 == 1
        return keys, key_latest, shift_first, there_key, back_key

    def _cached_layout(self, places: np.ndarray, place: IntArray, code: IntArray) -> _Layout:
        """The scan rows of the (place, time key code) pairs, laid out for
        :func:`csa.read_shifts`; kept for the next call, which usually needs the same
        (feasibility, then the blocked counts block by block): a call needing more
        builds the union once."""
        cached = self._layout
        if cached is not None and np.array_equal(cached.places, places):
            at = np.minimum(np.searchsorted(cached.codes, code), len(cached.codes) - 1)
            if bool(np.all((cached.codes[at] == code) & (cached.col[place, at] >= 0))):
                return cached
            old_place, old_code = np.nonzero(cached.col >= 0)
            place = np.concatenate([old_place, place])
            code = np.concatenate([cached.codes[old_code], code])
        else:
            cached = None
        layout = self._build_layout(places, place, code, cached)
        fits = len(layout.table) * 4 <= ROWS_BYTES
        self._layout = layout if fits else None
        return layout

    def _build_layout(self, places: np.ndarray, place: IntArray, code: IntArray,
                      old: _Layout | None = None) -> _Layout:
        """Scan the rows of the (place, code) pairs (or copy them from ``old``, a layout
        of the same places) and lay them out workplace by workplace, stop-major (as
        :func:`csa.reverse_into`): each (service date, direction) is one parallel call
        (:meth:`TransitModel.scan_into`) writing straight into the table."""
        codes, code_of = np.unique(code, return_inverse=True)
        pair_place, pair_code = _distinct_pairs(place, code_of.reshape(-1), len(codes))
        n_stops = self.transit.timetable.n_stops
        width = np.bincount(pair_place, minlength=len(places)).astype(np.int64)
        start = np.cumsum(width) - width
        rank = np.arange(len(pair_place)) - start[pair_place]
        col = np.full((len(places), len(codes)), -1, dtype=np.int64)
        col[pair_place, pair_code] = rank
        table = np.empty(len(pair_place) * n_stops, dtype=np.int32)
        dest = start[pair_place] * n_stops + rank
        stride = width[pair_place]
        todo = np.ones(len(pair_place), dtype=bool)
        if old is not None and len(old.codes) and len(pair_place):
            at = np.minimum(np.searchsorted(old.codes, codes), len(old.codes) - 1)
            known = old.codes[at] == codes
            old_c = np.where(known[pair_code], old.col[pair_place, at[pair_code]], -1)
            have = np.flatnonzero(old_c >= 0)
            src_p = pair_place[have]
            csa.copy_columns(old.table, old.offset[src_p] + old_c[have], old.width[src_p],
                             table, dest[have], stride[have], n_stops)
            todo[have] = False
        # the places' access stops once, not per time key
        used = np.unique(pair_place[todo])
        slot = np.zeros(len(places), dtype=np.int64)
        slot[used] = np.arange(len(used))
        place_stop, place_walk = self.transit.nearby_stops(places[used, 0], places[used, 1])
        group = codes // _MINUTES  # (service date, direction); codes are sorted
        pair_group = group[pair_code]
        for g in np.unique(group[pair_code[todo]]).tolist():
            rows = np.flatnonzero(todo & (pair_group == g))
            at = pair_place[rows]
            self.transit.scan_into(
                places[at, 0], places[at, 1], codes[pair_code[rows]] % _MINUTES,
                date.fromordinal(g // 2), g % 2 == 1,
                (place_stop[slot[at]], place_walk[slot[at]]), table, dest[rows],
                stride[rows])
        return _Layout(places, codes, col, width, start * n_stops, table)


def _line(journey: Journey) -> str:
    """One journey on one line: "Bus 204 ab Waiblingen Bf 07:12 (1× umsteigen), an
    Schorndorf 07:48, 48 min", or "zu Fuß, 39 min"."""
    rides = journey.rides
    if not rides:
        return f"zu Fuß, {journey.minutes} min"
    first, last = rides[0], rides[-1]
    words = f"{first.mode} {first.route} ab {first.from_name} {clock(first.departure_s)}"
    if len(rides) > 1:
        words += f" ({len(rides) - 1}× umsteigen)"
    return f"{words}, an {last.to_name} {clock(last.arrival_s)}, {journey.minutes} min"


#: The scan rows a compiled caller reads (the name :meth:`shift_reader` had before the
#: rows became part of the travel interface's :class:`~passgenau.geo.travel.FastPath`).
ShiftReader = ScanRows


@dataclass(frozen=True, slots=True, eq=False)
class _Layout:
    """Scan rows for :func:`csa.read_shifts`: workplace ``p``'s rows are the ``width[p]``
    columns of a (stops × width) block at ``offset[p]`` of ``table``; ``col[p, k]`` is
    the column of time key code ``codes[k]`` (-1: not scanned)."""

    places: np.ndarray
    codes: IntArray
    col: IntArray
    width: IntArray
    offset: IntArray
    table: np.ndarray


#: Minutes per day in the time keys' codes (a shift may end at 24:00).
_MINUTES = 2000
#: Memory for the scan rows one pass of :meth:`TimetableTravelModel._read` holds.
ROWS_BYTES = 256 * 1024 * 1024
#: Cells of a boolean table :func:`_distinct_pairs` uses instead of sorting.
_TABLE_CELLS = 50_000_000


def _distinct_pairs(a: IntArray, b: IntArray, n_b: int) -> tuple[IntArray, IntArray]:
    """The distinct ``(a[k], b[k])``, ordered by ``a`` then ``b``: by a boolean table
    where it is small (linear in the pairs), else by sorting."""
    if len(a) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    n_a = int(a.max()) + 1
    if n_a * n_b <= _TABLE_CELLS:
        seen = np.zeros((n_a, n_b), dtype=bool)
        seen[a, b] = True
        found_a, found_b = np.nonzero(seen)
        return found_a.astype(np.int64), found_b.astype(np.int64)
    code = np.unique(a.astype(np.int64) * n_b + b)
    return code // n_b, code % n_b


def _ranges(counts: IntArray) -> IntArray:
    """0..c-1 for every c in ``counts``, concatenated."""
    total = int(counts.sum())
    return np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)


