"""Benchmark of the GTFS router: import, one scan, and door-to-door matrices.

    .venv/bin/python bench/bench_transit.py [--feeds vvs,district,region] [--seed S]
                                            [--workdir DIR] [--homes N] [--work N]

Feeds: ``vvs`` is the real VVS subset in ``../shared/data/gtfs`` (skipped if absent);
``district`` (~66k connections, stops over ~50 × 40 km around 48.9 N 9.4 E, like a rural
district such as Rems-Murr) and ``region`` (~420k connections, ~150 × 120 km) are
synthetic: towns of Zipf-like size, bus lines between them every 20–60 minutes from
04:30 to past midnight, written as real GTFS zip files first (not timed) and then
imported as a user would (``parse_feed``: unzip + parse + build the arrays; timed).

Columns: ``import s`` parse and build; ``model s`` the scan arrays and stop index
(once per timetable); ``scan ms`` one arrive-by scan for one workplace at 08:00 with
its Python wrapper (median of 200 workplaces); ``by s`` / ``at s`` the full
(workplaces × homes) arrive-by matrix for a 06:00 shift start and the depart-at matrix
from 14:00, scans and read-off included, cache cold. Targets (2 cores): VVS scan ≤ 1 ms,
district 2,000 × 5,000 matrix ≤ 2 s, region import ≤ 5 s. The first call of each kernel
compiles it with numba (or loads it from numba's cache): reported as ``jit s`` and not
in the other columns. Wall-clock seconds; the load average is printed.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from synthetic_feed import STOP_TIMES_HEADER, gtfs_files, write_feed, write_trip

from passgenau.geo.transit import TransitModel, csa
from passgenau.services.transit import parse_feed

SHARED_VVS = Path(__file__).resolve().parents[2] / "shared" / "data" / "gtfs" / \
    "vvs_herrenberg_subset_20210615.zip"


@dataclass(frozen=True)
class Area:
    name: str
    center: tuple[float, float]
    km: tuple[float, float]  # east-west, north-south
    towns: int
    stops: int
    lines: int
    day: date


AREAS = {
    "district": Area("district", (48.9, 9.4), (50, 40), 31, 1500, 43, date(2024, 3, 5)),
    "region": Area("region", (48.8, 9.2), (150, 120), 180, 9000, 255, date(2024, 3, 5)),
}


def synthetic_feed(area: Area, seed: int) -> dict[str, str]:
    """A plausible bus network as GTFS text files (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    lat0, lon0 = area.center
    ky, kx = 111.2, 111.2 * np.cos(np.radians(lat0))
    town_x = rng.uniform(-area.km[0] / 2, area.km[0] / 2, area.towns)
    town_y = rng.uniform(-area.km[1] / 2, area.km[1] / 2, area.towns)
    weight = 1.0 / np.arange(1, area.towns + 1)
    town = rng.choice(area.towns, size=area.stops, p=weight / weight.sum())
    spread = 0.6 + 2.5 * weight[town] / weight[0]
    x = town_x[town] + rng.normal(0, spread)
    y = town_y[town] + rng.normal(0, spread)
    stop_rows = [f"S{i},Haltestelle {i},{lat0 + y[i] / ky:.6f},{lon0 + x[i] / kx:.6f}"
                 for i in range(area.stops)]
    route_rows, trip_rows = [], []
    st = io.StringIO()
    st.write(STOP_TIMES_HEADER)
    for line in range(area.lines):
        a, b = rng.choice(area.towns, size=2, replace=False, p=weight / weight.sum())
        ax, ay, bx, by = town_x[a], town_y[a], town_x[b], town_y[b]
        length = max(np.hypot(bx - ax, by - ay), 1e-6)
        along = ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / length
        off = np.abs((x - ax) * (by - ay) - (y - ay) * (bx - ax)) / length
        near = np.flatnonzero((off < 0.8) & (along > -1) & (along < length + 1))
        if len(near) < 3:
            continue
        near = near[np.argsort(along[near])]
        if len(near) > 30:
            near = np.sort(rng.choice(near, 30, replace=False))
            near = near[np.argsort(along[near])]
        hop_km = np.hypot(np.diff(x[near]), np.diff(y[near])) * 1.3
        hop_s = np.maximum(60, np.round(hop_km / 25 * 60) * 60).astype(int)
        route_rows.append(f"L{line},{100 + line},3")
        headway = int(rng.choice([30, 30, 60, 60, 60])) * 60
        for direction, stops, hops in ((0, near, hop_s), (1, near[::-1], hop_s[::-1])):
            start = 4 * 3600 + 30 * 60 + int(rng.integers(0, headway // 60)) * 60
            k = 0
            while start < 24 * 3600 + 30 * 60:
                trip = f"L{line}D{direction}T{k}"
                trip_rows.append(f"L{line},WK,{trip}")
                write_trip(st, trip, stops, hops, start)
                start += headway
                k += 1
    return gtfs_files("Bench", stop_rows, route_rows, trip_rows, st.getvalue(),
                      ["WK,1,1,1,1,1,0,0,20240101,20241231"])


def points(model: TransitModel, n: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Places near served stops (up to ~2 km off), as homes and employers are."""
    tt = model.timetable
    served = np.flatnonzero(tt.served_stops())
    pick = rng.choice(served, size=n)
    return (tt.stop_lat[pick] + rng.uniform(-0.018, 0.018, n),
            tt.stop_lon[pick] + rng.uniform(-0.027, 0.027, n))


def run(name: str, path: Path, day: date, n_work: int, n_homes: int, seed: int) -> list[str]:
    start = time.perf_counter()
    tt = parse_feed(path)
    import_s = time.perf_counter() - start
    start = time.perf_counter()
    model = TransitModel(tt)
    model_s = time.perf_counter() - start
    rng = np.random.default_rng(seed)
    w_lat, w_lon = points(model, n_work, rng)
    h_lat, h_lon = points(model, n_homes, rng)
    start = time.perf_counter()
    model.arrive_by_minutes(h_lat[:2], h_lon[:2], w_lat[:2], w_lon[:2], 8 * 60, day)
    model.depart_at_minutes(h_lat[:2], h_lon[:2], w_lat[:2], w_lon[:2], 8 * 60, day)
    jit_s = time.perf_counter() - start
    model.active_trips(day)
    scans = []
    for k in range(min(200, n_work)):
        t0 = time.perf_counter()
        model._scan(w_lat[k:k + 1], w_lon[k:k + 1], 8 * 3600, day, True)
        scans.append(time.perf_counter() - t0)
    model._cache.clear()
    start = time.perf_counter()
    by = model.arrive_by_minutes(h_lat, h_lon, w_lat, w_lon, 6 * 60, day)
    by_s = time.perf_counter() - start
    model._cache.clear()
    start = time.perf_counter()
    at = model.depart_at_minutes(h_lat, h_lon, w_lat, w_lon, 14 * 60, day)
    at_s = time.perf_counter() - start
    reach = (by >= 0) & (by <= 60)
    return [name, f"{tt.n_stops:,}", f"{tt.n_trips:,}", f"{tt.n_connections:,}",
            f"{import_s:.2f}", f"{model_s:.2f}", f"{jit_s:.2f}",
            f"{1000 * float(np.median(scans)):.3f}", f"{n_work:,}×{n_homes:,}",
            f"{by_s:.2f}", f"{at_s:.2f}", f"{100 * reach.mean():.1f}%",
            f"{100 * ((at >= 0) & (at <= 60)).mean():.1f}%"]


HEADER = ["feed", "stops", "trips", "connections", "import s", "model s", "jit s",
          "scan ms", "matrix", "by s", "at s", "by≤60", "at≤60"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", default="vvs,district,region")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--homes", type=int, default=5000)
    parser.add_argument("--work", type=int, default=2000)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "passgenau-bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for name in args.feeds.split(","):
        if name == "vvs":
            if not SHARED_VVS.is_file():
                print(f"vvs: skipped, {SHARED_VVS} not here")
                continue
            rows.append(run("vvs", SHARED_VVS, date(2021, 6, 22), args.work, args.homes,
                            args.seed))
            continue
        area = AREAS[name]
        path = write_feed(synthetic_feed(area, args.seed),
                          args.workdir / f"transit-{name}-{args.seed}.zip")
        rows.append(run(name, path, area.day, args.work, args.homes, args.seed))
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    for row in [HEADER, *rows]:
        print("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)))
    print(f"numba: {csa.HAVE_NUMBA}; load average: {os.getloadavg()[0]:.2f}; "
          f"cpus: {os.cpu_count()}")


if __name__ == "__main__":
    main()
