"""Travel models: minutes from home to work for many (home, workplace) pairs at once.

:class:`TravelModel` is the one interface between the matching and travel: the matching
asks for arrays of pairs, per mode and, where a mode's minutes depend on the shift, per
shift; it never asks which model it has. The reference model is the exchange format's
(straight line × detour factor at a fixed speed plus a fixed overhead); the GTFS
timetable model (:mod:`passgenau.geo.transit.travel`) answers the same questions. A model
may offer a compiled :class:`FastPath`: the arrays a compiled kernel needs to compute
its minutes itself. Models are pure: no I/O while answering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from passgenau.domain.model import TravelMode
from passgenau.geo.distance import FloatArray, Points, pair_distance_km

IntArray = npt.NDArray[np.int64]

#: Minutes meaning "no way to get there" (e.g. no bus before the shift starts).
NO_WAY = np.iinfo(np.int64).max

#: Travel times are whole minutes, rounded up; this absorbs float noise at exact integers.
_CEIL_EPSILON = 1e-9


class TravelModel(Protocol):
    """What the matching asks of a travel model; every model answers every question.

    Minutes may depend on the shift (a timetable has no bus before 06:00): the modes for
    which they do are :attr:`shift_modes`, and for those :meth:`shift_minutes` answers
    per shift while :meth:`minutes_by_mode` answers for the representative working day
    (:data:`REPRESENTATIVE_SHIFT`, for vacancies whose hours are by arrangement). For
    every other mode the minutes depend on the places only, and :meth:`shift_minutes`
    answers them whatever the shift. The matching never asks which model it has: it
    reads :attr:`shift_modes`, and takes a model's compiled :meth:`fast_path` when the
    model offers one.
    """

    name: str

    @property
    def shift_modes(self) -> tuple[TravelMode, ...]:
        """The modes whose minutes depend on the shift's days and times (empty: none)."""
        ...

    def minutes_by_mode(
        self,
        modes: tuple[TravelMode, ...],
        homes: Points,
        workplaces: Points,
        home: IntArray,
        work: IntArray,
    ) -> IntArray:
        """``(len(modes), P)`` whole minutes per mode for the pairs
        ``(homes[home[k]], workplaces[work[k]])`` (``NO_WAY`` where there is no way)."""
        ...

    def reach_km(self, mode: TravelMode, minutes: FloatArray) -> FloatArray:
        """The largest straight-line distance that ``minutes`` of ``mode`` can cover.

        Must never underestimate: pairs farther apart are skipped without asking
        :meth:`minutes_by_mode` or :meth:`shift_minutes`.
        """
        ...

    def shift_minutes(
        self,
        mode: TravelMode,
        homes: Points,
        workplaces: Points,
        home: IntArray,
        work: IntArray,
        shift: IntArray,
        shifts: Shifts,
    ) -> IntArray:
        """Per row ``k``: the minutes by ``mode`` between ``homes[home[k]]`` and
        ``workplaces[work[k]]`` for shift ``shift[k]`` of ``shifts``: the worst over the
        shift's days of the longer of the way there (arriving by the day's start) and
        the way home (leaving at its end); ``NO_WAY`` if any day has no way. A model can
        share work between a shift's days and between rows with the same shift."""
        ...

    def shift_legs(
        self,
        mode: TravelMode,
        homes: Points,
        workplaces: Points,
        home: IntArray,
        work: IntArray,
        day: IntArray,
        start: IntArray,
        end: IntArray,
    ) -> tuple[IntArray, IntArray]:
        """Per row, for one working day ``day`` (0 = Monday) from ``start`` to ``end``
        (minutes after midnight): the minutes there and the minutes home by ``mode``,
        each ``NO_WAY`` where that leg has no way (the explanations say which)."""
        ...

    def describe_trip(
        self, home_lat: float, home_lon: float, work_lat: float, work_lon: float,
        weekday: int, start: int,
    ) -> str | None:
        """The public transport trip to work arriving by ``start`` on ``weekday``, in
        German on one line ("Bus 204 ab Waiblingen Bf 06:42, an Schorndorf 07:18,
        36 min"); None where the model has no trips (no timetable) or finds none."""
        ...

    def describe_trips(
        self, home_lat: float, home_lon: float, work_lat: float, work_lon: float,
        weekday: int, start: int, end: int,
    ) -> Trips | None:
        """Both trips of one working day on ``weekday`` from ``start`` to ``end``: the way
        there (arriving by ``start``, as :meth:`describe_trip`) and the way home
        (leaving at ``end``), each with its minutes, since the longer one is the
        commute; None where the model has no trips (no timetable)."""
        ...

    def prepare(self, workplaces: Points, shifts: Shifts, work: IntArray,
                shift: IntArray) -> None:
        """A hint: the matching will ask about shift ``shift[k]`` at ``work[k]`` (and
        any home). A timetable lays out every scan those need at once, instead of
        once per call that needs more; other models ignore it."""
        ...

    def fast_path(
        self,
        modes: tuple[TravelMode, ...],
        homes: Points,
        workplaces: Points,
        shifts: Shifts,
        work: IntArray,
        shift: IntArray,
    ) -> FastPath | None:
        """What compiled kernels need to compute this model's minutes for ``modes``
        themselves, exactly as the model does, for any home and the (workplace, shift)
        combinations ``(work[k], shift[k])``; None: the model offers no fast path (or
        its tables would not fit), and the caller asks per pair instead."""
        ...


