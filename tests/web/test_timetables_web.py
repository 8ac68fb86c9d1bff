"""The timetables on the stored caseload over HTTP, on SQLite and PostgreSQL: a
speed-dating event's rounds (page and PLAN.json) and a vacancy's interview day (slots,
or who blocks it and by which rule)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passgenau.cli import app
from passgenau.domain import Dataset
from passgenau.domain.placement import Proposal
from passgenau.exchange.writer import dump_document
from passgenau.services.records import export_dataset, import_dataset

from ..factories import make_candidate, make_employer, make_vacancy
from .conftest import Site
from .test_events_web import create

#: Next to the speed-dating's employers (Waiblingen): everyone can come.
HALL = "48.8300,9.3145"


@pytest.fixture
def caseload(site: Site) -> Site:
    """Jobcenter A gets two employers near the hall (SE2 without interviews on site),
    a vacancy each, four candidates nearby, and SC1, SC2 proposed for SV1."""
    import_dataset(site.runtime.unit_of_work("jc-a"), Dataset(
        employers=(make_employer(id="SE1"),
                   make_employer(id="SE2", name="Pflege Remstal", onsite_interviews=False)),
        vacancies=(make_vacancy(id="SV1", employer_id="SE1"),
                   make_vacancy(id="SV2", employer_id="SE2")),
        candidates=tuple(make_candidate(id=f"SC{k}", name=f"Person {k}") for k in range(1, 5)),
    ))
    uow = site.runtime.unit_of_work("jc-a")
    with uow:
        for rank, candidate_id in enumerate(("SC1", "SC2"), start=1):
            uow.placements.add_proposal(Proposal("SV1", candidate_id, rank=rank))
        uow.commit()
    site.sign_in("anna")
    return site


def speed_dating(site: Site) -> str:
    """A speed-dating with one table (SE1) at the hall, 09:00 to 12:30."""
    return create(site, kind="speed_dating", event_id="SD-1", coordinates=HALL,
                  employers="SE1", title="Speed-Dating Remstal")


def test_the_speed_dating_page_shows_the_rounds_with_score_bound_and_gap(
        caseload: Site) -> None:
    site = caseload
    path = create(site, kind="speed_dating", event_id="SD-2", coordinates=HALL,
                  title="Speed-Dating zwei Tische", employers=["SE1", "SE2"])
    assert path == "/veranstaltungen/SD-2"
    assert "Zeitplan berechnen" in site.client.get("/veranstaltungen/SD-2").text
    page = site.client.get("/veranstaltungen/SD-2/zeitplan?runden=2&minuten=10")
    assert page.status_code == 200
    text = page.text
    assert "Lücke zur Schranke" in text and "Schranke" in text
    # 2 tables × 2 rounds = 4 places for 4 fitting candidates: one meeting each
    assert "<dt>Gespräche</dt><dd>4</dd>" in text
    assert "4 von 4 passenden Personen" in text
    assert "1 Gespräch(e) je Person" in text
    rows = re.findall(r"<tr><td>(\d)</td><td>(\d\d:\d\d)</td><td>(\d)</td><td>[^<]*</td>"
                      r"<td>(SC\d)</td>", text)
    assert len(rows) == 4
    assert {(r, start) for r, start, _, _ in rows} == {("1", "09:00"), ("2", "09:10")}
    for number in ("1", "2"):  # nobody twice in a round, every table once
        in_round = [(t, c) for r, _, t, c in rows if r == number]
        assert sorted(t for t, _ in in_round) == ["1", "2"]
        assert len({c for _, c in in_round}) == 2
    assert sorted(c for *_, c in rows) == ["SC1", "SC2", "SC3", "SC4"]


def test_the_plan_downloads_as_the_command_line_s_plan_json(caseload: Site) -> None:
    site = caseload
    path = speed_dating(site)
    answer = site.client.get(f"{path}/zeitplan.json?runden=3&minuten=15")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert "attachment" in answer.headers["content-disposition"]
    plan = json.loads(answer.text)
    assert plan["format"] == "passgenau/1-speed-dating"
    assert {"rounds", "total_score", "bound", "gap"} <= set(plan)
    assert [r["start"] for r in plan["rounds"]] == ["09:00", "09:15", "09:30"]
    meetings = [m for r in plan["rounds"] for m in r["meetings"]]
    assert {m["employer_id"] for m in meetings} == {"SE1"}
    assert {m["table"] for m in meetings} == {1}
    pairs = [(m["employer_id"], m["candidate_id"]) for m in meetings]
    assert len(pairs) == len(set(pairs)) == 3  # one table, three rounds, no pair twice
    assert plan["total_score"] <= plan["bound"] and plan["gap"] >= 0


def test_the_downloaded_plan_is_the_command_line_s_plan_on_the_exported_caseload(
        caseload: Site, tmp_path: Path) -> None:
    """``passgenau speed-dating`` on an export of the same records, with the event's
    employers, place, date and start, writes the same PLAN.json."""
    site = caseload
    path = speed_dating(site)
    web = json.loads(site.client.get(f"{path}/zeitplan.json?runden=3&minuten=15").text)
    source = tmp_path / "caseload.json"
    source.write_text(dump_document(export_dataset(site.runtime.unit_of_work("jc-a"))),
                      encoding="utf-8")
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(app, [
        "speed-dating", str(source), "--employers", "SE1", "--rounds", "3", "--place", HALL,
        "--date", "2027-03-04", "--from", "09:00", "--minutes", "15", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == web


def test_the_timetable_can_seat_only_the_registered(caseload: Site) -> None:
    """Of the four who fit, only SC3 registered: the plan seats SC3 alone, once (a pair
    meets at most once), and the whole caseload gets three meetings."""
    site = caseload
    path = speed_dating(site)
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      site.client.get(path).text).group(1)  # type: ignore[union-attr]
    assert site.client.post(f"{path}/liste", data={
        "candidate_id": "SC3", "action": "anmelden", "csrf_token": token},
        follow_redirects=False).status_code == 303
    seated = {}
    for among in ("registered", "list", "caseload"):
        plan = json.loads(site.client.get(
            f"{path}/zeitplan.json?runden=3&minuten=15&wer={among}").text)
        seated[among] = sorted(m["candidate_id"] for r in plan["rounds"]
                               for m in r["meetings"])
    assert seated["registered"] == seated["list"] == ["SC3"]
    assert len(seated["caseload"]) == 3
    page = site.client.get(f"{path}/zeitplan?runden=3&minuten=15&wer=registered").text
    assert "1 von 1 passenden Personen" in page
    assert site.client.get(f"{path}/zeitplan?runden=3&wer=jeder").status_code == 400


def test_rounds_that_do_not_fit_the_event_are_refused_in_german(caseload: Site) -> None:
    site = caseload
    path = speed_dating(site)
    answer = site.client.get(f"{path}/zeitplan?runden=30&minuten=10")
    assert answer.status_code == 400
    assert "Die Runden passen nicht in die Veranstaltung (210 Minuten" in answer.text
    assert site.client.get(f"{path}/zeitplan?runden=0").status_code == 400
    fair = create(site, event_id="JM-1", employers="SE1")
    answer = site.client.get(f"{fair}/zeitplan?runden=2")
    assert answer.status_code == 400 and "nur für Speed-Datings" in answer.text
    assert "Zeitplan berechnen" not in site.client.get(fair).text


def test_the_interview_day_gives_each_proposed_candidate_a_slot(caseload: Site) -> None:
    site = caseload
    assert "/stellen/AV1/vorstellungstag" in site.client.get("/stellen/AV1").text
    answer = site.client.get("/stellen/SV1/vorstellungstag?datum=2027-03-04&von=08:00"
                             "&bis=10:00&minuten=30")
    assert answer.status_code == 200
    slots = re.findall(r"<td>(\d\d:\d\d)–(\d\d:\d\d)</td><td><a href=\"/kandidaten/(SC\d)\">",
                       answer.text)
    assert sorted(c for *_, c in slots) == ["SC1", "SC2"]
    starts = sorted(start for start, _, _ in slots)
    assert starts[0] >= "08:00" and all(
        end <= "10:00" for _, end, _ in slots)
    assert len(set(starts)) == 2  # one after the other
    assert "interview_day" in site.client.get("/protokoll/candidate/SC1").text


def test_the_interview_day_names_the_candidate_who_blocks_it_and_the_rule(
        caseload: Site) -> None:
    """AC1 lives in Backnang: 70 minutes by bus to Waiblingen, more than 60."""
    site = caseload
    answer = site.client.get("/stellen/AV1/vorstellungstag?datum=2027-03-04&von=08:00"
                             "&bis=12:00&minuten=30")
    assert answer.status_code == 200
    assert "An diesem Tag passt kein Plan für alle Vorgeschlagenen" in answer.text
    assert "<td>Arbeitsweg</td>" in answer.text
    assert "Bewerber/in AC1 braucht zum Betrieb am Do mindestens" in answer.text


def test_the_interview_day_refusals_are_german(caseload: Site) -> None:
    site = caseload
    answer = site.client.get("/stellen/SV2/vorstellungstag?datum=2027-03-04")
    assert answer.status_code == 400
    assert "Arbeitgeber SE2 bietet keine Vorstellungsgespräche vor Ort an." in answer.text
    answer = site.client.get("/stellen/SV1/vorstellungstag?datum=2027-03-04&von=12:00"
                             "&bis=08:00")
    assert answer.status_code == 400 and "„Bis“ muss nach „Von“ liegen." in answer.text
    assert site.client.get("/stellen/SV1/vorstellungstag?datum=morgen").status_code == 400
    form = site.client.get("/stellen/SV1/vorstellungstag")
    assert form.status_code == 200 and 'value="2026-12-06"' in form.text
