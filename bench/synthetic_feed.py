"""A synthetic GTFS feed for a synthetic caseload: buses where its people live and work.

``caseload_feed(n_candidates, seed)`` rebuilds the towns of
``synthetic.synthetic_dataset(n_candidates, …, seed)`` (the generator draws them first from
``random.Random(seed)``, so the same seed gives the same towns) and lays a bus network over
them, so every home and workplace of the caseload has stops within walking distance and
the matching's timetable path is exercised at the caseload's own scale. Deterministic: the
same arguments give the same files, and :func:`write_feed` writes them with fixed zip
timestamps, so the bytes (and the transit cache's key, their SHA-256) stay the same.

The network (assumptions; the proportions of a rural German district):

Stops
  On a jittered grid of 0.7 km in every town's disc, widened to cover the workplaces
  (which lie up to 1.3 × the town's radius from its centre) plus 0.3 km; the stop nearest
  the centre is the town's hub. Every home is then within about 0.5 km of a stop.
Town buses
  Towns whose stop disc is at least 2 km in radius get a grid of lines: east–west and
  north–south through every band of two stop rows (columns), so any two stops of the town
  are one change apart. Every 20 min in the three biggest towns, 30 min in the next
  seven, else 60 min; 20 km/h on the road.
Village feeders
  Every smaller town gets one line through all its stops (row by row) and on to the hub
  of the nearest bigger town, picking up stops within 0.4 km of the way; every 60 min.
Regional buses
  Between the hubs of the bigger towns: each to its two nearest, chained into lines of up
  to five towns where the direction changes by less than 60°, stopping within 0.4 km of
  the way; every 30 min; 30 km/h on the road.

Roads are 1.3 × the straight line; hops take whole minutes, rounded up, at least one. So
no hop is faster than 23 km/h in a straight line (the matching's reach bound floors at
30 km/h). Service: Monday to Friday from 05:00 with the last departures before 23:00;
Saturdays from 06:00 at twice the headway; Sundays from 08:00 to 22:00 every 60 min at
best (twice the weekday headway). Valid for the whole of 2026 and 2027 (the caseloads'
reference date is 24 November 2026). No trains, no night buses, no holidays.
"""

from __future__ import annotations

import io
import itertools
import math
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from synthetic import _Towns, area_for

#: Grid spacing of stops in a town (km) and their jitter (± km).
STOP_SPACING_KM = 0.7
STOP_JITTER_KM = 0.15
#: Towns whose stop disc reaches this radius (km) get a grid of town bus lines.
TOWN_BUS_RADIUS_KM = 2.0
#: Lines pick up stops within this distance of their way (km).
CORRIDOR_KM = 0.4
ROAD_FACTOR = 1.3
TOWN_KMH = 20.0
REGIONAL_KMH = 30.0
VALID = ("20260101", "20271231")


@dataclass(frozen=True, slots=True)
class _Line:
    name: str
    stops: list[int]
    kmh: float
    headway_min: int  # on weekdays


@dataclass(frozen=True, slots=True)
class _Service:
    service_id: str
    first_min: int  # earliest first departure
    last_min: int  # no departure after
    factor: int  # × the weekday headway
    floor_min: int  # … at least this


SERVICES = (
    _Service("WK", 5 * 60, 23 * 60, 1, 0),
    _Service("SA", 6 * 60, 23 * 60, 2, 0),
    _Service("SU", 8 * 60, 22 * 60, 2, 60),
)


