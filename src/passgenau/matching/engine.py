"""``solve``: from a frozen problem to shortlists, with every decision kept for explanation.

Stages: feasible pairs (the nine rules) → scores → joint household proposals (CP-SAT) →
min-cost flow for the rest → per-rule counts for every candidate left without proposal.
Infeasibility is part of the result (shortfalls, blocked counts), never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from passgenau.geo.distance import EARTH_RADIUS_KM
from passgenau.geo.travel import NO_WAY, TravelModel
from passgenau.matching.assignment import Capacities, assign, coverage
from passgenau.matching.feasibility import (
    LEVELS,
    NOT_PERMITTED,
    RULES,
    STATIC,
    STATIC_RULES,
    PairEvaluation,
    R,
    candidate_reach_km,
    feasible_pairs,
    option_slack,
    slack_table,
    travel_minutes,
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
) -> MatchResult:
    params = params or MatchParams()
    commitments = commitments or Commitments.none()
    pairs = feasible_pairs(problem, travel)
    if len(commitments.cand):
        taken = commitments.cand * problem.n_vacancies + commitments.vac
        pairs = pairs.take(~np.isin(pairs.cand * problem.n_vacancies + pairs.vac, taken))
    components = score_components(problem, params.weights, pairs.cand, pairs.vac, pairs.travel)
    score = total_score(components, params.weights)
    base = base_capacity(problem, commitments)
    joint = choose_joint(base, joint_options(problem, pairs, score, base))
    fixed = np.zeros(len(pairs.cand), dtype=bool)
    for option in joint:
        fixed[list(option.pairs)] = True
    capacity = remaining_capacity(base, pairs, fixed)
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


def blocked_counts(problem: MatchProblem, travel: TravelModel, candidates: IntArray) -> IntArray:
    """Per given candidate and rule: how many vacancies that rule excludes them from.

    Every rule counts over every vacancy, so a pair failing two rules counts for both,
    exactly as the spec asks. The seven rules that need no travel time are counted from
    sorted vacancy attributes (no pairs at all); COMMUTE and SCHEDULE need the travel time
    of every pair and are evaluated in blocks to bound memory.
    """
    counts = np.zeros((len(candidates), len(RULES)), dtype=np.int64)
    n_v = problem.n_vacancies
    if n_v == 0 or len(candidates) == 0:
        return counts
    counts[:, STATIC] = static_rule_counts(problem, candidates)
    patterns = np.unique(problem.cand_avail[candidates])
    tabulate = len(patterns) * n_v <= SLACK_TABLE_CELLS
    if tabulate:  # (availability pattern, vacancy) -> best slack, computed once
        slack = vacancy_slack_table(problem, patterns)
    has_shifts = (problem.vac_opt_first[1:] - problem.vac_opt_first[:-1]) > 0
    always_fits = np.iinfo(np.int64).max
    reach = candidate_reach_km(problem, travel)
    hx, hy = plane_km(problem.cand_lat, problem.cand_lon, problem)
    wx, wy = plane_km(problem.vac_lat, problem.vac_lon, problem)
    per_block = max(1, BLOCK_PAIRS // n_v)
    for lo in range(0, len(candidates), per_block):
        block = candidates[lo : lo + per_block]
        # every (candidate in block, vacancy) at once, as (block, V) arrays
        if tabulate:
            best = slack[np.searchsorted(patterns, problem.cand_avail[block])]
        else:  # many distinct availabilities: slack per pair and option
            cand, vac = np.repeat(block, n_v), np.tile(np.arange(n_v), len(block))
            po_pair, _, po_slack = option_slack(problem, cand, vac)
            flat = np.full(len(cand), -1, dtype=np.int64)
            np.maximum.at(flat, po_pair, po_slack)
            best = flat.reshape(len(block), n_v)
        best = np.where(has_shifts[None, :], best, always_fits)
        limit = problem.cand_max_commute[block][:, None]
        # Beyond a candidate's reach (told apart on a plane that never overstates
        # distances, with a margin) the commute exceeds the limit for sure, and SCHEDULE
        # then fails already where the slack is within the limit: only near pairs and far
        # ones with more slack than that need their real travel time.
        near = (
            np.hypot(hx[block][:, None] - wx[None, :], hy[block][:, None] - wy[None, :])
            <= (reach[block] * 1.01 + 0.5)[:, None]
        )
        rows, vacs = np.nonzero(near | (has_shifts[None, :] & (best > limit)))
        minutes = np.full((len(block), n_v), NO_WAY, dtype=np.int64)
        minutes[rows, vacs], _ = travel_minutes(problem, travel, block[rows], vacs)
        counts[lo : lo + len(block), R["COMMUTE"]] = (minutes > limit).sum(axis=1)
        counts[lo : lo + len(block), R["SCHEDULE"]] = (best < minutes).sum(axis=1)
    return counts


def plane_km(
    lat: FloatArray, lon: FloatArray, problem: MatchProblem
) -> tuple[FloatArray, FloatArray]:
    """Equirectangular km at the caseload's northernmost latitude: east-west distances
    come out shorter than on the sphere, so "farther than r on the plane" is safe."""
    top = max(np.abs(problem.cand_lat).max(initial=0), np.abs(problem.vac_lat).max(initial=0))
    km_per_deg = EARTH_RADIUS_KM * np.pi / 180.0
    return lon * km_per_deg * np.cos(np.radians(top)), lat * km_per_deg


#: Cells of the (availability pattern × vacancy) slack table beyond which blocked counts
#: compute slack per pair instead (bounds memory when availabilities are all different).
SLACK_TABLE_CELLS = 20_000_000


def vacancy_slack_table(problem: MatchProblem, patterns: IntArray) -> IntArray:
    """(given availability patterns, vacancies): the largest slack over the vacancy's shift
    options, i.e. the longest commute with which some option still fits (SCHEDULE holds
    iff slack >= travel minutes); -1 where the vacancy has no shift options."""
    p = problem
    n_a, n_v = len(patterns), p.n_vacancies
    table = np.full((n_a, n_v), -1, dtype=np.int64)
    if len(p.opt_vacancy) == 0:
        return table
    n_pat = len(p.pat_dem_first) - 1
    combos = (patterns[:, None] * n_pat + np.arange(n_pat)[None, :]).ravel()
    per_pattern = slack_table(p, combos).reshape(n_a, n_pat)
    for_options = per_pattern[:, p.opt_pattern]  # (A, options)
    np.maximum.at(table.T, p.opt_vacancy, for_options.T)
    return table


def static_rule_counts(problem: MatchProblem, candidates: IntArray) -> IntArray:
    """(len(candidates), len(STATIC_RULES)) vacancies failing each travel-free rule."""
    p = problem
    c = candidates
    n_v = p.n_vacancies
    out: dict[str, IntArray] = {}
    out["WORK_PERMIT"] = np.where(p.cand_permit[c] == NOT_PERMITTED, n_v, 0)
    above = np.bincount(p.vac_level_min, minlength=LEVELS)[::-1].cumsum()[::-1]
    out["LANGUAGE"] = np.append(above, 0)[p.cand_level[c] + 1]
    hours = np.sort(p.vac_hours)
    out["HOURS"] = np.searchsorted(hours, p.cand_hours_min[c], side="left") + (
        n_v - np.searchsorted(hours, p.cand_hours_max[c], side="right")
    )
    out["DRIVING_LICENCE"] = np.where(p.cand_licence[c], 0, int(p.vac_licence.sum()))
    start = np.sort(p.vac_start + p.settings.grace_days)
    out["START"] = np.searchsorted(start, p.cand_available[c], side="left")
    out["RECOGNITION"] = _prefix_rule_counts(
        p, c, p.recognised_keys, p.vac_kldb[p.vac_recognition] // 10
    )
    out["QUALIFICATION"] = _prefix_rule_counts(
        p, c, p.qualified_keys, p.vac_kldb[p.vac_kldb % 10 >= 2] // 100
    )
    return np.column_stack([out[r] for r in STATIC_RULES])


def _prefix_rule_counts(
    problem: MatchProblem, candidates: IntArray, keys: IntArray, demanded: IntArray
) -> IntArray:
    """Vacancies demanding a code prefix (``demanded``, one per such vacancy) that the
    candidate lacks: all of them minus those whose prefix is among the candidate's keys."""
    prefixes, per_prefix = np.unique(demanded, return_counts=True)
    owner, prefix = keys // 100_000, keys % 100_000
    position = {int(cand): k for k, cand in enumerate(candidates.tolist())}
    mine = np.isin(owner, candidates)
    owner, prefix = owner[mine], prefix[mine]
    covered = np.zeros(len(candidates), dtype=np.int64)
    if len(prefixes) and len(prefix):
        at = np.minimum(np.searchsorted(prefixes, prefix), len(prefixes) - 1)
        hit = prefixes[at] == prefix
        rows = np.array([position[int(o)] for o in owner[hit].tolist()], dtype=np.int64)
        np.add.at(covered, rows, per_prefix[at[hit]])
    return len(demanded) - covered
