"""Read a GTFS feed into a :class:`~.timetable.Timetable`.

The caller opens the feed (a ``zipfile.ZipFile``, or anything with
``open_member(name) -> binary file or None``, e.g. a directory adapter); this module only
reads the handles it is given, so the computation stays free of file-system access.

What is read: ``stops.txt`` (parent stations through ``location_type``/``parent_station``),
``routes.txt``, ``trips.txt``, ``stop_times.txt`` (times past 24:00; empty times of
non-timepoint stops interpolated evenly between the neighbouring timed stops;
``pickup_type``/``drop_off_type`` 1 forbid boarding/alighting), ``calendar.txt`` and
``calendar_dates.txt`` (exception 1 adds a day, 2 removes one; either file may be
missing, not both), ``transfers.txt`` (rows naming routes or trips are skipped: the model
has no trip-specific transfers) and ``feed_info.txt`` (the validity, if stated).

Files are UTF-8 with or without BOM, with quoted fields and optional columns in any
order. A bad feed raises :class:`InvalidInput` listing every problem found (at most
:data:`MAX_PROBLEMS_PER_FILE` per file) by file, line and field.

Parsing uses the ``csv`` module and numpy only: ids are mapped through dictionaries,
clock times through a memo of their distinct spellings (a feed has few).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import IO, Protocol

import numpy as np

from passgenau.domain.errors import InvalidInput, Problem
from passgenau.geo.transit.footpaths import (
    FOOTPATH_RADIUS_KM,
    TransferRule,
    build_transfers,
)
from passgenau.geo.transit.timetable import (
    ALIGHT,
    BOARD,
    DEFAULT_CHANGE_S,
    Timetable,
    sort_connections,
)

MAX_PROBLEMS_PER_FILE = 50
#: The calendar bitmap spans at most this many days from its first day (feeds that say
#: "valid until 2099" would otherwise cost memory for nothing).
MAX_CALENDAR_DAYS = 3 * 366


class FeedFiles(Protocol):
    """A feed's text files, already opened by the caller."""

    def open_member(self, name: str) -> IO[bytes] | None:
        """The file ``name`` (e.g. ``"stops.txt"``) opened for binary reading, or None."""
        ...


