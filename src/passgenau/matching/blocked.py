"""Per-rule counts for the candidates left without proposal.

The spec counts every rule over *every* vacancy (a pair failing two rules counts for
both), so these counts are the one place where the matching looks at candidates ×
vacancies rather than at the feasible pairs. The seven rules that need no travel time
are counted from sorted vacancy attributes, with no pairs at all. COMMUTE and SCHEDULE
need a travel time per pair:

* for models whose fast path is straight lines only (the reference model: minutes a
  monotone function of the distance) a compiled kernel walks each candidate's row once, and on
  most pairs a squared plane distance decides without computing the travel time: beyond
  the distance a candidate's fastest mode covers in ``max(limit, slack)`` minutes both
  the commute and the widened shift fail for sure. Only pairs inside that radius get the
  haversine distance and the model's exact minutes, computed exactly as the model does.
* with a timetable's fast path (scan rows) a compiled kernel decides each pair as the
  feasibility does, reading public transport off the laid-out scan rows itself
  (:func:`fused_timed_counts`); the numpy path asking the model in blocks of pairs
  (:func:`timed_travel_counts`) remains for when tables would not fit, and as the
  kernel's reference in the tests.
* any other model, and every model on few pairs (:mod:`passgenau.matching.compiled`:
  then numba is not even imported), is asked for the travel times in blocks of pairs:
  per shift option where its minutes depend on the shift, else per pair.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from passgenau.domain.model import TravelMode
from passgenau.domain.schedule import MINUTES_PER_DAY
from passgenau.geo.distance import EARTH_RADIUS_KM
from passgenau.geo.travel import NO_WAY, TravelModel
from passgenau.matching.compiled import kernels_for
from passgenau.matching.feasibility import (
    LEVELS,
    NOT_PERMITTED,
    PLANE_MARGIN,
    RULES,
    STATIC,
    STATIC_RULES,
    R,
    candidate_reach_km,
    model_fast_path,
    no_helps,
    option_slack,
    pair_travel_minutes,
    pattern_slacks,
    plane_km,
    schedule_rule,
    slack_table,
    timed_rules_compiled,
    travel_minutes,
    travel_rules,
)
from passgenau.matching.problem import MODES, BoolArray, FloatArray, IntArray, MatchProblem
from passgenau.matching.scoring import (
    PREFIX_FIT,
    ScoreWeights,
    score_components,
    shared_digits,
    total_score,
)

#: Pairs evaluated at once by the generic path (bounds memory).
BLOCK_PAIRS = 2_000_000

#: Pairs evaluated at once with a timetable: larger blocks, because each block's
#: timetable read-off first lays out the scan rows of every workplace it needs.
TIMED_BLOCK_PAIRS = 1_000_000

#: Cells of the (availability pattern × vacancy) slack table beyond which the generic
#: path computes slack per pair instead (bounds memory when availabilities all differ).
SLACK_TABLE_CELLS = 20_000_000




def blocked_counts(problem: MatchProblem, travel: TravelModel, candidates: IntArray) -> IntArray:
    """Per given candidate and rule: how many vacancies that rule excludes them from."""
    counts = np.zeros((len(candidates), len(RULES)), dtype=np.int64)
    if problem.n_vacancies == 0 or len(candidates) == 0:
        return counts
    counts[:, STATIC] = static_rule_counts(problem, candidates)
    both = None
    if kernels_for(len(candidates) * problem.n_vacancies) is not None:
        fast = model_fast_path(problem, travel)
        if fast is not None and fast.scans is not None:
            both = fused_timed_counts(problem, travel, candidates)
        elif fast is not None and not travel.shift_modes:
            both = _straight_line_counts(problem, travel, candidates)
    if both is None and travel.shift_modes:
        both = timed_travel_counts(problem, travel, candidates)
    if both is None:
        both = _generic_travel_counts(problem, travel, candidates)
    counts[:, R["COMMUTE"]], counts[:, R["SCHEDULE"]] = both
    return counts


def _straight_line_counts(
    problem: MatchProblem,
    model: TravelModel,
    candidates: IntArray,
    helps: tuple[object, ...] | None = None,
) -> tuple[IntArray, IntArray] | None:
    """COMMUTE and SCHEDULE counts by the compiled kernel, for a model whose minutes are
    straight lines (None: no such fast path, or a table too large); ``helps``: the
    kernel's trailing arguments for needed pairs (:func:`_help_arguments`)."""
    from passgenau.matching import kernels

    p = problem
    fast = model_fast_path(p, model)
    if fast is None or fast.scans is not None or model.shift_modes:
        return None
    slacks = pattern_slacks(p, candidates)
    if slacks is None:
        return None
    pattern_row, by_pattern = slacks
    hx, hy = plane_km(p.cand_lat[candidates], p.cand_lon[candidates], p)
    wx, wy = plane_km(p.vac_lat, p.vac_lon, p)
    homes, works = p.homes, p.workplaces
    commute, schedule = kernels.travel_rule_counts(
        hx, hy,
        homes.phi[candidates], homes.lmb[candidates], homes.cos_phi[candidates],
        p.cand_max_commute[candidates].astype(np.int64),
        np.ascontiguousarray(p.cand_modes[candidates]),
        pattern_row.astype(np.int64).ravel(),
        wx, wy, works.phi, works.lmb, works.cos_phi,
        p.vac_opt_first.astype(np.int64), p.opt_pattern.astype(np.int64),
        np.ascontiguousarray(by_pattern, dtype=np.int64),
        fast.kmh, fast.overhead, fast.detour,
        PLANE_MARGIN[0], PLANE_MARGIN[1], EARTH_RADIUS_KM,
        *(helps or no_helps()),
    )
    return commute, schedule


