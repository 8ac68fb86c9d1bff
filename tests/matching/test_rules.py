"""The nine hard rules: the engine's vectorised rules against the scalar oracle."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest
from hypothesis import given, settings

from passgenau.domain import (
    ALWAYS,
    Dataset,
    GermanLevel,
    KldbCode,
    MatchSettings,
    Occupation,
    Recognition,
    ShiftOption,
    TimeWindow,
    TravelMode,
    WorkPermit,
)
from passgenau.domain.schedule import WORKDAYS
from passgenau.geo.travel import NO_WAY
from passgenau.matching.feasibility import RULES, evaluate_pairs, feasible_pairs
from passgenau.matching.problem import MODES, MatchProblem
from tests.matching import oracle
from tests.matching.instances import (
    EARLY,
    REFERENCE_DATE,
    WAIBLINGEN,
    candidate,
    dataset,
    examples,
    matching_datasets,
    point_at,
    vacancy,
)

#: km/h and overhead minutes of the reference model, to place homes at exact minutes.
SPEEDS = {
    TravelMode.WALK: (4.5, 0),
    TravelMode.BIKE: (15.0, 2),
    TravelMode.TRANSIT: (22.0, 15),
    TravelMode.CAR: (50.0, 5),
}


def km_for(mode: TravelMode, minutes: float) -> float:
    """The straight-line distance that takes exactly ``minutes`` by ``mode``."""
    kmh, overhead = SPEEDS[mode]
    return (minutes - overhead) * kmh / (1.3 * 60)


def all_pairs(problem: MatchProblem) -> tuple[np.ndarray, np.ndarray]:
    """Every (candidate, vacancy) pair, candidate-major."""
    n_c, n_v = problem.n_candidates, problem.n_vacancies
    return (
        np.repeat(np.arange(n_c, dtype=np.int64), n_v),
        np.tile(np.arange(n_v, dtype=np.int64), n_c),
    )


def engine_rules(ds: Dataset, travel, c: int = 0, v: int = 0) -> dict[str, bool]:
    """The engine's rule outcomes for one pair."""
    problem = MatchProblem.from_dataset(ds)
    ev = evaluate_pairs(problem, travel, np.array([c]), np.array([v]))
    return dict(zip(RULES, ev.ok[0].tolist(), strict=True))


def both(ds: Dataset, travel, rule: str) -> tuple[bool, bool]:
    """(engine, oracle) verdict of ``rule`` for the first candidate and vacancy."""
    mine = oracle.verdict(ds, ds.candidates[0], ds.vacancies[0]).rules[rule]
    return engine_rules(ds, travel)[rule], mine


def feasible_in_engine(ds: Dataset, travel) -> bool:
    """Whether ``feasible_pairs`` (spatial pruning included) keeps the first pair."""
    pairs = feasible_pairs(MatchProblem.from_dataset(ds), travel)
    return bool(((pairs.cand == 0) & (pairs.vac == 0)).any())


# ---------------------------------------------------------------- generated instances


@settings(max_examples=examples(80), deadline=None)
@given(matching_datasets())
def test_evaluate_pairs_equals_oracle_on_every_pair(travel, ds):
    """evaluate_pairs equals the oracle on every pair: each rule, travel minutes and mode."""
    problem = MatchProblem.from_dataset(ds)
    cand, vac = all_pairs(problem)
    ev = evaluate_pairs(problem, travel, cand, vac)
    assert RULES == oracle.RULE_CODES
    for k, (c, v) in enumerate(zip(cand.tolist(), vac.tolist(), strict=True)):
        want = oracle.verdict(ds, ds.candidates[c], ds.vacancies[v])
        got = dict(zip(RULES, ev.ok[k].tolist(), strict=True))
        assert got == want.rules, (c, v)
        minutes = None if int(ev.travel[k]) == NO_WAY else int(ev.travel[k])
        assert minutes == want.travel, (c, v)
        mode = MODES[int(ev.mode[k])] if ev.mode[k] >= 0 else None
        assert mode == want.mode, (c, v)
        assert bool(ev.feasible[k]) == want.feasible


