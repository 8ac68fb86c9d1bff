"""Optimal shortlists: a maximum flow, then a min-cost flow over the feasible pairs.

The objective, lexicographic: (1) as many vacancies as possible reach their minimum
shortlist ``m = min(3, size)`` — the sum over vacancies of ``min(proposals, m)`` is
maximal; (2) then the total fit score is maximal.

Network: source → candidate (capacity: proposals the candidate may still receive),
candidate → vacancy (capacity 1), vacancy → two sinks: a *covered* arc of capacity ``m``
into sink ``T_cov`` and an *extra* arc of capacity ``size - m`` into sink ``T_extra``, and a
bypass source → ``T_extra`` so that no proposal is forced.

1. A maximum flow with only the covered arcs gives the best coverage ``K``.
2. A min-cost flow (cost ``-S`` on pair arcs) then sends exactly ``K`` units into
   ``T_cov``: every solution of that network has coverage ``K``, and the cheapest one has
   the highest total score. Two phases instead of one big coverage reward keep the costs
   small, which makes the cost-scaling solver faster, with the same optimum.

Scores become integers here and nowhere else: ``S = 1 + round(1000 * score)``, so every
feasible proposal is worth making. Flows are integral, so the optimum is exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from passgenau.matching.problem import BoolArray, FloatArray, IntArray

SCORE_SCALE = 1000


def integer_score(score: FloatArray) -> IntArray:
    """The one place where scores become the integers the solver works with."""
    return 1 + np.rint(score * SCORE_SCALE).astype(np.int64)


@dataclass(frozen=True, slots=True)
class Capacities:
    """What is left to hand out: per candidate proposals, per vacancy slots and minimum."""

    candidate: IntArray  # proposals a candidate may still receive
    vacancy: IntArray  # free slots on the shortlist
    minimum: IntArray  # slots still needed to reach min(3, size)


class SolverFailed(RuntimeError):
    """OR-Tools did not return an optimum (it should not happen for these networks)."""


def assign(
    cand: IntArray, vac: IntArray, score: FloatArray, capacity: Capacities
) -> BoolArray:
    """Which of the given pairs (candidate, vacancy, score) to propose. Pure and exact."""
    n_c, n_v = len(capacity.candidate), len(capacity.vacancy)
    if len(cand) == 0:
        return np.zeros(0, dtype=bool)
    units = int(min(capacity.candidate.sum(), capacity.vacancy.sum()))
    if units == 0:
        return np.zeros(len(cand), dtype=bool)
    source, t_cov, t_extra = 0, 1 + n_c + n_v, 2 + n_c + n_v
    candidates = np.arange(n_c)
    vacancies = np.arange(n_v)
    covered = np.minimum(capacity.minimum, capacity.vacancy)
    best_coverage = _max_coverage(cand, vac, capacity, covered)

    tails = [np.zeros(n_c, np.int64), 1 + cand, 1 + n_c + vacancies, 1 + n_c + vacancies,
             np.array([source])]
    heads = [1 + candidates, 1 + n_c + vac, np.full(n_v, t_cov), np.full(n_v, t_extra),
             np.array([t_extra])]
    caps = [capacity.candidate, np.ones(len(cand), np.int64), covered,
            capacity.vacancy - covered, np.array([units])]
    costs = [np.zeros(n_c, np.int64), -integer_score(score), np.zeros(n_v, np.int64),
             np.zeros(n_v, np.int64), np.array([0])]
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(caps).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
    )
    flow.set_nodes_supplies(
        np.array([source, t_cov, t_extra], dtype=np.int32),
        np.array([units, -best_coverage, -(units - best_coverage)], dtype=np.int64),
    )
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise SolverFailed(f"min-cost flow ended with status {status}")
    return flow.flows(arcs[n_c : n_c + len(cand)]) > 0


#: Pairs from which phase 1 takes OR-Tools' max-flow solver: about five times faster
#: than the min-cost flow solver's maximum flow (0.02 s against 0.1 s on the district's
#: 380,000 pairs) but another library to load (0.05 s); below this the min-cost flow
#: module, loaded for phase 2 anyway, answers alone. The value is the same either way.
MAX_FLOW_FROM_PAIRS = 200_000


def _max_coverage(
    cand: IntArray, vac: IntArray, capacity: Capacities, covered: IntArray
) -> int:
    """Phase 1: the largest coverage any assignment can reach (a maximum flow)."""
    n_c, n_v = len(capacity.candidate), len(capacity.vacancy)
    sink = 1 + n_c + n_v
    tails = np.concatenate([np.zeros(n_c, np.int64), 1 + cand, 1 + n_c + np.arange(n_v)])
    heads = np.concatenate([1 + np.arange(n_c), 1 + n_c + vac, np.full(n_v, sink)])
    caps = np.concatenate([capacity.candidate, np.ones(len(cand), np.int64), covered])
    if len(cand) >= MAX_FLOW_FROM_PAIRS:
        from ortools.graph.python import max_flow

        solver = max_flow.SimpleMaxFlow()
        solver.add_arcs_with_capacity(tails.astype(np.int32), heads.astype(np.int32),
                                      caps.astype(np.int64))
        status = solver.solve(0, sink)
        if status != solver.OPTIMAL:
            raise SolverFailed(f"maximum flow ended with status {status}")
        return int(solver.optimal_flow())
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps.astype(np.int64),
        np.zeros(len(tails), dtype=np.int64))
    most = int(capacity.candidate.sum())  # no flow can exceed what leaves the source
    flow.set_nodes_supplies(np.array([0, sink], dtype=np.int32),
                            np.array([most, -most], dtype=np.int64))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise SolverFailed(f"maximum flow ended with status {status}")
    return int(flow.maximum_flow())


def coverage(vac: IntArray, chosen: BoolArray, minimum: IntArray) -> int:
    """The first objective: sum over vacancies of ``min(proposals, m)``."""
    counts = np.bincount(vac[chosen], minlength=len(minimum))
    return int(np.minimum(counts, minimum).sum())
