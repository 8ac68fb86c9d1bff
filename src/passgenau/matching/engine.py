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
from passgenau.matching.blocked import RuleOutcomes, unproposed_rules
from passgenau.matching.feasibility import (
    PairEvaluation,
    feasible_pairs,
)
from passgenau.matching.households import (
    MAX_COMBINATIONS,
    TIME_LIMIT_SECONDS,
    JointOption,
    choose_joint,
    joint_options,
)
from passgenau.matching.problem import BoolArray, FloatArray, IntArray, MatchProblem
from passgenau.matching.scoring import ScoreWeights, score_components, total_score


@dataclass(frozen=True, slots=True)
class MatchParams:
    """How a run scores and how long its household stage may search.

    ``household_time_limit_seconds`` (default 10) bounds the CP-SAT models that choose
    among competing joint household proposals, all together; ``max_joint_combinations``
    (default 10,000) bounds the member combinations examined per household. Neither is
    reached on realistic caseloads (a district with a fifth of its candidates in such
    households needs well under a second); when one is, the best choice found is used and
    the result's ``notes`` say so.
    """

    weights: ScoreWeights = field(default_factory=ScoreWeights)
    household_time_limit_seconds: float = TIME_LIMIT_SECONDS
    max_joint_combinations: int = MAX_COMBINATIONS


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
    travel: TravelModel | None = None  # the model the times came from (for explanations)
    notes: tuple[str, ...] = ()  # German: what the user should know (a bound was hit)
    #: per vacancy, its active proposals already in the workflow (None: there are none)
    held: IntArray | None = None
    #: per vacancy, feasible pairs including those in the workflow (None: ``pairs``')
    feasible_counts: IntArray | None = None
    #: near misses and would-open counts of the unproposed (rows as ``blocked``)
    helps: RuleOutcomes | None = None

    @property
    def feasible_per_vacancy(self) -> IntArray:
        """Feasible candidates per vacancy, those already in the workflow included."""
        if self.feasible_counts is not None:
            return self.feasible_counts
        return np.bincount(self.pairs.vac, minlength=self.problem.n_vacancies)

    @property
    def held_per_vacancy(self) -> IntArray:
        """Active workflow proposals per vacancy: they stand on its shortlist too."""
        if self.held is not None:
            return self.held
        return np.zeros(self.problem.n_vacancies, dtype=np.int64)

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
        reached = self.proposals_per_vacancy + self.held_per_vacancy >= self.problem.vac_min
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


@dataclass(frozen=True, slots=True)
class Commitments:
    """Proposals already in the placement workflow, as (candidate, vacancy) indices.

    Their pairs are never proposed again; the ``active`` ones (prepared, consented,
    proposed, interview, trial work) hold a place on the shortlist and one of the
    candidate's proposals, so a new run works around them.
    """

    cand: IntArray
    vac: IntArray
    active: BoolArray

    @classmethod
    def none(cls) -> Commitments:
        empty = np.zeros(0, dtype=np.int64)
        return cls(empty, empty, np.zeros(0, dtype=bool))


