"""The reports' pages (issue 13) on SQLite and PostgreSQL: the Job-Turbo figures of the
hand-counted workflow of ``tests/reports/workflow.py``, funnels with Wilson intervals,
the downloads equal to the command line's, the SVG plots, the fairness audit on a
constructed unequal case, the decision log, and the tenant and role rules."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from passgenau.config import Settings
from passgenau.domain.accounts import Role
from passgenau.domain.model import Dataset
from passgenau.domain.placement import Proposal
from passgenau.services.database import add_tenant
from passgenau.services.records import import_dataset
from passgenau.services.runtime import Runtime
from passgenau.services.users import add_user
from passgenau.web import create_app

from ..cli.conftest import Run, run, run_unmigrated  # noqa: F401 (fixtures)
from ..reports.workflow import Clock, build
from ..store.datasets import candidate, employer, vacancy
from .conftest import PASSWORD

TODAY = date(2027, 6, 30)  # every step of the workflow (and its follow-ups) is past
WINDOW = "von=2026-09-01&bis=2026-12-31"


@dataclass
class Reports:
    runtime: Runtime
    client: TestClient

    def sign_in(self, username: str) -> None:
        page = self.client.get("/anmelden").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        answer = self.client.post("/anmelden", data={
            "username": username, "password": PASSWORD, "csrf_token": token.group(1)},
            follow_redirects=False)
        assert answer.status_code == 303, answer.text


def _unequal_caseload() -> tuple[Dataset, list[tuple[str, str]]]:
    """30 women and 30 men; 20 men proposed (67 %), 5 women (17 %): ratio 0.25."""
    women = [candidate(f"F{i}", gender="f", citizenship="DE") for i in range(30)]
    men = [candidate(f"M{i}", gender="m", citizenship="DE") for i in range(30)]
    vacancies = tuple(vacancy(f"V{i}", "E1") for i in range(25))
    pairs = [(f"V{i}", f"M{i}") for i in range(20)] + \
            [(f"V{20 + i}", f"F{i}") for i in range(5)]
    return Dataset(employers=(employer("E1"),), vacancies=vacancies,
                   candidates=tuple(women + men)), pairs


@pytest.fixture
def reports(database_url: str, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[Reports]:
    runtime = Runtime(Settings(database_url=database_url, data_dir=tmp_path, tenant="jc-a"))
    runtime.upgrade()
    for key in ("jc-a", "jc-b", "jc-c"):
        add_tenant(runtime, key, f"Jobcenter {key}")
    build(lambda: runtime.unit_of_work("jc-a", actor="fachkraft-7"), Clock(monkeypatch))
    import_dataset(runtime.unit_of_work("jc-b"), Dataset(
        employers=(employer("BE1"),), vacancies=(vacancy("BV1", "BE1"),),
        candidates=(candidate("BC1"),)))
    dataset, pairs = _unequal_caseload()
    import_dataset(runtime.unit_of_work("jc-c"), dataset)
    uow = runtime.unit_of_work("jc-c")
    with uow:
        for v, c in pairs:
            uow.placements.add_proposal(Proposal(v, c, rank=1), ())
        uow.commit()
    for name, role, tenant in (("lea", Role.MANAGEMENT, "jc-a"), ("anna", Role.OFFICER, "jc-a"),
                               ("pia", Role.PARTNER, "jc-a"),
                               ("ali", Role.ACQUISITION, "jc-a"),
                               ("bea", Role.MANAGEMENT, "jc-b"),
                               ("carl", Role.ADMIN, "jc-c")):
        add_user(runtime.accounts(), name, PASSWORD, role, tenant)
    with TestClient(create_app(runtime, today=lambda: TODAY),
                    base_url="https://testserver") as client:
        yield Reports(runtime, client)
    runtime.close()


def _cells(html: str, row_label: str) -> list[str]:
    """The cells of the table row whose header is ``row_label``."""
    found = re.search(rf"<tr[^>]*><th scope=\"row\">{re.escape(row_label)}</th>(.*?)</tr>",
                      html, re.S)
    assert found, f"no row {row_label!r}"
    return re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)


def test_figures_page_shows_the_hand_counted_hires(reports: Reports) -> None:
    """November: the couple hired (2), trial work 2, sent 1 (C3); over the window 2 hires,
    6 proposals made; the total row says so too."""
    reports.sign_in("lea")
    page = reports.client.get(f"/berichte?{WINDOW}")
    assert page.status_code == 200
    html = page.text
    # columns: proposals, consented, sent, interviews, trial work, hires, ...
    assert _cells(html, "2026-11")[:6] == ["0", "0", "1", "0", "2", "2"]
    assert _cells(html, "2026-09")[:2] == ["6", "2"]
    assert _cells(html, "Zeitraum")[:6] == ["6", "3", "3", "2", "2", "2"]
    assert ">Berichte</a>" in html  # the navigation entry


def test_funnels_with_wilson_intervals(reports: Reports) -> None:
    """Shortlist: 6 contacts, 3 consented (50 %, Wilson 19–81 %), 2 interviews of 3 sent
    (67 %, 21–94 %: Newcombe's 2 of 3); the fair has no proposals yet."""
    reports.sign_in("lea")
    html = reports.client.get(f"/berichte?{WINDOW}").text
    assert "50 % (19–81 %)" in html
    assert "67 % (21–94 %)" in html
    assert "2 von 6" in html
    assert "Jobmesse" in html and "Noch keine Vorschläge aus diesem Format." in html


def test_team_filter(reports: Reports) -> None:
    """The U25-Team has C3 only: one proposal made in September, no hire."""
    reports.sign_in("lea")
    html = reports.client.get(f"/berichte?{WINDOW}&team=u25").text
    assert _cells(html, "Zeitraum")[:6] == ["1", "1", "1", "0", "0", "0"]
    bad = reports.client.get(f"/berichte?{WINDOW}&team=xyz")
    assert bad.status_code == 400 and "unbekanntes Team" in bad.text
    assert reports.client.get("/berichte?von=gestern").status_code == 400


def test_csv_download_equals_the_command_line(reports: Reports, run: Run,  # noqa: F811
                                              tmp_path: Path) -> None:
    """The page's CSV is the bytes ``passgenau report --format csv`` writes for the same
    window (ending in the past, so both count on the same report day)."""
    reports.sign_in("lea")
    window = "von=2026-09-01&bis=2026-11-30"
    web = reports.client.get(f"/berichte/bericht.csv?{window}")
    assert web.status_code == 200
    assert web.headers["content-type"].startswith("text/csv")
    assert "attachment" in web.headers["content-disposition"]
    out = tmp_path / "cli.csv"
    result = run("--tenant", "jc-a", "report", "--from", "2026-09-01", "--to", "2026-11-30",
                 "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert web.content == out.read_bytes()
    assert web.text.startswith("month;team;proposals_made;")
    xlsx = reports.client.get(f"/berichte/bericht.xlsx?{window}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_plot_route_answers_svg(reports: Reports) -> None:
    reports.sign_in("anna")
    html = reports.client.get(f"/berichte?{WINDOW}").text
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert len(sources) == 3
    for src in sources:
        answer = reports.client.get(src.replace("&amp;", "&"))
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("image/svg+xml")
        root = ET.fromstring(answer.content)
        assert root.tag.endswith("svg")
    assert reports.client.get("/berichte/grafik/nichts.svg").status_code == 404


def test_fairness_page_flags_the_unequal_case(reports: Reports) -> None:
    """Women proposed at 17 %, men at 67 %: ratio 0,250 < 4/5 on groups of 30, flagged."""
    reports.sign_in("carl")
    html = reports.client.get("/berichte/fairness").text
    flagged = re.findall(r'<tr class="flagged"><td>(.*?)</td><td>(.*?)</td>', html)
    assert ("Geschlecht", "weiblich") in flagged
    assert ("Geschlecht", "männlich") not in flagged
    assert "0,250" in html and "30 Personen" in html
    assert "Vier-Fünftel-Regel" in html and "kein Beweis" in html


def test_fairness_of_small_groups_is_not_flagged(reports: Reports) -> None:
    """The six-person workflow: every group below 30, so nothing flagged."""
    reports.sign_in("lea")
    html = reports.client.get("/berichte/fairness").text
    assert 'class="flagged"' not in html
    assert "zu klein für eine Aussage" in html


def test_decision_log_and_system_description(reports: Reports) -> None:
    reports.sign_in("lea")
    page = reports.client.get("/berichte/entscheidungen")
    assert page.status_code == 200 and "Noch kein Abgleichslauf protokolliert." in page.text
    assert 'href="/berichte/systembeschreibung"' in page.text
    log = reports.client.get("/berichte/entscheidungen.jsonl")
    assert log.status_code == 200 and log.content == b""
    description = reports.client.get("/berichte/systembeschreibung")
    assert description.status_code == 200
    assert "Wer entscheidet" in description.text and "jc-a" in description.text


def test_decision_log_lists_a_match_run(reports: Reports) -> None:
    """A run on the stored caseload is logged; the page shows its input hash and the
    download has one JSON line with the same hash."""
    import json

    from passgenau.services.matching import match_stored, travel_model

    match_stored(reports.runtime.unit_of_work("jc-a", actor="anna"),
                 travel_model("reference", TODAY), TODAY)
    reports.sign_in("lea")
    lines = reports.client.get("/berichte/entscheidungen.jsonl").text.splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    html = reports.client.get("/berichte/entscheidungen").text
    assert entry["input_sha256"][:16] in html and entry["travel_model"] in html


@pytest.mark.parametrize("user", ["pia", "ali"])
def test_partner_and_acquisition_are_refused(reports: Reports, user: str) -> None:
    reports.sign_in(user)
    for path in ("/berichte", "/berichte/fairness", "/berichte/entscheidungen",
                 "/berichte/bericht.csv", "/berichte/grafik/funnel.svg",
                 "/berichte/systembeschreibung", "/berichte/entscheidungen.jsonl"):
        answer = reports.client.get(path)
        assert answer.status_code == 403, path
        assert "die Berichte" in answer.text
    assert ">Berichte</a>" not in reports.client.get("/kandidaten").text


def test_another_tenant_sees_none_of_these_figures(reports: Reports) -> None:
    """Jobcenter B's management sees its own (empty) report, none of A's proposals."""
    reports.sign_in("bea")
    html = reports.client.get(f"/berichte?{WINDOW}").text
    assert _cells(html, "Zeitraum")[:6] == ["0", "0", "0", "0", "0", "0"]
    csv = reports.client.get(f"/berichte/bericht.csv?{WINDOW}").text
    assert all(line.split(";")[2] == "0" for line in csv.splitlines()[1:])


def test_signed_out_goes_to_sign_in(reports: Reports) -> None:
    answer = reports.client.get("/berichte", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/anmelden"


def test_plots_render_in_chromium(tmp_path: Path) -> None:
    """In a real browser under the page's Content-Security-Policy the three plots load
    and decode as images (an SVG the browser refused would have no natural width), and
    the console has no CSP complaint."""
    from .test_browser import CHROMIUM, _runtime, _serve, signed_in

    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    runtime = _runtime(tmp_path)
    import_dataset(runtime.unit_of_work(), Dataset(
        employers=(employer("E1"),), vacancies=(vacancy("V1", "E1"),),
        candidates=(candidate("C1"), candidate("C2"))))
    uow = runtime.unit_of_work()
    with uow:
        uow.placements.add_proposal(Proposal("V1", "C1", rank=1), ())
        uow.commit()
    served = _serve(runtime)
    base = next(served)
    try:
        console: list[str] = []
        with signed_in(base, console=console) as page:
            page.get_by_role("link", name="Berichte").click()
            page.wait_for_load_state("networkidle")
            assert page.get_by_role("heading", name="Trichter je Format").is_visible()
            widths = page.eval_on_selector_all(
                ".plots img", "els => els.map(e => e.complete ? e.naturalWidth : 0)")
            assert len(widths) == 3 and all(w > 100 for w in widths), widths
            assert not [m for m in console if "Content Security Policy" in m], console
    finally:
        next(served, None)


def test_plots_never_show_another_tenant_s_recent_report(reports: Reports) -> None:
    """The plots reuse the report the page just computed, but only the same Jobcenter's:
    B's plot right after A's page is B's own (the same as after B's page)."""
    reports.sign_in("lea")
    reports.client.get(f"/berichte?{WINDOW}")
    a_plot = reports.client.get(f"/berichte/grafik/funnel.svg?{WINDOW}").content
    reports.client.post("/abmelden", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"',
        reports.client.get("/berichte").text).group(1)})  # type: ignore[union-attr]
    reports.sign_in("bea")
    first = reports.client.get(f"/berichte/grafik/funnel.svg?{WINDOW}").content
    reports.client.get(f"/berichte?{WINDOW}")
    second = reports.client.get(f"/berichte/grafik/funnel.svg?{WINDOW}").content
    assert first == second != a_plot
