"""Matching with a GTFS timetable: a bus that runs decides, a shift before the first bus
is out of reach, and the explanation names the trip.

The feed is made by hand: bus 204 from Waiblingen Bf (next to the candidate's home) to
Schorndorf (next to the employer, 15 km east), on school days. Straight-line travel
would call the trip 70 minutes, too long for a 60-minute limit; the timetable knows the
07:12 bus arrives at 07:48, in time for an 08:00 shift.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from passgenau.cli import app
from passgenau.domain import Employer, Location, ShiftOption, TravelMode
from passgenau.domain.schedule import fits_availability
from passgenau.exchange.writer import dump_document
from passgenau.geo.transit import choose_service_day, read_feed
from passgenau.geo.transit.travel import TimetableTravelModel
from passgenau.matching.engine import solve
from passgenau.matching.explain import explain
from passgenau.matching.problem import MatchProblem
from passgenau.matching.report import result_document
from tests.geo.transit.feeds import Feed
from tests.geo.transit.test_oracle import VVS
from tests.matching.instances import (
    MON_FRI,
    REFERENCE_DATE,
    candidate,
    dataset,
    vacancy,
    window,
)

HOME = Location(48.8310, 9.3170, "71332", "Waiblingen")
WORK = Location(48.8060, 9.5270, "73614", "Schorndorf")
EARLY = ShiftOption((window(MON_FRI, "06:00", "10:30"),), "Frühschicht")
DAY = ShiftOption((window(MON_FRI, "08:00", "16:00"),), "Tagschicht")


def bus_feed(valid_from: str = "20260101", valid_to: str = "20261231") -> Feed:
    feed = Feed()
    feed.stop("WN", 48.8300, 9.3170, "Waiblingen Bf")
    feed.stop("SD", 48.8060, 9.5260, "Schorndorf")
    feed.service("WK", start=valid_from, end=valid_to)
    feed.trip("t1", "204", [("WN", "07:12"), ("SD", "07:48")])
    feed.trip("t2", "204", [("SD", "16:10"), ("WN", "16:46")])
    feed.trip("t3", "204", [("SD", "10:40"), ("WN", "11:16")])
    return feed


def caseload():
    employer = Employer("E1", "Frischmarkt Schorndorf", WORK)
    rider = candidate("C1", home=HOME, modes=(TravelMode.TRANSIT,), max_commute_minutes=60)
    return dataset(
        (vacancy("V1", shifts=(EARLY, DAY)), vacancy("V2", shifts=(EARLY,))),
        (rider,),
        employers=(employer,),
    )


@pytest.fixture
def timetable_model(tmp_path: Path) -> TimetableTravelModel:
    return TimetableTravelModel.of(bus_feed().timetable(tmp_path), REFERENCE_DATE)


def test_the_bus_makes_the_day_shift_reachable_and_is_named(timetable_model, travel):
    """With the timetable C1 gets V1 on the day shift, and the reason names the bus;
    straight-line travel rules the pair out."""
    ds = caseload()
    document = result_document(solve(MatchProblem.from_dataset(ds), timetable_model))
    (shortlist, _) = document["shortlists"]
    (proposal,) = shortlist["proposals"]
    assert proposal["candidate_id"] == "C1"
    assert proposal["shift"] == "Tagschicht"
    assert proposal["mode"] == "transit"
    assert 48 <= proposal["commute_minutes"] <= 52  # leave home ~07:10, shift at 08:00
    commute = next(r for r in proposal["reasons"] if r.startswith("Arbeitsweg"))
    assert "Bus 204 ab Waiblingen Bf 07:12, an Schorndorf 07:48" in commute

    straight = result_document(solve(MatchProblem.from_dataset(ds), travel))
    assert all(not s["proposals"] for s in straight["shortlists"])


def test_a_shift_before_the_first_bus_is_blocked_by_commute(timetable_model):
    """V2 has only the 06:00 shift: no bus arrives in time, so COMMUTE fails with the
    reason, and SCHEDULE is not blamed for it."""
    problem = MatchProblem.from_dataset(caseload())
    report = explain(problem, timetable_model, "C1", "V2")
    rules = {r["code"]: r for r in report["rules"]}
    assert report["feasible"] is False
    assert rules["COMMUTE"]["ok"] is False
    assert rules["COMMUTE"]["reason"] == "keine Verbindung vor Schichtbeginn"
    (shift,) = rules["SCHEDULE"]["shifts"]
    assert shift["commute_minutes"] is None
    assert shift["reason"] == "keine Verbindung vor Schichtbeginn"
    fits = explain(problem, timetable_model, "C1", "V1")
    commute = next(r for r in fits["rules"] if r["code"] == "COMMUTE")
    assert commute["ok"] is True
    assert commute["trip"].startswith("Bus 204 ab Waiblingen Bf 07:12, an Schorndorf 07:48")


def test_no_bus_home_after_the_shift_blocks_it(tmp_path: Path):
    """Without the 16:10 bus back the day shift is out of reach too: way home missing."""
    feed = bus_feed()
    feed.stop_times = [row for row in feed.stop_times if row["trip_id"] != "t2"]
    feed.trips = [row for row in feed.trips if row["trip_id"] != "t2"]
    model = TimetableTravelModel.of(feed.timetable(tmp_path), REFERENCE_DATE)
    problem = MatchProblem.from_dataset(caseload())
    result = solve(problem, model)
    assert not result.chosen.any()
    report = explain(problem, model, "C1", "V1")
    shifts = {s["shift"]: s for s in next(
        r for r in report["rules"] if r["code"] == "SCHEDULE")["shifts"]}
    assert shifts["Tagschicht"]["reason"] == "keine Verbindung nach Schichtende"
    document = result_document(result)
    (unproposed,) = document["unproposed_candidates"]
    assert unproposed["blocked_by"]["COMMUTE"] == 2


def test_blocked_counts_with_a_timetable_match_the_pairs(timetable_model):
    """A candidate with no proposal is counted per rule as the explanations say."""
    ds = caseload()
    late = replace(ds.candidates[0], id="C2", availability=(window(MON_FRI, "09:00", "20:00"),))
    ds = replace(ds, candidates=(late,))
    problem = MatchProblem.from_dataset(ds)
    result = solve(problem, timetable_model)
    document = result_document(result)
    (entry,) = document["unproposed_candidates"]
    expected: dict[str, int] = {}
    for vacancy_id in ("V1", "V2"):
        for rule in explain(problem, timetable_model, "C2", vacancy_id)["rules"]:
            if not rule["ok"]:
                expected[rule["code"]] = expected.get(rule["code"], 0) + 1
    assert entry["blocked_by"] == expected
    assert expected == {"COMMUTE": 1, "SCHEDULE": 2}


def test_match_cli_reads_a_feed_and_warns_when_it_has_expired(tmp_path: Path):
    """``--travel gtfs:FEED.zip`` works from the command line; an expired feed still
    answers (a typical week inside its validity) and says so on standard error."""
    source = tmp_path / "caseload.json"
    source.write_text(dump_document(caseload()), encoding="utf-8")
    feed = bus_feed("20210101", "20211231").zip(tmp_path / "feed.zip")
    out = tmp_path / "result.json"
    runner = CliRunner()
    result = runner.invoke(app, ["match", str(source), "--travel", f"gtfs:{feed}",
                                 "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("Hinweis:") == 1  # one note for the week, not per day
    assert "deckt den 24.11.2026 nicht ab" in result.stderr
    document = json.loads(out.read_text("utf-8"))
    assert document["shortlists"][0]["proposals"][0]["candidate_id"] == "C1"

    missing = runner.invoke(app, ["match", str(source), "--travel", "gtfs:nowhere.zip"])
    assert missing.exit_code == 2
    assert "GTFS feed not found" in missing.stderr


def test_database_run_takes_the_travel_setting(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """``match --db`` uses PASSGENAU_TRAVEL: the stored caseload is matched by the bus
    timetable (the straight-line default would propose nobody)."""
    monkeypatch.setenv("PASSGENAU_DATABASE_URL", database_url)
    monkeypatch.setenv("PASSGENAU_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    monkeypatch.delenv("PASSGENAU_TENANT", raising=False)
    source = tmp_path / "caseload.json"
    source.write_text(dump_document(caseload()), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["import", str(source)]).exit_code == 0

    def proposed(*extra: str) -> list[str]:
        result = runner.invoke(app, ["match", "--db", "--on", "2026-11-24", *extra],
                               catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        document = json.loads(result.stdout)
        return [p["candidate_id"] for s in document["shortlists"] for p in s["proposals"]]

    assert proposed() == []
    feed = bus_feed().zip(tmp_path / "feed.zip")
    monkeypatch.setenv("PASSGENAU_TRAVEL", f"gtfs:{feed}")
    assert proposed() == ["C1"]
    assert proposed("--travel", "reference") == []


# -- both ways explained (real VVS buses) ----------------------------------------------

DECKENPFRONN = Location(48.6517871332882, 8.8221597048464, "75392", "Deckenpfronn")
HERRENBERG_ZOB = Location(48.5940753089849, 8.8639534852182, "71083", "Herrenberg")
MORNING = ShiftOption((window(MON_FRI, "07:00", "11:00"),), "Vormittag")


@pytest.fixture(scope="module")
def vvs_model() -> TimetableTravelModel:
    if not VVS.is_file():
        pytest.skip(f"shared test data not here: {VVS}")
    with zipfile.ZipFile(VVS) as archive:
        return TimetableTravelModel.of(read_feed(archive), REFERENCE_DATE)


def _morning_caseload():
    employer = Employer("E1", "Bäckerei am ZOB", HERRENBERG_ZOB)
    rider = candidate("C1", home=DECKENPFRONN, modes=(TravelMode.TRANSIT,),
                      max_commute_minutes=60)
    return dataset((vacancy("V1", shifts=(MORNING,)),), (rider,), employers=(employer,))


def test_the_way_home_sets_the_commute_and_both_trips_are_named(vvs_model):
    """Deckenpfronn → Herrenberg ZOB, 07:00–11:00: bus 773 at 06:35 is there at 06:59
    (25 min), but the next bus home leaves at 11:21 (home 11:40: 41 min). The commute
    is the longer way, 41 minutes, and the reason shows both trips with their minutes
    and says that the way home counts."""
    ds = _morning_caseload()
    problem = MatchProblem.from_dataset(ds)
    document = result_document(solve(problem, vvs_model))
    (proposal,) = document["shortlists"][0]["proposals"]
    assert proposal["commute_minutes"] == 41
    commute = next(r for r in proposal["reasons"] if r.startswith("Arbeitsweg"))
    assert commute.startswith("Arbeitsweg 41 Min. mit Bus und Bahn: hin: Bus 773 ab "
                              "Deckenpfr. Rathaus 06:35, an Herrenb. ZOB Bahnhofstraße "
                              "06:59, 25 min; zurück (länger, zählt): Bus 773 ab Herrenb. "
                              "ZOB Bahnhofstraße 11:21, an Deckenpfr. Rathaus 11:40, "
                              "41 min"), commute

    report = explain(problem, vvs_model, "C1", "V1")
    rules = {r["code"]: r for r in report["rules"]}
    assert rules["COMMUTE"]["commute_minutes"] == 41
    assert rules["COMMUTE"]["trip"].startswith("Bus 773 ab Deckenpfr. Rathaus 06:35")
    assert rules["COMMUTE"]["trip"].endswith(", 25 min")
    assert rules["COMMUTE"]["trip_home"].startswith("Bus 773 ab Herrenb. ZOB "
                                                    "Bahnhofstraße 11:21")
    assert rules["COMMUTE"]["trip_home"].endswith(", 41 min")
    assert rules["COMMUTE"]["commute_set_by"] == "home"
    (shift,) = rules["SCHEDULE"]["shifts"]
    assert shift["commute_minutes"] == 41
    assert (shift["trip"], shift["trip_home"], shift["commute_set_by"]) == (
        rules["COMMUTE"]["trip"], rules["COMMUTE"]["trip_home"], "home")


def test_the_way_there_sets_the_commute_when_it_is_longer(timetable_model):
    """The hand-made bus, with a 2-minute walk between home and Waiblingen Bf: leaving
    home 07:10 for the 07:12 bus and an 08:00 start (50 min) is longer than the 16:10
    bus home after 16:00 (home 16:48, 48 min); the way there counts, both are named."""
    problem = MatchProblem.from_dataset(caseload())
    report = explain(problem, timetable_model, "C1", "V1")
    commute = next(r for r in report["rules"] if r["code"] == "COMMUTE")
    assert commute["commute_minutes"] == 50
    assert commute["commute_set_by"] == "there"
    assert commute["trip_home"] == "Bus 204 ab Schorndorf 16:10, an Waiblingen Bf 16:46, 48 min"
    document = result_document(solve(problem, timetable_model))
    (proposal,) = document["shortlists"][0]["proposals"]
    reason = next(r for r in proposal["reasons"] if r.startswith("Arbeitsweg"))
    assert ("hin (länger, zählt): Bus 204 ab Waiblingen Bf 07:12, an Schorndorf 07:48, "
            "50 min; zurück: Bus 204 ab Schorndorf 16:10, an Waiblingen Bf 16:46, 48 min"
            ) in reason


# -- an oracle from the router's journeys alone -----------------------------------------

_OPTIONS = (
    ShiftOption((window(MON_FRI, "06:00", "14:00"),), "Früh"),
    ShiftOption((window(MON_FRI, "07:00", "11:00"),), "Vormittag"),
    ShiftOption((window(MON_FRI, "08:00", "16:00"),), "Tag"),
    ShiftOption((window(MON_FRI, "14:00", "22:00"),), "Spät"),
    ShiftOption((window("sat", "08:00", "13:00"),), "Samstag"),
    ShiftOption((window("mon wed", "09:00", "12:00"), window("fri", "15:00", "19:00")),
                "Teilzeit"),
)
_AVAILABILITY = (
    (window("mon tue wed thu fri sat sun", "00:00", "24:00"),),
    (window(MON_FRI, "05:00", "12:30"),),
    (window(MON_FRI, "06:30", "13:00"),),
    (window(MON_FRI, "12:30", "23:30"),),
    (window(MON_FRI, "06:00", "17:00"), window("sat", "07:00", "14:00")),
)


def _journey_minutes(router, service_days, home, work, weekday: int, start: int,
                     end: int) -> int | None:
    """The longer of the router's journey there (by ``start``) and home (from ``end``)
    on the weekday's service date; None where either has none."""
    day = service_days[weekday]
    there = router.journey_to_work(home.lat, home.lon, work.lat, work.lon, start, day)
    back = router.journey_home(home.lat, home.lon, work.lat, work.lon, end, day)
    if there is None or back is None:
        return None
    return max(there.minutes, back.minutes)


