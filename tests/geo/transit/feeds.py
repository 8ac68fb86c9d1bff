"""Small GTFS feeds written by the tests: named stops on a map, trips as (stop, time) lists.

Stops lie 0.2° of latitude (22 km) apart unless placed otherwise, so walking never
competes with a bus unless a test wants it to.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from passgenau.geo.transit import Timetable, read_feed

BASE_LAT, BASE_LON = 48.8, 9.4
SPACING = 0.2
WEEKDAYS = "1,1,1,1,1,0,0"
TUESDAY = date(2024, 3, 5)


@dataclass
class Feed:
    """A feed under construction; ``files()`` renders it as GTFS text files."""

    stops: list[dict[str, str]] = field(default_factory=list)
    routes: list[dict[str, str]] = field(default_factory=list)
    trips: list[dict[str, str]] = field(default_factory=list)
    stop_times: list[dict[str, str]] = field(default_factory=list)
    calendar: list[dict[str, str]] = field(default_factory=list)
    calendar_dates: list[dict[str, str]] = field(default_factory=list)
    transfers: list[dict[str, str]] = field(default_factory=list)

    def stop(self, stop_id: str, lat: float | None = None, lon: float | None = None,
             name: str | None = None, **extra: str) -> tuple[float, float]:
        if lat is None:
            lat = BASE_LAT + SPACING * len(self.stops)
        if lon is None:
            lon = BASE_LON
        self.stops.append({"stop_id": stop_id, "stop_name": name or stop_id,
                           "stop_lat": f"{lat:.7f}", "stop_lon": f"{lon:.7f}", **extra})
        return lat, lon

    def where(self, stop_id: str) -> tuple[float, float]:
        row = next(s for s in self.stops if s["stop_id"] == stop_id)
        return float(row["stop_lat"]), float(row["stop_lon"])

    def service(self, service_id: str = "WK", days: str = WEEKDAYS,
                start: str = "20240101", end: str = "20241231") -> None:
        names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                 "sunday")
        row = dict(zip(names, days.split(","), strict=True))
        self.calendar.append({"service_id": service_id, **row, "start_date": start,
                              "end_date": end})

    def exception(self, service_id: str, day: str, kind: int) -> None:
        self.calendar_dates.append({"service_id": service_id, "date": day,
                                    "exception_type": str(kind)})

    def trip(self, trip_id: str, route: str, stops: list[tuple[str, str]],
             service: str = "WK", route_type: int = 3, **flags: dict[str, str]) -> None:
        """A trip calling at ``stops`` = [(stop_id, "HH:MM[:SS]"), …] (arrival =
        departure), on route ``route`` (created on first use, short name = route)."""
        if not any(r["route_id"] == route for r in self.routes):
            self.routes.append({"route_id": route, "route_short_name": route,
                                "route_type": str(route_type)})
        self.trips.append({"route_id": route, "service_id": service, "trip_id": trip_id})
        for k, (stop_id, time) in enumerate(stops, start=1):
            if time.count(":") == 1:
                time += ":00"
            row = {"trip_id": trip_id, "arrival_time": time, "departure_time": time,
                   "stop_id": stop_id, "stop_sequence": str(k)}
            row.update(flags.get(stop_id, {}))
            self.stop_times.append(row)

    def transfer(self, a: str, b: str, seconds: int | None, kind: int = 2) -> None:
        self.transfers.append({"from_stop_id": a, "to_stop_id": b,
                               "transfer_type": str(kind),
                               "min_transfer_time": "" if seconds is None else str(seconds)})

    def files(self) -> dict[str, str]:
        tables = {
            "agency.txt": [{"agency_id": "A", "agency_name": "Test",
                            "agency_url": "https://example.org",
                            "agency_timezone": "Europe/Berlin"}],
            "stops.txt": self.stops,
            "routes.txt": [{"agency_id": "A", **r} for r in self.routes],
            "trips.txt": self.trips,
            "stop_times.txt": self.stop_times,
            "calendar.txt": self.calendar,
            "calendar_dates.txt": self.calendar_dates,
            "transfers.txt": self.transfers,
        }
        return {name: render(rows) for name, rows in tables.items() if rows}

    def zip(self, path: Path) -> Path:
        return write_zip(path, self.files())

    def timetable(self, tmp_path: Path, **options: float) -> Timetable:
        """The feed read back (``options``: the reader's, e.g. ``footpath_radius_km``)."""
        with zipfile.ZipFile(self.zip(tmp_path / "feed.zip")) as archive:
            return read_feed(archive, **options)


def render(rows: list[dict[str, str]]) -> str:
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_zip(path: Path, files: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def random_feed(seed: int, n_stops: int = 30, n_routes: int = 8) -> Feed:
    """A random feed for oracle tests: stops in a 10 × 10 km square (so walking, several
    access stops and generated footpaths all matter), lines of 3–8 stops running every
    10–40 minutes from 04:30 until past midnight, some stops grouped under stations, some
    ``transfers.txt`` rows (minimum times and forbidden pairs), a weekday and a Saturday
    service, and a few no-boarding/no-alighting stops."""
    rng = np.random.default_rng(seed)
    feed = Feed()
    feed.service("WK")
    feed.service("SA", "0,0,0,0,0,1,0")
    feed.exception("WK", "20240305", 2)  # this Tuesday runs like nothing
    feed.exception("SA", "20240306", 1)  # and this Wednesday runs the Saturday service
    for k in range(4):  # stations with two platforms each
        lat = BASE_LAT + rng.uniform(0, 0.09)
        lon = BASE_LON + rng.uniform(0, 0.13)
        feed.stop(f"P{k}", lat, lon, location_type="1")
        for side in "ab":
            feed.stop(f"P{k}{side}", lat + rng.uniform(-0.002, 0.002),
                      lon + rng.uniform(-0.002, 0.002), parent_station=f"P{k}")
    for k in range(n_stops):
        feed.stop(f"S{k}", BASE_LAT + rng.uniform(0, 0.09), BASE_LON + rng.uniform(0, 0.13))
    platforms = [s["stop_id"] for s in feed.stops if s.get("location_type") != "1"]
    for r in range(n_routes):
        line = list(rng.choice(platforms, size=int(rng.integers(3, 9)), replace=False))
        hops = rng.integers(0, 8, size=len(line) - 1) * 60
        headway = int(rng.integers(10, 41)) * 60
        service = "WK" if r % 3 else "SA"
        start = 4 * 3600 + 30 * 60 + int(rng.integers(0, headway))
        k = 0
        while start < 25 * 3600:
            t = start
            times = [t]
            for hop in hops:
                t += int(hop)
                times.append(t)
            stops = line if k % 2 == 0 else line[::-1]
            clock = [_clock(x) for x in times]
            flags = {}
            if r == 0:
                flags = {stops[0]: {"drop_off_type": "1"}, stops[-1]: {"pickup_type": "1"}}
            feed.trip(f"R{r}T{k}", f"{r + 1}", list(zip(stops, clock, strict=True)),
                      service=service, **flags)
            start += headway
            k += 1
    for _ in range(10):
        a, b = rng.choice(platforms, size=2, replace=False)
        feed.transfer(str(a), str(b), int(rng.integers(0, 8)) * 60)
    feed.transfer(platforms[0], platforms[0], 300)
    feed.transfer(platforms[1], platforms[2], None, kind=3)
    return feed


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
