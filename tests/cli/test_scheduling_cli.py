"""`passgenau speed-dating` and `passgenau interview-day` as issue 12 specifies them:
the plan documents' fields, German messages and exit code 2 for bad input."""

from __future__ import annotations

import json
from collections import Counter
from itertools import pairwise
from pathlib import Path

from typer.testing import CliRunner

from passgenau.cli import app
from passgenau.domain import TravelMode
from passgenau.exchange.writer import dump_document
from tests.factories import make_candidate, make_dataset, make_vacancy, make_window
from tests.matching.instances import WAIBLINGEN, point_at

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "exchange" / "data" / "valid.json"


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


# -- speed-dating --------------------------------------------------------------------
def test_speed_dating_writes_rounds_with_their_start_and_meetings(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = run("speed-dating", str(VALID), "--employers", "E1,E2", "--rounds", "3",
                 "--from", "14:00", "--minutes", "12", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Speed-Dating: 2 Tische, 3 Runden" in result.stdout
    plan = json.loads(out.read_text("utf-8"))
    assert [r["round"] for r in plan["rounds"]] == [1, 2, 3]
    assert [r["start"] for r in plan["rounds"]] == ["14:00", "14:12", "14:24"]
    meetings = [m for r in plan["rounds"] for m in r["meetings"]]
    assert meetings
    for r in plan["rounds"]:
        assert len({m["candidate_id"] for m in r["meetings"]}) == len(r["meetings"])
        assert len({m["table"] for m in r["meetings"]}) == len(r["meetings"])
    assert max(Counter((m["employer_id"], m["candidate_id"]) for m in meetings).values()) == 1
    assert {(m["table"], m["employer_id"]) for m in meetings} <= {(1, "E1"), (2, "E2")}
    assert plan["total_score"] == round(sum(m["score"] for m in meetings), 4)
    assert plan["bound"] >= plan["total_score"]
    assert plan["gap"] == 0
    assert plan["candidates_met"] == plan["fitting_candidates"]


def test_speed_dating_leaves_out_who_cannot_come_at_that_time(tmp_path: Path) -> None:
    """C2 of the seed is free only from 15:00 on weekdays: a morning event on a Tuesday
    has no meeting for C2, and the plan says so."""
    out = tmp_path / "plan.json"
    result = run("speed-dating", str(VALID), "--employers", "E1,E2", "--rounds", "3",
                 "--date", "2026-12-01", "--from", "09:00", "--minutes", "10",
                 "--place", "48.83,9.317", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    plan = json.loads(out.read_text("utf-8"))
    assert plan["date"] == "2026-12-01"
    assert plan["not_available_candidates"] == ["C2"]
    met = {m["candidate_id"] for r in plan["rounds"] for m in r["meetings"]}
    assert "C2" not in met


def test_speed_dating_to_standard_output_is_pure_json() -> None:
    result = run("speed-dating", str(VALID), "--employers", "E1", "--rounds", "2")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "passgenau/1-speed-dating"


def test_speed_dating_bad_input_is_one_german_message(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    cases = [
        (("--employers", "E1,E9", "--rounds", "3"), "Arbeitgeber 'E9' steht nicht"),
        (("--employers", "E1,E1", "--rounds", "3"), "doppelt"),
        (("--employers", "E1", "--rounds", "0"), "mindestens 1 Runde"),
        (("--employers", "E1", "--rounds", "3", "--place", "48.8"), "kein Ort LAT,LON"),
        (("--employers", "E1", "--rounds", "3", "--from", "9 Uhr"), "keine Uhrzeit"),
        (("--employers", "E1", "--rounds", "3", "--date", "1.12.2026"), "kein Datum"),
        (("--employers", "E1", "--rounds", "3", "--travel", "bus"), "unbekanntes"),
    ]
    for args, message in cases:
        result = run("speed-dating", str(VALID), *args, "--out", str(out))
        assert result.exit_code == 2, args
        assert message in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
        assert not out.exists()


# -- interview day ---------------------------------------------------------------------
def mother_caseload(tmp_path: Path) -> Path:
    """One vacancy in Waiblingen; a mother 5.6 km away by bus (35 minutes by the
    reference model), free 08:00–13:00 on weekdays (childcare), and three neighbours."""
    mother = make_candidate(id="M1", home=point_at(WAIBLINGEN, 5.6),
                            modes=(TravelMode.TRANSIT,),
                            availability=(make_window("mon tue wed thu fri", "08:00", "13:00"),))
    neighbours = tuple(make_candidate(id=f"N{k}", home=point_at(WAIBLINGEN, 0.3 * k))
                       for k in (1, 2, 3))
    dataset = make_dataset(vacancies=(make_vacancy(location=WAIBLINGEN),),
                           candidates=(mother, *neighbours))
    path = tmp_path / "caseload.json"
    path.write_text(dump_document(dataset), encoding="utf-8")
    return path


def test_interview_day_fits_the_mother_by_one_oclock(tmp_path: Path) -> None:
    out = tmp_path / "day.json"
    result = run("interview-day", str(mother_caseload(tmp_path)), "--vacancy", "V1",
                 "--date", "2026-12-01", "--from", "11:00", "--to", "13:00",
                 "--slot-minutes", "30", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    plan = json.loads(out.read_text("utf-8"))
    assert "blocked" not in plan
    assert sorted(s["candidate_id"] for s in plan["slots"]) == ["M1", "N1", "N2", "N3"]
    slot = next(s for s in plan["slots"] if s["candidate_id"] == "M1")
    assert slot["commute_minutes"] == 35
    assert slot["start"] in ("11:00", "11:30")
    assert slot["back_home"] <= "13:00"
    assert slot["trips"] is None  # the reference model has no timetable
    assert "Vorstellungstag für Stelle V1 am Di 01.12.2026" in result.stdout


def test_interview_day_too_late_names_the_mother_and_the_rule(tmp_path: Path) -> None:
    out = tmp_path / "day.json"
    result = run("interview-day", str(mother_caseload(tmp_path)), "--vacancy", "V1",
                 "--date", "2026-12-01", "--from", "12:30", "--to", "16:00",
                 "--out", str(out))
    assert result.exit_code == 0, result.stderr
    plan = json.loads(out.read_text("utf-8"))
    assert "slots" not in plan
    (blocked,) = plan["blocked"]
    assert blocked["candidate_id"] == "M1"
    assert blocked["rule"] == "SCHEDULE"
    assert "08:00–13:00" in blocked["reason"] and "35 Minuten" in blocked["reason"]
    assert "Kein Vorstellungstag" in result.stdout


def test_interview_day_on_the_seed_blocks_the_evening_worker() -> None:
    """The seed's V1 shortlist includes C2, free only from 15:00 on weekdays."""
    result = run("interview-day", str(VALID), "--vacancy", "V1", "--date", "2026-12-01",
                 "--from", "09:00", "--to", "12:00")
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert [(b["candidate_id"], b["rule"]) for b in plan["blocked"]] == [("C2", "SCHEDULE")]


def test_interview_day_bad_input_is_one_german_message(tmp_path: Path) -> None:
    cases = [
        (("--vacancy", "V9", "--date", "2026-12-01"), "Stelle 'V9' steht nicht"),
        (("--vacancy", "V1", "--date", "morgen"), "kein Datum"),
        (("--vacancy", "V1", "--date", "2026-12-01", "--from", "14:00", "--to", "10:00"),
         "--to muss nach --from"),
        (("--vacancy", "V1", "--date", "2026-12-01", "--slot-minutes", "0"),
         "mindestens 1 Minute"),
    ]
    for args, message in cases:
        result = run("interview-day", str(VALID), *args)
        assert result.exit_code == 2, args
        assert message in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1


def test_interview_day_by_the_timetable_lists_the_trips(tmp_path: Path) -> None:
    """``--travel gtfs:FEED.zip``: the mother at Waiblingen Bf takes bus 204 to the
    firm in Schorndorf; the 11:30 slot gets her on the 12:10 bus home, the plan names
    both trips; the 12:00 slot would miss her childcare."""
    from tests.geo.transit.feeds import Feed

    station, firm = (48.8300, 9.3170), (48.8060, 9.5270)
    feed = Feed()
    feed.stop("WN", *station, "Waiblingen Bf")
    feed.stop("SD", firm[0], firm[1] - 0.001, "Schorndorf")
    feed.service("WK", start="20260101", end="20261231")
    for hour in range(6, 18):
        feed.trip(f"t{hour}", "204", [("WN", f"{hour:02d}:12"), ("SD", f"{hour:02d}:48")])
        feed.trip(f"b{hour}", "204", [("SD", f"{hour:02d}:10"), ("WN", f"{hour:02d}:46")])
    zipped = feed.zip(tmp_path / "feed.zip")
    from passgenau.domain import Employer, Location

    mother = make_candidate(id="M1", home=Location(*station), modes=(TravelMode.TRANSIT,),
                            max_commute_minutes=90,
                            availability=(make_window("mon tue wed thu fri", "08:00", "13:00"),))
    dataset = make_dataset(employers=(Employer("E1", "Frischmarkt Schorndorf",
                                               Location(*firm)),),
                           candidates=(mother,))
    source = tmp_path / "caseload.json"
    source.write_text(dump_document(dataset), encoding="utf-8")
    result = run("interview-day", str(source), "--vacancy", "V1", "--date", "2026-11-24",
                 "--from", "11:30", "--to", "12:30", "--travel", f"gtfs:{zipped}")
    assert result.exit_code == 0, result.stderr
    (slot,) = json.loads(result.stdout)["slots"]
    assert (slot["candidate_id"], slot["start"], slot["mode"]) == ("M1", "11:30", "transit")
    assert "Bus 204 ab Waiblingen Bf 10:12" in slot["trips"]["there"]
    assert "Bus 204 ab Schorndorf 12:10" in slot["trips"]["home"]
    assert slot["back_home"] <= "13:00"


def test_speed_dating_seats_the_mother_in_the_rounds_before_she_must_leave(
        tmp_path: Path) -> None:
    """A fair from 11:00 in 15-minute rounds: with 35 minutes by bus and childcare until
    13:00 she can stay for the rounds that end by 12:25 (the first five), and meets
    there; she is listed as partly available."""
    out = tmp_path / "plan.json"
    result = run("speed-dating", str(mother_caseload(tmp_path)), "--employers", "E1",
                 "--rounds", "8", "--date", "2026-12-01", "--from", "11:00", "--minutes", "15",
                 "--place", f"{WAIBLINGEN.lat},{WAIBLINGEN.lon}", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    plan = json.loads(out.read_text("utf-8"))
    assert plan["partly_available_candidates"] == ["M1"]
    (mine,) = [(r["start"], r["end"]) for r in plan["rounds"] for m in r["meetings"]
               if m["candidate_id"] == "M1"]
    assert mine[1] <= "12:15"
    assert plan["candidates_met"] == 4 and plan["gap"] == 0


# -- accompanied day ---------------------------------------------------------------------
def two_employers(tmp_path: Path) -> Path:
    """E1 2 km and E2 6 km north of the office (4 km apart: 12 minutes by car), one
    vacancy each, one candidate living next to each who walks at most 15 minutes (so
    each is on one shortlist only)."""
    from passgenau.domain import Employer

    places = {"E1": point_at(WAIBLINGEN, 2.0), "E2": point_at(WAIBLINGEN, 6.0)}
    employers = tuple(Employer(eid, f"Betrieb {eid}", place) for eid, place in places.items())
    vacancies = tuple(make_vacancy(id=f"V{k}", employer_id=eid)
                      for k, eid in enumerate(places, start=1))
    candidates = tuple(make_candidate(id=f"C{k}", home=point_at(place, 0.3),
                                      modes=(TravelMode.WALK,), max_commute_minutes=15)
                       for k, place in enumerate(places.values(), start=1))
    path = tmp_path / "two.json"
    path.write_text(dump_document(make_dataset(employers=employers, vacancies=vacancies,
                                               candidates=candidates)), encoding="utf-8")
    return path


def test_accompanied_day_visits_both_employers_when_the_day_is_long_enough(
        tmp_path: Path) -> None:
    out = tmp_path / "day.json"
    result = run("accompanied-day", str(two_employers(tmp_path)), "--vacancies", "V2,V1",
                 "--date", "2026-12-01", "--office", f"{WAIBLINGEN.lat},{WAIBLINGEN.lon}",
                 "--from", "09:00", "--to", "12:00", "--staff-mode", "car", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    plan = json.loads(out.read_text("utf-8"))
    assert plan["skipped"] == []
    visits = plan["visits"]
    assert [v["vacancy_id"] for v in visits] in (["V1", "V2"], ["V2", "V1"])
    assert plan["leave_office"] >= "09:00" and plan["back_at_office"] <= "12:00"
    for earlier, later in pairwise(visits):
        assert later["arrive"] <= later["start"] and earlier["end"] <= later["arrive"]
    assert {s["candidate_id"] for v in visits for s in v["slots"]} == {"C1", "C2"}


def test_accompanied_day_too_short_for_both_names_the_one_left_out(tmp_path: Path) -> None:
    """09:00–10:30 with 30-minute slots: the staff member reaches the first employer for
    09:30 (9 minutes by car), the second not before 10:30, too late to be back."""
    result = run("accompanied-day", str(two_employers(tmp_path)), "--vacancies", "V1,V2",
                 "--date", "2026-12-01", "--office", f"{WAIBLINGEN.lat},{WAIBLINGEN.lon}",
                 "--from", "09:00", "--to", "10:30", "--staff-mode", "car")
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert [v["vacancy_id"] for v in plan["visits"]] == ["V1"]
    assert [(s["vacancy_id"], s["reason_code"]) for s in plan["skipped"]] == [("V2", "ROUTE")]
    assert "Begleitperson" in plan["skipped"][0]["reason"]


def test_accompanied_day_bad_input_is_one_german_message(tmp_path: Path) -> None:
    source = str(two_employers(tmp_path))
    cases = [
        (("--vacancies", "V1,V1"), "doppelt"),
        (("--vacancies", "V1,V7"), "Stelle 'V7' steht nicht"),
        (("--vacancies", "V1", "--staff-mode", "taxi"), "--staff-mode"),
        (("--vacancies", "V1", "--office", "here"), "--office"),
    ]
    for args, message in cases:
        full = ["--date", "2026-12-01", "--office", "48.83,9.317", *args]
        result = run("accompanied-day", source, *full)
        assert result.exit_code == 2, args
        assert message in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
