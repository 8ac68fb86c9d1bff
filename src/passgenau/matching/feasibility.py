"""The nine hard rules, evaluated on arrays of (candidate, vacancy) pairs.

Pairs come from a spatial join first: a grid over the workplaces, queried with each
candidate's reach (the farthest straight-line distance any of their modes covers within
their maximum commute), so the work grows with the pairs that could be feasible, not with
candidates × vacancies. Every rule is then a numpy expression over the pair arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from passgenau.geo.distance import EARTH_RADIUS_KM, pair_distance_km
from passgenau.geo.travel import (
    NO_WAY,
    REPRESENTATIVE_SHIFT,
    FastPath,
    Shifts,
    TravelModel,
)
from passgenau.matching.compiled import kernels_for
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
NOT_PERMITTED = 2
LEVELS = 7  # A0..C2
#: Plane distances (equirectangular at the caseload's northernmost latitude) exceed the
#: true ones by at most this (relative, then absolute km): "farther than r × 1.01 + 0.5
#: on the plane" means farther than r.
PLANE_MARGIN = (1.01, 0.5)


@dataclass(frozen=True, slots=True)
class PairEvaluation:
    """Rule outcomes for a list of pairs; ``ok[:, R["LANGUAGE"]]`` is that rule's column."""

    cand: IntArray
    vac: IntArray
    ok: BoolArray  # (P, len(RULES))
    travel: IntArray  # minutes by the fastest usable mode (NO_WAY if none)
    mode: IntArray  # index into MODES, -1 if none
    option: IntArray  # first fitting shift option (global index), -1 if none or no shifts
    # every (pair, shift option) with its slack and its travel time: the option fits when
    # slack >= travel (a timetable model's travel time depends on the shift's times)
    po_pair: IntArray
    po_option: IntArray
    po_slack: IntArray
    po_travel: IntArray

    @classmethod
    def of(cls, cand: IntArray, vac: IntArray, ok: BoolArray, t: TravelOutcome) -> PairEvaluation:
        return cls(cand, vac, ok, t.minutes, t.mode, t.option,
                   t.po_pair, t.po_option, t.po_slack, t.po_travel)

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
            po_travel=self.po_travel[keep_po],
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
    problem: MatchProblem,
    reach_km: FloatArray,
    candidates: IntArray | None = None,
    *,
    language: bool = True,
    exact: bool = True,
) -> tuple[IntArray, IntArray]:
    """All (candidate, vacancy) pairs at most ``reach_km[c]`` apart, sorted by candidate;
    with ``language`` only those where the LANGUAGE rule holds. With ``exact=False`` the
    pairs of the grid cells near each candidate, a superset, unsorted (for callers that
    compute travel times anyway).

    A uniform grid over an equirectangular projection at the *northernmost* latitude
    (where a degree of longitude is shortest), so projected distances never exceed true
    ones by more than the margin and no pair within reach is missed. Within a cell the
    vacancies are sorted by their minimum German level, so the LANGUAGE rule is a prefix
    of each cell and costs nothing to apply.
    """
    cands = np.arange(problem.n_candidates) if candidates is None else candidates
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    if len(cands) == 0 or problem.n_vacancies == 0:
        return empty
    lat_all = np.concatenate([problem.cand_lat[cands], problem.vac_lat])
    coslat = np.cos(np.radians(np.abs(lat_all).max()))
    km_per_deg = EARTH_RADIUS_KM * np.pi / 180.0
    radius = reach_km[cands] * 1.01 + 0.5  # margin for the projection
    positive = radius[radius > 0]
    if len(positive) == 0:
        return empty
    cell = max(float(np.median(positive)) / 2.0, 1.0)
    vcx = np.floor(problem.vac_lon * km_per_deg * coslat / cell).astype(np.int64)
    vcy = np.floor(problem.vac_lat * km_per_deg / cell).astype(np.int64)
    x0, y0 = int(vcx.min()), int(vcy.min())
    width, height = int(vcx.max()) - x0 + 1, int(vcy.max()) - y0 + 1
    levels = LEVELS
    vkey = ((vcx - x0) * height + (vcy - y0)) * levels + problem.vac_level_min
    order = np.argsort(vkey, kind="stable")
    sorted_keys = vkey[order]

    ccx = np.floor(problem.cand_lon[cands] * km_per_deg * coslat / cell).astype(np.int64) - x0
    ccy = np.floor(problem.cand_lat[cands] * km_per_deg / cell).astype(np.int64) - y0
    top = problem.cand_level[cands] if language else np.full(len(cands), levels - 1)
    kmax = int(np.ceil(radius.max() / cell))
    parts_cand: list[IntArray] = []
    parts_start: list[IntArray] = []
    parts_count: list[IntArray] = []
    for dx in range(-kmax, kmax + 1):
        for dy in range(-kmax, kmax + 1):
            # skip cells off the grid, and cells wholly beyond a candidate's radius
            gap = np.hypot(max(abs(dx) - 1, 0) * cell, max(abs(dy) - 1, 0) * cell)
            gx, gy = ccx + dx, ccy + dy
            sel = np.flatnonzero(
                (gap <= radius) & (gx >= 0) & (gx < width) & (gy >= 0) & (gy < height)
            )
            if len(sel) == 0:
                continue
            base = (gx[sel] * height + gy[sel]) * levels
            start = np.searchsorted(sorted_keys, base, side="left")
            stop = np.searchsorted(sorted_keys, base + top[sel], side="right")
            hit = stop > start
            parts_cand.append(sel[hit])
            parts_start.append(start[hit])
            parts_count.append(stop[hit] - start[hit])
    if not parts_cand:
        return empty
    count = np.concatenate(parts_count)
    vac = order[np.repeat(np.concatenate(parts_start), count) + _ranges(count)]
    cand = cands[np.repeat(np.concatenate(parts_cand), count)]
    if not exact:
        return cand, vac
    d = pair_distance_km(problem.homes, problem.workplaces, cand, vac)
    keep = d <= reach_km[cand]
    cand, vac = cand[keep], vac[keep]
    order2 = np.lexsort((vac, cand))
    return cand[order2], vac[order2]


