"""The nine hard rules, evaluated on arrays of (candidate, vacancy) pairs.

Pairs come from a spatial join first: a grid over the workplaces, queried with each
candidate's reach (the farthest straight-line distance any of their modes covers within
their maximum commute), so the work grows with the pairs that could be feasible, not with
candidates × vacancies. Every rule is then a numpy expression over the pair arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from passgenau.geo.distance import EARTH_RADIUS_KM
from passgenau.geo.travel import TravelModel
from passgenau.matching.problem import (
    MODES,
    BoolArray,
    FloatArray,
    IntArray,
    MatchProblem,
)

RULES: tuple[str, ...] = (
    "WORK_PERMIT",
    "LANGUAGE",
    "HOURS",
    "COMMUTE",
    "SCHEDULE",
    "DRIVING_LICENCE",
    "RECOGNITION",
    "QUALIFICATION",
    "START",
)
R = {code: k for k, code in enumerate(RULES)}
NO_WAY = np.iinfo(np.int64).max
NOT_PERMITTED = 2


@dataclass(frozen=True, slots=True)
class PairEvaluation:
    """Rule outcomes for a list of pairs; ``ok[:, R["LANGUAGE"]]`` is that rule's column."""

    cand: IntArray
    vac: IntArray
    ok: BoolArray  # (P, len(RULES))
    travel: IntArray  # minutes by the fastest usable mode (NO_WAY if none)
    mode: IntArray  # index into MODES, -1 if none
    option: IntArray  # first fitting shift option (global index), -1 if none or no shifts
    # every (pair, shift option) with its slack: fits when slack >= travel
    po_pair: IntArray
    po_option: IntArray
    po_slack: IntArray

    @property
    def feasible(self) -> BoolArray:
        return self.ok.all(axis=1)

    def take(self, mask: BoolArray) -> PairEvaluation:
        """The evaluation restricted to the pairs where ``mask`` holds."""
        new_index = np.cumsum(mask) - 1
        keep_po = mask[self.po_pair]
        return PairEvaluation(
            cand=self.cand[mask],
            vac=self.vac[mask],
            ok=self.ok[mask],
            travel=self.travel[mask],
            mode=self.mode[mask],
            option=self.option[mask],
            po_pair=new_index[self.po_pair[keep_po]],
            po_option=self.po_option[keep_po],
            po_slack=self.po_slack[keep_po],
        )


def candidate_reach_km(problem: MatchProblem, model: TravelModel) -> FloatArray:
    """Per candidate, the farthest straight-line distance reachable within their limit."""
    reach = np.zeros(problem.n_candidates)
    limit = problem.cand_max_commute.astype(np.float64)
    for m, mode in enumerate(MODES):
        has = problem.cand_modes[:, m]
        if has.any():
            reach[has] = np.maximum(reach[has], model.reach_km(mode, limit[has]))
    return reach