@settings(max_examples=examples(80), deadline=None)
@given(matching_datasets())
def test_feasible_pairs_are_exactly_the_oracles(travel, ds):
    """feasible_pairs returns exactly the oracle's feasible pairs, once each (no pruning loss)."""
    pairs = feasible_pairs(MatchProblem.from_dataset(ds), travel)
    got = list(zip(pairs.cand.tolist(), pairs.vac.tolist(), strict=True))
    assert len(got) == len(set(got))
    assert set(got) == oracle.feasible_set(ds)


def test_feasible_pairs_are_sorted_as_documented(travel):
    """feasible_pairs returns its pairs sorted by candidate, then vacancy, as documented."""
    # Two vacancies at one place, the second with a lower language minimum.
    ds = dataset(
        (
            vacancy("V1", german_level_min=GermanLevel.A1),
            vacancy("V2", german_level_min=GermanLevel.A0),
        ),
        (candidate("C1"), candidate("C2")),
    )
    pairs = feasible_pairs(MatchProblem.from_dataset(ds), travel)
    got = list(zip(pairs.cand.tolist(), pairs.vac.tolist(), strict=True))
    assert set(got) == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert got == sorted(got)


# ---------------------------------------------------------------- COMMUTE


@pytest.mark.parametrize("mode", list(SPEEDS))
@pytest.mark.parametrize("limit", [20, 45, 60, 90])
@pytest.mark.parametrize("bearing", [0.0, 90.0, 225.0])
def test_commute_exactly_at_the_limit_is_allowed(travel, mode, limit, bearing):
    """A commute of exactly max_commute_minutes passes COMMUTE, also after the pruning."""
    home = point_at(WAIBLINGEN, km_for(mode, limit), bearing)
    person = candidate(
        "C1", home=home, modes=(mode,), driving_licence=True, max_commute_minutes=limit
    )
    ds = dataset((vacancy(),), (person,))
    assert oracle.verdict(ds, person, ds.vacancies[0]).travel == limit
    assert both(ds, travel, "COMMUTE") == (True, True)
    assert feasible_in_engine(ds, travel)
    tighter = replace(ds, candidates=(replace(person, max_commute_minutes=limit - 1),))
    assert both(tighter, travel, "COMMUTE") == (False, False)
    assert not feasible_in_engine(tighter, travel)


def test_travel_minutes_round_up(travel):
    """A commute of 30.2 minutes counts as 31."""
    home = point_at(WAIBLINGEN, km_for(TravelMode.TRANSIT, 30.2))
    ds = dataset(
        (vacancy(),),
        (candidate("C1", home=home, modes=(TravelMode.TRANSIT,), max_commute_minutes=30),),
    )
    ev = evaluate_pairs(MatchProblem.from_dataset(ds), travel, np.array([0]), np.array([0]))
    assert int(ev.travel[0]) == 31
    assert oracle.verdict(ds, ds.candidates[0], ds.vacancies[0]).travel == 31
    assert both(ds, travel, "COMMUTE") == (False, False)


def test_car_counts_only_with_a_driving_licence(travel):
    """The car counts only with a driving licence; otherwise the other modes decide."""
    home = point_at(WAIBLINGEN, 20.0)
    no_licence = candidate("C1", home=home, modes=(TravelMode.CAR,), driving_licence=False)
    ds = dataset((vacancy(),), (no_licence,))
    assert both(ds, travel, "COMMUTE") == (False, False)
    assert oracle.verdict(ds, no_licence, ds.vacancies[0]).travel is None

    licensed = replace(ds, candidates=(replace(no_licence, driving_licence=True),))
    assert both(licensed, travel, "COMMUTE") == (True, True)

    both_modes = replace(
        no_licence, modes=(TravelMode.CAR, TravelMode.TRANSIT), max_commute_minutes=90
    )
    ds2 = replace(ds, candidates=(both_modes,))
    ev = evaluate_pairs(MatchProblem.from_dataset(ds2), travel, np.array([0]), np.array([0]))
    assert MODES[int(ev.mode[0])] is TravelMode.TRANSIT
    assert oracle.verdict(ds2, both_modes, ds2.vacancies[0]).mode is TravelMode.TRANSIT


# ---------------------------------------------------------------- SCHEDULE