def evaluate_pairs(
    problem: MatchProblem, model: TravelModel, cand: IntArray, vac: IntArray
) -> PairEvaluation:
    """Every rule for every given pair (no short-cuts: explanations need all of them)."""
    ok = np.zeros((len(cand), len(RULES)), dtype=bool)
    ok[:, STATIC] = static_rules(problem, cand, vac)
    travel = travel_rules(problem, model, cand, vac)
    ok[:, R["COMMUTE"]] = travel.commute
    ok[:, R["SCHEDULE"]] = travel.schedule
    return PairEvaluation.of(cand, vac, ok, travel)


#: The rules that need no travel time, in the column order of :func:`static_rules`.
STATIC_RULES: tuple[str, ...] = tuple(r for r in RULES if r not in ("COMMUTE", "SCHEDULE"))
STATIC = [R[r] for r in STATIC_RULES]


def static_rules(problem: MatchProblem, cand: IntArray, vac: IntArray) -> BoolArray:
    """(P, 7) outcomes of the rules that need no travel time (STATIC_RULES order)."""
    columns = [_STATIC_CHECKS[r](problem, cand, vac) for r in STATIC_RULES]
    return np.column_stack(columns).reshape(len(cand), -1)


@dataclass(frozen=True, slots=True)
class TravelOutcome:
    minutes: IntArray
    mode: IntArray
    commute: BoolArray
    schedule: BoolArray
    option: IntArray
    po_pair: IntArray
    po_option: IntArray
    po_slack: IntArray
    po_travel: IntArray


def travel_rules(
    problem: MatchProblem, model: TravelModel, cand: IntArray, vac: IntArray
) -> TravelOutcome:
    """COMMUTE and SCHEDULE, which both need the travel time."""
    minutes, mode = travel_minutes(problem, model, cand, vac)
    return schedule_rule(problem, model, cand, vac, minutes, mode)


