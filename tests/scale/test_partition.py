"""The partitioned matching against the one-process engine: equal where no commute crosses a
border, within the stated loss where some do, never over a capacity, the same bytes for
the same input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passgenau.demo.generator import generate_demo
from passgenau.domain import Dataset
from passgenau.geo.travel import StraightLineModel, reference_model
from passgenau.matching.document import result_text
from passgenau.matching.engine import MatchResult, solve
from passgenau.matching.partition import best_pairs, grid_shape, partition
from passgenau.matching.problem import MatchProblem
from passgenau.services.matching import match_dataset
from passgenau.services.scale import match_partitioned
from tests.matching.instances import examples, matching_datasets
from tests.scale.support import assert_within_capacities, side_by_side

TRAVEL: StraightLineModel = reference_model()
#: The issue's bound on the coverage lost by cutting the caseload into parts.
COVERAGE_LOSS_BOUND = 0.001


def property_settings(n: int) -> settings:
    return settings(max_examples=examples(n), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def one_process(dataset: Dataset) -> MatchResult:
    return solve(MatchProblem.from_dataset(dataset), TRAVEL)


def pair_keys(result: MatchResult, rows: np.ndarray) -> set[tuple[str, str]]:
    p = result.problem
    return {(p.cand_ids[c], p.vac_ids[v])
            for c, v in zip(result.pairs.cand[rows].tolist(), result.pairs.vac[rows].tolist(),
                            strict=True)}


@property_settings(25)
@given(matching_datasets())

def test_far_apart_regions_are_solved_as_by_one_process(dataset: Dataset) -> None:
    """Two caseloads 500 km apart: the cut falls between them, no pair crosses it, and the
    parts together reach the one-process optimum (coverage, then score), with the same
    feasible pairs."""
    both = side_by_side(dataset, 500.0)
    scaled = match_partitioned(both, TRAVEL, parts=2, titles={})
    one = one_process(both)
    assert scaled.figures.border_pairs == 0
    assert scaled.figures.released_candidates == 0
    assert scaled.result.coverage() == one.coverage()
    assert scaled.result.total_score() == pytest.approx(one.total_score(), abs=1e-9)
    assert len(scaled.result.joint) == len(one.joint)
    assert scaled.figures.feasible_pairs == len(one.pairs.cand)
    assert scaled.run.outcome.summary.feasible_pairs == len(one.pairs.cand)
    assert (scaled.result.feasible_per_vacancy == one.feasible_per_vacancy).all()


@property_settings(40)
@given(matching_datasets(), st.sampled_from((0.0, 15.0, 40.0)), st.integers(2, 4),
       st.integers(0, 2), st.sampled_from((None, (1, 1), (2, 0), (16, 8))))
def test_no_capacity_is_ever_exceeded(dataset: Dataset, km: float, parts: int,
                                      ring: int, top: tuple[int, int] | None) -> None:
    """Whatever crosses the borders, however few of the border candidates' pairs the parts
    send back: every proposal a feasible pair, no vacancy over its shortlist size, no
    candidate over the proposals allowed; every pair the one process finds is in some
    part (the halo is complete), counted even where not sent back, and the parts send
    back only pairs that exist."""
    both = side_by_side(dataset, km)
    scaled = match_partitioned(both, TRAVEL, parts=parts, titles={}, ring=ring, top=top)
    one = one_process(both)
    assert_within_capacities(scaled.result)
    every = pair_keys(one, np.arange(len(one.pairs.cand)))
    assert pair_keys(scaled.result, np.arange(len(scaled.result.pairs.cand))) <= every
    assert scaled.figures.feasible_pairs == len(every)
    assert (scaled.result.feasible_per_vacancy == one.feasible_per_vacancy).all()


@property_settings(25)
@given(matching_datasets(), st.integers(1, 6))

def test_households_stay_in_one_part(dataset: Dataset, parts: int) -> None:
    problem = MatchProblem.from_dataset(side_by_side(dataset, 20.0))
    split = partition(problem, TRAVEL, parts)
    assert len(split) == parts
    part_of = np.full(problem.n_candidates, -1)
    vac_part = np.full(problem.n_vacancies, -1)
    for part in split.parts:
        part_of[part.candidates] = part.index
        vac_part[part.vacancies] = part.index
        assert not np.isin(part.halo, part.vacancies).any()
    assert (part_of >= 0).all() and (vac_part >= 0).all()  # each in exactly one part
    index = {cid: i for i, cid in enumerate(problem.cand_ids)}
    for household in problem.dataset.households:
        assert len({int(part_of[index[m]]) for m in household.members}) == 1


def test_best_pairs_keeps_each_candidates_and_each_vacancys_best() -> None:
    """Candidate 0 has four pairs, candidate 1 two; vacancy 3 is reached only by
    candidate 0's worst pair, which stays for the vacancy's sake, and vacancy 1's best is
    candidate 1's worse pair."""
    cand = np.array([0, 0, 0, 0, 1, 1])
    vac = np.array([0, 1, 2, 3, 0, 1])
    score = np.array([0.9, 0.5, 0.7, 0.1, 0.8, 0.6])
    assert best_pairs(cand, vac, score, 1, 0).tolist() == [True, False, False, False, True,
                                                           False]
    assert best_pairs(cand, vac, score, 2, 0).tolist() == [True, False, True, False, True,
                                                           True]
    assert best_pairs(cand, vac, score, 1, 1).tolist() == [True, False, True, True, True,
                                                           True]
    assert best_pairs(cand, vac, score, 0, 0).tolist() == [False] * 6
    # ties: the earlier pair first
    assert best_pairs(np.zeros(3, dtype=np.int64), np.arange(3), np.full(3, 0.5), 2,
                      0).tolist() == [True, True, False]


