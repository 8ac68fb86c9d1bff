"""The greedy baseline: what a person working down ranked lists would propose.

Vacancies are handled one after the other, in input order. Each takes its best remaining
candidates — by fit score, ties by candidate index — until its shortlist is full or it
runs out of candidates who may still be proposed (a candidate stands in at most
``capacity.candidate[c]`` shortlists). There is no look-ahead: an early vacancy takes a
strong candidate even when a later vacancy has nobody else, which is exactly why the
engine's flow (``assignment.assign``) optimises coverage of the minimum shortlist first.

Only the benchmark and the tests use it, as the yardstick the engine must beat.
"""

from __future__ import annotations

import numpy as np

from passgenau.matching.assignment import Capacities
from passgenau.matching.problem import BoolArray, FloatArray, IntArray


def greedy_assign(
    cand: IntArray, vac: IntArray, score: FloatArray, capacity: Capacities
) -> BoolArray:
    """Which of the given pairs (candidate, vacancy, score) the greedy walk proposes.

    Deterministic: the order is (vacancy, score descending, candidate) and nothing else.
    ``capacity.minimum`` is ignored — the greedy walk does not know about it.
    """
    chosen = np.zeros(len(cand), dtype=bool)
    if len(cand) == 0:
        return chosen
    # One sort: by vacancy, then best score first, then lowest candidate index.
    order = np.lexsort((cand, -score, vac))
    vac_sorted = vac[order]
    bounds = np.flatnonzero(np.diff(vac_sorted)) + 1
    starts = np.concatenate(([0], bounds)).tolist()
    ends = np.concatenate((bounds, [len(order)])).tolist()
    cand_sorted = cand[order].tolist()
    vacancies = vac_sorted[starts].tolist()
    cand_left = capacity.candidate.astype(np.int64).tolist()
    vac_left = capacity.vacancy.astype(np.int64).tolist()
    taken: list[int] = []  # positions in the sorted order
    for v, lo, hi in zip(vacancies, starts, ends, strict=True):
        slots = vac_left[v]
        k = lo
        while slots > 0 and k < hi:
            c = cand_sorted[k]
            if cand_left[c] > 0:
                cand_left[c] -= 1
                slots -= 1
                taken.append(k)
            k += 1
        vac_left[v] = slots
    chosen[order[np.asarray(taken, dtype=np.int64)]] = True
    return chosen
