"""Compiled loops for the one place that must look at candidates × vacancies.

numba compiles these on first use and caches the machine code on disk (``cache=True``:
in ``__pycache__`` beside this file, or numba's per-user cache where that is not
writable), so later processes load it. Importing this module imports numba: callers
import it only through :func:`passgenau.matching.compiled.kernels_for`, i.e. only where
enough pairs make it pay. Without numba ``COMPILED`` is False and callers take their
numpy path instead: a pure-Python loop over every pair would be far slower than numpy's
blocks. The travel minutes come from a model's :class:`~passgenau.geo.travel.FastPath`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from passgenau.geo.scan_kernels import HAVE_NUMBA, compiled, direct_walk_s, door_minutes, prange

#: Whether the kernels are machine code (numba installed) rather than plain Python.
COMPILED = HAVE_NUMBA


#: As :data:`passgenau.geo.travel.NO_WAY`.
_NO_WAY = np.iinfo(np.int64).max
#: As the travel models' rounding: whole minutes, rounded up, float noise absorbed.
_CEIL_EPSILON = 1e-9


@compiled(inline="always")
def _reach_km(  # pragma: no cover - compiled
    minutes: float, usable: Any, kmh: Any, overhead: Any, detour: Any
) -> float:
    """The farthest straight-line distance any usable mode covers in ``minutes``."""
    best = -1.0
    for m in range(len(kmh)):
        if usable[m]:
            r = max(minutes - overhead[m], 0.0) * kmh[m] / (detour[m] * 60.0)
            best = max(best, r)
    return best


@compiled(inline="always")
def _haversine_km(  # pragma: no cover - compiled
    phi1: float, lmb1: float, cos1: float, phi2: float, lmb2: float, cos2: float,
    radius: float,
) -> float:
    """As :func:`passgenau.geo.distance.pair_distance_km`, in the same order of
    operations (so the minutes agree with the model's to the last bit)."""
    s1 = math.sin((phi2 - phi1) / 2)
    s2 = math.sin((lmb2 - lmb1) / 2)
    a = s1 * s1 + cos1 * cos2 * (s2 * s2)
    a = min(max(a, 0.0), 1.0)
    return 2 * radius * math.asin(math.sqrt(a))


@compiled(inline="always")
def _straight_minutes(  # pragma: no cover - compiled
    km: float, usable: Any, kmh: Any, overhead: Any, detour: Any, skip: int,
) -> int:
    """Minutes by the fastest usable straight-line mode (mode ``skip`` left out), as
    :class:`passgenau.geo.travel.ModeSpeed` computes them; ``_NO_WAY`` if none."""
    best = _NO_WAY
    for m in range(len(kmh)):
        if usable[m] and m != skip:
            raw = km * detour[m] / kmh[m] * 60.0 + overhead[m]
            best = min(best, math.ceil(raw - _CEIL_EPSILON))
    return best


@compiled(inline="always")
def _decide(  # pragma: no cover - compiled
    travel: Any, n_opt: int, has: bool, lim: int, slack_row: Any, opt_pattern: Any, o_lo: int,
) -> tuple[bool, bool, int]:
    """COMMUTE fails, SCHEDULE fails, and the first fitting option (-1: none) from the
    options' travel minutes, as :func:`passgenau.matching.feasibility.schedule_rule`:
    SCHEDULE is judged on the options within the limit, on all when none is."""
    any_within = False
    for k in range(n_opt):
        if travel[k] <= lim:
            any_within = True
    if not has:
        return not any_within, False, -1
    for k in range(n_opt):
        if (travel[k] <= lim or not any_within) and slack_row[opt_pattern[o_lo + k]] >= travel[k]:
            return not any_within, False, k
    return not any_within, True, -1


@compiled(inline="always")
def _needed_bits(  # pragma: no cover - compiled
    travel: Any, by_car: Any, n_opt: int, has: bool, lim: int, extra: int, slack_row: Any,
    wide_row: Any, opt_pattern: Any, o_lo: int, adds_car: bool, clamp: int,
) -> tuple[int, int]:
    """A needed pair's outcome bits (as ``passgenau.matching.blocked``: the travel rules
    failing as the candidate is, with ``extra`` more minutes of commute, with widened
    availability, with a licence) and its travel minutes for the score (the first
    fitting option's, else the quickest option's; at most ``clamp``). ``travel`` is exact
    up to ``max(lim + extra, widened slack)`` per option (without options: up to
    ``max(lim + extra, clamp)``), ``by_car`` the same with the car: every decision is
    exact, and so are the minutes wherever the pair is a near miss (a fitting option's
    travel is within its slack; with none, a near miss has one within the limit)."""
    c0, s0, first = _decide(travel, n_opt, has, lim, slack_row, opt_pattern, o_lo)
    c1, s1, _ = _decide(travel, n_opt, has, lim + extra, slack_row, opt_pattern, o_lo)
    _, s2, _ = _decide(travel, n_opt, has, lim, wide_row, opt_pattern, o_lo)
    c3, s3 = c0, s0
    if adds_car:
        c3, s3, _ = _decide(by_car, n_opt, has, lim, slack_row, opt_pattern, o_lo)
    bits = (1 if c0 else 0) | (2 if s0 else 0) | (4 if c1 else 0) | (8 if s1 else 0)
    bits |= (16 if s2 else 0) | (32 if c3 else 0) | (64 if s3 else 0)
    if first >= 0:
        t = travel[first]
    else:
        t = travel[0]
        for k in range(1, n_opt):
            t = min(t, travel[k])
    return bits, min(t, clamp)


@compiled(inline="always")
def _car_minutes(  # pragma: no cover - compiled
    km: float, kmh: Any, overhead: Any, detour: Any, car: int,
) -> int:
    """The car's minutes over ``km``, as :func:`_straight_minutes` computes a mode's."""
    return math.ceil(km * detour[car] / kmh[car] * 60.0 + overhead[car] - _CEIL_EPSILON)


@compiled(inline="always")
def _straight_needed(  # pragma: no cover - compiled
    i: int, v: int, f: int, d2: float, hphi: Any, hlmb: Any, hcos: Any, wphi: Any,
    wlmb: Any, wcos: Any, radius: float, usable: Any, kmh: Any, overhead: Any, detour: Any,
    lim: int, row: int, opt_first: Any, opt_pattern: Any, by_pattern: Any,
    by_pattern_wide: Any, extra: int, clamp: int, adds_car: bool, car: int,
    margin_rel: float, margin_abs: float, r_clean: float, r_more: float, r_base: float,
) -> tuple[int, int]:
    """:func:`_needed_bits` for straight-line travel: one time for every option, so
    SCHEDULE is the best slack against it whatever the limit.

    A pair beyond the reach (plane distance ``d2`` squared, with the margin) of every
    threshold it is judged by — when no travel-free rule fails (``f``) ``max(lim +
    extra, widened slack)`` with shifts, ``max(lim + extra, clamp)`` without, else
    ``max(lim, slack)`` — fails every travel rule that has a threshold, with the car
    too: all bits set (those of the changes of the failing rule's pair are not read).
    Its minutes are then only read where it is a near miss, i.e. without shifts (with
    shifts it fails both COMMUTE and SCHEDULE), and there they exceed ``clamp``."""
    o_lo, o_hi = opt_first[v], opt_first[v + 1]
    has = o_hi > o_lo
    best = -1
    best_wide = -1
    for o in range(o_lo, o_hi):
        best = max(best, by_pattern[row, opt_pattern[o]])
        best_wide = max(best_wide, by_pattern_wide[row, opt_pattern[o]])
    reach = r_base
    if f == 0 and not has:
        reach = r_clean
    elif f == 0:
        reach = r_more
        if best_wide > lim + extra:
            reach = _help_reach_km(float(best_wide), usable, kmh, overhead, detour, adds_car,
                                   car)
    elif best > lim:
        reach = _help_reach_km(float(best), usable, kmh, overhead, detour, adds_car, car)
    r = reach * margin_rel + margin_abs
    if reach < 0 or d2 > r * r:
        return (1 | 4 | 32) | ((2 | 8 | 16 | 64) if has else 0), clamp
    km = _haversine_km(hphi[i], hlmb[i], hcos[i], wphi[v], wlmb[v], wcos[v], radius)
    t = _straight_minutes(km, usable, kmh, overhead, detour, -1)
    with_car = min(t, _car_minutes(km, kmh, overhead, detour, car)) if adds_car else t
    bits = 0
    if t > lim:
        bits |= 1
    if has and best < t:
        bits |= 2 | 8
    if t > lim + extra:
        bits |= 4
    if has and best_wide < t:
        bits |= 16
    if with_car > lim:
        bits |= 32
    if has and best < with_car:
        bits |= 64
    return bits, min(t, clamp)


@compiled(inline="always")
def _help_reach_km(  # pragma: no cover - compiled
    minutes: float, usable: Any, kmh: Any, overhead: Any, detour: Any, adds_car: bool,
    car: int,
) -> float:
    """:func:`_reach_km`, with the car where a licence would add it."""
    reach = _reach_km(minutes, usable, kmh, overhead, detour)
    if adds_car:
        reach = max(reach, max(minutes - overhead[car], 0.0) * kmh[car] / (detour[car] * 60.0))
    return reach


@compiled(inline="always")
def _near_key(  # pragma: no cover - compiled
    i: int, v: int, minutes: int, level: Any, vac_level: Any, occupation: Any,
    experience: Any, vac_code: Any, fixed: Any, weights: Any, n_v: int,
) -> int:
    """The near miss's rank key (smaller first): the fit score the pair would have,
    rounded to 4 decimals, then the vacancy. The score by the operations of
    :func:`passgenau.matching.scoring.score_components` and ``total_score``, in their
    order (the occupation and experience components per (candidate, code) from
    ``occupation``/``experience``, motivation and waiting per candidate from ``fixed``,
    ``weights``: the six weights, then ``commute_zero_minutes``); ``round(x, 4)`` is
    ``rint(x * 10_000) / 10_000``, so the key is ``rint(x * 10_000)``."""
    code = vac_code[v]
    language = min(max(level[i] - vac_level[v], 0) / 2.0, 1.0)
    zero = weights[6]
    commute = 1.0 - min(float(minutes), zero) / zero
    total = 0.0
    total += occupation[i, code] * weights[0]
    total += experience[i, code] * weights[1]
    total += language * weights[2]
    total += commute * weights[3]
    total += fixed[i, 0] * weights[4]
    total += fixed[i, 1] * weights[5]
    total = min(max(total, 0.0), 1.0)
    return (10_000 - np.int64(np.rint(total * 10_000.0))) * n_v + v


@compiled(inline="always")
def _tally(  # pragma: no cover - compiled
    i: int, v: int, f: int, bits: int, minutes: int, level: Any, vac_level: Any,
    licensed: Any, opens: Any, near: Any, occupation: Any, experience: Any, vac_code: Any,
    fixed: Any, weights: Any,
) -> None:
    """Count a needed pair into candidate ``i``'s would-open counts and near misses, as
    ``passgenau.matching.blocked`` defines them (rule bits by index into ``RULES``:
    LANGUAGE 1, COMMUTE 3, SCHEDULE 4, DRIVING_LICENCE 5). ``near[i]`` holds the
    candidate's best near misses so far, best first, as (rank key, vacancy, rule,
    minutes) rows (:func:`_near_key`; an unused row's key is ``_NO_WAY``)."""
    every = f | ((bits & 1) << 3) | (((bits >> 1) & 1) << 4)
    if every == 0:
        return
    if every == 2 and level[i] + 1 >= vac_level[v]:
        opens[i, 0] += 1
    if not licensed[i] and (f & ~32) == 0 and (bits & 96) == 0:
        opens[i, 1] += 1
    if f == 0:
        if (bits & 12) == 0:
            opens[i, 2] += 1
        if (bits & 17) == 0:
            opens[i, 3] += 1
    if every & (every - 1) == 0:
        rule = 0
        while (every >> rule) != 1:
            rule += 1
        key = _near_key(i, v, minutes, level, vac_level, occupation, experience, vac_code,
                        fixed, weights, len(vac_level))
        k = near.shape[1]
        while k > 0 and near[i, k - 1, 0] > key:
            k -= 1
        if k < near.shape[1]:
            for j in range(near.shape[1] - 1, k, -1):
                for col in range(4):
                    near[i, j, col] = near[i, j - 1, col]
            near[i, k, 0] = key
            near[i, k, 1] = v
            near[i, k, 2] = rule
            near[i, k, 3] = minutes


@compiled(parallel=True)
def static_failure_bits(  # pragma: no cover - compiled; tested against the numpy path
    no_permit: Any, level: Any, hours_min: Any, hours_max: Any, licensed: Any,
    available: Any, vac_level: Any, vac_hours: Any, vac_licence: Any, vac_start: Any,
    vac_kind: Any, by_kind: Any, bits: Any,
) -> Any:
    """(candidates, vacancies): the travel-free rules' failure bits, as
    ``passgenau.matching.blocked.static_failures`` sets them: ``bits`` holds the bit of
    WORK_PERMIT, LANGUAGE, HOURS, DRIVING_LICENCE and START (in that order); the
    code-prefix rules come per (candidate, kind of vacancy) from ``by_kind``."""
    n_c, n_v = len(level), len(vac_level)
    out = np.empty((n_c, n_v), dtype=np.uint16)
    for i in prange(n_c):
        permit = bits[0] if no_permit[i] else 0
        for v in range(n_v):
            f = np.int64(by_kind[i, vac_kind[v]]) | permit
            if level[i] < vac_level[v]:
                f |= bits[1]
            if hours_min[i] > vac_hours[v] or vac_hours[v] > hours_max[i]:
                f |= bits[2]
            if vac_licence[v] and not licensed[i]:
                f |= bits[3]
            if available[i] > vac_start[v]:
                f |= bits[4]
            out[i, v] = f
    return out


@compiled(parallel=True)
def travel_rule_counts(  # pragma: no cover - compiled; tested against the numpy path
    hx: Any, hy: Any, hphi: Any, hlmb: Any, hcos: Any,
    limit: Any, modes: Any, pattern_row: Any,
    wx: Any, wy: Any, wphi: Any, wlmb: Any, wcos: Any,
    opt_first: Any, opt_pattern: Any, by_pattern: Any,
    kmh: Any, overhead: Any, detour: Any,
    margin_rel: float, margin_abs: float, radius: float,
    failing: Any, by_pattern_wide: Any, extra: int, clamp: int, licence_adds_car: Any, car: int,
    level: Any, vac_level: Any, licensed: Any, opens: Any, near: Any, occupation: Any,
    experience: Any, vac_code: Any, fixed: Any, weights: Any,
) -> tuple[Any, Any]:
    """Per candidate: vacancies failing COMMUTE, and vacancies failing SCHEDULE.

    Where the pair fails at most one travel-free rule (``failing[i, v]``, bits by rule
    index; an empty ``failing``: nowhere) its travel rules are also decided for each
    single change (see :func:`_straight_needed`) and tallied (:func:`_tally`), in the
    same walk over the candidate's row: its outcome bits then give its COMMUTE and
    SCHEDULE too (they decide the candidate as they are exactly).

    Travel minutes are those of a straight-line model (haversine km × detour ÷ speed +
    overhead, rounded up, fastest usable mode), computed in the same order of operations
    as :class:`passgenau.geo.travel.ModeSpeed`. A pair whose plane distance exceeds the
    reach of ``max(limit, slack)`` minutes (with the plane margin) fails both rules
    without that computation.
    """
    n_c, n_v, n_m = len(hx), len(wx), len(kmh)
    commute = np.zeros(n_c, dtype=np.int64)
    schedule = np.zeros(n_c, dtype=np.int64)
    helps = failing.shape[0] > 0
    max_opts = 1
    for v in range(n_v):
        max_opts = max(max_opts, opt_first[v + 1] - opt_first[v])
    for i in prange(n_c):
        usable = modes[i]
        lim = limit[i]
        row = pattern_row[i]
        any_mode = False
        for m in range(n_m):
            any_mode = any_mode or usable[m]
        # the reach of the usual horizons, once per candidate (at most 30 arguments to an
        # inlined function: CPython passes more as a tuple, which numba refuses)
        adds_car = helps and licence_adds_car[i]
        r_clean = _help_reach_km(float(max(lim + extra, clamp)), usable, kmh, overhead,
                                 detour, adds_car, car)
        r_more = _help_reach_km(float(lim + extra), usable, kmh, overhead, detour,
                                adds_car, car)
        r_base = _help_reach_km(float(lim), usable, kmh, overhead, detour, adds_car, car)
        r_lim = _reach_km(float(lim), usable, kmh, overhead, detour) * margin_rel + margin_abs
        r_lim2 = r_lim * r_lim
        n_commute = 0
        n_schedule = 0
        for v in range(n_v):
            has = opt_first[v + 1] > opt_first[v]
            if helps:
                f = np.int64(failing[i, v])
                if f & (f - 1) == 0:  # at most one travel-free rule fails: a needed pair,
                    # whose outcome bits hold its travel rules as the candidate is
                    dx = hx[i] - wx[v]
                    dy = hy[i] - wy[v]
                    bits, minutes = _straight_needed(
                        i, v, f, dx * dx + dy * dy, hphi, hlmb, hcos, wphi, wlmb, wcos, radius,
                        usable, kmh, overhead, detour, lim, row, opt_first, opt_pattern,
                        by_pattern, by_pattern_wide, extra, clamp, adds_car, car,
                        margin_rel, margin_abs, r_clean, r_more, r_base)
                    _tally(i, v, f, bits, minutes, level, vac_level, licensed, opens, near,
                           occupation, experience, vac_code, fixed, weights)
                    n_commute += bits & 1
                    n_schedule += (bits >> 1) & 1
                    continue
            best = -1
            for o in range(opt_first[v], opt_first[v + 1]):
                best = max(best, by_pattern[row, opt_pattern[o]])
            if not any_mode:
                n_commute += 1
                if has:
                    n_schedule += 1
                continue
            dx = hx[i] - wx[v]
            dy = hy[i] - wy[v]
            d2 = dx * dx + dy * dy
            if d2 > r_lim2:
                n_commute += 1  # beyond reach of the limit
                if not has:
                    continue
                if best <= lim:
                    n_schedule += 1  # travel > limit >= slack
                    continue
                r = _reach_km(float(best), usable, kmh, overhead, detour)
                r = r * margin_rel + margin_abs
                if d2 > r * r:
                    n_schedule += 1
                    continue
            # the exact travel time, as the model computes it
            km = _haversine_km(hphi[i], hlmb[i], hcos[i], wphi[v], wlmb[v], wcos[v], radius)
            travel = _straight_minutes(km, usable, kmh, overhead, detour, -1)
            if d2 <= r_lim2 and travel > lim:
                n_commute += 1
            if has and best < travel:
                n_schedule += 1
        commute[i] = n_commute
        schedule[i] = n_schedule
    return commute, schedule


@compiled(inline="always")
def _transit_reach_km(  # pragma: no cover - compiled
    minutes: float, horizon_min: float, walk_kmh: float, walk_overhead: float,
    walk_detour: float, ride_kmh: float, access_km: float,
) -> float:
    """As the timetable model's ``reach_km`` for public transport (see
    :class:`~passgenau.geo.travel.ScanRows`)."""
    if minutes < 0:
        return 0.0
    capped = min(minutes, horizon_min)
    walk = max(capped - walk_overhead, 0.0) * walk_kmh / (walk_detour * 60.0)
    return max(walk, capped / 60.0 * ride_kmh + access_km)


@compiled(inline="always")
def _timed_reach_km(  # pragma: no cover - compiled
    minutes: float, usable: Any, kmh: Any, overhead: Any, detour: Any, transit: int,
    horizon_min: float, walk_kmh: float, walk_overhead: float, walk_detour: float,
    ride_kmh: float, access_km: float,
) -> float:
    """The farthest straight-line distance any usable mode covers in ``minutes`` with a
    timetable (-1: no usable mode), as the numpy path's ``reach_km`` per mode."""
    best = -1.0
    for m in range(len(kmh)):
        if usable[m]:
            if m == transit:
                r = _transit_reach_km(minutes, horizon_min, walk_kmh, walk_overhead,
                                      walk_detour, ride_kmh, access_km)
            else:
                r = max(minutes - overhead[m], 0.0) * kmh[m] / (detour[m] * 60.0)
            best = max(best, r)
    return best


@compiled()
def _place_minutes(  # pragma: no cover - compiled
    table: Any, base: int, m: int, h: int, home_stop: Any, home_walk: Any, walk: int,
    anchor: Any, latest: Any, horizon_s: int, out: Any,
) -> None:
    """Every key's door-to-door minutes between home ``h`` and a workplace whose block
    starts at ``base`` with ``m`` columns (``anchor``, ``latest``, ``out``: that
    workplace's columns), exactly as the timetable's read-off does: one pass over
    the home's access stops, each a contiguous row of the block (-1: no connection
    within the horizon)."""
    never = -(1 << 30)
    for c in range(m):
        out[c] = never
    for a in range(home_stop.shape[1]):
        stop = home_stop[h, a]
        if stop < 0:
            break
        walk_s = np.int64(home_walk[h, a])
        at = base + stop * m
        for c in range(m):
            x = np.int64(table[at + c]) - walk_s
            if x > out[c]:
                out[c] = x
    for c in range(m):
        found = out[c] if latest[c] else -out[c]
        out[c] = door_minutes(found, walk, anchor[c], horizon_s, latest[c])


@compiled(inline="always")
def _shift_worst(  # pragma: no cover - compiled
    memo: Any, first_col: int, column: Any, p: int, there_key: Any, back_key: Any,
    shift_first: Any, s: int,
) -> int:
    """Public transport's minutes for shift ``s`` at place ``p``: the worst day of the
    longer way (there or home) read off the place's memo; ``_NO_WAY`` if a day has none."""
    worst = 0
    for leg in range(shift_first[s], shift_first[s + 1]):
        both = 0
        for key in (there_key[leg], back_key[leg]):
            c = first_col + column[p, key]
            if memo[c] < 0:
                both = -1
            elif both >= 0:
                both = max(both, memo[c])
        if both < 0:
            return _NO_WAY
        worst = max(worst, both)
    return worst


@compiled(parallel=True)
def timed_rule_counts(  # pragma: no cover - compiled; tested against the numpy path
    hx: Any, hy: Any, hphi: Any, hlmb: Any, hcos: Any,
    limit: Any, modes: Any, pattern_row: Any, home_stop: Any, home_walk: Any,
    wx: Any, wy: Any, wphi: Any, wlmb: Any, wcos: Any,
    opt_first: Any, opt_pattern: Any, by_pattern: Any,
    kmh: Any, overhead: Any, detour: Any, transit: int, walk_speed: Any,
    place_of: Any, table: Any, offset: Any, width: Any, column: Any, col_first: Any,
    col_anchor: Any, col_latest: Any, fastest: Any, shift_first: Any, there_key: Any, back_key: Any,
    place_phi: Any, place_lmb: Any, place_cos: Any, horizon_s: int, rep_shift: int,
    horizon_min: float, ride_kmh: float, access_km: float,
    margin_rel: float, margin_abs: float, radius: float,
    pair_first: Any, pair_vac: Any, passes: Any,
    failing: Any, by_pattern_wide: Any, extra: int, clamp: int, licence_adds_car: Any, car: int,
    level: Any, vac_level: Any, licensed: Any, opens: Any, near: Any, occupation: Any,
    experience: Any, vac_code: Any, fixed: Any, weights: Any,
) -> tuple[Any, Any]:
    """Per candidate: vacancies failing COMMUTE, and vacancies failing SCHEDULE, with a
    timetable, deciding every pair as :func:`passgenau.matching.feasibility.schedule_rule`
    does (``need="rules"``) without any per-pair arrays.

    With a non-empty ``pair_first``, candidate ``i`` is only paired with the vacancies
    ``pair_vac[pair_first[i]:pair_first[i + 1]]`` (the counts are over those), and
    ``passes`` receives per listed pair whether it passes both rules: the feasibility
    hands only those to the numpy path, which then fills in the travel and options.

    An option's travel is the fastest of the straight-line modes (``kmh``… per mode;
    the transit entry unused) and public transport's worst day of the option's shift,
    read off the scan rows (``table``…, see :class:`~passgenau.geo.travel.ScanRows`)
    for all of a workplace location's keys at once, the first time one of
    its vacancies needs them, and kept for the candidate's other vacancies there. Before
    that, a lower bound over all the location's keys (``fastest`` per stop, plus the
    walk; or the direct walk, a second under its straight-line time) skips the read-off
    where even it exceeds the cap: with a generous reach bound most pairs are decided
    so. ``fastest`` is stop-major, so a candidate's bounds for every location cost one
    pass over its access stops' rows. COMMUTE holds iff
    some option's travel is within the limit (no options: the representative day's,
    shift ``rep_shift``), SCHEDULE is judged on the options within the limit, on all
    when none is. Public transport is only read where it can change a decision: not
    where the other modes already fit within both the limit and the slack, nor beyond
    its reach in ``max(limit, slack)`` minutes (then it is slower than both). Pairs
    beyond every usable mode's reach in ``max(limit, best slack)`` fail both rules, as
    in the numpy path. ``walk_speed`` is (kmh, overhead, detour) of the walk that
    public transport's reach assumes.

    Where the pair fails at most one travel-free rule (``failing[i, v]``, bits by rule
    index; an empty ``failing``: nowhere; not with listed pairs) the pair's options get
    their travel exact up to ``max(limit + extra, widened slack)`` (without options
    ``max(limit + extra, clamp)``; public transport read wherever it could be faster),
    and the travel rules are decided for each single change (:func:`_needed_bits`) and
    tallied (:func:`_tally`).
    """
    n_c, n_v = len(hx), len(wx)
    walk_kmh, walk_overhead, walk_detour = walk_speed[0], walk_speed[1], walk_speed[2]
    max_opts = 1
    for v in range(n_v):
        max_opts = max(max_opts, opt_first[v + 1] - opt_first[v])
    n_places = len(width)
    walk_s_per_km = 1.3 / 4.5 * 3600.0  # as direct_walk_s
    n_cols = len(col_anchor)
    commute = np.zeros(n_c, dtype=np.int64)
    schedule = np.zeros(n_c, dtype=np.int64)
    listed = len(pair_first) > 0
    helps = failing.shape[0] > 0 and not listed
    for i in prange(n_c):
        usable = modes[i]
        rides = transit >= 0 and usable[transit]
        lim = limit[i]
        row = pattern_row[i]
        travel = np.empty(max_opts, dtype=np.int64)
        memo = np.empty(n_cols, dtype=np.int64)  # minutes per column, once read
        read = np.zeros(n_places, dtype=np.bool_)
        by_stops = np.full(n_places, np.int64(1) << 40)  # seconds no key beats by stops
        if rides:
            for a_k in range(home_stop.shape[1]):
                stop = home_stop[i, a_k]
                if stop < 0:
                    break
                walk_k = np.int64(home_walk[i, a_k])
                row_k = fastest[stop]
                for q in range(n_places):
                    by_stops[q] = min(by_stops[q], row_k[q] + walk_k)
        if helps:
            buf_car = np.empty(max_opts, dtype=np.int64)
            adds_car = licence_adds_car[i]
            for v in range(n_v):
                f = np.int64(failing[i, v])
                if f & (f - 1) != 0:  # two travel-free rules or more fail
                    continue
                o_lo, o_hi = opt_first[v], opt_first[v + 1]
                has = o_hi > o_lo
                n_opt = o_hi - o_lo if has else 1
                dx = hx[i] - wx[v]
                dy = hy[i] - wy[v]
                d = math.sqrt(dx * dx + dy * dy)
                km = _haversine_km(hphi[i], hlmb[i], hcos[i], wphi[v], wlmb[v], wcos[v],
                                   radius)
                plain = _straight_minutes(km, usable, kmh, overhead, detour, transit)
                with_car = _car_minutes(km, kmh, overhead, detour, car) if adds_car else _NO_WAY
                p = place_of[v]
                first_col = col_first[p]
                for k in range(n_opt):
                    if has:  # the score reads no travel beyond these (see _needed_bits)
                        s = opt_pattern[o_lo + k]
                        cap = max(lim + extra, by_pattern_wide[row, s])
                    else:
                        s = rep_shift
                        cap = max(lim + extra, clamp)
                    t = plain
                    if rides:
                        r = _transit_reach_km(float(cap), horizon_min, walk_kmh, walk_overhead,
                                              walk_detour, ride_kmh, access_km)
                        low = min(by_stops[p], np.int64(km * walk_s_per_km) - 1)
                        bound = (low + 59) // 60 if low <= horizon_s else _NO_WAY
                        if d <= r * margin_rel + margin_abs and bound <= cap:
                            if not read[p]:
                                read[p] = True
                                walk = direct_walk_s(hphi[i], hlmb[i], hcos[i], place_phi[p],
                                                     place_lmb[p], place_cos[p], horizon_s)
                                last_col = first_col + width[p]
                                _place_minutes(table, offset[p], width[p], i, home_stop,
                                               home_walk, walk, col_anchor[first_col:last_col],
                                               col_latest[first_col:last_col], horizon_s,
                                               memo[first_col:last_col])
                            t = min(t, _shift_worst(memo, first_col, column, p, there_key, back_key,
                                                        shift_first, s))
                    travel[k] = t
                    buf_car[k] = min(t, with_car)
                bits, minutes = _needed_bits(travel, buf_car, n_opt, has, lim, extra,
                                             by_pattern[row], by_pattern_wide[row],
                                             opt_pattern, o_lo, adds_car, clamp)
                _tally(i, v, f, bits, minutes, level, vac_level, licensed, opens, near,
                       occupation, experience, vac_code, fixed, weights)
        n_commute = 0
        n_schedule = 0
        # most pairs lie beyond the reach in ``limit`` minutes and have no slack above
        # the limit: those fail both rules after a distance and a look at the slacks
        r_lim = _timed_reach_km(float(lim), usable, kmh, overhead, detour, transit,
                                horizon_min, walk_kmh, walk_overhead, walk_detour,
                                ride_kmh, access_km)
        r_lim2 = (r_lim * margin_rel + margin_abs) ** 2 if r_lim >= 0 else -1.0
        n_iter = pair_first[i + 1] - pair_first[i] if listed else n_v
        for j in range(n_iter):
            v = pair_vac[pair_first[i] + j] if listed else j
            o_lo, o_hi = opt_first[v], opt_first[v + 1]
            has = o_hi > o_lo
            dx = hx[i] - wx[v]
            dy = hy[i] - wy[v]
            d2 = dx * dx + dy * dy
            if d2 > r_lim2:
                best = -1
                for o in range(o_lo, o_hi):
                    best = max(best, by_pattern[row, opt_pattern[o]])
                far = True
                if best > lim:
                    reach = _timed_reach_km(float(best), usable, kmh, overhead, detour,
                                            transit, horizon_min, walk_kmh, walk_overhead,
                                            walk_detour, ride_kmh, access_km)
                    far = reach < 0 or math.sqrt(d2) > reach * margin_rel + margin_abs
                if far:
                    n_commute += 1
                    if has:
                        n_schedule += 1
                    if listed:
                        passes[pair_first[i] + j] = False
                    continue
            # the straight-line modes, as the model computes them
            km = _haversine_km(hphi[i], hlmb[i], hcos[i], wphi[v], wlmb[v], wcos[v], radius)
            plain = _straight_minutes(km, usable, kmh, overhead, detour, transit)
            p = place_of[v]
            first_col = col_first[p]
            d = math.sqrt(d2)
            n_opt = o_hi - o_lo if has else 1
            any_within = False
            for k in range(n_opt):
                if has:
                    slack = by_pattern[row, opt_pattern[o_lo + k]]
                    s = opt_pattern[o_lo + k]
                else:
                    slack = lim  # only the commute matters
                    s = rep_shift
                t = plain
                cap = max(lim, slack)
                if rides and not (plain <= lim and plain <= slack):
                    r = _transit_reach_km(float(cap), horizon_min, walk_kmh, walk_overhead,
                                          walk_detour, ride_kmh, access_km)
                    low = min(by_stops[p], np.int64(km * walk_s_per_km) - 1)
                    bound = (low + 59) // 60 if low <= horizon_s else _NO_WAY
                    if d <= r * margin_rel + margin_abs and bound <= cap:
                        if not read[p]:
                            read[p] = True
                            walk = direct_walk_s(hphi[i], hlmb[i], hcos[i], place_phi[p],
                                                     place_lmb[p], place_cos[p], horizon_s)
                            last_col = first_col + width[p]
                            _place_minutes(table, offset[p], width[p], i, home_stop,
                                           home_walk, walk, col_anchor[first_col:last_col],
                                           col_latest[first_col:last_col], horizon_s,
                                           memo[first_col:last_col])
                        t = min(t, _shift_worst(memo, first_col, column, p, there_key, back_key,
                                                    shift_first, s))
                travel[k] = t
                if t <= lim:
                    any_within = True
            if not any_within:
                n_commute += 1
            fits = True
            if has:
                fits = False
                for k in range(n_opt):
                    if (travel[k] <= lim or not any_within) and \
                            by_pattern[row, opt_pattern[o_lo + k]] >= travel[k]:
                        fits = True
                        break
                if not fits:
                    n_schedule += 1
            if listed:
                passes[pair_first[i] + j] = any_within and fits
        commute[i] = n_commute
        schedule[i] = n_schedule
    return commute, schedule