def test_cutting_the_border_candidates_pairs_costs_little() -> None:
    """Two demo districts 40 km apart cut between them: the parts sending back only each
    border candidate's best 16 pairs (and each vacancy's best 8) give the coverage of the
    parts sending back all of them, and count the same border pairs."""
    both = side_by_side(generate_demo(7, candidates=600, employers=40, vacancies=150), 40.0)
    cut = match_partitioned(both, TRAVEL, parts=2, titles={})
    whole = match_partitioned(both, TRAVEL, parts=2, titles={}, top=None)
    assert cut.figures.border_pairs == whole.figures.border_pairs > 0
    assert cut.figures.feasible_pairs == whole.figures.feasible_pairs
    assert len(cut.result.pairs.cand) < len(whole.result.pairs.cand)
    assert cut.result.coverage() == whole.result.coverage()
    assert_within_capacities(cut.result)


def test_grid_shape() -> None:
    assert [grid_shape(n) for n in (1, 2, 3, 4, 6, 9, 12)] == [
        (1, 1), (1, 2), (1, 3), (2, 2), (2, 3), (3, 3), (3, 4)]


def test_one_part_gives_the_one_process_document_byte_for_byte() -> None:
    dataset = generate_demo(7, candidates=300, employers=20, vacancies=60)
    one = result_text(match_dataset(dataset, TRAVEL).outcome)
    scaled = match_partitioned(dataset, TRAVEL, parts=1)
    assert result_text(scaled.run.outcome) == one


def test_the_same_input_gives_the_same_bytes() -> None:
    both = side_by_side(generate_demo(7, candidates=300, employers=20, vacancies=60), 40.0)
    first = result_text(match_partitioned(both, TRAVEL, parts=2).run.outcome)
    again = result_text(match_partitioned(both, TRAVEL, parts=2).run.outcome)
    assert first == again


@pytest.mark.slow
def test_coverage_loss_across_a_border_stays_within_the_bound() -> None:
    """Two demo districts 60 km apart, cut between them: commutes by car cross the border
    both ways, and the parts together lose at most 0.1 % of the one-process coverage."""
    both = side_by_side(generate_demo(11, candidates=1500, employers=100, vacancies=400),
                        60.0)
    scaled = match_partitioned(both, TRAVEL, parts=2, titles={})
    one = one_process(both)
    assert scaled.figures.border_pairs > 0
    assert_within_capacities(scaled.result)
    loss = (one.coverage() - scaled.result.coverage()) / one.coverage()
    assert loss <= COVERAGE_LOSS_BOUND