def _timetable_verdict(router, service_days, cand, vac, work) -> tuple[bool, bool]:
    """(COMMUTE, SCHEDULE) for a public-transport-only candidate, from journeys alone:
    an option's commute is its worst day's longer way; COMMUTE holds when some
    option's commute is within the limit; SCHEDULE asks of those options (of all when
    none is) that every window, widened by the commute before and after, lies inside
    one availability window on each of its days (the exchange format's rule)."""
    if not vac.shifts:
        minutes = _journey_minutes(router, service_days, cand.home, work, 0, 480, 960)
        return minutes is not None and minutes <= cand.max_commute_minutes, True
    commutes = []
    for option in vac.shifts:
        worst: int | None = 0
        for w in option.windows:
            for d in w.days:
                m = _journey_minutes(router, service_days, cand.home, work, int(d), w.start,
                                     w.end)
                worst = None if m is None or worst is None else max(worst, m)
        commutes.append(worst)
    within = [m is not None and m <= cand.max_commute_minutes for m in commutes]
    asked = [k for k in range(len(commutes)) if within[k]] or range(len(commutes))
    fits = any(commutes[k] is not None and fits_availability(
        vac.shifts[k], cand.availability, commutes[k]) for k in asked)
    return any(within), fits


@pytest.mark.parametrize("seed", range(4))
def test_timetable_feasibility_equals_an_oracle_of_journeys(vvs_model, seed: int):
    """Random caseloads around the real Herrenberg buses (homes and workplaces within
    about a kilometre of served stops, public transport only, random shift options,
    availabilities and limits): the engine's feasible pairs are exactly those whose
    COMMUTE and SCHEDULE hold by the router's journeys there and home (the other rules
    hold by construction), computed without ``evaluate_pairs``."""
    tt = vvs_model.transit.timetable
    rng = np.random.default_rng(seed)
    served = np.flatnonzero(tt.served_stops())

    def near_stop() -> Location:
        s = int(rng.choice(served))
        return Location(float(tt.stop_lat[s] + rng.uniform(-0.006, 0.006)),
                        float(tt.stop_lon[s] + rng.uniform(-0.009, 0.009)), "71083",
                        "Herrenberg")

    employers = tuple(Employer(f"E{k}", f"Betrieb {k}", near_stop()) for k in range(4))
    vacancies = tuple(
        vacancy(f"V{k}", employer_id=employers[k % 4].id,
                shifts=tuple(_OPTIONS[i] for i in sorted(set(
                    rng.choice(len(_OPTIONS), int(rng.integers(0, 3))).tolist()))))
        for k in range(8))
    candidates = tuple(
        candidate(f"C{k}", home=near_stop(), modes=(TravelMode.TRANSIT,),
                  max_commute_minutes=int(rng.choice([30, 45, 60, 90])),
                  availability=_AVAILABILITY[int(rng.integers(len(_AVAILABILITY)))])
        for k in range(12))
    ds = dataset(vacancies, candidates, employers=employers)
    result = solve(MatchProblem.from_dataset(ds), vvs_model)
    engine = set(zip(result.pairs.cand.tolist(), result.pairs.vac.tolist(), strict=True))

    router = vvs_model.transit
    service_days = {d: choose_service_day(tt, d, REFERENCE_DATE).day for d in range(7)}
    where = {e.id: e.location for e in employers}
    expected = set()
    verdicts = []
    for i, cand in enumerate(candidates):
        for j, vac in enumerate(vacancies):
            commute, schedule = _timetable_verdict(router, service_days, cand, vac,
                                                   where[vac.employer_id])
            verdicts.append((commute, schedule))
            if commute and schedule:
                expected.add((i, j))
    assert engine == expected
    assert len(expected) >= 3, "too few feasible pairs to compare"
    assert any(not c for c, _ in verdicts) and any(c and not s for c, s in verdicts)


