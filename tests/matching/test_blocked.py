"""Blocked counts: the compiled straight-line kernel against the generic block path.

The kernel decides most far pairs from a plane distance alone; these instances spread
homes and workplaces over up to 300 km and give candidates any mix of modes, limits and
availabilities, so that every branch (near, far for the commute but within the slack,
far for both, no usable mode) is taken, and both paths must count alike.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passgenau.domain import TravelMode
from passgenau.matching import blocked, compiled, kernels
from passgenau.matching.problem import MatchProblem
from tests.matching import oracle
from tests.matching.instances import (
    EARLY,
    FOOD_RETAILER,
    WAIBLINGEN,
    candidate,
    dataset,
    examples,
    matching_datasets,
    point_at,
    vacancy,
)

pytestmark = pytest.mark.skipif(not kernels.COMPILED, reason="numba is not installed")


@st.composite
def spread_datasets(draw: st.DrawFn):
    """A generated caseload with every home and workplace moved up to 300 km away."""
    ds = draw(matching_datasets(max_candidates=10, max_vacancies=6))
    spread = draw(st.sampled_from((5.0, 40.0, 300.0)))
    where = st.tuples(st.floats(0.0, spread), st.floats(0.0, 360.0))
    candidates = tuple(
        replace(c, home=point_at(WAIBLINGEN, *draw(where))) for c in ds.candidates
    )
    employers = tuple(
        replace(e, location=point_at(WAIBLINGEN, *draw(where))) for e in ds.employers
    )
    vacancies = tuple(replace(v, location=None) for v in ds.vacancies)
    return replace(ds, candidates=candidates, employers=employers, vacancies=vacancies)


@settings(max_examples=examples(60), deadline=None)
@given(spread_datasets())
def test_kernel_counts_equal_the_generic_path_and_the_oracle(travel, ds):
    """For every candidate, COMMUTE and SCHEDULE counts agree three ways."""
    problem = MatchProblem.from_dataset(ds)
    everyone = np.arange(problem.n_candidates)
    fast = blocked._straight_line_counts(problem, travel, everyone)
    assert fast is not None
    generic = blocked._generic_travel_counts(problem, travel, everyone)
    np.testing.assert_array_equal(fast[0], generic[0])
    np.testing.assert_array_equal(fast[1], generic[1])
    for k in range(problem.n_candidates):
        expected = oracle.blocked_by(ds, k)
        assert fast[0][k] == expected.get("COMMUTE", 0)
        assert fast[1][k] == expected.get("SCHEDULE", 0)


def test_a_candidate_without_any_usable_mode_is_blocked_everywhere(travel):
    """Car only and no licence: every vacancy fails COMMUTE, every shifted one SCHEDULE."""
    ds = dataset(
        (vacancy("V1"), vacancy("V2", shifts=(EARLY,))),
        (candidate("C1", modes=(TravelMode.CAR,), driving_licence=False),),
        employers=(FOOD_RETAILER,),
    )
    problem = MatchProblem.from_dataset(ds)
    commute, schedule = blocked._straight_line_counts(problem, travel, np.arange(1))
    assert (int(commute[0]), int(schedule[0])) == (2, 1)


@settings(max_examples=examples(20), deadline=None)
@given(spread_datasets())
def test_blocked_counts_are_the_same_with_and_without_the_kernels(travel, ds):
    """``blocked_counts`` takes the kernel from a threshold of pairs on
    (:mod:`passgenau.matching.compiled`), the numpy path below it: both count alike."""
    problem = MatchProblem.from_dataset(ds)
    everyone = np.arange(problem.n_candidates)
    counts = {}
    for threshold in (0, 10**12):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(compiled, "COMPILE_FROM_PAIRS", threshold)
            patch.setattr(compiled, "COMPILE_FROM_PAIRS_LOADED", threshold)
            counts[threshold] = blocked.blocked_counts(problem, travel, everyone)
    np.testing.assert_array_equal(counts[0], counts[10**12])