def nearby_pairs(
    problem: MatchProblem, reach_km: FloatArray, candidates: IntArray | None = None
) -> tuple[IntArray, IntArray]:
    """All (candidate, vacancy) pairs at most ``reach_km[c]`` apart, sorted by candidate.

    A uniform grid over an equirectangular projection at the *northernmost* latitude
    (where a degree of longitude is shortest), so projected distances never exceed true
    ones by more than the margin and no pair within reach is missed.
    """
    cands = np.arange(problem.n_candidates) if candidates is None else candidates
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    if len(cands) == 0 or problem.n_vacancies == 0:
        return empty
    lat_all = np.concatenate([problem.cand_lat[cands], problem.vac_lat])
    coslat = np.cos(np.radians(np.abs(lat_all).max()))
    km_per_deg = EARTH_RADIUS_KM * np.pi / 180.0

    def project(lat: FloatArray, lon: FloatArray) -> tuple[FloatArray, FloatArray]:
        return lon * km_per_deg * coslat, lat * km_per_deg

    radius = reach_km[cands] * 1.01 + 0.5  # margin for the projection
    positive = radius[radius > 0]
    if len(positive) == 0:
        return empty
    cell = max(float(np.median(positive)) / 2.0, 1.0)
    vx, vy = project(problem.vac_lat, problem.vac_lon)
    vcx = np.floor(vx / cell).astype(np.int64)
    vcy = np.floor(vy / cell).astype(np.int64)
    span = int(vcy.max() - vcy.min() + 1) + 2
    vkey = vcx * span + (vcy - vcy.min() + 1)
    order = np.argsort(vkey, kind="stable")
    keys, first = np.unique(vkey[order], return_index=True)
    last = np.append(first[1:], len(order))

    cx, cy = project(problem.cand_lat[cands], problem.cand_lon[cands])
    ccx = np.floor(cx / cell).astype(np.int64)
    ccy = np.floor(cy / cell).astype(np.int64)
    kmax = int(np.ceil(radius.max() / cell))
    parts_cand: list[IntArray] = []
    parts_start: list[IntArray] = []
    parts_count: list[IntArray] = []
    for dx in range(-kmax, kmax + 1):
        for dy in range(-kmax, kmax + 1):
            # skip candidates for whom this whole cell lies beyond their radius
            gap_x = max(abs(dx) - 1, 0) * cell
            gap_y = max(abs(dy) - 1, 0) * cell
            near = np.hypot(gap_x, gap_y) <= radius
            if not near.any():
                continue
            sel = np.flatnonzero(near)
            key = (ccx[sel] + dx) * span + (ccy[sel] + dy - vcy.min() + 1)
            pos = np.searchsorted(keys, key)
            pos_c = np.minimum(pos, len(keys) - 1)
            hit = keys[pos_c] == key
            parts_cand.append(sel[hit])
            parts_start.append(first[pos_c[hit]])
            parts_count.append(last[pos_c[hit]] - first[pos_c[hit]])
    if not parts_cand:
        return empty
    local = np.concatenate(parts_cand)
    start = np.concatenate(parts_start)
    count = np.concatenate(parts_count)
    rep_local = np.repeat(local, count)
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    vac = order[np.repeat(start, count) + offsets]
    cand = cands[rep_local]
    from passgenau.geo.distance import haversine_km

    d = haversine_km(problem.cand_lat[cand], problem.cand_lon[cand],
                     problem.vac_lat[vac], problem.vac_lon[vac])
    keep = d <= reach_km[cand]
    cand, vac = cand[keep], vac[keep]
    order2 = np.lexsort((vac, cand))
    return cand[order2], vac[order2]


def evaluate_pairs(
    problem: MatchProblem, model: TravelModel, cand: IntArray, vac: IntArray
) -> PairEvaluation:
    """Every rule for every given pair (no short-cuts: explanations need all of them)."""
    p = problem
    ok = np.zeros((len(cand), len(RULES)), dtype=bool)
    grace = p.settings.grace_days
    ok[:, R["WORK_PERMIT"]] = p.cand_permit[cand] != NOT_PERMITTED
    ok[:, R["LANGUAGE"]] = p.cand_level[cand] >= p.vac_level_min[vac]
    hours = p.vac_hours[vac]
    ok[:, R["HOURS"]] = (p.cand_hours_min[cand] <= hours) & (hours <= p.cand_hours_max[cand])
    ok[:, R["DRIVING_LICENCE"]] = ~p.vac_licence[vac] | p.cand_licence[cand]
    ok[:, R["RECOGNITION"]] = ~p.vac_recognition[vac] | _has_occupation(
        p, cand, p.vac_kldb[vac] // 10, digits=4, recognised_only=True
    )
    ok[:, R["QUALIFICATION"]] = (p.vac_kldb[vac] % 10 < 2) | _has_occupation(
        p, cand, p.vac_kldb[vac] // 100, digits=3, recognised_only=False
    )
    ok[:, R["START"]] = p.cand_available[cand] <= p.vac_start[vac] + grace
    travel, mode = travel_minutes(p, model, cand, vac)
    ok[:, R["COMMUTE"]] = travel <= p.cand_max_commute[cand]
    po_pair, po_option, po_slack = option_slack(p, cand, vac)
    fits = po_slack >= travel[po_pair]
    has_shifts = (p.vac_opt_first[vac + 1] - p.vac_opt_first[vac]) > 0
    any_fit = np.zeros(len(cand), dtype=bool)
    any_fit[po_pair[fits]] = True
    ok[:, R["SCHEDULE"]] = ~has_shifts | any_fit
    option = np.full(len(cand), -1, dtype=np.int64)
    fitting = np.flatnonzero(fits)[::-1]  # reversed: the first fitting option wins
    option[po_pair[fitting]] = po_option[fitting]
    return PairEvaluation(cand, vac, ok, travel, mode, option, po_pair, po_option, po_slack)


