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
             rounds: int, allowed: np.ndarray | None = None) -> SpeedDatingInput:
    return SpeedDatingInput(
        n_tables=n_tables, n_candidates=n_candidates,
        table=np.array([t for t, _, _ in pairs], dtype=np.int64),
        candidate=np.array([c for _, c, _ in pairs], dtype=np.int64),
        score=np.array([s for _, _, s in pairs], dtype=np.float64), rounds=rounds,
        allowed=allowed)


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
        if problem.allowed is not None:
            assert problem.allowed[m.candidate, m.round - 1]
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
        if problem.allowed is not None:  # a round the candidate cannot attend: no meeting
            for (p, r), v in x.items():
                if not problem.allowed[pairs[p][1], r]:
                    model.at_most([v], [1], 0)
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
def small_fairs(draw: st.DrawFn, side_rule: bool = False) -> SpeedDatingInput:
    n_tables = draw(st.integers(1, 4))
    n_candidates = draw(st.integers(1, 6))
    rounds = draw(st.integers(1, 3))
    allowed = None
    if side_rule:  # each candidate can attend a run of rounds (the first, the last …)
        allowed = np.zeros((n_candidates, rounds), dtype=bool)
        for c in range(n_candidates):
            if draw(st.booleans()):
                first = draw(st.integers(0, rounds - 1))
                last = draw(st.integers(first, rounds - 1))
                allowed[c, first : last + 1] = True
            else:  # any rounds, none included (such pairs cannot meet)
                allowed[c] = draw(st.lists(st.booleans(), min_size=rounds, max_size=rounds))
    cells = [(t, c) for t in range(n_tables) for c in range(n_candidates)]
    chosen = draw(st.lists(st.sampled_from(cells), unique=True, max_size=len(cells)))
    scores = draw(st.lists(st.integers(0, 10_000), min_size=len(chosen),
                           max_size=len(chosen)))
    return instance([(t, c, s / 10_000) for (t, c), s in zip(chosen, scores, strict=True)],
                    n_tables, n_candidates, rounds, allowed)


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


@settings(max_examples=80, deadline=None)
@given(small_fairs(side_rule=True))
def test_with_rounds_candidates_can_attend_the_plan_is_still_exact(problem) -> None:
    """The side rule (CP-SAT list colouring, or the joint model when that fails) still
    gives the exact optimum of the timetable model, and only allowed rounds."""
    plan = plan_speed_dating(problem)
    assert_valid(plan, problem)
    assert plan.optimal
    met, share, points = exact_optimum(problem, plan.fair_minimum)
    counts = Counter(m.candidate for m in plan.meetings)
    assert plan.candidates_met == met
    assert sum(min(k, plan.fair_minimum) for k in counts.values()) == share
    assert round(plan.total_score * 10_000) == points
    assert plan.bound >= plan.total_score


def test_six_mothers_who_leave_after_five_rounds_cannot_all_meet_one_table() -> None:
    """One table, ten rounds; six candidates who can stay for the first five only, and
    fit that table alone: the best five meet, in rounds 1–5, and that is optimal (the
    flow knows that the table has five rounds for them)."""
    allowed = np.zeros((6, 10), dtype=bool)
    allowed[:, :5] = True
    scores = [0.5, 0.6, 0.7, 0.8, 0.9, 0.4]
    problem = instance([(0, c, s) for c, s in enumerate(scores)], 1, 6, 10, allowed)
    plan = plan_speed_dating(problem)
    assert_valid(plan, problem)
    assert plan.candidates_met == 5
    assert {m.candidate for m in plan.meetings} == {0, 1, 2, 3, 4}
    assert plan.total_score == plan.bound == 3.5
    assert plan.gap == 0.0


def test_rounds_that_cannot_be_given_are_chosen_by_cp_sat_with_the_gap() -> None:
    """One table, three rounds. A can come to round 1 only, B to round 2 only, C to
    rounds 1 and 2: all three fit the table's capacity and their own, so the flow seats
    them (bound 0.5 + 0.6 + 0.9 = 2.0), but only two rounds serve them. CP-SAT seats C
    and B (1.5, the best two) and reports the gap 0.5 / 2.0 to the bound."""
    allowed = np.array([[True, False, False], [False, True, False], [True, True, False]])
    problem = instance([(0, 0, 0.5), (0, 1, 0.6), (0, 2, 0.9)], 1, 3, 3, allowed)
    plan = plan_speed_dating(problem)
    assert_valid(plan, problem)
    assert plan.method == "cp-sat" and plan.optimal
    assert {m.candidate for m in plan.meetings} == {1, 2}
    assert plan.total_score == 1.5
    assert plan.bound == 2.0
    assert plan.gap == 0.25
    assert (plan.candidates_met, plan.candidates_met_bound) == (2, 3)


def test_a_mother_who_leaves_early_meets_in_the_first_rounds() -> None:
    """Two tables, four rounds; M can attend rounds 1–2 only: her meetings lie there."""
    allowed = np.ones((3, 4), dtype=bool)
    allowed[0, 2:] = False
    problem = instance([(0, 0, 0.9), (1, 0, 0.8), (0, 1, 0.7), (1, 1, 0.6), (0, 2, 0.5),
                        (1, 2, 0.4)], 2, 3, 4, allowed)
    plan = plan_speed_dating(problem)
    assert_valid(plan, problem)
    assert plan.method == "list-colouring" and plan.gap == 0.0
    assert sorted(m.round for m in plan.meetings if m.candidate == 0) == [1, 2]