class ZipFeed:
    """The files of an opened ``zipfile.ZipFile`` (also inside one sub-folder)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._names: dict[str, str] = {}
        for info in sorted(archive.infolist(), key=lambda i: i.filename.count("/")):
            base = info.filename.rsplit("/", 1)[-1]
            if base and not info.is_dir():
                self._names.setdefault(base, info.filename)

    def open_member(self, name: str) -> IO[bytes] | None:
        member = self._names.get(name)
        return None if member is None else self._archive.open(member)


def read_feed(
    source: zipfile.ZipFile | FeedFiles,
    *,
    change_s: int = DEFAULT_CHANGE_S,
    footpath_radius_km: float = FOOTPATH_RADIUS_KM,
) -> Timetable:
    """Parse the feed and build its timetable; :class:`InvalidInput` if it is bad."""
    files = ZipFeed(source) if isinstance(source, zipfile.ZipFile) else source
    problems = _Problems()
    stops = _read_stops(files, problems)
    routes = _read_routes(files, problems)
    calendar = _read_calendar(files, problems)
    trips = _read_trips(files, problems, routes.index, calendar.index)
    problems.raise_if_any()  # the stop times need the stops and trips
    times = _read_stop_times(files, problems, stops.index, trips.index)
    rules = _read_transfers(files, problems, stops.index)
    validity = _read_feed_info(files, problems)
    problems.raise_if_any()

    served = np.zeros(len(stops.ids), dtype=np.bool_)
    served[times.dep_stop] = True
    served[times.arr_stop] = True
    change, foot_start, foot_to, foot_s = build_transfers(
        stops.lat, stops.lon, stops.parent, served, rules, change_s, footpath_radius_km)
    dep_stop, arr_stop, dep, arr, trip, flags = sort_connections(
        times.dep_stop, times.arr_stop, times.dep, times.arr, times.trip, times.flags)
    first, days = calendar.first_day, calendar.days
    valid_from, valid_until = validity or (first, first + timedelta(days=days.shape[1] - 1))
    return Timetable(
        stop_ids=_strings(stops.ids),
        stop_names=_strings(stops.names),
        stop_lat=stops.lat,
        stop_lon=stops.lon,
        stop_parent=stops.parent,
        stop_change_s=change,
        foot_start=foot_start,
        foot_to=foot_to,
        foot_s=foot_s,
        route_ids=_strings(routes.ids),
        route_short_names=_strings(routes.short_names),
        route_types=np.asarray(routes.types, dtype=np.int32),
        trip_ids=_strings(trips.ids),
        trip_route=trips.route,
        trip_service=trips.service,
        service_ids=_strings(calendar.ids),
        first_day_ordinal=first.toordinal(),
        service_days=days,
        valid_from_ordinal=valid_from.toordinal(),
        valid_until_ordinal=valid_until.toordinal(),
        conn_dep_stop=dep_stop,
        conn_arr_stop=arr_stop,
        conn_dep=dep,
        conn_arr=arr,
        conn_trip=trip,
        conn_flags=flags,
    )


# -- problems -------------------------------------------------------------------------


@dataclass
class _Problems:
    items: list[Problem] = field(default_factory=list)
    per_file: dict[str, int] = field(default_factory=dict)

    def add(self, file: str, line: int | None, column: str, message: str) -> None:
        count = self.per_file.get(file, 0) + 1
        self.per_file[file] = count
        if count <= MAX_PROBLEMS_PER_FILE:
            where = file if line is None else f"{file} Zeile {line}"
            self.items.append(Problem(where, column, message))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        extra = [
            Problem(name, "", f"und {count - MAX_PROBLEMS_PER_FILE} weitere Probleme")
            for name, count in self.per_file.items() if count > MAX_PROBLEMS_PER_FILE
        ]
        raise InvalidInput([*self.items, *extra])


# -- tables ---------------------------------------------------------------------------


@dataclass
class _Table:
    name: str
    columns: dict[str, int]
    rows: Iterator[tuple[int, list[str]]]  # (line number, fields)

    def col(self, name: str) -> int:
        return self.columns.get(name, -1)


def _open_table(
    files: FeedFiles, name: str, required: tuple[str, ...], problems: _Problems,
    *, optional_file: bool = False,
) -> _Table | None:
    handle = files.open_member(name)
    if handle is None:
        if not optional_file:
            problems.add(name, None, "", "Datei fehlt im Fahrplan")
        return None
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    reader = csv.reader(_utf8_checked(text, name, problems))
    try:
        header = next(reader, None)
    except csv.Error as err:
        problems.add(name, reader.line_num, "", f"kein gültiges CSV: {err}")
        text.close()
        return None
    if header is None:
        if name not in problems.per_file:
            problems.add(name, None, "", "ist leer (keine Kopfzeile)")
        text.close()
        return None
    columns: dict[str, int] = {}
    for i, column in enumerate(header):
        columns.setdefault(column.strip().lstrip("\ufeff"), i)
    missing = [c for c in required if c not in columns]
    for column in missing:
        problems.add(name, 1, column, "Spalte fehlt")
    if missing:
        text.close()
        return None

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for row in reader:
                if row and (len(row) > 1 or row[0].strip()):
                    yield reader.line_num, row
        except csv.Error as err:
            problems.add(name, reader.line_num, "", f"kein gültiges CSV: {err}")
        finally:
            text.close()

    return _Table(name, columns, rows())


def _utf8_checked(text: io.TextIOWrapper, name: str, problems: _Problems) -> Iterator[str]:
    try:
        yield from text
    except UnicodeDecodeError:
        problems.add(name, None, "", "ist nicht in UTF-8 kodiert")


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if 0 <= index < len(row) else ""


def _strings(values: list[str]) -> np.ndarray:
    return np.array(values, dtype=np.str_) if values else np.zeros(0, dtype="<U1")


# -- stops ----------------------------------------------------------------------------


@dataclass
class _Stops:
    ids: list[str]
    names: list[str]
    lat: np.ndarray
    lon: np.ndarray
    parent: np.ndarray
    index: dict[str, int]


def _read_stops(files: FeedFiles, problems: _Problems) -> _Stops:
    name = "stops.txt"
    table = _open_table(files, name, ("stop_id",), problems)
    ids: list[str] = []
    names: list[str] = []
    lats: list[float] = []
    lons: list[float] = []
    parents: list[str] = []
    index: dict[str, int] = {}
    if table is not None:
        c_id, c_name = table.col("stop_id"), table.col("stop_name")
        c_lat, c_lon = table.col("stop_lat"), table.col("stop_lon")
        c_type, c_parent = table.col("location_type"), table.col("parent_station")
        for line, row in table.rows:
            stop_id = _cell(row, c_id)
            if not stop_id:
                problems.add(name, line, "stop_id", "ist leer")
                continue
            if stop_id in index:
                problems.add(name, line, "stop_id", f"{stop_id!r} kommt doppelt vor")
                continue
            kind = _cell(row, c_type) or "0"
            coordinates_needed = kind in ("0", "1", "2")
            lat = _coordinate(row, c_lat, 90.0, coordinates_needed, name, line, "stop_lat",
                              problems)
            lon = _coordinate(row, c_lon, 180.0, coordinates_needed, name, line,
                              "stop_lon", problems)
            index[stop_id] = len(ids)
            ids.append(stop_id)
            names.append(_cell(row, c_name))
            lats.append(lat)
            lons.append(lon)
            parents.append(_cell(row, c_parent))
    parent = np.full(len(ids), -1, dtype=np.int32)
    for i, parent_id in enumerate(parents):
        if parent_id:
            j = index.get(parent_id)
            if j is None:
                problems.add(name, None, "parent_station",
                             f"{parent_id!r} (bei stop_id {ids[i]!r}) steht nicht in stops.txt")
            else:
                parent[i] = j
    lat, lon = np.array(lats, dtype=np.float64), np.array(lons, dtype=np.float64)
    for i in np.flatnonzero(np.isnan(lat) & (parent >= 0)):  # nodes inherit the station's
        lat[i], lon[i] = lat[parent[i]], lon[parent[i]]
    for i, stop_name in enumerate(names):
        if not stop_name:
            names[i] = names[parent[i]] if parent[i] >= 0 and names[parent[i]] else ids[i]
    return _Stops(ids, names, lat, lon, parent, index)


def _coordinate(
    row: list[str], column: int, limit: float, needed: bool, file: str, line: int,
    field_name: str, problems: _Problems,
) -> float:
    text = _cell(row, column)
    if not text:
        if needed:
            problems.add(file, line, field_name, "fehlt")
        return float("nan")
    try:
        value = float(text)
    except ValueError:
        problems.add(file, line, field_name, f"{text!r} ist keine Zahl")
        return float("nan")
    if not -limit <= value <= limit:
        problems.add(file, line, field_name, f"{text!r} liegt nicht zwischen -{limit:g} "
                     f"und {limit:g}")
        return float("nan")
    return value


# -- routes and trips -----------------------------------------------------------------


@dataclass
class _Routes:
    ids: list[str]
    short_names: list[str]
    types: list[int]
    index: dict[str, int]


def _read_routes(files: FeedFiles, problems: _Problems) -> _Routes:
    name = "routes.txt"
    routes = _Routes([], [], [], {})
    table = _open_table(files, name, ("route_id", "route_type"), problems)
    if table is None:
        return routes
    c_id, c_type = table.col("route_id"), table.col("route_type")
    c_short, c_long = table.col("route_short_name"), table.col("route_long_name")
    for line, row in table.rows:
        route_id = _cell(row, c_id)
        if route_id in routes.index:
            problems.add(name, line, "route_id", f"{route_id!r} kommt doppelt vor")
            continue
        text = _cell(row, c_type)
        try:
            route_type = int(text)
        except ValueError:
            problems.add(name, line, "route_type", f"{text!r} ist keine ganze Zahl")
            continue
        routes.index[route_id] = len(routes.ids)
        routes.ids.append(route_id)
        routes.short_names.append(_cell(row, c_short) or _cell(row, c_long) or route_id)
        routes.types.append(route_type)
    return routes


@dataclass
class _Trips:
    ids: list[str]
    route: np.ndarray
    service: np.ndarray
    index: dict[str, int]


def _read_trips(
    files: FeedFiles, problems: _Problems, routes: dict[str, int], services: dict[str, int],
) -> _Trips:
    name = "trips.txt"
    ids: list[str] = []
    route: list[int] = []
    service: list[int] = []
    index: dict[str, int] = {}
    table = _open_table(files, name, ("route_id", "service_id", "trip_id"), problems)
    if table is not None:
        c_trip, c_route = table.col("trip_id"), table.col("route_id")
        c_service = table.col("service_id")
        for line, row in table.rows:
            trip_id = _cell(row, c_trip)
            if trip_id in index:
                problems.add(name, line, "trip_id", f"{trip_id!r} kommt doppelt vor")
                continue
            r = routes.get(_cell(row, c_route), -1)
            s = services.get(_cell(row, c_service), -1)
            if r < 0:
                problems.add(name, line, "route_id",
                             f"{_cell(row, c_route)!r} steht nicht in routes.txt")
            if s < 0:
                problems.add(name, line, "service_id", f"{_cell(row, c_service)!r} steht "
                             "weder in calendar.txt noch in calendar_dates.txt")
            index[trip_id] = len(ids)
            ids.append(trip_id)
            route.append(r)
            service.append(s)
    return _Trips(ids, np.array(route, dtype=np.int32), np.array(service, dtype=np.int32),
                  index)


# -- calendar -------------------------------------------------------------------------


@dataclass
class _Calendar:
    ids: list[str]
    index: dict[str, int]
    first_day: date
    days: np.ndarray  # (n_services, n_days) bool


_WEEKDAY_COLUMNS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                    "sunday")


def _read_calendar(files: FeedFiles, problems: _Problems) -> _Calendar:
    ids: list[str] = []
    index: dict[str, int] = {}

    def service(service_id: str) -> int:
        if service_id not in index:
            index[service_id] = len(ids)
            ids.append(service_id)
        return index[service_id]

    weekly: list[tuple[int, tuple[bool, ...], date, date]] = []
    name = "calendar.txt"
    table = _open_table(files, name, ("service_id", *_WEEKDAY_COLUMNS, "start_date",
                                      "end_date"), problems, optional_file=True)
    calendar_found = table is not None or name in problems.per_file
    if table is not None:
        day_columns = [table.col(c) for c in _WEEKDAY_COLUMNS]
        c_id, c_start, c_end = (table.col("service_id"), table.col("start_date"),
                                table.col("end_date"))
        for line, row in table.rows:
            flags = []
            for column, column_name in zip(day_columns, _WEEKDAY_COLUMNS, strict=True):
                text = _cell(row, column)
                if text not in ("0", "1"):
                    problems.add(name, line, column_name, f"{text!r} ist nicht 0 oder 1")
                flags.append(text == "1")
            start = _date(row, c_start, name, line, "start_date", problems)
            end = _date(row, c_end, name, line, "end_date", problems)
            if start and end:
                if end < start:
                    problems.add(name, line, "end_date", "liegt vor start_date")
                else:
                    weekly.append((service(_cell(row, c_id)), tuple(flags), start, end))
    exceptions: list[tuple[int, date, bool]] = []
    name = "calendar_dates.txt"
    table = _open_table(files, name, ("service_id", "date", "exception_type"), problems,
                        optional_file=True)
    if table is None and not calendar_found and name not in problems.per_file:
        problems.add("calendar.txt", None, "", "Datei fehlt (calendar_dates.txt auch)")
    if table is not None:
        c_id, c_date, c_type = (table.col("service_id"), table.col("date"),
                                table.col("exception_type"))
        for line, row in table.rows:
            day = _date(row, c_date, name, line, "date", problems)
            kind = _cell(row, c_type)
            if kind not in ("1", "2"):
                problems.add(name, line, "exception_type", f"{kind!r} ist nicht 1 oder 2")
                continue
            if day:
                exceptions.append((service(_cell(row, c_id)), day, kind == "1"))
    return _calendar_bitmap(ids, index, weekly, exceptions)


def _calendar_bitmap(
    ids: list[str], index: dict[str, int],
    weekly: list[tuple[int, tuple[bool, ...], date, date]],
    exceptions: list[tuple[int, date, bool]],
) -> _Calendar:
    starts = [w[2] for w in weekly] + [e[1] for e in exceptions]
    ends = [w[3] for w in weekly] + [e[1] for e in exceptions]
    first = min(starts) if starts else date(2000, 1, 1)
    last = min(max(ends), first + timedelta(days=MAX_CALENDAR_DAYS - 1)) if ends else first
    n_days = (last - first).days + 1
    days = np.zeros((len(ids), n_days), dtype=np.bool_)
    weekday = (np.arange(n_days) + first.weekday()) % 7
    for service, flags, start, end in weekly:
        lo, hi = (start - first).days, min((end - first).days, n_days - 1)
        if lo > hi:
            continue
        mask = np.array(flags, dtype=np.bool_)[weekday[lo:hi + 1]]
        days[service, lo:hi + 1] |= mask
    for service, day, added in exceptions:
        column = (day - first).days
        if column < n_days:
            days[service, column] = added
    return _Calendar(ids, index, first, days)


def _date(
    row: list[str], column: int, file: str, line: int, field_name: str, problems: _Problems,
) -> date | None:
    text = _cell(row, column)
    try:
        if len(text) != 8 or not text.isdigit():
            raise ValueError
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        problems.add(file, line, field_name, f"{text!r} ist kein Datum JJJJMMTT")
        return None


def _read_feed_info(files: FeedFiles, problems: _Problems) -> tuple[date, date] | None:
    name = "feed_info.txt"
    table = _open_table(files, name, (), problems, optional_file=True)
    if table is None:
        return None
    c_start, c_end = table.col("feed_start_date"), table.col("feed_end_date")
    for line, row in table.rows:
        if _cell(row, c_start) and _cell(row, c_end):
            start = _date(row, c_start, name, line, "feed_start_date", problems)
            end = _date(row, c_end, name, line, "feed_end_date", problems)
            if start and end and start <= end:
                return start, end
    return None


# -- stop times -----------------------------------------------------------------------


@dataclass
class _Hops:
    dep_stop: np.ndarray
    arr_stop: np.ndarray
    dep: np.ndarray
    arr: np.ndarray
    trip: np.ndarray
    flags: np.ndarray


def _parse_clock(text: str) -> int:
    """``H:MM:SS`` or ``HH:MM:SS`` (hours may pass 24) as seconds; -1 for empty."""
    if not text:
        return -1
    parts = text.split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    h, m, s = (int(p) for p in parts)
    if m > 59 or s > 59 or len(parts[1]) != 2 or len(parts[2]) != 2 or h > 240:
        raise ValueError(text)
    return h * 3600 + m * 60 + s


def _read_stop_times(
    files: FeedFiles, problems: _Problems, stops: dict[str, int], trips: dict[str, int],
) -> _Hops:
    name = "stop_times.txt"
    empty = np.zeros(0, dtype=np.int32)
    nothing = _Hops(empty, empty, empty, empty, empty, np.zeros(0, dtype=np.uint8))
    table = _open_table(files, name, ("trip_id", "arrival_time", "departure_time",
                                      "stop_id", "stop_sequence"), problems)
    if table is None:
        return nothing
    cols = [table.col(c) for c in ("trip_id", "arrival_time", "departure_time", "stop_id",
                                   "stop_sequence", "pickup_type", "drop_off_type")]
    width = max(cols) + 1
    c_trip, c_arr, c_dep, c_stop, c_seq, c_pick, c_drop = cols
    trip_s: list[str] = []
    arr_s: list[str] = []
    dep_s: list[str] = []
    stop_s: list[str] = []
    seq_s: list[str] = []
    pick_s: list[str] = []
    drop_s: list[str] = []
    lines: list[int] = []
    for line, row in table.rows:
        if len(row) < width:
            row = row + [""] * (width - len(row))
        trip_s.append(row[c_trip])
        arr_s.append(row[c_arr])
        dep_s.append(row[c_dep])
        stop_s.append(row[c_stop])
        seq_s.append(row[c_seq])
        if c_pick >= 0:
            pick_s.append(row[c_pick])
        if c_drop >= 0:
            drop_s.append(row[c_drop])
        lines.append(line)
    n = len(lines)
    line_no = np.array(lines, dtype=np.int64)

    def lookup(values: list[str], mapping: dict[str, int], column: str, other: str):
        out = np.fromiter((mapping.get(v.strip(), -1) for v in values), np.int32, n)
        for i in np.flatnonzero(out < 0):
            problems.add(name, int(line_no[i]), column,
                         f"{values[i].strip()!r} steht nicht in {other}")
        return out

    trip = lookup(trip_s, trips, "trip_id", "trips.txt")
    stop = lookup(stop_s, stops, "stop_id", "stops.txt")
    arr = _memo_parse(arr_s, _parse_clock, "ist keine Uhrzeit HH:MM:SS", "arrival_time",
                      name, line_no, problems)
    dep = _memo_parse(dep_s, _parse_clock, "ist keine Uhrzeit HH:MM:SS", "departure_time",
                      name, line_no, problems)
    seq = _memo_parse(seq_s, _parse_sequence, "ist keine ganze Zahl ≥ 0", "stop_sequence",
                      name, line_no, problems)
    no_pickup = _is_one(pick_s, n)
    no_dropoff = _is_one(drop_s, n)
    if problems.per_file.get(name):
        return nothing
    order = np.lexsort((seq, trip))
    trip, stop, arr, dep = trip[order], stop[order], arr[order], dep[order]
    no_pickup, no_dropoff, line_no = no_pickup[order], no_dropoff[order], line_no[order]
    arr = np.where(arr < 0, dep, arr)
    dep = np.where(dep < 0, arr, dep)
    _interpolate(trip, arr, dep, line_no, name, problems)
    bad = np.flatnonzero(dep < arr)
    for i in bad:
        problems.add(name, int(line_no[i]), "departure_time", "liegt vor arrival_time")
    same = trip[1:] == trip[:-1]
    back = np.flatnonzero(same & (arr[1:] < dep[:-1]))
    for i in back:
        problems.add(name, int(line_no[i + 1]), "arrival_time",
                     "liegt vor der Abfahrt an der Haltestelle davor")
    if problems.per_file.get(name):
        return nothing
    hop = np.flatnonzero(same)
    flags = np.where(no_pickup[hop], 0, BOARD) | np.where(no_dropoff[hop + 1], 0, ALIGHT)
    return _Hops(stop[hop], stop[hop + 1], dep[hop].astype(np.int32),
                 arr[hop + 1].astype(np.int32), trip[hop], flags.astype(np.uint8))


def _parse_sequence(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


def _memo_parse(
    values: list[str], parse, message: str, column: str, file: str, line_no: np.ndarray,
    problems: _Problems,
) -> np.ndarray:
    memo: dict[str, int] = {}
    bad = -2
    for text in set(values):
        try:
            memo[text] = parse(text.strip())
        except ValueError:
            memo[text] = bad
    out = np.fromiter((memo[v] for v in values), np.int64, len(values))
    for i in np.flatnonzero(out == bad):
        problems.add(file, int(line_no[i]), column, f"{values[i].strip()!r} {message}")
    return out


def _is_one(values: list[str], n: int) -> np.ndarray:
    if not values:
        return np.zeros(n, dtype=np.bool_)
    return np.fromiter((v.strip() == "1" for v in values), np.bool_, n)


def _interpolate(
    trip: np.ndarray, arr: np.ndarray, dep: np.ndarray, line_no: np.ndarray, file: str,
    problems: _Problems,
) -> None:
    """Fill stops without times evenly between the timed stops around them, in place."""
    known = arr >= 0
    if known.all():
        return
    n = len(arr)
    idx = np.arange(n)
    prev = np.maximum.accumulate(np.where(known, idx, -1))
    nxt = np.minimum.accumulate(np.where(known, idx, n)[::-1])[::-1]
    missing = np.flatnonzero(~known)
    ok = (prev[missing] >= 0) & (nxt[missing] < n)
    ok[ok] &= (trip[prev[missing[ok]]] == trip[missing[ok]]) & (
        trip[nxt[missing[ok]]] == trip[missing[ok]])
    for i in missing[~ok]:
        problems.add(file, int(line_no[i]), "arrival_time",
                     "fehlt an der ersten oder letzten Haltestelle der Fahrt")
    rows = missing[ok]
    p, q = prev[rows], nxt[rows]
    share = (rows - p) / (q - p)
    value = np.rint(dep[p] + share * (arr[q] - dep[p])).astype(np.int64)
    arr[rows] = value
    dep[rows] = value


# -- transfers ------------------------------------------------------------------------


def _read_transfers(
    files: FeedFiles, problems: _Problems, stops: dict[str, int],
) -> list[TransferRule]:
    name = "transfers.txt"
    rules: list[TransferRule] = []
    table = _open_table(files, name, ("from_stop_id", "to_stop_id", "transfer_type"),
                        problems, optional_file=True)
    if table is None:
        return rules
    c_from, c_to = table.col("from_stop_id"), table.col("to_stop_id")
    c_type, c_time = table.col("transfer_type"), table.col("min_transfer_time")
    specific = [table.col(c) for c in ("from_route_id", "to_route_id", "from_trip_id",
                                       "to_trip_id")]
    for line, row in table.rows:
        if any(_cell(row, c) for c in specific):
            continue
        kind = _cell(row, c_type) or "0"
        if kind not in ("0", "1", "2", "3", "4", "5"):
            problems.add(name, line, "transfer_type", f"{kind!r} ist nicht 0 bis 5")
            continue
        if kind in ("4", "5"):  # in-seat transfers between trips: not modelled
            continue
        a, b = stops.get(_cell(row, c_from), -1), stops.get(_cell(row, c_to), -1)
        if a < 0 or b < 0:
            column = "from_stop_id" if a < 0 else "to_stop_id"
            problems.add(name, line, column, f"{_cell(row, table.col(column))!r} steht "
                         "nicht in stops.txt")
            continue
        text = _cell(row, c_time)
        seconds: int | None = None
        if text:
            try:
                seconds = int(text)
                if seconds < 0:
                    raise ValueError
            except ValueError:
                problems.add(name, line, "min_transfer_time",
                             f"{text!r} ist keine ganze Zahl ≥ 0")
                continue
        rules.append(TransferRule(a, b, int(kind), seconds))
    return rules

