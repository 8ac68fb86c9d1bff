"""How fast the web pages answer with many staff at work: ``passgenau serve`` (uvicorn, one
process, as shipped) on loopback, on the demo Jobcenter (``bench/web_demo.py``: 2,000
candidates, 400 vacancies, 1,200 proposals, follow-ups, referrals), with N users signed in
at once (default 20), each requesting the main pages one after another for a while.

Each simulated user is an ``httpx.AsyncClient`` with its own session (signed in through
the form, CSRF token included; sign-in is not timed); users wait ``--think`` seconds
between two pages (default 1 s: staff read a page before the next click; ``--think 0``
hammers the server and shows its throughput limit). The table gives, per page, how many
requests were timed and the 50th and 95th percentile and the slowest answer, in
milliseconds, measured by the client from sending the request to the last byte.

    .venv/bin/python bench/bench_web_load.py
    .venv/bin/python bench/bench_web_load.py --users 20 --seconds 60 --think 0

The issue's target: p95 ≤ 300 ms per page at 20 concurrent users. The load generator runs
on the same machine as the server and takes CPU from it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from web_demo import PASSWORD, USERS, WebDemo, prepare  # noqa: E402

TARGET_MS = 300.0
#: Sessions of the N users by account: mostly placement officers.
MIX = ("demo", "demo", "demo", "arbeitgeberservice", "demo", "leitung", "demo", "admin")


def _pages(rng: random.Random) -> list[tuple[str, str]]:
    """(label, path) of one round through the main pages, with random records."""
    candidate = f"C{rng.randint(1, 2000):05d}"
    vacancy = f"V{rng.randint(1, 400):04d}"
    employer = f"E{rng.randint(1, 150):03d}"
    level = rng.choice(["A1", "A2", "B1", "B2"])
    return [
        ("Übersicht /", "/"),
        ("Kandidaten /kandidaten", "/kandidaten"),
        ("Kandidaten gefiltert", f"/kandidaten?level={level}&seite=2"),
        ("Kandidat /kandidaten/{id}", f"/kandidaten/{candidate}"),
        ("Stellen /stellen", "/stellen?liste=offen"),
        ("Stelle /stellen/{id}", f"/stellen/{vacancy}"),
        ("Vorschläge /vorschlaege", "/vorschlaege"),
        ("Arbeitgeber /betriebe", "/betriebe"),
        ("Arbeitgeber /betriebe/{id}", f"/betriebe/{employer}"),
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(demo: WebDemo, port: int, log: Path) -> subprocess.Popen[bytes]:
    """``passgenau serve`` on loopback; its output (access log) goes to ``log``."""
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "passgenau", "serve", "--port", str(port)],
            env={**demo.environment(), "PASSGENAU_COOKIE_SECURE": "0",
                 "PASSGENAU_SECRET_KEY": secrets.token_urlsafe(32)},
            stdout=sink, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/anmelden", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
        if server.poll() is not None:
            break
    server.kill()
    raise SystemExit("the server did not start:\n" + log.read_text(errors="replace")[-2000:])


async def sign_in(client: httpx.AsyncClient, username: str) -> None:
    page = await client.get("/anmelden")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, "no CSRF token on the sign-in page"
    answer = await client.post("/anmelden", data={
        "username": username, "password": PASSWORD, "csrf_token": token.group(1)})
    if answer.status_code != 303:
        raise SystemExit(f"sign-in of {username} failed: {answer.status_code}")


async def user(base: str, username: str, seed: int, until: float, think: float,
               timings: dict[str, list[float]], errors: dict[str, int]) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await sign_in(client, username)
        await asyncio.sleep(rng.random() * max(think, 0.05))  # users do not click in step
        while time.monotonic() < until:
            pages = _pages(rng)
            rng.shuffle(pages)
            for label, path in pages:
                if time.monotonic() >= until:
                    return
                start = time.perf_counter()
                answer = await client.get(path)
                elapsed = (time.perf_counter() - start) * 1000
                if answer.status_code == 200:
                    timings[label].append(elapsed)
                else:
                    errors[f"{label} {answer.status_code}"] += 1
                if think:
                    await asyncio.sleep(think * (0.5 + rng.random()))  # mean: think


async def alone(base: str, rounds: int = 5) -> dict[str, list[float]]:
    """Each page requested by one user with nobody else on the server: what a page
    costs by itself (the first round warms the caches and is not counted)."""
    timings: dict[str, list[float]] = defaultdict(list)
    rng = random.Random(0)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await sign_in(client, "demo")
        for round_ in range(rounds + 1):
            for label, path in _pages(rng):
                start = time.perf_counter()
                answer = await client.get(path)
                elapsed = (time.perf_counter() - start) * 1000
                if answer.status_code == 200 and round_:
                    timings[label].append(elapsed)
    return timings


async def run(base: str, users: int, seconds: float, think: float
              ) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, int]]:
    single = await alone(base)
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    until = time.monotonic() + seconds
    await asyncio.gather(*(user(base, MIX[i % len(MIX)], i + 1, until, think, timings, errors)
                           for i in range(users)))
    return single, timings, errors


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def table(single: dict[str, list[float]], timings: dict[str, list[float]],
          seconds: float) -> str:
    """Per page: alone (median of one user's requests), then under load."""
    rows = ["| page | alone p50 ms | n | p50 ms | p95 ms | max ms | p95 ≤ 300 ms |",
            "|---|--:|--:|--:|--:|--:|---|"]
    every: list[float] = []
    for label, _path in _pages(random.Random(0)):
        values = timings.get(label, [])
        if not values:
            continue
        every += values
        p95 = percentile(values, 95)
        rows.append(f"| {label} | {statistics.median(single.get(label, [0])):.0f} | "
                    f"{len(values)} | {statistics.median(values):.0f} | {p95:.0f} | "
                    f"{max(values):.0f} | {'yes' if p95 <= TARGET_MS else 'no'} |")
    if every:
        rows.append(f"| all pages ({len(every) / seconds:.0f} pages/s) | | {len(every)} | "
                    f"{statistics.median(every):.0f} | {percentile(every, 95):.0f} | "
                    f"{max(every):.0f} | |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a user waits between two pages (0: none)")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "passgenau-bench")
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    demo = prepare(args.workdir, regenerate=args.regenerate)
    assert set(MIX) <= set(USERS)
    port = _free_port()
    server = start_server(demo, port, demo.data_dir / "serve.log")
    load_before = os.getloadavg()[0]
    try:
        single, timings, errors = asyncio.run(run(f"http://127.0.0.1:{port}", args.users,
                                                  args.seconds, args.think))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"{args.users} users, {args.seconds:.0f} s, think time {args.think:g} s, "
          f"passgenau serve (1 process) on loopback, demo Jobcenter; {os.cpu_count()} "
          f"cores, load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after")
    print(table(single, timings, args.seconds))
    if errors:
        print("not 200:", dict(errors))


if __name__ == "__main__":
    main()