def test_shift_widened_exactly_to_the_availability_edge_fits(travel):
    """A shift widened by the commute exactly to the availability edges fits; 1 min more not."""
    minutes = 25
    home = point_at(WAIBLINGEN, km_for(TravelMode.TRANSIT, minutes))
    shift = EARLY.windows[0]  # Mon–Fri 06:00–10:30

    def with_availability(start: int, end: int) -> Dataset:
        person = candidate(
            "C1",
            home=home,
            modes=(TravelMode.TRANSIT,),
            availability=(TimeWindow(WORKDAYS, start, end),),
        )
        return dataset((vacancy(shifts=(EARLY,)),), (person,))

    exact = with_availability(shift.start - minutes, shift.end + minutes)
    assert oracle.verdict(exact, exact.candidates[0], exact.vacancies[0]).travel == minutes
    assert both(exact, travel, "SCHEDULE") == (True, True)
    assert feasible_in_engine(exact, travel)
    late_start = with_availability(shift.start - minutes + 1, shift.end + minutes)
    assert both(late_start, travel, "SCHEDULE") == (False, False)
    early_end = with_availability(shift.start - minutes, shift.end + minutes - 1)
    assert both(early_end, travel, "SCHEDULE") == (False, False)


def test_shift_ending_at_midnight(travel):
    """A shift until 24:00 fits only when the commute takes no time."""
    evening = ShiftOption((TimeWindow.of("fri sat", "18:00", "24:00"),), "Abend")
    free = (TimeWindow.of("mon tue wed thu fri sat sun", "12:00", "24:00"),)
    on_site = candidate("C1", home=WAIBLINGEN, modes=(TravelMode.WALK,), availability=free)
    ds = dataset((vacancy(shifts=(evening,)),), (on_site,))
    assert oracle.verdict(ds, on_site, ds.vacancies[0]).travel == 0
    assert both(ds, travel, "SCHEDULE") == (True, True)
    by_bus = replace(on_site, modes=(TravelMode.TRANSIT,))
    ds2 = replace(ds, candidates=(by_bus,))
    assert both(ds2, travel, "SCHEDULE") == (False, False)


def test_schedule_needs_one_window_covering_each_working_day(travel):
    """SCHEDULE needs one availability window covering the widened shift on each of its days."""
    person = candidate(
        "C1",
        home=WAIBLINGEN,
        modes=(TravelMode.WALK,),
        availability=(
            TimeWindow.of("mon tue wed thu fri", "05:00", "08:00"),
            TimeWindow.of("mon tue wed thu fri", "08:00", "12:00"),
        ),
    )
    ds = dataset((vacancy(shifts=(EARLY,)),), (person,))
    assert both(ds, travel, "SCHEDULE") == (False, False)
    weekdays_only = replace(
        person, availability=(TimeWindow.of("mon tue wed thu", "00:00", "24:00"),)
    )
    ds2 = replace(ds, candidates=(weekdays_only,))
    assert both(ds2, travel, "SCHEDULE") == (False, False)


def test_vacancy_without_shifts_passes_schedule(travel):
    """A vacancy without shift options (hours by arrangement) never fails SCHEDULE."""
    person = candidate("C1", availability=(TimeWindow.of("sun", "10:00", "11:00"),))
    assert both(dataset((vacancy(),), (person,)), travel, "SCHEDULE") == (True, True)


# ---------------------------------------------------------------- the other rules


@pytest.mark.parametrize(
    ("permit", "ok"),
    [
        (WorkPermit.PERMITTED, True),
        (WorkPermit.APPROVAL_REQUIRED, True),
        (WorkPermit.NOT_PERMITTED, False),
    ],
)
def test_work_permit(travel, permit, ok):
    """WORK_PERMIT fails only for not_permitted; approval_required is allowed."""
    ds = dataset((vacancy(),), (candidate("C1", work_permit=permit),))
    assert both(ds, travel, "WORK_PERMIT") == (ok, ok)
    assert feasible_in_engine(ds, travel) is ok


@pytest.mark.parametrize(
    ("level", "ok"), [(GermanLevel.A1, False), (GermanLevel.A2, True), (GermanLevel.C2, True)]
)
def test_language_at_and_below_the_minimum(travel, level, ok):
    """LANGUAGE holds from exactly the required level upwards."""
    ds = dataset(
        (vacancy(german_level_min=GermanLevel.A2),), (candidate("C1", german_level=level),)
    )
    assert both(ds, travel, "LANGUAGE") == (ok, ok)


