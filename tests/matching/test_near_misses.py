"""Near misses and would-open counts of the candidates without proposal.

The engine decides them in the blocked pass, for needed pairs only (those failing at most
one travel-free rule), by a compiled kernel or by numpy on a changed problem. Here an
oracle changes the candidate's *record* (German one level higher, a driving licence, 15
more minutes, every availability window 60 minutes wider at both ends) and evaluates the
spec's nine rules pair by pair (:mod:`tests.matching.oracle`); both paths must agree with
it and with each other.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings

from passgenau.domain import (
    Candidate,
    Dataset,
    GermanLevel,
    ShiftOption,
    TimeWindow,
    TravelMode,
)
from passgenau.matching import blocked, compiled, kernels
from passgenau.matching.problem import MatchProblem
from passgenau.matching.scoring import ScoreWeights, score_components, total_score
from tests.matching import oracle
from tests.matching.instances import (
    EARLY,
    WAIBLINGEN,
    candidate,
    dataset,
    examples,
    matching_datasets,
    point_at,
    vacancy,
    window,
)
from tests.matching.support import run
from tests.matching.test_blocked import spread_datasets

DAY = 24 * 60


def changed(person: Candidate, change: str) -> Candidate | None:
    """The candidate after one change of :data:`blocked.CHANGES` (None: nothing to change)."""
    if change == "german_level_plus_1":
        if person.german_level is GermanLevel.C2:
            return None
        return replace(person, german_level=GermanLevel(int(person.german_level) + 1))
    if change == "driving_licence":
        return None if person.driving_licence else replace(person, driving_licence=True)
    if change == "max_commute_plus_15":
        more = replace(person)
        object.__setattr__(more, "max_commute_minutes", person.max_commute_minutes + 15)
        return more
    wider = tuple(TimeWindow(w.days, max(w.start - 60, 0), min(w.end + 60, DAY))
                  for w in person.availability)
    return replace(person, availability=wider)


def expected_would_open(ds: Dataset, i: int) -> list[int]:
    """Per change, the vacancies infeasible today and feasible after that change alone."""
    person = ds.candidates[i]
    counts = []
    for change in blocked.CHANGES:
        other = changed(person, change)
        counts.append(0 if other is None else sum(
            1 for vac in ds.vacancies
            if not oracle.verdict(ds, person, vac).feasible
            and oracle.verdict(ds, other, vac).feasible
        ))
    return counts


def expected_near_misses(ds: Dataset, i: int) -> list[tuple[int, str]]:
    """(vacancy, rule) of the vacancies failing exactly one rule, by the fit score the
    pair would have (4 decimals, best first; ties by vacancy order), the first three."""
    problem = MatchProblem.from_dataset(ds)
    weights = ScoreWeights()
    person = ds.candidates[i]
    found = []
    for j, vac in enumerate(ds.vacancies):
        verdict = oracle.verdict(ds, person, vac)
        if len(verdict.failed) != 1:
            continue
        minutes = 10**6 if verdict.travel is None else verdict.travel
        components = score_components(problem, weights, np.array([i]), np.array([j]),
                                      np.array([minutes]))
        score = round(float(total_score(components, weights)[0]), 4)
        found.append((-score, j, verdict.failed[0]))
    return [(j, rule) for _, j, rule in sorted(found)[:3]]


def _check_against_oracle(ds: Dataset, outcome: blocked.RuleOutcomes) -> None:
    for i in range(len(ds.candidates)):
        assert outcome.would_open[i].tolist() == expected_would_open(ds, i)
        got = [(int(v), blocked.RULES[int(r)])
               for v, r in zip(outcome.near_vac[i], outcome.near_rule[i], strict=True) if v >= 0]
        assert got == expected_near_misses(ds, i)


@settings(max_examples=examples(40), deadline=None)
@given(matching_datasets())
def test_near_misses_and_would_open_match_the_oracle(travel, ds):
    """Every candidate's near misses and would-open counts (the numpy path) are the
    oracle's, which evaluates the rules on the changed records pair by pair."""
    problem = MatchProblem.from_dataset(ds)
    outcome = blocked.unproposed_rules(problem, travel, np.arange(problem.n_candidates))
    _check_against_oracle(ds, outcome)


@pytest.mark.skipif(not kernels.COMPILED, reason="numba is not installed")
@settings(max_examples=examples(40), deadline=None)
@given(spread_datasets())
def test_the_kernel_and_the_numpy_path_give_the_same_help(travel, ds):
    """The compiled pass and the numpy path agree on counts, near misses and would-open
    counts, on caseloads spread up to 300 km (every pruning branch); both are the
    oracle's."""
    problem = MatchProblem.from_dataset(ds)
    everyone = np.arange(problem.n_candidates)
    outcomes = {}
    for threshold in (0, 10**12):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(compiled, "COMPILE_FROM_PAIRS", threshold)
            patch.setattr(compiled, "COMPILE_FROM_PAIRS_LOADED", threshold)
            outcomes[threshold] = blocked.unproposed_rules(problem, travel, everyone)
    fast, slow = outcomes[0], outcomes[10**12]
    for name in ("counts", "near_vac", "near_rule", "near_score", "would_open"):
        np.testing.assert_array_equal(getattr(fast, name), getattr(slow, name), name)
    np.testing.assert_array_equal(fast.counts, blocked.blocked_counts(problem, travel, everyone))
    _check_against_oracle(ds, fast)