def travel_minutes(
    problem: MatchProblem, model: TravelModel, cand: IntArray, vac: IntArray
) -> tuple[IntArray, IntArray]:
    """Minutes by the fastest usable mode per pair, and that mode (ties: MODES order)."""
    best = np.full(len(cand), NO_WAY, dtype=np.int64)
    mode = np.full(len(cand), -1, dtype=np.int64)
    for m, name in enumerate(MODES):
        sel = np.flatnonzero(problem.cand_modes[cand, m])
        if len(sel) == 0:
            continue
        c, v = cand[sel], vac[sel]
        t = model.minutes(name, problem.cand_lat[c], problem.cand_lon[c],
                          problem.vac_lat[v], problem.vac_lon[v])
        better = t < best[sel]
        best[sel[better]] = t[better]
        mode[sel[better]] = m
    return best, mode


def option_slack(
    problem: MatchProblem, cand: IntArray, vac: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """For each pair and each shift option of its vacancy: the largest travel time that
    still fits the option into the candidate's availability (negative: never fits).

    A demand (one window on one day) fits inside availability interval ``[s, e)`` with
    travel ``t`` iff ``s <= lo - t`` and ``hi + t <= e``, so its slack is
    ``max_k min(lo - s_k, e_k - hi)``; an option's slack is the minimum over its demands.
    """
    p = problem
    n_opt = p.vac_opt_first[vac + 1] - p.vac_opt_first[vac]
    po_pair = np.repeat(np.arange(len(cand)), n_opt)
    po_option = np.repeat(p.vac_opt_first[vac], n_opt) + _ranges(n_opt)
    if len(po_pair) == 0:
        return po_pair, po_option, np.zeros(0, dtype=np.int64)
    n_dem = p.opt_dem_first[po_option + 1] - p.opt_dem_first[po_option]
    pd_po = np.repeat(np.arange(len(po_pair)), n_dem)
    dem = np.repeat(p.opt_dem_first[po_option], n_dem) + _ranges(n_dem)
    c = cand[po_pair[pd_po]]
    day = p.dem_day[dem]
    s = p.avail_start[c, day, :]
    e = p.avail_end[c, day, :]
    slack = np.minimum(p.dem_start[dem][:, None] - s, e - p.dem_end[dem][:, None]).max(axis=1)
    starts = np.cumsum(n_dem) - n_dem
    return po_pair, po_option, np.minimum.reduceat(slack, starts)


def _ranges(counts: IntArray) -> IntArray:
    """``[0..counts[0]), [0..counts[1]), …`` concatenated."""
    total = int(counts.sum())
    return np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)


def _has_occupation(
    problem: MatchProblem, cand: IntArray, prefix: IntArray, *, digits: int,
    recognised_only: bool,
) -> BoolArray:
    """Whether the candidate has an occupation whose first ``digits`` digits equal
    ``prefix`` (for RECOGNITION: only recognised or not-requiring ones)."""
    p = problem
    sel = p.occ_recognised if recognised_only else np.ones(len(p.occ_cand), dtype=bool)
    scale = 10 ** (5 - digits)
    keys = np.unique(p.occ_cand[sel] * 100_000 + p.occ_kldb[sel] // scale)
    query = cand * 100_000 + prefix
    if len(keys) == 0:
        return np.zeros(len(cand), dtype=bool)
    pos = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    return keys[pos] == query


def feasible_pairs(problem: MatchProblem, model: TravelModel) -> PairEvaluation:
    """The feasible pairs, sorted by candidate then vacancy."""
    reach = candidate_reach_km(problem, model)
    allowed = np.flatnonzero(problem.cand_permit != NOT_PERMITTED)
    cand, vac = nearby_pairs(problem, reach, allowed)
    cheap = _cheap_rules(problem, cand, vac)
    cand, vac = cand[cheap], vac[cheap]
    evaluation = evaluate_pairs(problem, model, cand, vac)
    return evaluation.take(evaluation.feasible)


def _cheap_rules(problem: MatchProblem, cand: IntArray, vac: IntArray) -> BoolArray:
    """Rules that need no travel time, checked first to shrink the pair list."""
    p = problem
    hours = p.vac_hours[vac]
    return (
        (p.cand_level[cand] >= p.vac_level_min[vac])
        & (p.cand_hours_min[cand] <= hours)
        & (hours <= p.cand_hours_max[cand])
        & (~p.vac_licence[vac] | p.cand_licence[cand])
        & (p.cand_available[cand] <= p.vac_start[vac] + p.settings.grace_days)
    )
