"""The event pages on the demo Jobcenter: how long each page takes to answer.

One process builds the demo (``passgenau demo``'s caseload: 2,000 candidates, 150
employers, 400 vacancies, matched) in a temporary SQLite database, signs in through the
form, creates a speed-dating with ``--tables`` of the demo's employers at Waiblingen,
invites everyone with German A2 or better, and then times each page with FastAPI's
TestClient (in-process, no network): the fastest and the median of ``--repeat`` calls.
The speed-dating and interview-day rows include the solvers (the nine rules against the
whole stored caseload, the flow, the rounds); the letter row renders one PDF.

    .venv/bin/python bench/bench_event_pages.py
    .venv/bin/python bench/bench_event_pages.py --tables 20 --rounds 8 --repeat 3
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from passgenau.config import Settings
from passgenau.domain.accounts import Role
from passgenau.services.demo import DEMO_TENANT, run_demo
from passgenau.services.runtime import Runtime
from passgenau.services.users import add_user
from passgenau.services.workflow import list_proposals
from passgenau.web import create_app

PASSWORD = "bench-geheim-123"
WAIBLINGEN = "48.8303,9.3169"


def _token(client: TestClient, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found, path
    return found.group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, default=10, help="employers at the speed-dating")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        runtime = Runtime(Settings(database_url=f"sqlite:///{Path(folder) / 'demo.db'}",
                                   data_dir=Path(folder), tenant=DEMO_TENANT))
        started = time.perf_counter()
        run_demo(runtime, seed=2024, candidates=2000, employers=150, vacancies=400)
        print(f"demo built and matched in {time.perf_counter() - started:.1f} s")
        add_user(runtime.accounts(), "bench", PASSWORD, Role.OFFICER, DEMO_TENANT)
        with TestClient(create_app(runtime), base_url="https://testserver") as client:
            client.post("/anmelden", data={"username": "bench", "password": PASSWORD,
                                           "csrf_token": _token(client, "/anmelden")})
            form = client.get("/veranstaltungen").text
            employers = re.findall(r'name="employers" value="([^"]+)"', form)[:args.tables]
            answer = client.post("/veranstaltungen", data={
                "kind": "speed_dating", "title": "Speed-Dating Waiblingen",
                "day": "2026-12-03", "start": "09:00", "end": "13:00",
                "coordinates": WAIBLINGEN, "event_id": "SD-BENCH", "employers": employers,
                "csrf_token": _token(client, "/veranstaltungen")}, follow_redirects=False)
            assert answer.status_code == 303, answer.text
            event = "/veranstaltungen/SD-BENCH"
            client.post(f"{event}/einladen", data={
                "niveau": "A2", "csrf_token": _token(client, event)})
            listed = re.findall(r'<td><a href="/kandidaten/([^"]+)">', client.get(event).text)
            vacancy = next(v.vacancy_id for v in list_proposals(
                runtime.unit_of_work(DEMO_TENANT)))
            pages = [
                ("event list", "/veranstaltungen"),
                (f"event page ({len(listed)} invited)", event),
                ("invitation preview (A2+)", f"{event}/einladen?niveau=A2"),
                (f"speed-dating {len(employers)} tables x {args.rounds} rounds",
                 f"{event}/zeitplan?runden={args.rounds}&minuten=10"),
                ("speed-dating PLAN.json", f"{event}/zeitplan.json?runden={args.rounds}"),
                (f"interview day {vacancy}",
                 f"/stellen/{vacancy}/vorstellungstag?datum=2026-12-03"),
                ("one invitation letter (PDF)", f"{event}/einladung/{listed[0]}.pdf"),
                ("calendar file", f"{event}/kalender.ics"),
            ]
            print("\n| page | fastest ms | median ms | status |\n|---|---:|---:|---|")
            for name, path in pages:
                times = []
                status = 0
                for _ in range(args.repeat):
                    begin = time.perf_counter()
                    status = client.get(path).status_code
                    times.append((time.perf_counter() - begin) * 1000)
                print(f"| {name} | {min(times):.0f} | {statistics.median(times):.0f} | "
                      f"{status} |")
        runtime.close()


if __name__ == "__main__":
    main()
