"""Compiled loops for the one place that must look at candidates × vacancies.

numba compiles these on first use and caches the machine code on disk. Without numba
``COMPILED`` is False and callers take their numpy path instead: a pure-Python loop over
every pair would be far slower than numpy's blocks.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

try:
    from numba import njit, prange

    COMPILED = True
except ImportError:  # pragma: no cover - exercised only where numba is missing
    COMPILED = False
    prange = range

    def njit(*args: Any, **kwargs: Any) -> Any:
        if args and callable(args[0]):
            return args[0]

        def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
            return function

        return wrap


#: As :data:`passgenau.geo.travel.NO_WAY`.
_NO_WAY = np.iinfo(np.int64).max
#: As the travel models' rounding: whole minutes, rounded up, float noise absorbed.
_CEIL_EPSILON = 1e-9


@njit(cache=True, inline="always")
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


@njit(cache=True, parallel=True)
def travel_rule_counts(  # pragma: no cover - compiled; tested against the numpy path
    hx: Any, hy: Any, hphi: Any, hlmb: Any, hcos: Any,
    limit: Any, modes: Any, pattern_row: Any,
    wx: Any, wy: Any, wphi: Any, wlmb: Any, wcos: Any,
    opt_first: Any, opt_pattern: Any, by_pattern: Any,
    kmh: Any, overhead: Any, detour: Any,
    margin_rel: float, margin_abs: float, radius: float,
) -> tuple[Any, Any]:
    """Per candidate: vacancies failing COMMUTE, and vacancies failing SCHEDULE.

    Travel minutes are those of a straight-line model (haversine km × detour ÷ speed +
    overhead, rounded up, fastest usable mode), computed in the same order of operations
    as :class:`passgenau.geo.travel.ModeSpeed`. A pair whose plane distance exceeds the
    reach of ``max(limit, slack)`` minutes (with the plane margin) fails both rules
    without that computation.
    """
    n_c, n_v, n_m = len(hx), len(wx), len(kmh)
    commute = np.zeros(n_c, dtype=np.int64)
    schedule = np.zeros(n_c, dtype=np.int64)
    for i in prange(n_c):
        usable = modes[i]
        lim = limit[i]
        row = pattern_row[i]
        any_mode = False
        for m in range(n_m):
            any_mode = any_mode or usable[m]
        r_lim = _reach_km(float(lim), usable, kmh, overhead, detour) * margin_rel + margin_abs
        r_lim2 = r_lim * r_lim
        n_commute = 0
        n_schedule = 0
        for v in range(n_v):
            has = opt_first[v + 1] > opt_first[v]
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
            s1 = math.sin((wphi[v] - hphi[i]) / 2)
            s2 = math.sin((wlmb[v] - hlmb[i]) / 2)
            a = s1 * s1 + hcos[i] * wcos[v] * (s2 * s2)
            a = min(max(a, 0.0), 1.0)
            km = 2 * radius * math.asin(math.sqrt(a))
            travel = _NO_WAY
            for m in range(n_m):
                if usable[m]:
                    raw = km * detour[m] / kmh[m] * 60.0 + overhead[m]
                    travel = min(travel, math.ceil(raw - _CEIL_EPSILON))
            if d2 <= r_lim2 and travel > lim:
                n_commute += 1
            if has and best < travel:
                n_schedule += 1
        commute[i] = n_commute
        schedule[i] = n_schedule
    return commute, schedule
