"""Screenshots of the main pages for the README, from the demo Jobcenter, in Debian's
chromium driven by Playwright (the flags of ``tests/web/test_browser.py``).

    .venv/bin/python scripts/screenshots.py                  # into docs/screenshots/
    .venv/bin/python scripts/screenshots.py --regenerate     # build the demo anew first

The demo is the load benchmark's (``bench/web_demo.py``: ``passgenau demo`` plus a few
weeks of work); the server is ``passgenau serve`` on loopback. Pages are taken at a
laptop's size (1366 × 900) and the start page also at a tablet's (820 × 1180, portrait).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_web_load import _free_port, start_server  # noqa: E402
from web_demo import PASSWORD, WebDemo, prepare  # noqa: E402

ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--lang=de-DE"]
LAPTOP = {"width": 1366, "height": 900}
TABLET = {"width": 820, "height": 1180}


def _examples(demo: WebDemo) -> tuple[str, str]:
    """A vacancy whose shortlist has moved on, and a candidate of the demo officer's with
    a proposal: the pages worth showing."""
    from passgenau.domain.placement import ProposalState
    from passgenau.services.workflow import list_proposals

    runtime = demo.runtime()
    moved = list_proposals(runtime.unit_of_work(), state=ProposalState.INTERVIEW) or \
        list_proposals(runtime.unit_of_work(), state=ProposalState.PROPOSED)
    vacancy = moved[0].vacancy_id
    candidate = moved[0].candidate_id
    runtime.close()
    return vacancy, candidate


def take(base: str, out: Path, vacancy: str, candidate: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    shots: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        context = browser.new_context(viewport=LAPTOP, locale="de-DE")
        page = context.new_page()
        page.goto(f"{base}/anmelden")
        page.fill("#username", "demo")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")

        def shot(name: str, path: str, *, full: bool = True) -> None:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=full)
            shots.append(target)

        shot("dashboard", "/", full=False)
        shot("kandidaten", "/kandidaten?level=B1", full=False)
        shot("kandidat", f"/kandidaten/{candidate}")
        shot("stelle", f"/stellen/{vacancy}")
        shot("stellen", "/stellen?liste=offen", full=False)
        shot("vorschlaege", "/vorschlaege", full=False)
        shot("auskunft", f"/kandidaten/{candidate}/auskunft", full=False)
        shot("berichte", "/berichte")  # issue 13: figures, plots, funnels
        # the import's row-level report: a document with one broken reference
        page.goto(f"{base}/import")
        page.set_input_files("#dateien", files=[{
            "name": "stellen.json", "mimeType": "application/json",
            "buffer": _broken_document()}])
        page.click("form.stack button[type=submit]")
        page.wait_for_load_state("networkidle")
        target = out / "import.png"
        page.screenshot(path=str(target), full_page=False)
        shots.append(target)
        page.set_viewport_size(TABLET)
        shot("dashboard-tablet", "/", full=False)
        browser.close()
    return shots


def _broken_document() -> bytes:
    """A vacancy whose employer is in neither the file nor the database, and a good one."""
    import json

    return json.dumps({"format": "passgenau/1", "employers": [], "candidates": [],
                       "vacancies": [
                           {"id": "V9001", "employer_id": "E001", "title": "Lagerhelfer:in",
                            "kldb": "51312", "hours": 30, "positions": 1},
                           {"id": "V9002", "employer_id": "E999", "title": "Koch/Köchin",
                            "kldb": "29302", "hours": 38, "positions": 1}]},
                      ensure_ascii=False).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "passgenau-bench")
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    if shutil.which("chromium") is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    demo = prepare(args.workdir, regenerate=args.regenerate)
    vacancy, candidate = _examples(demo)
    args.out.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    server = start_server(demo, port, demo.data_dir / "screenshots-serve.log")
    try:
        shots = take(f"http://127.0.0.1:{port}", args.out, vacancy, candidate)
    finally:
        server.terminate()
        server.wait(timeout=10)
    for path in shots:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
