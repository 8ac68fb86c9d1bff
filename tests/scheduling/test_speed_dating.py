"""The speed-dating timetable: valid rounds, coverage first, then the fair minimum, then
the score; the optimum checked against an independent CP-SAT model of the whole
timetable (meetings *and* rounds) written here."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from passgenau.matching.cpsat import LinearModel, SolveStatus
from passgenau.scheduling.speed_dating import (
    SpeedDatingInput,
    SpeedDatingPlan,
    fair_minimum,
    plan_speed_dating,
)


def instance(pairs: list[tuple[int, int, float]], n_tables: int, n_candidates: int,
             rounds: int) -> SpeedDatingInput:
    return SpeedDatingInput(
        n_tables=n_tables, n_candidates=n_candidates,
        table=np.array([t for t, _, _ in pairs], dtype=np.int64),
        candidate=np.array([c for _, c, _ in pairs], dtype=np.int64),
        score=np.array([s for _, _, s in pairs], dtype=np.float64), rounds=rounds)


def assert_valid(plan: SpeedDatingPlan, problem: SpeedDatingInput) -> None:
    """Nobody twice in a round, no pair twice, only feasible pairs, rounds in range."""
    feasible = {(int(t), int(c)): round(float(s), 4) for t, c, s in
                zip(problem.table, problem.candidate, problem.score, strict=True)}
    meetings = plan.meetings
    assert all(1 <= m.round <= problem.rounds for m in meetings)
    assert max(Counter((m.round, m.table) for m in meetings).values(), default=1) == 1
    assert max(Counter((m.round, m.candidate) for m in meetings).values(), default=1) == 1
    assert max(Counter((m.table, m.candidate) for m in meetings).values(), default=1) == 1
    for m in meetings:
        assert feasible[(m.table, m.candidate)] == m.score
    assert round(sum(m.score for m in meetings), 4) == plan.total_score


def test_everyone_who_fits_meets_before_the_best_pairs_meet_twice() -> None:
    """Two tables, two rounds. C0 and C3 fit both tables well (0.9); C1 fits only table
    A and C2 only table B, poorly (0.2). The best scores alone would be C0 and C3 at both
    tables (3.6) and leave C1, C2 out; the plan gives all four a meeting (coverage first):
    C1 at A, C2 at B, and C0, C3 one each: 0.2 + 0.2 + 0.9 + 0.9 = 2.2."""
    problem = instance([(0, 0, 0.9), (1, 0, 0.9), (0, 1, 0.2), (1, 2, 0.2),
                        (0, 3, 0.9), (1, 3, 0.9)], n_tables=2, n_candidates=4, rounds=2)
    plan = plan_speed_dating(problem)
    assert_valid(plan, problem)
    assert plan.candidates_met == plan.fitting_candidates == 4
    assert plan.total_score == 2.2
    assert plan.score_without_fairness == 3.6
    assert plan.bound == 2.2 and plan.gap == 0.0
    assert {(m.table, m.candidate) for m in plan.meetings} >= {(0, 1), (1, 2)}


def test_the_fair_minimum_is_the_even_share_of_meeting_places() -> None:
    """5 tables × 6 rounds = 30 places for 10 fitting candidates: 3 each; never more than
    the rounds, never less than one."""
    assert fair_minimum(5, 6, 10) == 3
    assert fair_minimum(40, 10, 250) == 1
    assert fair_minimum(10, 4, 3) == 4
    assert fair_minimum(2, 3, 0) == 1


def test_a_fitting_candidate_gets_no_meeting_only_when_the_tables_are_full() -> None:
    """Three candidates fit only table A, which has two rounds: one cannot meet."""
    problem = instance([(0, 0, 0.5), (0, 1, 0.7), (0, 2, 0.6), (1, 3, 0.4)],
                       n_tables=2, n_candidates=4, rounds=2)
    plan = plan_speed_dating(problem)
    assert_valid(plan, problem)
    assert plan.fitting_candidates == 4
    assert plan.candidates_met == 3
    assert {m.candidate for m in plan.meetings} == {1, 2, 3}  # the best two at A


# -- the independent model ------------------------------------------------------------
def exact_optimum(problem: SpeedDatingInput, m: int) -> tuple[int, int, int]:
    """(candidates met, sum of min(meetings, m), score points) of the lexicographically
    best *timetable*, by CP-SAT over x[pair, round] — rounds are modelled, so this does
    not rely on König's theorem; solved level by level, each level fixed for the next."""
    pairs = list(zip(problem.table.tolist(), problem.candidate.tolist(),
                     np.rint(problem.score * 10_000).astype(int).tolist(), strict=True))
    levels: list[int] = []
    for level in range(3):
        model = LinearModel()
        x = {(p, r): model.new_var() for p in range(len(pairs)) for r in range(problem.rounds)}
        for r in range(problem.rounds):
            for t in range(problem.n_tables):
                at = [x[p, r] for p, (tt, _, _) in enumerate(pairs) if tt == t]
                model.at_most(at, [1] * len(at), 1)
            for c in range(problem.n_candidates):
                at = [x[p, r] for p, (_, cc, _) in enumerate(pairs) if cc == c]
                model.at_most(at, [1] * len(at), 1)
        for p in range(len(pairs)):
            row = [x[p, r] for r in range(problem.rounds)]
            model.at_most(row, [1] * len(row), 1)
        met, share = [], []
        for c in range(problem.n_candidates):
            mine = [x[p, r] for p, (_, cc, _) in enumerate(pairs) if cc == c
                    for r in range(problem.rounds)]
            y, z = model.new_var(0, 1), model.new_var(0, m)
            model.at_most([y, *mine], [1] + [-1] * len(mine), 0)  # y <= meetings
            model.at_most([z, *mine], [1] + [-1] * len(mine), 0)  # z <= meetings
            met.append(y)
            share.append(z)
        score_vars = list(x.values())
        score_coeffs = [pairs[p][2] for p, _ in x]
        objectives = [(met, [1] * len(met)), (share, [1] * len(share)),
                      (score_vars, score_coeffs)]
        for k, value in enumerate(levels):  # earlier levels at their optimum
            variables, coeffs = objectives[k]
            model.at_most(variables, [-c for c in coeffs], -value)
        model.maximize(*objectives[level])
        solution = model.solve(time_limit=30)
        assert solution.status is SolveStatus.OPTIMAL
        levels.append(int(solution.objective))
    return levels[0], levels[1], levels[2]


