"""The frozen, compact array form of a GTFS timetable that every scan reads.

Everything a Connection Scan needs lies in flat numpy arrays (no objects per stop or
trip), so that a scan is a tight loop over integers, a timetable fits a compressed
``.npz`` cache, and loading it back takes milliseconds instead of re-parsing the feed.

Conventions:

* times are **seconds after midnight of the service day**; times past 24:00 are kept as
  GTFS writes them (``25:10:00`` is 90600), so a trip belongs to exactly one service day;
* stops, routes, trips and services are numbered ``0..n-1`` in feed order; ``-1`` means
  "none" (e.g. a stop without parent station);
* connections (one vehicle hop between two consecutive stops of a trip) are sorted by
  departure, then arrival, then trip sequence: the order a forward scan needs, and a
  tie-break that keeps the hops of one trip in sequence even when they take 0 seconds;
* changing vehicles takes at least :data:`MIN_TRANSFER_S` (one second), also where
  ``transfers.txt`` says 0: that makes the scan order exact (a vehicle arriving at
  07:10:00 never feeds one leaving at 07:10:00), which is also the prudent reading;
* the calendar is a bitmap ``service_days[service, day - first_day]``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

Int32Array = npt.NDArray[np.int32]
Int64Array = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
UInt8Array = npt.NDArray[np.uint8]
StrArray = npt.NDArray[np.str_]

SECONDS_PER_DAY = 86_400

#: Seconds to change vehicles at one stop when ``transfers.txt`` says nothing.
DEFAULT_CHANGE_S = 60
#: Every transfer takes at least this long (see the module docstring).
MIN_TRANSFER_S = 1
#: A transfer forbidden by ``transfers.txt`` (type 3) at one stop: longer than any scan.
FORBIDDEN_CHANGE_S = 10 * SECONDS_PER_DAY

#: ``conn_flags`` bits: passengers may board at the departure stop / alight at the arrival.
BOARD = np.uint8(1)
ALIGHT = np.uint8(2)

#: GTFS ``route_type`` → the German word an explanation uses ("Bus 204 ab …").
#: Basic types and the extended (HVT) ranges; anything else is "Linie".
_ROUTE_TYPE_WORDS: dict[int, str] = {
    0: "Straßenbahn",
    1: "U-Bahn",
    2: "Zug",
    3: "Bus",
    4: "Fähre",
    5: "Seilbahn",
    6: "Seilbahn",
    7: "Standseilbahn",
    11: "Oberleitungsbus",
    12: "Einschienenbahn",
    109: "S-Bahn",
    400: "U-Bahn",
    401: "U-Bahn",
    402: "U-Bahn",
    700: "Bus",
    715: "Rufbus",
    717: "Sammeltaxi",
    900: "Straßenbahn",
    1000: "Fähre",
    1200: "Fähre",
    1500: "Taxi",
    1501: "Rufbus",
}
_ROUTE_TYPE_RANGES: tuple[tuple[int, int, str], ...] = (
    (100, 199, "Zug"),
    (200, 299, "Fernbus"),
    (400, 499, "U-Bahn"),
    (700, 799, "Bus"),
    (800, 899, "Oberleitungsbus"),
    (900, 999, "Straßenbahn"),
    (1000, 1299, "Fähre"),
    (1300, 1499, "Seilbahn"),
)


def route_type_word(route_type: int) -> str:
    """The German name of a GTFS route type: 3 → "Bus", 109 → "S-Bahn", 0 → "Straßenbahn"."""
    word = _ROUTE_TYPE_WORDS.get(int(route_type))
    if word is not None:
        return word
    for low, high, name in _ROUTE_TYPE_RANGES:
        if low <= route_type <= high:
            return name
    return "Linie"


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class Timetable:
    """A parsed feed; build it with :func:`passgenau.geo.transit.gtfs_reader.read_feed`."""

    # stops (every row of stops.txt, stations and entrances included)
    stop_ids: StrArray
    stop_names: StrArray
    stop_lat: FloatArray
    stop_lon: FloatArray
    stop_parent: Int32Array  # index of the parent station, -1 for none
    stop_change_s: Int32Array  # seconds to change vehicles at this stop (>= 1)
    # footpaths between distinct stops, CSR by the stop walked from
    foot_start: Int32Array  # n_stops + 1 offsets
    foot_to: Int32Array
    foot_s: Int32Array
    # routes
    route_ids: StrArray
    route_short_names: StrArray
    route_types: Int32Array
    # trips
    trip_ids: StrArray
    trip_route: Int32Array
    trip_service: Int32Array
    # services: active-day bitmap
    service_ids: StrArray
    first_day_ordinal: int  # date.toordinal() of column 0 of service_days
    service_days: BoolArray  # (n_services, n_days)
    valid_from_ordinal: int  # validity as the feed states it (feed_info, else calendar)
    valid_until_ordinal: int
    # connections, sorted by (dep, arr, trip sequence)
    conn_dep_stop: Int32Array
    conn_arr_stop: Int32Array
    conn_dep: Int32Array
    conn_arr: Int32Array
    conn_trip: Int32Array
    conn_flags: UInt8Array  # BOARD | ALIGHT

    # -- sizes and dates -------------------------------------------------------------
    @property
    def n_stops(self) -> int:
        return len(self.stop_ids)

    @property
    def n_trips(self) -> int:
        return len(self.trip_ids)

    @property
    def n_connections(self) -> int:
        return len(self.conn_dep)

    @property
    def first_day(self) -> date:
        return date.fromordinal(self.first_day_ordinal)

    @property
    def n_days(self) -> int:
        return int(self.service_days.shape[1])

    @property
    def valid_from(self) -> date:
        return date.fromordinal(self.valid_from_ordinal)

    @property
    def valid_until(self) -> date:
        return date.fromordinal(self.valid_until_ordinal)

    def covers(self, day: date) -> bool:
        """Whether ``day`` lies in the feed's stated validity."""
        return self.valid_from_ordinal <= day.toordinal() <= self.valid_until_ordinal

    # -- calendar --------------------------------------------------------------------
    def active_services(self, day: date) -> BoolArray:
        """Services running on ``day`` (all False outside the calendar)."""
        column = day.toordinal() - self.first_day_ordinal
        if 0 <= column < self.n_days:
            return self.service_days[:, column].copy()
        return np.zeros(len(self.service_ids), dtype=np.bool_)

    def active_trips(self, day: date) -> BoolArray:
        return self.active_services(day)[self.trip_service]

    def trips_per_day(self) -> Int64Array:
        """Number of trips running on each day of the calendar (index: day - first_day)."""
        per_service = np.bincount(self.trip_service, minlength=len(self.service_ids))
        return per_service.astype(np.int64) @ self.service_days.astype(np.int64)

    def day_at(self, column: int) -> date:
        return self.first_day + timedelta(days=int(column))

    # -- stops -----------------------------------------------------------------------
    def served_stops(self) -> BoolArray:
        """Stops where some vehicle departs or arrives: the only ones worth walking to."""
        served = np.zeros(self.n_stops, dtype=np.bool_)
        served[self.conn_dep_stop] = True
        served[self.conn_arr_stop] = True
        return served

    def footpaths_into(self) -> tuple[Int32Array, Int32Array, Int32Array]:
        """The footpaths as CSR by the stop walked *to*: (start, from, seconds).

        The reverse scan asks "who can walk to the stop I board at?".
        """
        n = self.n_stops
        origin = np.repeat(np.arange(n, dtype=np.int32), np.diff(self.foot_start))
        order = np.argsort(self.foot_to, kind="stable")
        start = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(np.bincount(self.foot_to, minlength=n), out=start[1:])
        return start, origin[order].astype(np.int32), self.foot_s[order].astype(np.int32)

    # -- persistence (the service writes the bytes) ----------------------------------
    def to_arrays(self) -> dict[str, np.ndarray]:
        """Every field as a numpy array, for ``np.savez_compressed`` (no pickling)."""
        return {f.name: np.asarray(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Timetable:
        values: dict[str, object] = {}
        for f in fields(cls):
            value = arrays[f.name]
            values[f.name] = int(value) if f.type == "int" else value
        return cls(**values)  # type: ignore[arg-type]


def sort_connections(
    dep_stop: Int32Array, arr_stop: Int32Array, dep: Int32Array, arr: Int32Array,
    trip: Int32Array, flags: UInt8Array,
) -> tuple[Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, UInt8Array]:
    """The arrays reordered by (dep, arr, input position).

    The input must list each trip's hops in sequence; the stable tie-break keeps it so.
    """
    order = np.lexsort((np.arange(len(dep)), arr, dep))
    return (dep_stop[order], arr_stop[order], dep[order], arr[order], trip[order],
            flags[order])