def _generic_travel_counts(
    problem: MatchProblem, travel: TravelModel, candidates: IntArray
) -> tuple[IntArray, IntArray]:
    """COMMUTE and SCHEDULE counts asking the model for every pair that could matter,
    as (block of candidates × all vacancies) arrays."""
    p = problem
    n_v = p.n_vacancies
    commute = np.zeros(len(candidates), dtype=np.int64)
    schedule = np.zeros(len(candidates), dtype=np.int64)
    patterns = np.unique(p.cand_avail[candidates])
    tabulate = len(patterns) * n_v <= SLACK_TABLE_CELLS
    if tabulate:  # (availability pattern, vacancy) -> best slack, computed once
        slack = vacancy_slack_table(p, patterns)
    has_shifts = (p.vac_opt_first[1:] - p.vac_opt_first[:-1]) > 0
    always_fits = np.iinfo(np.int64).max
    reach = candidate_reach_km(p, travel)
    hx, hy = plane_km(p.cand_lat, p.cand_lon, p)
    wx, wy = plane_km(p.vac_lat, p.vac_lon, p)
    per_block = max(1, BLOCK_PAIRS // n_v)
    for lo in range(0, len(candidates), per_block):
        block = candidates[lo : lo + per_block]
        if tabulate:
            best = slack[np.searchsorted(patterns, p.cand_avail[block])]
        else:  # many distinct availabilities: slack per pair and option
            cand, vac = np.repeat(block, n_v), np.tile(np.arange(n_v), len(block))
            po_pair, _, po_slack = option_slack(p, cand, vac)
            flat = np.full(len(cand), -1, dtype=np.int64)
            np.maximum.at(flat, po_pair, po_slack)
            best = flat.reshape(len(block), n_v)
        best = np.where(has_shifts[None, :], best, always_fits)
        limit = p.cand_max_commute[block][:, None]
        # Beyond a candidate's reach the commute exceeds the limit for sure, and SCHEDULE
        # then fails already where the slack is within the limit: only near pairs and
        # far ones with more slack than that need their real travel time.
        near = (
            np.hypot(hx[block][:, None] - wx[None, :], hy[block][:, None] - wy[None, :])
            <= (reach[block] * PLANE_MARGIN[0] + PLANE_MARGIN[1])[:, None]
        )
        rows, vacs = np.nonzero(near | (has_shifts[None, :] & (best > limit)))
        minutes = np.full((len(block), n_v), NO_WAY, dtype=np.int64)
        minutes[rows, vacs], _ = travel_minutes(p, travel, block[rows], vacs)
        commute[lo : lo + len(block)] = (minutes > limit).sum(axis=1)
        schedule[lo : lo + len(block)] = (best < minutes).sum(axis=1)
    return commute, schedule


def fused_timed_counts(
    problem: MatchProblem, travel: TravelModel, candidates: IntArray
) -> tuple[IntArray, IntArray] | None:
    """COMMUTE and SCHEDULE counts with a timetable by one compiled pass
    (:func:`kernels.timed_rule_counts`), deciding each pair as :func:`timed_travel_counts`
    does: that path's millions of (pair, option) rows cost far more in numpy than the
    read-off itself. None: a table would not fit (the caller takes the numpy path)."""
    decided = timed_rules_compiled(problem, travel, candidates)
    return None if decided is None else (decided[0], decided[1])


def timed_travel_counts(
    problem: MatchProblem, travel: TravelModel, candidates: IntArray
) -> tuple[IntArray, IntArray]:
    """COMMUTE and SCHEDULE counts with a timetable: every shift option of every pair
    within reach is evaluated as the feasibility does; pairs farther than any of the
    candidate's modes gets in ``max(limit, best slack)`` minutes fail both for sure.
    The reference for :func:`fused_timed_counts` (and the path for models without scan
    rows, and for few pairs)."""
    p = problem
    n_v = p.n_vacancies
    commute = np.zeros(len(candidates), dtype=np.int64)
    schedule = np.zeros(len(candidates), dtype=np.int64)
    patterns = np.unique(p.cand_avail[candidates])
    slack = vacancy_slack_table(p, patterns)
    has_shifts = (p.vac_opt_first[1:] - p.vac_opt_first[:-1]) > 0
    hx, hy = plane_km(p.cand_lat, p.cand_lon, p)
    wx, wy = plane_km(p.vac_lat, p.vac_lon, p)
    per_block = max(1, TIMED_BLOCK_PAIRS // n_v)
    for lo in range(0, len(candidates), per_block):
        block = candidates[lo : lo + per_block]
        best = slack[np.searchsorted(patterns, p.cand_avail[block])]
        horizon = np.maximum(p.cand_max_commute[block][:, None], best).astype(np.float64)
        reach = np.full(horizon.shape, -1.0)
        for m, mode in enumerate(MODES):
            rides = p.cand_modes[block, m]
            if rides.any():
                reach[rides] = np.maximum(reach[rides], travel.reach_km(mode, horizon[rides]))
        distance = np.hypot(hx[block][:, None] - wx[None, :], hy[block][:, None] - wy[None, :])
        near = (reach >= 0) & (distance <= reach * PLANE_MARGIN[0] + PLANE_MARGIN[1])
        fails_commute = ~near
        fails_schedule = ~near & has_shifts[None, :]
        rows, vacs = np.nonzero(near)
        cand = block[rows]
        minutes, mode = pair_travel_minutes(p, travel, cand, vacs)
        outcome = schedule_rule(p, travel, cand, vacs, minutes, mode, need="rules")
        fails_commute[rows, vacs] = ~outcome.commute
        fails_schedule[rows, vacs] = ~outcome.schedule
        commute[lo : lo + len(block)] = fails_commute.sum(axis=1)
        schedule[lo : lo + len(block)] = fails_schedule.sum(axis=1)
    return commute, schedule


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


# --- what would help: near misses and single changes ------------------------------------

#: The single changes ``would_open`` counts, in the result document's key order.
CHANGES: tuple[str, ...] = (
    "german_level_plus_1",
    "driving_licence",
    "max_commute_plus_15",
    "availability_plus_60",
)
#: Minutes added to the acceptable commute, and to both ends of every availability window.
MORE_COMMUTE, WIDER_AVAILABILITY = 15, 60
#: Near misses kept per candidate.
NEAR_MISSES = 3
#: Pairs (a block of candidates × every vacancy) whose rule outcomes are held at once.
HELP_BLOCK_PAIRS = 4_000_000

# Bits of a needed pair's travel outcome (the kernels write the same): the travel rules
# failing for the candidate as they are, and for each change that touches them.
COMMUTE_FAILS, SCHEDULE_FAILS = 1, 2
COMMUTE_FAILS_PLUS_15, SCHEDULE_FAILS_PLUS_15 = 4, 8
SCHEDULE_FAILS_PLUS_60 = 16
COMMUTE_FAILS_LICENCE, SCHEDULE_FAILS_LICENCE = 32, 64


@dataclass(frozen=True, slots=True)
class RuleOutcomes:
    """For each given candidate: the blocked counts, their near misses and what each
    single change would open (see :func:`unproposed_rules`)."""

    counts: IntArray  # (n, len(RULES)) vacancies each rule excludes
    near_vac: IntArray  # (n, NEAR_MISSES) vacancy index, best-scoring first; -1: none
    near_rule: IntArray  # (n, NEAR_MISSES) index into RULES of the one failing rule
    near_score: FloatArray  # (n, NEAR_MISSES) the fit score the pair would have
    would_open: IntArray  # (n, len(CHANGES)) vacancies each change alone makes feasible

    @classmethod
    def empty(cls, n: int) -> RuleOutcomes:
        return cls(
            counts=np.zeros((n, len(RULES)), dtype=np.int64),
            near_vac=np.full((n, NEAR_MISSES), -1, dtype=np.int64),
            near_rule=np.full((n, NEAR_MISSES), -1, dtype=np.int64),
            near_score=np.zeros((n, NEAR_MISSES)),
            would_open=np.zeros((n, len(CHANGES)), dtype=np.int64),
        )


def unproposed_rules(
    problem: MatchProblem,
    travel: TravelModel,
    candidates: IntArray,
    weights: ScoreWeights | None = None,
) -> RuleOutcomes:
    """Blocked counts (:func:`blocked_counts`) and, in the same pass over the pairs, what
    would help each candidate.

    * A *near miss* is a vacancy that fails exactly one of the nine rules for the
      candidate. They are ranked by the fit score the pair would have (the engine's
      score, :func:`~passgenau.matching.scoring.score_components` with the pair's travel
      time as :func:`~passgenau.matching.feasibility.evaluate_pairs` gives it), rounded to
      4 decimals, best first, ties by vacancy order; the first :data:`NEAR_MISSES` count.
    * ``would_open`` counts, per single change of the candidate (:data:`CHANGES`: German
      one level higher, a driving licence — which also lets them drive where they listed
      the car —, :data:`MORE_COMMUTE` more minutes of acceptable commute, every
      availability window widened by :data:`WIDER_AVAILABILITY` minutes at both ends,
      within the day and not merged), the vacancies infeasible today that are feasible
      with that change alone.

    Only pairs failing at most one travel-free rule can be a near miss or opened by one
    change (each change mends at most one of them), so only those *needed* pairs get the
    travel rules of the changed candidate. The compiled kernels decide them in the same
    pass as the blocked counts; the numpy path evaluates the rules on the changed
    problem (:func:`needed_travel_numpy`): the tests hold both against each other and
    against an oracle that changes the candidates' records.
    """
    weights = weights or ScoreWeights()
    out = RuleOutcomes.empty(len(candidates))
    if problem.n_vacancies == 0 or len(candidates) == 0:
        return out
    p = problem
    out.counts[:, STATIC] = static_rule_counts(p, candidates)
    clamp = int(np.ceil(weights.commute_zero_minutes))
    compiled = kernels_for(len(candidates) * p.n_vacancies) is not None
    fast = model_fast_path(p, travel) if compiled else None
    widened = widened_problem(p)
    per_block = max(1, HELP_BLOCK_PAIRS // p.n_vacancies)
    for lo in range(0, len(candidates), per_block):
        block = candidates[lo : lo + per_block]
        failing = static_failures(p, block)
        decided = None
        if fast is not None and fast.scans is not None:
            decided = _timed_kernel(p, widened, travel, weights, block, failing, clamp)
        elif fast is not None and not travel.shift_modes:
            decided = _straight_kernel(p, widened, travel, weights, block, failing, clamp)
        if decided is None:
            both = (timed_travel_counts(p, travel, block) if travel.shift_modes
                    else _generic_travel_counts(p, travel, block))
            needed = (failing & (failing - np.uint16(1))) == 0  # at most one fails
            bits, minutes = needed_travel_numpy(p, widened, travel, block, needed, clamp)
            decided = (both[0], both[1], *_tally_numpy(p, block, failing, needed, bits,
                                                       minutes))
        commute, schedule, opens, near = decided
        rows = slice(lo, lo + len(block))
        out.counts[rows, R["COMMUTE"]] = commute
        out.counts[rows, R["SCHEDULE"]] = schedule
        out.would_open[rows] = opens
        _rank_near_misses(p, weights, block, near, out, rows)
    return out


#: A block's near misses before ranking: candidate row, vacancy, rule index, travel
#: minutes (at most the score's ``commute_zero_minutes``, rounded up).
NearPairs = tuple[IntArray, IntArray, IntArray, IntArray]


def static_failures(problem: MatchProblem, candidates: IntArray) -> npt.NDArray[np.uint16]:
    """(candidates, vacancies): bit ``R[rule]`` set where a travel-free rule fails; by
    the compiled :func:`kernels.static_failure_bits` where the kernels pay (one pass
    over the matrix instead of two or three numpy passes per rule)."""
    p = problem
    c = candidates
    kernels = kernels_for(len(c) * p.n_vacancies)
    by_kind, kind_of_vac = _prefix_table(p, c)
    if kernels is not None:
        bits = np.array([1 << R[rule] for rule in
                         ("WORK_PERMIT", "LANGUAGE", "HOURS", "DRIVING_LICENCE", "START")],
                        dtype=np.int64)
        out: npt.NDArray[np.uint16] = kernels.static_failure_bits(
            p.cand_permit[c] == NOT_PERMITTED, p.cand_level[c], p.cand_hours_min[c],
            p.cand_hours_max[c], p.cand_licence[c], p.cand_available[c],
            p.vac_level_min, p.vac_hours, p.vac_licence,
            (p.vac_start + p.settings.grace_days).astype(np.int64), kind_of_vac, by_kind, bits,
        )
        return out
    out = np.zeros((len(c), p.n_vacancies), dtype=np.uint16)

    def mark(rule: str, fails: BoolArray) -> None:
        out[...] |= fails.astype(np.uint16) << R[rule]

    mark("WORK_PERMIT", np.broadcast_to((p.cand_permit[c] == NOT_PERMITTED)[:, None], out.shape))
    mark("LANGUAGE", p.cand_level[c][:, None] < p.vac_level_min[None, :])
    hours = p.vac_hours[None, :]
    mark("HOURS", (p.cand_hours_min[c][:, None] > hours) | (hours > p.cand_hours_max[c][:, None]))
    mark("DRIVING_LICENCE", p.vac_licence[None, :] & ~p.cand_licence[c][:, None])
    mark("START", p.cand_available[c][:, None] > (p.vac_start + p.settings.grace_days)[None, :])
    out |= by_kind[:, kind_of_vac]
    return out


def _prefix_table(
    problem: MatchProblem, candidates: IntArray
) -> tuple[npt.NDArray[np.uint16], IntArray]:
    """The RECOGNITION and QUALIFICATION bits per (candidate, kind of vacancy), and each
    vacancy's kind: vacancies of one code and one recognition demand fail alike."""
    p = problem
    kind = p.vac_kldb.astype(np.int64) * 2 + p.vac_recognition
    kinds, inverse = np.unique(kind, return_inverse=True)
    code, demands = kinds // 2, (kinds % 2).astype(bool)
    recognition = demands[None, :] & ~_has_prefix(p.recognised_keys, candidates, code // 10)
    qualification = (code % 10 >= 2)[None, :] & ~_has_prefix(p.qualified_keys, candidates,
                                                               code // 100)
    table = recognition.astype(np.uint16) << R["RECOGNITION"]
    table |= qualification.astype(np.uint16) << R["QUALIFICATION"]
    return table, inverse.ravel().astype(np.int64)


def _has_prefix(keys: IntArray, candidates: IntArray, prefix: IntArray) -> BoolArray:
    """(candidates, len(prefix)): whether ``candidate * 100_000 + prefix[k]`` is a key; by
    the few distinct prefixes, not by every one."""
    prefixes, inverse = np.unique(prefix, return_inverse=True)
    query = candidates[:, None] * 100_000 + prefixes[None, :]
    if len(keys) == 0:
        return np.zeros((len(candidates), len(prefix)), dtype=bool)
    at = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    return (keys[at] == query)[:, inverse.ravel()]


def widened_problem(problem: MatchProblem) -> MatchProblem:
    """The problem with every availability window widened by :data:`WIDER_AVAILABILITY`
    minutes at both ends (within 00:00–24:00; padding slots stay empty)."""
    p = problem
    used = p.avail_start <= p.avail_end
    start = np.where(used, np.maximum(p.avail_start - WIDER_AVAILABILITY, 0), p.avail_start)
    end = np.where(used, np.minimum(p.avail_end + WIDER_AVAILABILITY, MINUTES_PER_DAY),
                   p.avail_end)
    return replace(p, avail_start=start, avail_end=end)


def licensed_problem(problem: MatchProblem) -> MatchProblem:
    """The problem with a driving licence for everyone: those who listed the car may now
    drive (``usable_modes``)."""
    p = problem
    modes = p.cand_modes.copy()
    car = MODES.index(TravelMode.CAR)
    modes[:, car] = [TravelMode.CAR in c.modes for c in p.dataset.candidates]
    return replace(p, cand_modes=modes, cand_licence=np.ones_like(p.cand_licence))


def needed_travel_numpy(
    problem: MatchProblem,
    widened: MatchProblem,
    travel: TravelModel,
    candidates: IntArray,
    needed: BoolArray,
    clamp: int,
) -> tuple[npt.NDArray[np.uint8], IntArray]:
    """The needed pairs' travel outcome bits and travel minutes (capped at ``clamp``) by
    the rules themselves (:func:`~passgenau.matching.feasibility.travel_rules`), once for
    the candidate as they are and once per change that touches travel."""
    p = problem
    bits = np.zeros(needed.shape, dtype=np.uint8)
    minutes = np.full(needed.shape, clamp, dtype=np.int64)
    rows, vacs = np.nonzero(needed)
    if len(rows) == 0:
        return bits, minutes
    cand = candidates[rows]
    variants = (
        (p, COMMUTE_FAILS, SCHEDULE_FAILS),
        (replace(p, cand_max_commute=p.cand_max_commute + MORE_COMMUTE),
         COMMUTE_FAILS_PLUS_15, SCHEDULE_FAILS_PLUS_15),
        (widened, 0, SCHEDULE_FAILS_PLUS_60),
        (licensed_problem(p), COMMUTE_FAILS_LICENCE, SCHEDULE_FAILS_LICENCE),
    )
    got = np.zeros(len(rows), dtype=np.uint8)
    for k, (changed, commute_bit, schedule_bit) in enumerate(variants):
        outcome = travel_rules(changed, travel, cand, vacs)
        got |= np.where(outcome.commute, 0, commute_bit).astype(np.uint8)
        got |= np.where(outcome.schedule, 0, schedule_bit).astype(np.uint8)
        if k == 0:
            minutes[rows, vacs] = np.minimum(outcome.minutes, clamp)
    bits[rows, vacs] = got
    return bits, minutes


def _tally_numpy(
    problem: MatchProblem,
    block: IntArray,
    failing: npt.NDArray[np.uint16],
    needed: BoolArray,
    bits: npt.NDArray[np.uint8],
    minutes: IntArray,
) -> tuple[IntArray, NearPairs]:
    """Would-open counts and near misses of a block from its needed pairs' outcome bits
    (what the kernels' ``_tally`` does pair by pair)."""
    p = problem
    r, v = np.nonzero(needed)
    static = failing[r, v]
    got = bits[r, v]
    every = static | (((got & COMMUTE_FAILS) != 0).astype(np.uint16) << R["COMMUTE"])
    every |= ((got & SCHEDULE_FAILS) != 0).astype(np.uint16) << R["SCHEDULE"]
    infeasible = every != 0
    n = len(block)
    cand = block[r]
    opens = np.zeros((n, len(CHANGES)), dtype=np.int64)
    german = (every == (1 << R["LANGUAGE"])) & (p.cand_level[cand] + 1 >= p.vac_level_min[v])
    opens[:, 0] = np.bincount(r[german], minlength=n)
    drives = (~p.cand_licence[cand] & infeasible
              & ((static & ~np.uint16(1 << R["DRIVING_LICENCE"])) == 0)
              & ((got & (COMMUTE_FAILS_LICENCE | SCHEDULE_FAILS_LICENCE)) == 0))
    opens[:, 1] = np.bincount(r[drives], minlength=n)
    clean = infeasible & (static == 0)
    longer = clean & ((got & (COMMUTE_FAILS_PLUS_15 | SCHEDULE_FAILS_PLUS_15)) == 0)
    opens[:, 2] = np.bincount(r[longer], minlength=n)
    wider = clean & ((got & (COMMUTE_FAILS | SCHEDULE_FAILS_PLUS_60)) == 0)
    opens[:, 3] = np.bincount(r[wider], minlength=n)
    near = infeasible & ((every & (every - np.uint16(1))) == 0)
    rule = np.log2(np.maximum(every[near], 1).astype(np.float64)).round().astype(np.int64)
    return opens, (r[near], v[near], rule, minutes[r[near], v[near]])


def _rank_near_misses(
    problem: MatchProblem,
    weights: ScoreWeights,
    block: IntArray,
    near: NearPairs,
    out: RuleOutcomes,
    rows: slice,
) -> None:
    """The block's first :data:`NEAR_MISSES` near misses per candidate, best-scoring
    first (ties by vacancy order), into ``out``. ``near`` is sorted by candidate row;
    a candidate's near misses are picked by a few segment minima, not a sort (a
    district has hundreds of thousands)."""
    r, v, rule, minutes = near
    if len(r) == 0:
        return
    n_v = problem.n_vacancies
    score = near_scores(problem, weights, block, r, v, minutes)
    # smaller is better, unique within a candidate: the rounded score, then the vacancy
    key = (10_000 - np.rint(score * 10_000).astype(np.int64)) * n_v + v
    starts = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
    segment = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(r)]))
    never = np.iinfo(np.int64).max
    for rank in range(NEAR_MISSES):
        best = np.minimum.reduceat(key, starts)
        found = np.flatnonzero(key == best[segment])
        found = found[key[found] != never]
        if len(found) == 0:
            break
        at = rows.start + r[found]
        out.near_vac[at, rank] = v[found]
        out.near_rule[at, rank] = rule[found]
        out.near_score[at, rank] = score[found]
        key[found] = never


def near_scores(
    problem: MatchProblem, weights: ScoreWeights, block: IntArray, rows: IntArray,
    vac: IntArray, minutes: IntArray,
) -> FloatArray:
    """The fit score the pairs (``block[rows]``, ``vac``) would have, rounded to 4
    decimals: the engine's :func:`~passgenau.matching.scoring.score_components` and
    ``total_score``. The occupation and experience components depend on the vacancy's
    KldB code only, so where the pairs outnumber the (candidate, code) cells (the numpy
    path's hundreds of thousands of near misses) they are computed once per cell
    (:func:`occupation_table`) and gathered."""
    p = problem
    codes, code_of_vac = np.unique(p.vac_kldb, return_inverse=True)
    if len(rows) <= len(block) * len(codes):  # fewer pairs than the table has cells
        components = score_components(p, weights, block[rows], vac, minutes)
        return np.round(total_score(components, weights), 4)
    occupation, experience = occupation_table(p, weights, block, codes)
    # the other components by the same function on a problem without occupations (so it
    # skips the occupation search), then the occupation columns from the table
    none, no_years = np.zeros(0, dtype=np.int64), np.zeros(0)
    bare = replace(p, occ_cand=none, occ_kldb=none, occ_years=no_years, wish_cand=none,
                   wish_kldb=none)
    components = score_components(bare, weights, block[rows], vac, minutes)
    code = code_of_vac.ravel()[vac]
    components[:, 0] = occupation[rows, code]
    components[:, 1] = experience[rows, code]
    return np.round(total_score(components, weights), 4)


def occupation_table(
    problem: MatchProblem, weights: ScoreWeights, candidates: IntArray, codes: IntArray
) -> tuple[FloatArray, FloatArray]:
    """(candidates, codes): the occupation and experience components of
    :func:`~passgenau.matching.scoring.score_components` for a vacancy with that KldB
    code, by the same operations, but each of a candidate's occupations compared with
    every code at once rather than pair by pair (a district's block has hundreds of
    thousands of (candidate, code) cells and only a few occupations per candidate)."""
    p = problem
    fit, years = _best_by_code(p.occ_cand, p.occ_kldb, p.occ_years, candidates, codes)
    wish, _ = _best_by_code(p.wish_cand, p.wish_kldb, np.zeros(len(p.wish_cand)), candidates,
                            codes)
    occupation = np.maximum(fit, weights.wish_factor * wish)
    experience = np.minimum(years / weights.experience_full_years, 1.0)
    return occupation, experience


def owner_rows(first: IntArray, count: IntArray) -> IntArray:
    """The rows ``first[k] .. first[k] + count[k]`` for every k, in order."""
    total = int(count.sum())
    return np.repeat(first, count) + (np.arange(total) - np.repeat(np.cumsum(count) - count,
                                                                   count))


def _best_by_code(
    owner: IntArray, kldb: IntArray, years: FloatArray, candidates: IntArray, codes: IntArray
) -> tuple[FloatArray, FloatArray]:
    """As ``scoring._best_occupation`` for every (candidate, code): the best hierarchy fit
    among the candidate's codes, and the most years among those of the same Berufsgruppe
    (``owner`` sorted)."""
    fit = np.zeros((len(candidates), len(codes)))
    best_years = np.zeros((len(candidates), len(codes)))
    if len(owner) == 0 or len(candidates) == 0 or len(codes) == 0:
        return fit, best_years
    first = np.searchsorted(owner, candidates, side="left")
    count = np.searchsorted(owner, candidates, side="right") - first
    if not count.any():
        return fit, best_years
    # the digits shared by each distinct code of the candidates' with each vacancy code;
    # the best fit is that of the most digits shared (PREFIX_FIT increases). A candidate
    # has few codes: take the j-th of each at once, for j = 0, 1, ...
    distinct, which = np.unique(kldb[owner_rows(first, count)], return_inverse=True)
    digits = shared_digits(distinct[:, None], codes[None, :]).astype(np.int8)
    code_at = np.zeros(len(kldb), dtype=np.int64)
    code_at[owner_rows(first, count)] = which.ravel()
    most = np.zeros(fit.shape, dtype=np.int8)
    with_years = bool(years.any())
    for j in range(int(count.max())):
        rows = np.flatnonzero(count > j)
        shared = digits[code_at[first[rows] + j]]
        most[rows] = np.maximum(most[rows], shared)
        if with_years:
            in_group = np.where(shared >= 3, years[first[rows] + j][:, None], 0.0)
            best_years[rows] = np.maximum(best_years[rows], in_group)
    fit[...] = PREFIX_FIT[most]
    return fit, best_years


def _help_arguments(
    problem: MatchProblem, widened: MatchProblem, weights: ScoreWeights,
    candidates: IntArray, failing: npt.NDArray[np.uint16], clamp: int,
) -> tuple[tuple[object, ...], Callable[[], tuple[IntArray, NearPairs]]] | None:
    """The kernels' trailing arguments for the needed pairs, and what reads their
    would-open counts and near misses afterwards (None: the widened slack table would
    not fit). The kernels keep each candidate's best :data:`NEAR_MISSES` by the score
    (from the same components as :func:`near_scores`), so only those are scored here."""
    wide = pattern_slacks(widened, candidates)
    if wide is None:
        return None
    p = problem
    n = len(candidates)
    adds_car = np.array([TravelMode.CAR in p.dataset.candidates[c].modes
                         and not p.dataset.candidates[c].driving_licence
                         for c in candidates.tolist()], dtype=np.bool_)
    opens = np.zeros((n, len(CHANGES)), dtype=np.int64)
    near = np.zeros((n, NEAR_MISSES, 4), dtype=np.int64)
    near[:, :, 0] = np.iinfo(np.int64).max  # no near miss yet
    codes, code_of_vac = np.unique(p.vac_kldb, return_inverse=True)
    occupation, experience = occupation_table(p, weights, candidates, codes)
    any_vac = np.zeros(n, dtype=np.int64)
    fixed = score_components(p, weights, candidates, any_vac, any_vac)[:, 4:6]
    score_weights = np.append(weights.vector(), weights.commute_zero_minutes)
    args = (np.ascontiguousarray(failing), np.ascontiguousarray(wide[1], dtype=np.int64),
            MORE_COMMUTE, clamp, adds_car, MODES.index(TravelMode.CAR),
            np.ascontiguousarray(p.cand_level[candidates]), p.vac_level_min,
            np.ascontiguousarray(p.cand_licence[candidates]),
            opens, near, occupation, experience, code_of_vac.ravel().astype(np.int64),
            np.ascontiguousarray(fixed), score_weights)

    def read() -> tuple[IntArray, NearPairs]:
        r, k = np.nonzero(near[:, :, 0] != np.iinfo(np.int64).max)  # by row, then rank
        return opens, (r, near[r, k, 1], near[r, k, 2], near[r, k, 3])

    return args, read


def _straight_kernel(
    problem: MatchProblem, widened: MatchProblem, travel: TravelModel, weights: ScoreWeights,
    block: IntArray, failing: npt.NDArray[np.uint16], clamp: int,
) -> tuple[IntArray, IntArray, IntArray, NearPairs] | None:
    helps = _help_arguments(problem, widened, weights, block, failing, clamp)
    if helps is None:
        return None
    both = _straight_line_counts(problem, travel, block, helps[0])
    return None if both is None else (both[0], both[1], *helps[1]())


def _timed_kernel(
    problem: MatchProblem, widened: MatchProblem, travel: TravelModel, weights: ScoreWeights,
    block: IntArray, failing: npt.NDArray[np.uint16], clamp: int,
) -> tuple[IntArray, IntArray, IntArray, NearPairs] | None:
    helps = _help_arguments(problem, widened, weights, block, failing, clamp)
    if helps is None:
        return None
    decided = timed_rules_compiled(problem, travel, block, helps=helps[0])
    return None if decided is None else (decided[0], decided[1], *helps[1]())