def schedule_rule(
    problem: MatchProblem,
    model: TravelModel,
    cand: IntArray,
    vac: IntArray,
    minutes: IntArray,
    mode: IntArray,
    *,
    need: str = "all",
) -> TravelOutcome:
    """COMMUTE and SCHEDULE from the pairs' travel minutes: every shift option of the
    pair's vacancy, widened by its travel time, against the candidate's availability.

    With a timetable, travel depends on the shift (no bus before 06:00), so each option
    has its own travel time: COMMUTE holds when some option's is within the limit, and
    SCHEDULE is judged on those options (on all of them when none is). With a model
    whose times are the same for every option this is exactly the spec's pair of rules;
    either way a pair passes both iff one option is within the limit and fits.

    ``need`` says what the caller uses, so that a timetable is asked no more than that
    needs (its answers cost a read-off per option and day). ``"all"``: every field
    exact (explanations). ``"rules"``: ``commute`` and ``schedule`` exact (blocked
    counts): an option's travel may be anything above both the limit and its slack, so
    options certainly that slow are not asked, and the pairs' ``minutes``, ``mode`` are
    left as given. ``"passing"``: every field exact for the pairs passing both rules
    (feasible_pairs drops the others): a passing pair has an option within the limit,
    which alone decides its other options, so options certainly slower than the limit
    are not asked. ``po_travel`` may then differ, but only where it exceeds those
    bounds either way.
    """
    p = problem
    po_pair, po_option, po_slack = option_slack(p, cand, vac)
    timed = bool(model.shift_modes)
    if timed:
        cap = None
        if need == "passing":
            cap = p.cand_max_commute[cand][po_pair]
        elif need == "rules":
            cap = np.maximum(p.cand_max_commute[cand][po_pair], po_slack)
        po_travel, po_mode = timed_option_travel(p, model, cand, vac, po_pair, po_option,
                                                 cap)
    else:
        po_travel, po_mode = minutes[po_pair], mode[po_pair]
    limit = p.cand_max_commute[cand]
    within = po_travel <= limit[po_pair]
    has_shifts = (p.vac_opt_first[vac + 1] - p.vac_opt_first[vac]) > 0
    any_within = np.zeros(len(cand), dtype=bool)
    any_within[po_pair[within]] = True
    commute = np.where(has_shifts, any_within, minutes <= limit)
    fits = (within | ~any_within[po_pair]) & (po_slack >= po_travel)
    any_fit = np.zeros(len(cand), dtype=bool)
    any_fit[po_pair[fits]] = True
    option = np.full(len(cand), -1, dtype=np.int64)
    fitting = np.flatnonzero(fits)[::-1]  # reversed: the first fitting option wins
    option[po_pair[fitting]] = po_option[fitting]
    if timed and len(po_pair) and need == "all":
        # the pair's travel: its chosen option's, else its quickest option's
        minutes, mode = minutes.copy(), mode.copy()
        quickest = np.lexsort((po_travel, po_pair))
        first = quickest[np.r_[True, po_pair[quickest][1:] != po_pair[quickest][:-1]]]
        minutes[po_pair[first]], mode[po_pair[first]] = po_travel[first], po_mode[first]
        chosen = fitting  # reversed, so the first fitting option is written last
        minutes[po_pair[chosen]], mode[po_pair[chosen]] = po_travel[chosen], po_mode[chosen]
    elif timed and need == "passing":
        # a passing pair has a fitting option: its travel is the first fitting one's
        minutes, mode = minutes.copy(), mode.copy()
        chosen = fitting
        minutes[po_pair[chosen]], mode[po_pair[chosen]] = po_travel[chosen], po_mode[chosen]
    return TravelOutcome(
        minutes=minutes,
        mode=mode,
        commute=commute,
        schedule=~has_shifts | any_fit,
        option=option,
        po_pair=po_pair,
        po_option=po_option,
        po_slack=po_slack,
        po_travel=po_travel,
    )