def test_the_trips_shown_are_those_of_the_worst_day(timetable_model):
    """Monday 08:00–16:00 and Tuesday 08:00–15:00: on Tuesday the next bus home is the
    16:10 (home 16:48, 108 minutes), which sets the option's commute; the trips shown
    are Tuesday's, not the first day's."""
    employer = Employer("E1", "Frischmarkt Schorndorf", WORK)
    option = ShiftOption((window("mon", "08:00", "16:00"), window("tue", "08:00", "15:00")),
                         "Mo/Di")
    rider = candidate("C1", home=HOME, modes=(TravelMode.TRANSIT,), max_commute_minutes=120)
    ds = dataset((vacancy("V1", shifts=(option,)),), (rider,), employers=(employer,))
    problem = MatchProblem.from_dataset(ds)
    report = explain(problem, timetable_model, "C1", "V1")
    commute = next(r for r in report["rules"] if r["code"] == "COMMUTE")
    assert commute["commute_minutes"] == 108
    assert commute["trip_home"] == ("Bus 204 ab Schorndorf 16:10, an Waiblingen Bf 16:46, "
                                    "108 min")
    assert commute["commute_set_by"] == "home"
    (proposal,) = result_document(solve(problem, timetable_model))["shortlists"][0][
        "proposals"]
    reason = next(r for r in proposal["reasons"] if r.startswith("Arbeitsweg"))
    assert reason.startswith("Arbeitsweg 108 Min. mit Bus und Bahn: hin: Bus 204 ab "
                             "Waiblingen Bf 07:12")
    assert "zurück (länger, zählt): Bus 204 ab Schorndorf 16:10, an Waiblingen Bf 16:46, " \
           "108 min (zumutbar bis 120 Min.)." in reason
