"""An exact CP-SAT model of the shortlist assignment: the oracle that checks the flow.

For tests and the benchmark only, on small instances (a few hundred pairs): it states the
objective of :func:`passgenau.matching.assignment.assign` literally, as one integer
programme, instead of as networks, so that the two can be compared exactly:

    maximise  B * sum_v min(count_v, m_v)  +  sum_{chosen p} S_p
    subject to  count_c <= capacity.candidate[c],  count_v <= capacity.vacancy[v],
                each (candidate, vacancy) at most once,

with ``m_v = min(capacity.minimum[v], capacity.vacancy[v])`` and the same integer scores
``S_p`` (:func:`~passgenau.matching.assignment.integer_score`). ``B = (SCORE_SCALE + 1) * U
+ 1``, with ``U`` the most proposals that can be made, exceeds any possible score sum, so
one more covered slot always wins: the lexicographic objective (coverage, then score) in
one sum. ``min(count_v, m_v)`` is an integer variable ``y_v <= count_v``, ``y_v <= m_v``;
maximising pushes it to the minimum.

Deterministic: one worker and a fixed seed. Compare solutions with :func:`objective`.

The household stage comes before the flow (spec, *The shortlist*, rule 2): as many
households with ``place_together`` as possible are proposed together. :func:`most_households`
states that stage literally too: given every household's possible joint placements (each
already within its vacancies' ``positions``), the most households that can be placed at
once without overfilling a shortlist.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Set

import numpy as np
from ortools.sat.python import cp_model

from passgenau.matching.assignment import SCORE_SCALE, Capacities, SolverFailed, integer_score
from passgenau.matching.problem import BoolArray, FloatArray, IntArray

#: Wall-clock limit per instance; the oracle is meant for instances solved in well under it.
TIME_LIMIT_SECONDS = 60.0


def exact_assign(
    cand: IntArray, vac: IntArray, score: FloatArray, capacity: Capacities
) -> BoolArray:
    """Which of the given pairs to propose, optimal for the lexicographic objective."""
    cand = np.asarray(cand, dtype=np.int64)
    vac = np.asarray(vac, dtype=np.int64)
    chosen = np.zeros(len(cand), dtype=bool)
    if len(cand) == 0:
        return chosen
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{k}") for k in range(len(cand))]
    by_cand: dict[int, list[int]] = defaultdict(list)
    by_vac: dict[int, list[int]] = defaultdict(list)
    by_pair: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, (c, v) in enumerate(zip(cand.tolist(), vac.tolist(), strict=True)):
        by_cand[c].append(k)
        by_vac[v].append(k)
        by_pair[c, v].append(k)
    for c, ks in by_cand.items():
        model.add(sum(x[k] for k in ks) <= int(capacity.candidate[c]))
    for ks in by_pair.values():
        if len(ks) > 1:
            model.add(sum(x[k] for k in ks) <= 1)
    covered = []
    for v, ks in by_vac.items():
        count = sum(x[k] for k in ks)
        model.add(count <= int(capacity.vacancy[v]))
        m = int(min(capacity.minimum[v], capacity.vacancy[v]))
        y = model.new_int_var(0, max(m, 0), f"y{v}")
        model.add(y <= count)
        covered.append(y)
    points = integer_score(np.asarray(score, dtype=np.float64)).tolist()
    model.maximize(
        coverage_weight(cand, vac, capacity) * sum(covered)
        + sum(s * xk for s, xk in zip(points, x, strict=True))
    )
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = TIME_LIMIT_SECONDS
    status = solver.solve(model)
    if status != cp_model.OPTIMAL:
        raise SolverFailed(f"CP-SAT ended with status {solver.status_name(status)}")
    chosen[:] = [bool(solver.value(xk)) for xk in x]
    return chosen


def most_households(
    placements: Mapping[int, Set[frozenset[tuple[int, int]]]], places: IntArray
) -> int:
    """The most households placed together at once: household -> its possible placements,
    each a set of (vacancy, members placed there); ``places[v]`` the shortlist places of
    vacancy ``v``. A household takes at most one placement; a vacancy's members over all
    chosen placements never exceed its places."""
    model = cp_model.CpModel()
    by_vacancy: dict[int, list[tuple[cp_model.IntVar, int]]] = defaultdict(list)
    chosen_households = []
    for h, options in placements.items():
        if not options:
            continue
        xs = [model.new_bool_var(f"h{h}_{k}") for k in range(len(options))]
        model.add(sum(xs) <= 1)
        chosen_households.append(sum(xs))
        for x, option in zip(xs, sorted(options, key=sorted), strict=True):
            for v, members in option:
                by_vacancy[v].append((x, members))
    if not chosen_households:
        return 0
    for v, uses in by_vacancy.items():
        model.add(sum(n * x for x, n in uses) <= int(places[v]))
    model.maximize(sum(chosen_households))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = TIME_LIMIT_SECONDS
    status = solver.solve(model)
    if status != cp_model.OPTIMAL:
        raise SolverFailed(f"CP-SAT ended with status {solver.status_name(status)}")
    return round(solver.objective_value)


def coverage_weight(cand: IntArray, vac: IntArray, capacity: Capacities) -> int:
    """``B = (SCORE_SCALE + 1) * U + 1`` with ``U`` the most proposals that can be made:
    every proposal scores at most ``SCORE_SCALE + 1``, so ``B`` exceeds any score sum."""
    used_c, used_v = np.unique(cand), np.unique(vac)
    units = int(min(capacity.candidate[used_c].sum(), capacity.vacancy[used_v].sum()))
    return (SCORE_SCALE + 1) * units + 1


def objective(
    cand: IntArray, vac: IntArray, score: FloatArray, chosen: BoolArray, capacity: Capacities
) -> tuple[int, int]:
    """``(coverage, integer score sum)`` of a selection; compare tuples lexicographically.

    Raises ``ValueError`` when the selection breaks a capacity or takes one
    (candidate, vacancy) twice: such a selection has no objective value.
    """
    cand = np.asarray(cand, dtype=np.int64)
    vac = np.asarray(vac, dtype=np.int64)
    chosen = np.asarray(chosen, dtype=bool)
    per_cand = np.bincount(cand[chosen], minlength=len(capacity.candidate))
    per_vac = np.bincount(vac[chosen], minlength=len(capacity.vacancy))
    if (per_cand > capacity.candidate).any():
        raise ValueError("a candidate is chosen more often than their capacity allows")
    if (per_vac > capacity.vacancy).any():
        raise ValueError("a vacancy gets more proposals than its free slots")
    pairs = set()
    for c, v in zip(cand[chosen].tolist(), vac[chosen].tolist(), strict=True):
        if (c, v) in pairs:
            raise ValueError(f"candidate {c} is chosen twice for vacancy {v}")
        pairs.add((c, v))
    minimum = np.minimum(capacity.minimum, capacity.vacancy)
    coverage = int(np.minimum(per_vac, minimum).sum())
    points = int(integer_score(np.asarray(score, dtype=np.float64)[chosen]).sum())
    return coverage, points
