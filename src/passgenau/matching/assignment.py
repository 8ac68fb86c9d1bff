"""Optimal shortlists: a min-cost flow over the feasible pairs.

The objective, lexicographic: (1) as many vacancies as possible reach their minimum
shortlist ``m = min(3, size)`` — the sum over vacancies of ``min(proposals, m)`` is
maximal; (2) then the total fit score is maximal. Network: source → candidate (capacity:
proposals the candidate may still receive), candidate → vacancy (capacity 1, cost
``-S``), vacancy → sink in two parallel arcs: the first ``m`` units earn the coverage
reward ``B``, the rest up to ``size`` earn nothing extra; and a zero-cost bypass
source → sink so that no proposal is forced.

Scores become integers here and nowhere else: ``S = 1 + round(1000 * score)`` (every
feasible proposal is worth making), and ``B = 1001 * U + 1`` with ``U`` the most units
that can flow, so one more covered slot outweighs any possible score difference. The flow
is integral, so the optimum is exact.
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
    """OR-Tools did not return an optimum (it should not happen for this network)."""


def assign(
    cand: IntArray, vac: IntArray, score: FloatArray, capacity: Capacities
) -> BoolArray:
    """Which of the given pairs (candidate, vacancy, score) to propose. Pure and exact."""
    n_c, n_v = len(capacity.candidate), len(capacity.vacancy)
    chosen = np.zeros(len(cand), dtype=bool)
    if len(cand) == 0:
        return chosen
    used_c = np.unique(cand)
    used_v = np.unique(vac)
    source, sink = 0, 1 + n_c + n_v
    cap_c = capacity.candidate[used_c]
    units = int(min(cap_c.sum(), capacity.vacancy[used_v].sum()))
    if units == 0:
        return chosen
    reward = (SCORE_SCALE + 1) * units + 1
    minimum = np.minimum(capacity.minimum[used_v], capacity.vacancy[used_v])
    extra = capacity.vacancy[used_v] - minimum
    tails = [
        np.full(len(used_c), source),
        1 + cand,
        1 + n_c + used_v,
        1 + n_c + used_v,
        np.array([source]),
    ]
    heads = [
        1 + used_c,
        1 + n_c + vac,
        np.full(len(used_v), sink),
        np.full(len(used_v), sink),
        np.array([sink]),
    ]
    caps = [cap_c, np.ones(len(cand), np.int64), minimum, extra, np.array([units])]
    costs = [
        np.zeros(len(used_c), np.int64),
        -integer_score(score),
        np.full(len(used_v), -reward, np.int64),
        np.zeros(len(used_v), np.int64),
        np.array([0]),
    ]
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(caps).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
    )
    flow.set_node_supply(source, units)
    flow.set_node_supply(sink, -units)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise SolverFailed(f"min-cost flow ended with status {status}")
    pair_arcs = arcs[len(used_c) : len(used_c) + len(cand)]
    return flow.flows(pair_arcs) > 0


def coverage(vac: IntArray, chosen: BoolArray, minimum: IntArray) -> int:
    """The first objective: sum over vacancies of ``min(proposals, m)``."""
    counts = np.bincount(vac[chosen], minlength=len(minimum))
    return int(np.minimum(counts, minimum).sum())