def test_a_b1_certificate_opens_vacancies_and_shows_as_near_miss(travel):
    """An A2 candidate: three B1 vacancies and a C1 one fail LANGUAGE only (near misses,
    the best scoring first), a fifth fails two rules; German B1 would open the three."""
    ds = dataset(
        (vacancy("V1", german_level_min=GermanLevel.B1, hours=20.0),
         vacancy("V2", german_level_min=GermanLevel.B1),
         vacancy("V3", german_level_min=GermanLevel.C1),
         vacancy("V4", german_level_min=GermanLevel.B1),
         vacancy("V5", german_level_min=GermanLevel.B1, driving_licence_required=True)),
        (candidate("C1", german_level=GermanLevel.A2, hours_min=20.0, hours_max=40.0),),
    )
    _, document = run(ds, travel)
    (entry,) = document["unproposed_candidates"]
    assert list(entry) == ["candidate_id", "blocked_by", "near_misses", "would_open"]
    # equal scores: by vacancy order; V3 fails only LANGUAGE too, but B1 does not open it
    assert entry["near_misses"] == [
        {"vacancy_id": v, "rule": "LANGUAGE", "value": "A2", "required": level}
        for v, level in (("V1", "B1"), ("V2", "B1"), ("V3", "C1"))
    ]
    assert entry["would_open"] == {"german_level_plus_1": 3, "driving_licence": 0,
                                   "max_commute_plus_15": 0, "availability_plus_60": 0}


def test_each_change_opens_what_it_alone_mends(travel):
    """A licence (and driving), 15 more minutes, an hour more availability: each opens
    the vacancy that fails only its rule, and the near misses name the values."""
    home = WAIBLINGEN
    ds = dataset(
        (
            vacancy("V1", driving_licence_required=True),
            vacancy("V2", location=point_at(home, 12.0)),
            vacancy("V3", shifts=(ShiftOption((window("mon tue wed thu fri", "07:30", "12:00"),),
                                              "Früh"),)),
            vacancy("V4", location=point_at(home, 300.0), shifts=(EARLY,)),
        ),
        (candidate("C1", driving_licence=False, modes=(TravelMode.BIKE, TravelMode.CAR),
                   max_commute_minutes=45,
                   availability=(window("mon tue wed thu fri", "08:00", "13:00"),)),),
    )
    _, document = run(ds, travel)
    (entry,) = document["unproposed_candidates"]
    misses = {m["vacancy_id"]: m for m in entry["near_misses"]}
    assert misses["V1"] == {"vacancy_id": "V1", "rule": "DRIVING_LICENCE", "value": "no",
                            "required": "yes"}
    person = ds.candidates[0]
    by_bike = oracle.verdict(ds, person, ds.vacancies[1]).travel
    assert misses["V2"] == {"vacancy_id": "V2", "rule": "COMMUTE", "value": f"{by_bike} min",
                            "required": "45 min"}
    to_v3 = oracle.verdict(ds, person, ds.vacancies[2]).travel
    assert misses["V3"] == {"vacancy_id": "V3", "rule": "SCHEDULE",
                            "value": "Mo–Fr 08:00–13:00",
                            "required": f"Früh: Mo–Fr 07:30–12:00 + {to_v3} min"}
    # the car (listed, usable with a licence) reaches V2 within 45 minutes too
    assert entry["would_open"] == {"german_level_plus_1": 0, "driving_licence": 2,
                                   "max_commute_plus_15": 1, "availability_plus_60": 1}
    expected = expected_would_open(ds, 0)
    assert list(entry["would_open"].values()) == expected


@settings(max_examples=examples(40), deadline=None)
@given(matching_datasets())
def test_the_occupation_table_and_the_engines_score_agree(travel, ds):
    """The per-(candidate, code) occupation and experience components by which many
    near misses are scored at once, and the kernels rank them, are the engine's
    ``score_components`` for every pair, to the last bit; so is ``near_scores`` both
    by the table and pair by pair."""
    problem = MatchProblem.from_dataset(ds)
    weights = ScoreWeights()
    everyone = np.arange(problem.n_candidates)
    codes, code_of_vac = np.unique(problem.vac_kldb, return_inverse=True)
    occupation, experience = blocked.occupation_table(problem, weights, everyone, codes)
    cand = np.repeat(everyone, problem.n_vacancies)
    vac = np.tile(np.arange(problem.n_vacancies), problem.n_candidates)
    minutes = (cand * 7 + vac * 13) % 150
    components = score_components(problem, weights, cand, vac, minutes)
    code = code_of_vac.ravel()[vac]
    np.testing.assert_array_equal(occupation[cand, code], components[:, 0])
    np.testing.assert_array_equal(experience[cand, code], components[:, 1])
    expected = np.round(total_score(components, weights), 4)
    twice = [np.tile(x, 2) for x in (cand, vac, minutes)]  # more pairs than table cells
    np.testing.assert_array_equal(
        blocked.near_scores(problem, weights, everyone, *twice), np.tile(expected, 2))
    few = slice(0, 1)  # fewer pairs than table cells: scored pair by pair
    np.testing.assert_array_equal(
        blocked.near_scores(problem, weights, everyone, cand[few], vac[few], minutes[few]),
        expected[few])