def timed_option_travel(
    problem: MatchProblem,
    model: TravelModel,
    cand: IntArray,
    vac: IntArray,
    po_pair: IntArray,
    po_option: IntArray,
    cap: IntArray | None = None,
) -> tuple[IntArray, IntArray]:
    """Per (pair, option): the travel time and mode where the model's minutes depend on
    the shift (its ``shift_modes``: public transport by a timetable).

    The other modes answer once per pair; a shift mode answers per working day of the
    option (to work arriving by its start, home leaving at its end, the longer of the
    two counts), and the option takes its worst day: a shift is only workable when
    every one of its days is. A shift mode replaces the others' time only where it is
    strictly faster.

    With ``cap`` (per pair and option), travel above the cap need not be exact: a shift
    mode is not asked where the pair lies beyond the model's reach in ``cap`` minutes
    (so it is certainly slower), and the other modes' time stands (exact if within the
    cap, above it otherwise, as the true time would be).
    """
    p = problem
    timed = [MODES.index(mode) for mode in model.shift_modes]
    others = tuple(m for m in range(len(MODES)) if m not in timed)
    minutes, mode = travel_minutes(p, model, cand, vac, others)
    po_travel, po_mode = minutes[po_pair], mode[po_pair]
    shifts = problem_shifts(p)
    for m in timed:
        rides = np.flatnonzero(p.cand_modes[cand[po_pair], m])
        if cap is not None and len(rides):
            # the cheap plane distance, with the margin by which it may exceed the true one
            top = max(np.abs(p.cand_lat).max(initial=0), np.abs(p.vac_lat).max(initial=0))
            km_per_deg = EARTH_RADIUS_KM * np.pi / 180.0
            plane = np.hypot((p.cand_lon[cand] - p.vac_lon[vac]) * np.cos(np.radians(top)),
                             p.cand_lat[cand] - p.vac_lat[vac]) * km_per_deg
            reach = model.reach_km(MODES[m], cap[rides].astype(np.float64))
            rides = rides[plane[po_pair[rides]] <= reach * PLANE_MARGIN[0] + PLANE_MARGIN[1]]
        if len(rides) == 0:
            continue
        # the option's shift pattern is its days: the model takes the worst day itself
        pair = po_pair[rides]
        worst = model.shift_minutes(MODES[m], p.homes, p.workplaces, cand[pair], vac[pair],
                                    p.opt_pattern[po_option[rides]], shifts)
        better = worst < po_travel[rides]
        po_travel[rides[better]] = worst[better]
        po_mode[rides[better]] = m
    return po_travel, po_mode


def problem_shifts(problem: MatchProblem) -> Shifts:
    """The problem's shift patterns as a model is asked about them (pattern = shift)."""
    p = problem
    return Shifts(p.pat_dem_first, p.dem_day, p.dem_start, p.dem_end)


def pair_travel_minutes(
    problem: MatchProblem, model: TravelModel, cand: IntArray, vac: IntArray
) -> tuple[IntArray, IntArray]:
    """The ``minutes, mode`` :func:`schedule_rule` takes: :func:`travel_minutes`, except
    that with a timetable only pairs of vacancies without shift options are asked
    (``NO_WAY``, -1 for the others). For those ``schedule_rule`` replaces the pair's
    travel by its options' anyway, so asking for the representative day would cost a
    scan per workplace and a read-off per pair for nothing."""
    if not model.shift_modes:
        return travel_minutes(problem, model, cand, vac)
    minutes = np.full(len(cand), NO_WAY, dtype=np.int64)
    mode = np.full(len(cand), -1, dtype=np.int64)
    plain = np.flatnonzero(problem.vac_opt_first[vac + 1] == problem.vac_opt_first[vac])
    minutes[plain], mode[plain] = travel_minutes(problem, model, cand[plain], vac[plain])
    return minutes, mode