@dataclass(frozen=True, slots=True)
class Trips:
    """The way there and the way home of one working day, in German, with their minutes
    (``None``: no trip that way). The commute is the longer of the two, so an
    explanation names both and says which one counts."""

    there: str | None
    there_minutes: int | None
    home: str | None
    home_minutes: int | None

    @property
    def longer(self) -> str | None:
        """``"there"`` or ``"home"``: the way that sets the commute (a missing trip
        counts as endless); None where both take equally long."""
        there = NO_WAY if self.there_minutes is None else self.there_minutes
        home = NO_WAY if self.home_minutes is None else self.home_minutes
        if there == home:
            return None
        return "there" if there > home else "home"

    def describe(self) -> str:
        """"hin: Bus 773 ab … 06:35, an … 07:00, 26 min; zurück (länger, zählt): Bus 773
        ab … 11:21, an … 11:40, 41 min" (equal ways: "…; beide gleich lang")."""
        longer = self.longer
        mark = " (länger, zählt)"
        there = self.there or "keine Verbindung vor Schichtbeginn"
        home = self.home or "keine Verbindung nach Schichtende"
        text = (f"hin{mark if longer == 'there' else ''}: {there}; "
                f"zurück{mark if longer == 'home' else ''}: {home}")
        return text if longer else f"{text}; beide gleich lang"


@dataclass(frozen=True, slots=True, eq=False)
class Shifts:
    """Shifts as a model is asked about them: shift ``s`` works the days ``day[d]``
    (0 = Monday) from ``start[d]`` to ``end[d]`` (minutes after midnight) for
    ``first[s] <= d < first[s + 1]`` (at least one day each)."""

    first: IntArray
    day: IntArray
    start: IntArray
    end: IntArray


@dataclass(frozen=True, slots=True, eq=False)
class FastPath:
    """A model's minutes as arrays for compiled kernels, per mode in the order asked.

    Every mode but ``scan_mode`` is a straight line: ``ceil(km × detour ÷ kmh × 60 +
    overhead)`` on the haversine km (:class:`ModeSpeed`). Mode ``scan_mode`` (-1: none)
    is read off a timetable's scan rows (``scans``), exactly as the model reads them.
    """

    kmh: FloatArray
    overhead: FloatArray
    detour: FloatArray
    scan_mode: int = -1
    scans: ScanRows | None = None


@dataclass(frozen=True, slots=True, eq=False)
class ScanRows:
    """A timetable's scan rows for reading minutes in compiled code, as
    :func:`passgenau.geo.transit.csa.read_shifts` does (with the helpers of
    :mod:`passgenau.geo.scan_kernels`).

    Workplace ``w`` lies at place ``place_of[w]``, whose scan for time key ``k`` is
    column ``column[place, k]`` of its (stops × ``width``) block at ``offset`` in
    ``table`` (forward scans negated); shift ``s``'s distinct legs are
    ``shift_first[s]:shift_first[s + 1]`` of ``there_key``/``back_key``. Columns are
    also numbered across the workplaces (place ``p``'s from ``col_first[p]``), with
    each one's anchor seconds and direction (``col_anchor``, ``col_latest``). Home
    ``h`` reaches the stops ``home_stop[h]`` (-1 ends the row) in ``home_walk[h]``
    seconds. A journey is never faster than ``ride_kmh`` plus ``access_km`` of walking
    (or a walk at ``walk``), nor longer than ``horizon_min``.
    """

    table: np.ndarray
    offset: IntArray
    width: IntArray
    column: IntArray
    place_of: IntArray
    col_first: IntArray
    col_anchor: IntArray
    col_latest: np.ndarray
    #: (stops, places): the fewest seconds from the stop to the workplace or back over
    #: all of the place's columns (a lower bound that lets a caller skip a read-off)
    fastest: IntArray
    shift_first: IntArray
    there_key: IntArray
    back_key: IntArray
    place_phi: FloatArray
    place_lmb: FloatArray
    place_cos: FloatArray
    horizon_s: int
    ride_kmh: float
    home_stop: np.ndarray
    home_walk: np.ndarray
    horizon_min: float
    access_km: float
    walk: ModeSpeed