@pytest.mark.parametrize(
    ("low", "high", "ok"),
    [(20.0, 20.0, True), (20.0, 40.0, True), (0.0, 19.5, False), (20.5, 40.0, False)],
)
def test_hours_bounds_are_inclusive(travel, low, high, ok):
    """HOURS holds when hours_min <= hours <= hours_max, both ends included."""
    ds = dataset((vacancy(hours=20.0),), (candidate("C1", hours_min=low, hours_max=high),))
    assert both(ds, travel, "HOURS") == (ok, ok)


@pytest.mark.parametrize(("licence", "ok"), [(True, True), (False, False)])
def test_driving_licence_when_required(travel, licence, ok):
    """A vacancy that requires a licence takes only candidates who have one."""
    ds = dataset(
        (vacancy(driving_licence_required=True),), (candidate("C1", driving_licence=licence),)
    )
    assert both(ds, travel, "DRIVING_LICENCE") == (ok, ok)


@pytest.mark.parametrize(
    ("code", "recognition", "ok"),
    [
        ("81302", Recognition.FULL, True),
        ("81302", Recognition.NOT_REQUIRED, True),
        ("81303", Recognition.FULL, True),  # same first 4 digits
        ("81302", Recognition.PARTIAL, False),
        ("81302", Recognition.PENDING, False),
        ("81302", Recognition.NONE, False),
        ("81312", Recognition.FULL, False),  # only 3 digits shared
    ],
)
def test_recognition_when_required(travel, code, recognition, ok):
    """RECOGNITION needs a 4-digit match recognised full or not_required; partial fails."""
    nurse = vacancy(kldb=KldbCode("81302"), recognition_required=True)
    person = candidate("C1", occupations=(Occupation(KldbCode(code), 3.0, recognition),))
    assert both(dataset((nurse,), (person,)), travel, "RECOGNITION") == (ok, ok)


@pytest.mark.parametrize(
    ("vacancy_code", "occupations", "ok"),
    [
        ("62102", ("62112",), True),  # skilled: 3 digits shared suffice
        ("62102", ("62202",), False),  # only 2 digits shared
        ("62102", (), False),
        ("62101", (), True),  # helper level: no qualification needed
        ("62101", ("83112",), True),
        ("81313", ("81322", "62101"), True),  # specialist level, any matching one
    ],
)
def test_qualification_by_three_digits_and_level(travel, vacancy_code, occupations, ok):
    """QUALIFICATION needs a 3-digit match from level 2 on; helper vacancies need none."""
    person = candidate("C1", occupations=tuple(Occupation(KldbCode(c), 0.0) for c in occupations))
    ds = dataset((vacancy(kldb=KldbCode(vacancy_code)),), (person,))
    assert both(ds, travel, "QUALIFICATION") == (ok, ok)


@pytest.mark.parametrize("grace", [0, 28])
def test_start_with_grace_days_boundary(travel, grace):
    """START holds when available_from is at most start_date + grace_days, not a day later."""
    start = REFERENCE_DATE + timedelta(days=10)
    for offset, ok in ((grace, True), (grace + 1, False), (-5, True)):
        person = candidate("C1", available_from=start + timedelta(days=offset))
        ds = dataset((vacancy(start_date=start),), (person,), grace_days=grace)
        assert ds.settings == MatchSettings(grace_days=grace)
        assert both(ds, travel, "START") == (ok, ok), offset


def test_dates_default_to_the_reference_date(travel):
    """Missing start_date and available_from mean the reference date."""
    ds = dataset((vacancy(),), (candidate("C1"),), grace_days=0)
    assert both(ds, travel, "START") == (True, True)
    later = candidate("C1", available_from=REFERENCE_DATE + timedelta(days=1))
    assert both(dataset((vacancy(),), (later,), grace_days=0), travel, "START") == (False, False)


def test_hand_made_default_pair_is_feasible(travel):
    """The named instance's defaults fit: every rule holds in engine and oracle."""
    ds = dataset((vacancy(shifts=(EARLY,)),), (candidate("C1", availability=(ALWAYS,)),))
    assert all(engine_rules(ds, travel).values())
    assert oracle.verdict(ds, ds.candidates[0], ds.vacancies[0]).feasible
    assert feasible_in_engine(ds, travel)
