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

import numpy as np

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
    option_slack,
    pair_travel_minutes,
    pattern_slacks,
    plane_km,
    schedule_rule,
    slack_table,
    timed_rules_compiled,
    travel_minutes,
)
from passgenau.matching.problem import MODES, IntArray, MatchProblem

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
    problem: MatchProblem, model: TravelModel, candidates: IntArray
) -> tuple[IntArray, IntArray] | None:
    """COMMUTE and SCHEDULE counts by the compiled kernel, for a model whose minutes are
    straight lines (None: no such fast path, or a table too large)."""
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