def solve(
    problem: MatchProblem,
    travel: TravelModel,
    params: MatchParams | None = None,
    commitments: Commitments | None = None,
    explain: bool = True,
) -> MatchResult:
    """The optimal shortlists. ``explain=False`` leaves out what would help the candidates
    without a proposal (blocked counts, near misses: left empty), for callers that work
    them out themselves (a regional part, whose candidates may yet get a proposal across
    its border, see :mod:`passgenau.matching.partition`)."""
    params = params or MatchParams()
    commitments = commitments or Commitments.none()
    pairs = feasible_pairs(problem, travel)
    held, feasible_counts = None, None
    if len(commitments.cand):
        feasible_counts = _feasible_with_workflow(problem, pairs, commitments)
        held = np.bincount(commitments.vac[commitments.active], minlength=problem.n_vacancies)
        taken = commitments.cand * problem.n_vacancies + commitments.vac
        pairs = pairs.take(~np.isin(pairs.cand * problem.n_vacancies + pairs.vac, taken))
    components = score_components(problem, params.weights, pairs.cand, pairs.vac, pairs.travel)
    score = total_score(components, params.weights)
    base = base_capacity(problem, commitments)
    found = joint_options(problem, pairs, score, base, params.max_joint_combinations)
    choice = choose_joint(base, found.options, params.household_time_limit_seconds)
    joint = choice.chosen
    notes = household_notes(params, len(found.truncated), choice.timed_out)
    fixed = np.zeros(len(pairs.cand), dtype=bool)
    for option in joint:
        fixed[list(option.pairs)] = True
    capacity = remaining_capacity(base, pairs, fixed)
    free = ~fixed
    chosen = fixed.copy()
    chosen[free] = assign(pairs.cand[free], pairs.vac[free], score[free], capacity)
    proposed = np.zeros(problem.n_candidates, dtype=bool)
    proposed[pairs.cand[chosen]] = True
    proposed[commitments.cand[commitments.active]] = True  # on a shortlist already
    unproposed = np.flatnonzero(~proposed)
    helps = (unproposed_rules(problem, travel, unproposed, params.weights) if explain
             else RuleOutcomes.empty(len(unproposed)))
    return MatchResult(
        problem=problem,
        pairs=pairs,
        components=components,
        score=score,
        chosen=chosen,
        joint=tuple(joint),
        unproposed=unproposed,
        blocked=helps.counts,
        travel=travel,
        notes=notes,
        held=held,
        feasible_counts=feasible_counts,
        helps=helps,
    )


def household_notes(params: MatchParams, truncated: int, timed_out: bool) -> tuple[str, ...]:
    """What the result says when the household stage hit one of its bounds (German
    numbers: 10.000, 0,5)."""
    notes = []
    if truncated:
        bound = f"{params.max_joint_combinations:,}".replace(",", ".")
        notes.append(
            f"Haushalte: für {truncated} Haushalt(e) wurden nicht alle gemeinsamen "
            f"Möglichkeiten geprüft (Grenze {bound} Kombinationen je Haushalt); verwendet "
            "werden die besten gefundenen."
        )
    if timed_out:
        seconds = f"{params.household_time_limit_seconds:g}".replace(".", ",")
        notes.append(
            "Haushalte: die Wahl der gemeinsamen Vorschläge hat ihr Zeitlimit von "
            f"{seconds} s erreicht; verwendet wird die beste gefundene Wahl, vielleicht "
            "nicht die optimale."
        )
    return tuple(notes)


def _feasible_with_workflow(
    problem: MatchProblem, pairs: PairEvaluation, commitments: Commitments
) -> IntArray:
    """Feasible candidates per vacancy, counting the pairs in the workflow as well (the
    active ones even if they no longer pass every rule: they stand on the shortlist)."""
    keys = pairs.cand * problem.n_vacancies + pairs.vac
    active = (commitments.cand * problem.n_vacancies + commitments.vac)[commitments.active]
    every = np.union1d(keys, active)
    return np.bincount(every % problem.n_vacancies, minlength=problem.n_vacancies)


def base_capacity(problem: MatchProblem, commitments: Commitments) -> Capacities:
    """Shortlist places and proposal budgets before this run, net of active proposals."""
    active_c = np.bincount(commitments.cand[commitments.active], minlength=problem.n_candidates)
    active_v = np.bincount(commitments.vac[commitments.active], minlength=problem.n_vacancies)
    limit = problem.settings.max_proposals_per_candidate
    return Capacities(
        candidate=np.maximum(limit - active_c, 0),
        vacancy=np.maximum(problem.vac_size - active_v, 0),
        minimum=np.maximum(problem.vac_min - active_v, 0),
    )


def remaining_capacity(base: Capacities, pairs: PairEvaluation, fixed: BoolArray) -> Capacities:
    """Capacities left after the fixed (joint household) proposals."""
    per_cand = np.bincount(pairs.cand[fixed], minlength=len(base.candidate))
    per_vac = np.bincount(pairs.vac[fixed], minlength=len(base.vacancy))
    return Capacities(
        candidate=np.maximum(base.candidate - per_cand, 0),
        vacancy=np.maximum(base.vacancy - per_vac, 0),
        minimum=np.maximum(base.minimum - per_vac, 0),
    )
