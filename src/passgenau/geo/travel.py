"""Travel models: minutes from home to work for many (home, workplace) pairs at once.

The matching asks one question of a model, for arrays of pairs and one mode at a time.
The reference model is the exchange format's (straight line × detour factor at a fixed
speed plus a fixed overhead); a GTFS timetable model answers the same question later.
Models are pure: no I/O while answering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

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
    """Minutes of one-way travel, and a bound the matching uses to prune far pairs."""

    name: str

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
        :meth:`minutes_by_mode`.
        """
        ...


@runtime_checkable
class TimedTravelModel(TravelModel, Protocol):
    """A model with a timetable: public transport depends on when the shift is.

    ``minutes_by_mode`` answers for a representative working day (arriving by 08:00,
    leaving at 16:00: vacancies whose hours are by arrangement); ``transit_minutes``
    answers for given shift days and times.
    """

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
        """Per pair: door-to-door minutes by public transport on weekday ``day`` (0 =
        Monday) for a shift from ``start`` to ``end`` (minutes after midnight): the longer
        of the way there (leaving home on the latest trip that still arrives by
        ``start``; waiting at work included) and the way home (from ``end`` to arriving
        home); ``NO_WAY`` when either has no connection."""
        ...

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
        """The two legs behind :meth:`transit_minutes`: minutes there and minutes home,
        each ``NO_WAY`` where that leg has no connection."""
        ...

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
        """Per row ``k``: the worst over the days of shift ``shift[k]`` of
        :meth:`transit_minutes` (``NO_WAY`` if any day has none), where shift ``s`` works
        the days ``day[d]`` from ``start[d]`` to ``end[d]`` for ``shift_first[s] <= d <
        shift_first[s + 1]`` (at least one). The same as asking :meth:`transit_minutes`
        per day and taking the maximum, but a model can share work between a shift's
        days and between rows with the same shift, as the matching needs it."""
        ...

    def describe_trip(
        self, home_lat: float, home_lon: float, work_lat: float, work_lon: float,
        weekday: int, start: int,
    ) -> str | None:
        """The trip to work arriving by ``start`` on ``weekday``, in German on one line
        ("Bus 204 ab Waiblingen Bf 06:42, an Schorndorf 07:18, 36 min"); None: no trip."""
        ...


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
    """Straight-line distance × detour factor at a fixed speed per mode."""

    speeds: dict[TravelMode, ModeSpeed]
    name: str = "reference"

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


def reference_model() -> StraightLineModel:
    return StraightLineModel(REFERENCE_SPEEDS, "reference")