def travel_minutes(
    problem: MatchProblem,
    model: TravelModel,
    cand: IntArray,
    vac: IntArray,
    modes: tuple[int, ...] | None = None,
) -> tuple[IntArray, IntArray]:
    """Minutes by the fastest usable mode per pair, and that mode (ties: MODES order);
    ``modes`` restricts the choice to those indices into MODES."""
    if len(cand) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    allowed = range(len(MODES)) if modes is None else modes
    used = [m for m in allowed if problem.cand_modes[cand, m].any()]
    if not used:
        return np.full(len(cand), NO_WAY, np.int64), np.full(len(cand), -1, np.int64)
    minutes = model.minutes_by_mode(
        tuple(MODES[m] for m in used), problem.homes, problem.workplaces, cand, vac
    )
    minutes[~problem.cand_modes[cand][:, used].T] = NO_WAY
    pick = np.argmin(minutes, axis=0)
    best = minutes[pick, np.arange(len(cand))]
    mode = np.asarray(used, dtype=np.int64)[pick]
    mode[best == NO_WAY] = -1
    return best, mode


def option_slack(
    problem: MatchProblem, cand: IntArray, vac: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """For each pair and each shift option of its vacancy: the largest travel time that
    still fits the option into the candidate's availability (negative: never fits).

    A demand (one window on one day) fits inside availability interval ``[s, e)`` with
    travel ``t`` iff ``s <= lo - t`` and ``hi + t <= e``, so its slack is
    ``max_k min(lo - s_k, e_k - hi)``; an option's slack is the minimum over its demands.
    Slack depends only on the availability pattern and the shift pattern, so it is
    computed once per distinct combination present.
    """
    p = problem
    n_opt = p.vac_opt_first[vac + 1] - p.vac_opt_first[vac]
    po_pair = np.repeat(np.arange(len(cand)), n_opt)
    po_option = np.repeat(p.vac_opt_first[vac], n_opt) + _ranges(n_opt)
    if len(po_pair) == 0:
        return po_pair, po_option, np.zeros(0, dtype=np.int64)
    n_pat = len(p.pat_dem_first) - 1
    combo = p.cand_avail[cand[po_pair]] * n_pat + p.opt_pattern[po_option]
    if len(p.avail_start) * n_pat <= min(DENSE_SLACK_TABLE, len(combo)):
        table = slack_table(p, np.arange(len(p.avail_start) * n_pat))
        return po_pair, po_option, table[combo]
    combos, inverse = np.unique(combo, return_inverse=True)
    return po_pair, po_option, slack_table(p, combos)[inverse.ravel()]


#: Up to this many (availability pattern × shift pattern) combinations, slack is
#: tabulated for all of them instead of for the ones present.
DENSE_SLACK_TABLE = 1_000_000


def pattern_slacks(
    problem: MatchProblem, candidates: IntArray
) -> tuple[IntArray, IntArray] | None:
    """For the compiled kernels: each candidate's row in a (their availability patterns
    × shift patterns) slack table, and the table; None when it would exceed
    ``PATTERN_TABLE_CELLS`` (availabilities all different: callers take numpy paths)."""
    p = problem
    patterns, pattern_row = np.unique(p.cand_avail[candidates], return_inverse=True)
    n_pat = len(p.pat_dem_first) - 1
    if len(patterns) * max(n_pat, 1) > PATTERN_TABLE_CELLS:
        return None
    if n_pat:
        combos = (patterns[:, None] * n_pat + np.arange(n_pat)[None, :]).ravel()
        by_pattern = slack_table(p, combos).reshape(len(patterns), n_pat)
    else:
        by_pattern = np.zeros((len(patterns), 1), dtype=np.int64)
    return pattern_row.reshape(-1), by_pattern


def slack_table(problem: MatchProblem, combos: IntArray) -> IntArray:
    """Slack of each ``combo = availability pattern * n_shift_patterns + shift pattern``."""
    p = problem
    n_pat = len(p.pat_dem_first) - 1
    avail, pattern = combos // n_pat, combos % n_pat
    n_dem = p.pat_dem_first[pattern + 1] - p.pat_dem_first[pattern]
    dem = np.repeat(p.pat_dem_first[pattern], n_dem) + _ranges(n_dem)
    a = np.repeat(avail, n_dem)
    day = p.dem_day[dem]
    s = p.avail_start[a, day, :]
    e = p.avail_end[a, day, :]
    slack = np.minimum(p.dem_start[dem][:, None] - s, e - p.dem_end[dem][:, None]).max(axis=1)
    return np.minimum.reduceat(slack, np.cumsum(n_dem) - n_dem)


def _ranges(counts: IntArray) -> IntArray:
    """``[0..counts[0]), [0..counts[1]), …`` concatenated."""
    total = int(counts.sum())
    return np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)


