"""The compiled blocked counts with a timetable (``blocked.fused_timed_counts``) against
the numpy path (``blocked.timed_travel_counts``) and against the per-pair explanations,
on seeded random caseloads around a random feed: homes and workplaces in and around the
feed's square (some beyond any stop), every mode mix, limits from 15 to 120 minutes,
early, late and split shifts, vacancies without shift options."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from passgenau.domain import Employer, Location, ShiftOption, TravelMode
from passgenau.geo.transit.travel import TimetableTravelModel
from passgenau.matching import blocked, compiled, feasibility, kernels
from passgenau.matching.explain import explain
from passgenau.matching.feasibility import R
from passgenau.matching.problem import MatchProblem
from tests.geo.transit.feeds import BASE_LAT, BASE_LON, random_feed
from tests.matching.instances import REFERENCE_DATE, candidate, dataset, vacancy, window

DAYS = ("mon tue wed thu fri", "mon tue wed thu fri sat", "sat", "mon wed fri", "tue wed thu")
EVERY_DAY = "mon tue wed thu fri sat sun"
MODE_SETS = (
    (TravelMode.TRANSIT,),
    (TravelMode.TRANSIT, TravelMode.WALK),
    (TravelMode.TRANSIT, TravelMode.BIKE),
    (TravelMode.WALK,),
    (TravelMode.CAR, TravelMode.TRANSIT),
    (),
)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _place(rng: np.random.Generator) -> Location:
    return Location(BASE_LAT + rng.uniform(-0.03, 0.12), BASE_LON + rng.uniform(-0.04, 0.17),
                    "70000", "Irgendwo")


def _window(rng: np.random.Generator, days: str | None = None):
    start = int(rng.integers(4 * 60, 16 * 60)) // 5 * 5
    end = min(start + int(rng.integers(2 * 60, 10 * 60)) // 5 * 5, 24 * 60)
    return window(days or str(rng.choice(DAYS)), _clock(start), _clock(end))


def random_caseload(seed: int, n_candidates: int = 12, n_vacancies: int = 10):
    rng = np.random.default_rng(seed)
    employers = tuple(Employer(f"E{k}", f"Betrieb {k}", _place(rng)) for k in range(4))
    vacancies = []
    for j in range(n_vacancies):
        n_opt = int(rng.integers(0, 4))
        shifts = tuple(ShiftOption(tuple(_window(rng) for _ in range(int(rng.integers(1, 3)))),
                                   f"Schicht {k}") for k in range(n_opt))
        vacancies.append(vacancy(f"V{j}", employer_id=f"E{int(rng.integers(0, 4))}",
                                 shifts=shifts))
    candidates = []
    for i in range(n_candidates):
        availability = tuple(_window(rng, EVERY_DAY) for _ in range(int(rng.integers(1, 3))))
        candidates.append(candidate(
            f"C{i}", home=_place(rng), modes=MODE_SETS[int(rng.integers(0, len(MODE_SETS)))],
            max_commute_minutes=int(rng.integers(15, 121)), availability=availability))
    return dataset(tuple(vacancies), tuple(candidates), employers=employers)


@pytest.mark.skipif(not kernels.COMPILED, reason="the fused kernel needs numba")
@pytest.mark.parametrize("seed", range(6))
def test_fused_timed_counts_match_numpy_and_explanations(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
):
    model = TimetableTravelModel.of(random_feed(seed).timetable(tmp_path), REFERENCE_DATE)
    problem = MatchProblem.from_dataset(random_caseload(seed))
    everyone = np.arange(problem.n_candidates)
    fused = blocked.fused_timed_counts(problem, model, everyone)
    assert fused is not None
    numpy_counts = blocked.timed_travel_counts(problem, model, everyone)
    assert np.array_equal(fused[0], numpy_counts[0])
    assert np.array_equal(fused[1], numpy_counts[1])
    ds = random_caseload(seed)
    for i, cand in enumerate(ds.candidates):
        failing = {"COMMUTE": 0, "SCHEDULE": 0}
        for vac in ds.vacancies:
            for rule in explain(problem, model, cand.id, vac.id)["rules"]:
                if rule["code"] in failing and not rule["ok"]:
                    failing[rule["code"]] += 1
        assert (fused[0][i], fused[1][i]) == (failing["COMMUTE"], failing["SCHEDULE"])
    # the whole blocked counts take the fused path (even for these few pairs) and agree
    for threshold in ("COMPILE_FROM_PAIRS", "COMPILE_FROM_PAIRS_LOADED"):
        monkeypatch.setattr(compiled, threshold, 0)
    counts = blocked.blocked_counts(problem, model, everyone)
    assert np.array_equal(counts[:, R["COMMUTE"]], fused[0])
    assert np.array_equal(counts[:, R["SCHEDULE"]], fused[1])


@pytest.mark.skipif(not kernels.COMPILED, reason="the fused kernel needs numba")
@pytest.mark.parametrize("seed", range(6))
def test_feasible_pairs_are_the_same_with_and_without_the_kernel(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
):
    """The kernel only drops pairs up front; the numpy path must find the same ones."""
    model = TimetableTravelModel.of(random_feed(seed).timetable(tmp_path), REFERENCE_DATE)
    problem = MatchProblem.from_dataset(random_caseload(seed, n_candidates=20))
    for threshold in ("COMPILE_FROM_PAIRS", "COMPILE_FROM_PAIRS_LOADED"):
        monkeypatch.setattr(compiled, threshold, 0)  # the kernel even for these few pairs
    fast = feasibility.feasible_pairs(problem, model)
    monkeypatch.setattr(feasibility, "timed_rules_compiled", lambda *args: None)
    slow = feasibility.feasible_pairs(problem, model)
    for name in ("cand", "vac", "ok", "travel", "mode", "option", "po_pair", "po_option",
                 "po_slack", "po_travel"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name)), name


def _changed_dataset(ds, i: int, change: str):
    from tests.matching.test_near_misses import changed

    other = changed(ds.candidates[i], change)
    if other is None:
        return None
    people = list(ds.candidates)
    people[i] = other
    return replace(ds, candidates=tuple(people))


@pytest.mark.skipif(not kernels.COMPILED, reason="the fused kernel needs numba")
@pytest.mark.parametrize("seed", range(2))
def test_near_misses_with_a_timetable_match_numpy_and_explanations(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
):
    """With a timetable, the compiled pass and the numpy path give the same near misses
    and would-open counts, and both are what ``explain`` says pair by pair: on the
    candidate as they are (near misses: one failing rule, ranked by its score) and on
    the candidate changed in their record (would-open)."""
    model = TimetableTravelModel.of(random_feed(seed).timetable(tmp_path), REFERENCE_DATE)
    ds = random_caseload(seed, n_candidates=8, n_vacancies=8)
    problem = MatchProblem.from_dataset(ds)
    everyone = np.arange(problem.n_candidates)
    outcomes = {}
    for threshold in (0, 10**12):
        monkeypatch.setattr(compiled, "COMPILE_FROM_PAIRS", threshold)
        monkeypatch.setattr(compiled, "COMPILE_FROM_PAIRS_LOADED", threshold)
        outcomes[threshold] = blocked.unproposed_rules(problem, model, everyone)
    fast, slow = outcomes[0], outcomes[10**12]
    for name in ("counts", "near_vac", "near_rule", "near_score", "would_open"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name)), name
    for i, cand in enumerate(ds.candidates):
        today = {vac.id: explain(problem, model, cand.id, vac.id) for vac in ds.vacancies}
        near = []
        for j, vac in enumerate(ds.vacancies):
            failed = [r["code"] for r in today[vac.id]["rules"] if not r["ok"]]
            if len(failed) == 1:
                near.append((-today[vac.id]["score"]["total"], j, failed[0]))
        got = [(int(v), blocked.RULES[int(r)])
               for v, r in zip(fast.near_vac[i], fast.near_rule[i], strict=True) if v >= 0]
        assert got == [(j, rule) for _, j, rule in sorted(near)[:3]]
        for k, change in enumerate(blocked.CHANGES):
            other = _changed_dataset(ds, i, change)
            expected = 0
            if other is not None:
                changed_problem = MatchProblem.from_dataset(other)
                expected = sum(
                    1 for vac in ds.vacancies
                    if not today[vac.id]["feasible"]
                    and explain(changed_problem, model, cand.id, vac.id)["feasible"]
                )
            assert fast.would_open[i, k] == expected, (cand.id, change)
