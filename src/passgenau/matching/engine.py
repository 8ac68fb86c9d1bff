"""``solve``: from a frozen problem to shortlists, with every decision kept for explanation.

Stages: feasible pairs (the nine rules) → scores → joint household proposals (CP-SAT) →
min-cost flow for the rest → per-rule counts for every candidate left without proposal.
Infeasibility is part of the result (shortfalls, blocked counts), never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from passgenau.geo.travel import TravelModel
from passgenau.matching.assignment import Capacities, assign, coverage
from passgenau.matching.feasibility import (
    RULES,
    PairEvaluation,
    evaluate_pairs,
    feasible_pairs,
)
from passgenau.matching.households import JointOption, choose_joint, joint_options
from passgenau.matching.problem import BoolArray, FloatArray, IntArray, MatchProblem
from passgenau.matching.scoring import ScoreWeights, score_components, total_score

#: Pairs evaluated at once when counting blocking rules (bounds memory).
BLOCK_PAIRS = 2_000_000


@dataclass(frozen=True, slots=True)
class MatchParams:
    weights: ScoreWeights = field(default_factory=ScoreWeights)


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The chosen proposals as rows of the feasible-pair table, plus what explains them."""

    problem: MatchProblem
    pairs: PairEvaluation  # all feasible pairs
    components: FloatArray  # (P, components) score components of the feasible pairs
    score: FloatArray  # (P,) fit score of the feasible pairs
    chosen: BoolArray  # (P,) proposed
    joint: tuple[JointOption, ...]  # joint household proposals (their rows are chosen)
    unproposed: IntArray  # candidate indices without any proposal, ascending
    blocked: IntArray  # (len(unproposed), len(RULES)) vacancies each rule excluded

    @property
    def feasible_per_vacancy(self) -> IntArray:
        return np.bincount(self.pairs.vac, minlength=self.problem.n_vacancies)

    @property
    def proposals_per_vacancy(self) -> IntArray:
        return np.bincount(self.pairs.vac[self.chosen], minlength=self.problem.n_vacancies)

    def coverage(self) -> int:
        """Objective 1: the sum over vacancies of min(proposals, min(3, size))."""
        return coverage(self.pairs.vac, self.chosen, self.problem.vac_min)

    def total_score(self) -> float:
        """Objective 2: the sum of the proposals' fit scores."""
        return float(self.score[self.chosen].sum())

    def summary(self) -> dict[str, float | int]:
        reached = self.proposals_per_vacancy >= self.problem.vac_min
        return {
            "candidates": self.problem.n_candidates,
            "vacancies": self.problem.n_vacancies,
            "feasible_pairs": len(self.pairs.cand),
            "proposals": int(self.chosen.sum()),
            "vacancies_reaching_minimum": int(reached.sum()),
            "coverage": self.coverage(),
            "total_score": round(self.total_score(), 4),
            "joint_household_proposals": len(self.joint),
            "candidates_without_proposal": len(self.unproposed),
        }


def solve(
    problem: MatchProblem, travel: TravelModel, params: MatchParams | None = None
) -> MatchResult:
    params = params or MatchParams()
    pairs = feasible_pairs(problem, travel)
    components = score_components(problem, params.weights, pairs.cand, pairs.vac, pairs.travel)
    score = total_score(components, params.weights)
    joint = choose_joint(problem, joint_options(problem, pairs, score))
    fixed = np.zeros(len(pairs.cand), dtype=bool)
    for option in joint:
        fixed[list(option.pairs)] = True
    capacity = remaining_capacity(problem, pairs, fixed)
    free = ~fixed
    chosen = fixed.copy()
    chosen[free] = assign(pairs.cand[free], pairs.vac[free], score[free], capacity)
    proposed = np.zeros(problem.n_candidates, dtype=bool)
    proposed[pairs.cand[chosen]] = True
    unproposed = np.flatnonzero(~proposed)
    return MatchResult(
        problem=problem,
        pairs=pairs,
        components=components,
        score=score,
        chosen=chosen,
        joint=tuple(joint),
        unproposed=unproposed,
        blocked=blocked_counts(problem, travel, unproposed),
    )


def remaining_capacity(
    problem: MatchProblem, pairs: PairEvaluation, fixed: BoolArray
) -> Capacities:
    """Capacities left after the fixed (joint household) proposals."""
    per_cand = np.bincount(pairs.cand[fixed], minlength=problem.n_candidates)
    per_vac = np.bincount(pairs.vac[fixed], minlength=problem.n_vacancies)
    limit = problem.settings.max_proposals_per_candidate
    return Capacities(
        candidate=np.maximum(limit - per_cand, 0),
        vacancy=np.maximum(problem.vac_size - per_vac, 0),
        minimum=np.maximum(problem.vac_min - per_vac, 0),
    )


def blocked_counts(problem: MatchProblem, travel: TravelModel, candidates: IntArray) -> IntArray:
    """Per given candidate and rule: how many vacancies that rule excludes them from.

    Every rule is evaluated on every (candidate, vacancy) pair, so a pair failing two rules
    counts for both, exactly as the spec asks; done in blocks to bound memory.
    """
    counts = np.zeros((len(candidates), len(RULES)), dtype=np.int64)
    n_v = problem.n_vacancies
    if n_v == 0 or len(candidates) == 0:
        return counts
    per_block = max(1, BLOCK_PAIRS // n_v)
    vac_all = np.arange(n_v, dtype=np.int64)
    for lo in range(0, len(candidates), per_block):
        block = candidates[lo : lo + per_block]
        cand = np.repeat(block, n_v)
        vac = np.tile(vac_all, len(block))
        failed = ~evaluate_pairs(problem, travel, cand, vac).ok
        counts[lo : lo + len(block)] = failed.reshape(len(block), n_v, len(RULES)).sum(axis=1)
    return counts