@st.composite
def small_fairs(draw: st.DrawFn) -> SpeedDatingInput:
    n_tables = draw(st.integers(1, 4))
    n_candidates = draw(st.integers(1, 6))
    rounds = draw(st.integers(1, 3))
    cells = [(t, c) for t in range(n_tables) for c in range(n_candidates)]
    chosen = draw(st.lists(st.sampled_from(cells), unique=True, max_size=len(cells)))
    scores = draw(st.lists(st.integers(0, 10_000), min_size=len(chosen),
                           max_size=len(chosen)))
    return instance([(t, c, s / 10_000) for (t, c), s in zip(chosen, scores, strict=True)],
                    n_tables, n_candidates, rounds)


@settings(max_examples=60, deadline=None)
@given(small_fairs())
def test_the_plan_is_the_exact_optimum_of_the_timetable_model(problem) -> None:
    plan = plan_speed_dating(problem)
    assert_valid(plan, problem)
    met, share, points = exact_optimum(problem, plan.fair_minimum)
    counts = Counter(m.candidate for m in plan.meetings)
    assert plan.candidates_met == met
    assert sum(min(k, plan.fair_minimum) for k in counts.values()) == share
    assert round(plan.total_score * 10_000) == points
    assert plan.gap == 0.0


@settings(max_examples=100, deadline=None)
@given(small_fairs())
def test_every_fitting_candidate_meets_when_the_tables_have_room(problem) -> None:
    """When every table could seat all its fitting candidates, nobody who fits is left
    without a meeting, and at most ``rounds`` meetings per table and candidate."""
    plan = plan_speed_dating(problem)
    assert_valid(plan, problem)
    per_table = Counter(problem.table.tolist())
    if all(k <= problem.rounds for k in per_table.values()):
        assert plan.candidates_met == plan.fitting_candidates
    assert max(Counter(m.table for m in plan.meetings).values(), default=0) <= problem.rounds