class _Network:
    """Stops (x, y in km east/north of the area's centre) and the lines over them."""

    def __init__(self, towns: _Towns, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.towns = towns.towns
        xs: list[np.ndarray] = []
        ys: list[np.ndarray] = []
        self.town_of: list[np.ndarray] = []
        self.hub: list[int] = []
        count = 0
        for k, town in enumerate(self.towns):
            radius = self.disc_km(k)
            steps = math.ceil(radius / STOP_SPACING_KM)
            grid = np.arange(-steps, steps + 1) * STOP_SPACING_KM
            gx, gy = np.meshgrid(grid, grid)
            gx, gy = gx.ravel(), gy.ravel()
            inside = np.hypot(gx, gy) <= radius
            gx = gx[inside] + self.rng.uniform(-STOP_JITTER_KM, STOP_JITTER_KM, inside.sum())
            gy = gy[inside] + self.rng.uniform(-STOP_JITTER_KM, STOP_JITTER_KM, inside.sum())
            centre = int(np.argmin(np.hypot(gx, gy)))
            gx[centre], gy[centre] = 0.0, 0.0
            xs.append(town.x_km + gx)
            ys.append(town.y_km + gy)
            self.town_of.append(np.arange(count, count + len(gx)))
            self.hub.append(count + centre)
            count += len(gx)
        self.x = np.concatenate(xs)
        self.y = np.concatenate(ys)
        self.lines: list[_Line] = []

    def disc_km(self, k: int) -> float:
        return self.towns[k].radius_km * 1.3 + 0.3

    def corridor(self, a: int, b: int) -> np.ndarray:
        """Stops within CORRIDOR_KM of the segment from stop ``a`` to stop ``b``, in order
        along it (``a`` and ``b`` included)."""
        ax, ay, bx, by = self.x[a], self.y[a], self.x[b], self.y[b]
        length = max(math.hypot(bx - ax, by - ay), 1e-9)
        ux, uy = (bx - ax) / length, (by - ay) / length
        # only stops in the segment's bounding box (plus the corridor) are looked at
        box = np.flatnonzero(
            (self.x >= min(ax, bx) - CORRIDOR_KM) & (self.x <= max(ax, bx) + CORRIDOR_KM)
            & (self.y >= min(ay, by) - CORRIDOR_KM) & (self.y <= max(ay, by) + CORRIDOR_KM)
        )
        dx, dy = self.x[box] - ax, self.y[box] - ay
        along = dx * ux + dy * uy
        off = np.abs(dx * uy - dy * ux)
        keep = (off <= CORRIDOR_KM) & (along > 0) & (along < length)
        inner = box[keep][np.argsort(along[keep], kind="stable")]
        inner = inner[(inner != a) & (inner != b)]
        return np.concatenate([[a], inner, [b]]).astype(np.int64)

    def path(self, hubs: list[int]) -> list[int]:
        """The stops of a line through the given stops, in order, without repeats."""
        seen: set[int] = set()
        out: list[int] = []
        for a, b in itertools.pairwise(hubs):
            for s in self.corridor(a, b).tolist():
                if s not in seen:
                    seen.add(s)
                    out.append(s)
        return out

    def add(self, name: str, stops: list[int], kmh: float, headway: int) -> None:
        if len(stops) >= 2:
            self.lines.append(_Line(name, stops, kmh, headway))

    def town_buses(self, k: int, rank: int) -> None:
        """East–west and north–south lines through every band of two stop rows."""
        stops = self.town_of[k]
        headway = 20 if rank < 3 else 30 if rank < 10 else 60
        town = self.towns[k]
        for axis, (across, along) in enumerate(((self.y, self.x), (self.x, self.y))):
            centre = town.y_km if axis == 0 else town.x_km
            band = np.floor((across[stops] - centre) / (2 * STOP_SPACING_KM) + 0.5)
            for b in np.unique(band):
                mine = stops[band == b]
                if len(mine) >= 3:
                    order = mine[np.argsort(along[mine], kind="stable")]
                    self.add(f"{town.name} {'OW'[axis]}{int(b)}", order.tolist(),
                             TOWN_KMH, headway)

    def feeder(self, k: int, to: int) -> None:
        """All stops of a small town row by row (alternating), then on to ``to``'s hub."""
        stops = self.town_of[k]
        row = np.round((self.y[stops] - self.towns[k].y_km) / STOP_SPACING_KM)
        ordered: list[int] = []
        for i, r in enumerate(np.unique(row)):
            mine = stops[row == r]
            mine = mine[np.argsort(self.x[mine], kind="stable")]
            ordered.extend((mine if i % 2 == 0 else mine[::-1]).tolist())
        tail = self.path([ordered[-1], self.hub[to]])[1:]
        seen = set(ordered)
        ordered.extend(s for s in tail if s not in seen)
        self.add(f"{self.towns[k].name} – {self.towns[to].name}", ordered, REGIONAL_KMH, 60)

    def regional(self, big: list[int]) -> None:
        """Hub-to-hub lines: each big town to its two nearest, chained into lines."""
        if len(big) < 2:
            return
        cx = np.array([self.towns[k].x_km for k in big])
        cy = np.array([self.towns[k].y_km for k in big])
        dist = np.hypot(cx[:, None] - cx[None, :], cy[:, None] - cy[None, :])
        np.fill_diagonal(dist, np.inf)
        edges: set[tuple[int, int]] = set()
        for i in range(len(big)):
            for j in np.argsort(dist[i])[: min(2, len(big) - 1)].tolist():
                edges.add((min(i, j), max(i, j)))
        free = sorted(edges)
        used: set[tuple[int, int]] = set()
        number = 0
        for edge in free:
            if edge in used:
                continue
            used.add(edge)
            chain = [edge[0], edge[1]]
            for _ in range(2):  # extend at the end, then (reversed) at the other end
                while len(chain) < 5:
                    a, b = chain[-2], chain[-1]
                    heading = math.atan2(cy[b] - cy[a], cx[b] - cx[a])
                    best = None
                    for c in range(len(big)):
                        e = (min(b, c), max(b, c))
                        if e not in edges or e in used or c in chain:
                            continue
                        turn = math.atan2(cy[c] - cy[b], cx[c] - cx[b]) - heading
                        turn = abs((turn + math.pi) % (2 * math.pi) - math.pi)
                        if turn < math.pi / 3 and (best is None or turn < best[0]):
                            best = (turn, c, e)
                    if best is None:
                        break
                    used.add(best[2])
                    chain.append(best[1])
                chain.reverse()
            number += 1
            self.add(f"R{number}", self.path([self.hub[big[i]] for i in chain]),
                     REGIONAL_KMH, 30)


def caseload_feed(n_candidates: int, seed: int) -> dict[str, str]:
    """The GTFS text files of a bus network over the caseload's towns."""
    towns = _Towns(random.Random(seed), area_for(n_candidates))
    area = towns.area
    net = _Network(towns, seed)
    by_size = sorted(range(len(towns.towns)), key=lambda k: -towns.towns[k].radius_km)
    rank = {k: r for r, k in enumerate(by_size)}
    big = [k for k in by_size if net.disc_km(k) >= TOWN_BUS_RADIUS_KM] or by_size[:1]
    for k in big:
        net.town_buses(k, rank[k])
    cx = np.array([t.x_km for t in towns.towns])
    cy = np.array([t.y_km for t in towns.towns])
    for k in by_size:
        if k in big:
            continue
        bigger = [j for j in by_size[: rank[k]]]
        to = min(bigger, key=lambda j: math.hypot(cx[j] - cx[k], cy[j] - cy[k]))
        net.feeder(k, to)
    net.regional(big)

    served = np.zeros(len(net.x), dtype=bool)
    for line in net.lines:
        served[line.stops] = True
    km_per_deg_lon = 111.32 * math.cos(math.radians(area.lat))
    lat = area.lat + net.y / 111.32
    lon = area.lon + net.x / km_per_deg_lon
    town_name = np.empty(len(net.x), dtype=object)
    for k, stops in enumerate(net.town_of):
        town_name[stops] = towns.towns[k].name
    stop_rows = [
        f"S{i},{town_name[i]} Haltestelle {i},{lat[i]:.6f},{lon[i]:.6f}"
        for i in np.flatnonzero(served).tolist()
    ]
    route_rows: list[str] = []
    trip_rows: list[str] = []
    st = io.StringIO()
    st.write(STOP_TIMES_HEADER)
    rng = random.Random(seed)
    for number, line in enumerate(net.lines):
        stops = np.asarray(line.stops)
        km = np.hypot(np.diff(net.x[stops]), np.diff(net.y[stops])) * ROAD_FACTOR
        hop_s = (np.maximum(1, np.ceil(km / line.kmh * 60 - 1e-9)) * 60).astype(int)
        route = f"L{number}"
        short = line.name if line.name.startswith("R") else str(100 + number)
        route_rows.append(f"{route},{short},3")
        offset = rng.randrange(line.headway_min)
        for service in SERVICES:
            headway = max(line.headway_min * service.factor, service.floor_min)
            for direction, order, hops in ((0, stops, hop_s), (1, stops[::-1], hop_s[::-1])):
                start = service.first_min + (offset + 7 * direction) % headway
                k = 0
                while start <= service.last_min:
                    trip = f"{route}{service.service_id}D{direction}T{k}"
                    trip_rows.append(f"{route},{service.service_id},{trip}")
                    write_trip(st, trip, order, hops, start * 60)
                    start += headway
                    k += 1
    begin, end = VALID
    return gtfs_files("Bench Bus", stop_rows, route_rows, trip_rows, st.getvalue(), [
        f"WK,1,1,1,1,1,0,0,{begin},{end}",
        f"SA,0,0,0,0,0,1,0,{begin},{end}",
        f"SU,0,0,0,0,0,0,1,{begin},{end}",
    ])


STOP_TIMES_HEADER = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"


def write_trip(out: io.StringIO, trip: str, stops: np.ndarray, hops: np.ndarray,
               start_s: int) -> None:
    """One trip's stop_times rows: leaving at ``start_s``, ``hops[k]`` seconds from stop
    ``k`` to stop ``k + 1`` (arrival = departure)."""
    t = start_s
    for seq, stop in enumerate(stops.tolist()):
        clock = f"{t // 3600:02d}:{t % 3600 // 60:02d}:00"
        out.write(f"{trip},{clock},{clock},S{stop},{seq + 1}\n")
        if seq < len(hops):
            t += int(hops[seq])


def gtfs_files(agency: str, stop_rows: list[str], route_rows: list[str],
               trip_rows: list[str], stop_times: str, calendar_rows: list[str]
               ) -> dict[str, str]:
    """The text files of a bus-only feed from its rows (``stop_times`` with header)."""
    return {
        "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\n"
                      f"A,{agency},https://example.org,Europe/Berlin\n",
        "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\n" + "\n".join(stop_rows) + "\n",
        "routes.txt": "route_id,route_short_name,route_type\n" + "\n".join(route_rows) + "\n",
        "trips.txt": "route_id,service_id,trip_id\n" + "\n".join(trip_rows) + "\n",
        "stop_times.txt": stop_times,
        "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,"
                        "sunday,start_date,end_date\n" + "\n".join(calendar_rows) + "\n",
    }


def write_feed(files: dict[str, str], path: Path) -> Path:
    """A GTFS zip with fixed timestamps (same files, same bytes), written atomically."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    tmp.replace(path)
    return path