#: Weekday (0 = Monday), start and end in minutes: the working day a timetable model is
#: asked about for vacancies without shift options (hours by arrangement).
REPRESENTATIVE_SHIFT = (0, 8 * 60, 16 * 60)


@dataclass(frozen=True, slots=True)
class ModeSpeed:
    """Straight line × ``detour`` at ``kmh`` plus ``overhead`` minutes (waiting, parking)."""

    kmh: float
    overhead: float = 0.0
    detour: float = 1.3

    def minutes(self, km: FloatArray) -> IntArray:
        raw = km * self.detour / self.kmh * 60.0 + self.overhead
        return np.ceil(raw - _CEIL_EPSILON).astype(np.int64)

    def reach_km(self, minutes: FloatArray) -> FloatArray:
        return np.maximum(minutes - self.overhead, 0.0) * self.kmh / (self.detour * 60.0)


#: The exchange format's reference model (``--travel reference``), exactly as specified.
REFERENCE_SPEEDS: dict[TravelMode, ModeSpeed] = {
    TravelMode.WALK: ModeSpeed(kmh=4.5),
    TravelMode.BIKE: ModeSpeed(kmh=15.0, overhead=2.0),
    TravelMode.TRANSIT: ModeSpeed(kmh=22.0, overhead=15.0),
    TravelMode.CAR: ModeSpeed(kmh=50.0, overhead=5.0),
}


@dataclass(frozen=True, slots=True)
class StraightLineModel:
    """Straight-line distance × detour factor at a fixed speed per mode; no timetable, so
    the minutes are the same for every shift."""

    speeds: dict[TravelMode, ModeSpeed]
    name: str = "reference"

    @property
    def shift_modes(self) -> tuple[TravelMode, ...]:
        return ()

    def minutes_by_mode(
        self,
        modes: tuple[TravelMode, ...],
        homes: Points,
        workplaces: Points,
        home: IntArray,
        work: IntArray,
    ) -> IntArray:
        km = pair_distance_km(homes, workplaces, home, work)
        out = np.empty((len(modes), len(km)), dtype=np.int64)
        for k, mode in enumerate(modes):
            out[k] = self.speeds[mode].minutes(km)
        return out

    def reach_km(self, mode: TravelMode, minutes: FloatArray) -> FloatArray:
        return self.speeds[mode].reach_km(minutes)

    def shift_minutes(
        self, mode: TravelMode, homes: Points, workplaces: Points, home: IntArray,
        work: IntArray, shift: IntArray, shifts: Shifts,
    ) -> IntArray:
        return self.speeds[mode].minutes(pair_distance_km(homes, workplaces, home, work))

    def shift_legs(
        self, mode: TravelMode, homes: Points, workplaces: Points, home: IntArray,
        work: IntArray, day: IntArray, start: IntArray, end: IntArray,
    ) -> tuple[IntArray, IntArray]:
        minutes = self.speeds[mode].minutes(pair_distance_km(homes, workplaces, home, work))
        return minutes, minutes.copy()

    def describe_trip(
        self, home_lat: float, home_lon: float, work_lat: float, work_lon: float,
        weekday: int, start: int,
    ) -> str | None:
        return None

    def describe_trips(
        self, home_lat: float, home_lon: float, work_lat: float, work_lon: float,
        weekday: int, start: int, end: int,
    ) -> Trips | None:
        return None

    def prepare(self, workplaces: Points, shifts: Shifts, work: IntArray,
                shift: IntArray) -> None:
        return None

    def fast_path(
        self, modes: tuple[TravelMode, ...], homes: Points, workplaces: Points,
        shifts: Shifts, work: IntArray, shift: IntArray,
    ) -> FastPath:
        return straight_line_path([self.speeds[mode] for mode in modes])


def straight_line_path(speeds: list[ModeSpeed], scan_mode: int = -1,
                       scans: ScanRows | None = None) -> FastPath:
    """A :class:`FastPath` of these speeds, one per mode (``scan_mode``'s unused)."""
    return FastPath(
        np.array([s.kmh for s in speeds], dtype=np.float64),
        np.array([s.overhead for s in speeds], dtype=np.float64),
        np.array([s.detour for s in speeds], dtype=np.float64),
        scan_mode,
        scans,
    )


def reference_model() -> StraightLineModel:
    return StraightLineModel(REFERENCE_SPEEDS, "reference")