def _has_key(keys: IntArray, cand: IntArray, prefix: IntArray) -> BoolArray:
    """Whether ``cand * 100_000 + prefix`` is among the sorted ``keys``."""
    if len(keys) == 0:
        return np.zeros(len(cand), dtype=bool)
    query = cand * 100_000 + prefix
    pos = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    return keys[pos] == query


def _rule_recognition(p: MatchProblem, cand: IntArray, vac: IntArray) -> BoolArray:
    ok = ~p.vac_recognition[vac]
    need = np.flatnonzero(~ok)
    ok[need] = _has_key(p.recognised_keys, cand[need], p.vac_kldb[vac[need]] // 10)
    return ok


def _rule_qualification(p: MatchProblem, cand: IntArray, vac: IntArray) -> BoolArray:
    ok = p.vac_kldb[vac] % 10 < 2
    need = np.flatnonzero(~ok)
    ok[need] = _has_key(p.qualified_keys, cand[need], p.vac_kldb[vac[need]] // 100)
    return ok


def _rule_hours(p: MatchProblem, cand: IntArray, vac: IntArray) -> BoolArray:
    hours = p.vac_hours[vac]
    return (p.cand_hours_min[cand] <= hours) & (hours <= p.cand_hours_max[cand])


_STATIC_CHECKS = {
    "WORK_PERMIT": lambda p, c, v: p.cand_permit[c] != NOT_PERMITTED,
    "LANGUAGE": lambda p, c, v: p.cand_level[c] >= p.vac_level_min[v],
    "HOURS": _rule_hours,
    "DRIVING_LICENCE": lambda p, c, v: ~p.vac_licence[v] | p.cand_licence[c],
    "RECOGNITION": _rule_recognition,
    "QUALIFICATION": _rule_qualification,
    "START": lambda p, c, v: p.cand_available[c] <= p.vac_start[v] + p.settings.grace_days,
}


def passes_static_rules(
    problem: MatchProblem, cand: IntArray, vac: IntArray
) -> tuple[IntArray, IntArray]:
    """The pairs that pass every rule needing no travel time; each rule only sees the
    pairs the previous ones let through, so the selective rules go first."""
    for rule in ("HOURS", "LANGUAGE", "QUALIFICATION", "START", "DRIVING_LICENCE",
                 "RECOGNITION", "WORK_PERMIT"):
        keep = _STATIC_CHECKS[rule](problem, cand, vac)
        cand, vac = cand[keep], vac[keep]
    return cand, vac


def model_shifts(problem: MatchProblem) -> tuple[Shifts, IntArray, IntArray]:
    """Every (vacancy, shift) the matching may ask a model about: each vacancy's shift
    options and, for vacancies without, the representative day (the last shift):
    ``shifts, work, shift``, shift ``shift[k]`` at vacancy ``work[k]``."""
    p = problem
    n_pat = len(p.pat_dem_first) - 1
    day, start, end = REPRESENTATIVE_SHIFT
    shift_first = np.append(p.pat_dem_first, p.pat_dem_first[-1] + 1).astype(np.int64)
    n_opt = p.vac_opt_first[1:] - p.vac_opt_first[:-1]
    work = np.concatenate([p.opt_vacancy, np.flatnonzero(n_opt == 0)]).astype(np.int64)
    shift = np.concatenate([p.opt_pattern, np.full(int((n_opt == 0).sum()), n_pat)])
    shifts = Shifts(shift_first, np.append(p.dem_day, day), np.append(p.dem_start, start),
                    np.append(p.dem_end, end))
    return shifts, work, shift.astype(np.int64)


def prepare_model(problem: MatchProblem, model: TravelModel) -> None:
    """Tell a model with shift-dependent minutes every (vacancy, shift) the matching may
    ask about (:func:`model_shifts`), so a timetable lays out its scans once.

    :func:`feasible_pairs` does so first although it needs only the scans of nearby
    pairs: the blocked counts need them all afterwards, and the timetable keeps one
    layout of scan rows, rebuilt (all rows gathered and laid out again) whenever a call
    needs more, so asking for the union up front lays it out once instead of three times.
    """
    if model.shift_modes and problem.n_candidates:
        shifts, work, shift = model_shifts(problem)
        model.prepare(problem.workplaces, shifts, work, shift)


def model_fast_path(problem: MatchProblem, model: TravelModel) -> FastPath | None:
    """The model's compiled fast path for :data:`MODES` and every (vacancy, shift)."""
    shifts, work, shift = model_shifts(problem)
    return model.fast_path(MODES, problem.homes, problem.workplaces, shifts, work, shift)


def timed_rules_compiled(
    problem: MatchProblem,
    travel: TravelModel,
    candidates: IntArray,
    pair_first: IntArray | None = None,
    pair_vac: IntArray | None = None,
    helps: tuple[object, ...] | None = None,
) -> tuple[IntArray, IntArray, BoolArray] | None:
    """COMMUTE and SCHEDULE for a model with a timetable's fast path (scan rows) by the
    compiled :func:`kernels.timed_rule_counts`: per given candidate the vacancies
    failing each, over all vacancies or, with ``pair_first``/``pair_vac`` (the
    candidates' pairs, see the kernel), over the listed ones, and then per listed pair
    whether it passes both. None without numba, without scan rows (a model without
    timetable, or rows that would not fit), or where a table would not fit (callers
    take the numpy path). ``helps``: the kernel's trailing arguments for the needed
    pairs of :func:`passgenau.matching.blocked.unproposed_rules` (None: none)."""
    p = problem
    from passgenau.matching import kernels

    if not kernels.COMPILED:
        return None
    slacks = pattern_slacks(p, candidates)
    if slacks is None:
        return None
    pattern_row, by_pattern = slacks
    n_pat = len(p.pat_dem_first) - 1  # the representative day's shift index
    fast = model_fast_path(p, travel)
    if fast is None or fast.scans is None:
        return None
    rows = fast.scans
    hx, hy = plane_km(p.cand_lat[candidates], p.cand_lon[candidates], p)
    wx, wy = plane_km(p.vac_lat, p.vac_lon, p)
    walk = rows.walk
    homes, works = p.homes, p.workplaces
    if pair_first is None or pair_vac is None:
        pair_first = pair_vac = np.zeros(0, dtype=np.int64)
    passes = np.zeros(len(pair_vac), dtype=bool)
    commute, schedule = kernels.timed_rule_counts(
        hx, hy, homes.phi[candidates], homes.lmb[candidates], homes.cos_phi[candidates],
        p.cand_max_commute[candidates].astype(np.int64),
        np.ascontiguousarray(p.cand_modes[candidates]),
        pattern_row.astype(np.int64).ravel(),
        np.ascontiguousarray(rows.home_stop[candidates]),
        np.ascontiguousarray(rows.home_walk[candidates]),
        wx, wy, works.phi, works.lmb, works.cos_phi,
        p.vac_opt_first.astype(np.int64), p.opt_pattern.astype(np.int64),
        np.ascontiguousarray(by_pattern, dtype=np.int64),
        fast.kmh, fast.overhead, fast.detour, fast.scan_mode,
        np.array([walk.kmh, walk.overhead, walk.detour]),
        rows.place_of, rows.table, rows.offset, rows.width, rows.column,
        rows.col_first, rows.col_anchor, rows.col_latest, rows.fastest,
        rows.shift_first, rows.there_key, rows.back_key,
        rows.place_phi, rows.place_lmb, rows.place_cos,
        int(rows.horizon_s), n_pat, float(rows.horizon_min),
        float(rows.ride_kmh), rows.access_km,
        PLANE_MARGIN[0], PLANE_MARGIN[1], EARTH_RADIUS_KM,
        np.asarray(pair_first, dtype=np.int64), np.asarray(pair_vac, dtype=np.int64), passes,
        *(helps or no_helps()),
    )
    return commute, schedule, passes


def no_helps() -> tuple[object, ...]:
    """The kernels' trailing arguments when no pair is needed for near misses."""
    table = np.zeros((1, 1), dtype=np.int64)
    none = np.zeros(0, dtype=np.int64)
    return (np.zeros((0, 0), dtype=np.uint16), table, 0, 0, np.zeros(0, dtype=np.bool_), 0,
            none, none, np.zeros(0, dtype=np.bool_), np.zeros((0, 4), dtype=np.int64),
            np.zeros((0, 3, 4), dtype=np.int64), np.zeros((0, 1)), np.zeros((0, 1)), none,
            np.zeros((0, 2)), np.zeros(7))


#: Cells of the (availability pattern × shift pattern) table the kernels read slack from.
PATTERN_TABLE_CELLS = 50_000_000


def plane_km(
    lat: FloatArray, lon: FloatArray, problem: MatchProblem
) -> tuple[FloatArray, FloatArray]:
    """Equirectangular km at the caseload's northernmost latitude: east-west distances
    come out shorter than on the sphere, so "farther than r on the plane" is safe."""
    top = max(np.abs(problem.cand_lat).max(initial=0), np.abs(problem.vac_lat).max(initial=0))
    km_per_deg = EARTH_RADIUS_KM * np.pi / 180.0
    return lon * km_per_deg * np.cos(np.radians(top)), lat * km_per_deg


def feasible_pairs(problem: MatchProblem, model: TravelModel) -> PairEvaluation:
    """The feasible pairs, sorted by candidate then vacancy.

    Cheapest first: the spatial join (with LANGUAGE for free), then the other rules that
    need no travel time, then travel time and COMMUTE, and SCHEDULE on what is left.
    With a timetable every scan is laid out first (:func:`prepare_model`).
    """
    prepare_model(problem, model)
    reach = candidate_reach_km(problem, model)
    allowed = np.flatnonzero(problem.cand_permit != NOT_PERMITTED)
    cand, vac = nearby_pairs(problem, reach, allowed, exact=False)
    cand, vac = passes_static_rules(problem, cand, vac)
    if model.shift_modes and kernels_for(len(cand)) is not None:
        # the compiled kernel decides COMMUTE and SCHEDULE per pair as schedule_rule
        # does; only the passing pairs (a sixth, typically) go on to the numpy path,
        # which fills in their travel, mode and options
        order = np.argsort(cand * problem.n_vacancies + vac, kind="stable")
        cand, vac = cand[order], vac[order]
        users, first = np.unique(cand, return_index=True)
        pair_first = np.append(first, len(cand)).astype(np.int64)
        decided = timed_rules_compiled(problem, model, users, pair_first, vac)
        if decided is not None:
            cand, vac = cand[decided[2]], vac[decided[2]]
    minutes, mode = pair_travel_minutes(problem, model, cand, vac)
    if not model.shift_modes:  # else an option's travel may be shorter
        near = minutes <= problem.cand_max_commute[cand]
        cand, vac, minutes, mode = cand[near], vac[near], minutes[near], mode[near]
    # a canonical order (ties in the solver break alike), on the fewest pairs possible
    order = np.argsort(cand * problem.n_vacancies + vac, kind="stable")
    cand, vac, minutes, mode = cand[order], vac[order], minutes[order], mode[order]
    travel = schedule_rule(problem, model, cand, vac, minutes, mode, need="passing")
    ok = np.ones((len(cand), len(RULES)), dtype=bool)
    ok[:, R["COMMUTE"]] = travel.commute
    ok[:, R["SCHEDULE"]] = travel.schedule
    evaluation = PairEvaluation.of(cand, vac, ok, travel)
    return evaluation.take(travel.commute & travel.schedule)
