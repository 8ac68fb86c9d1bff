"""Compiled helpers for reading door-to-door minutes off a timetable's scan rows.

Shared by the transit read-off (:mod:`passgenau.geo.transit.csa`) and the matching's
compiled kernels (:mod:`passgenau.matching.kernels`), which read the same rows through a
model's :class:`~passgenau.geo.travel.FastPath`: one copy of the rounding rules, so both
answer to the last minute alike.

Importing this module imports numba (about 0.3 s): only the code paths that run compiled
kernels import it. Without numba, :func:`jit` returns the function unchanged and the same
code runs as Python. Kernels are cached on disk (``cache=True``): next to this source if
that folder is writable, else in numba's per-user cache (``NUMBA_CACHE_DIR`` or
``~/.cache/numba``), so a process after the first loads the machine code instead of
compiling it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

F = TypeVar("F", bound=Callable[..., Any])

try:  # pragma: no cover - depends on the environment
    from numba import njit as _njit
    from numba import prange

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover
    _njit = None
    prange = range
    HAVE_NUMBA = False


def compiled(**options: Any) -> Callable[[F], F]:
    """``numba.njit(cache=True, **options)`` where numba is installed, else the function
    itself (``.py_func`` keeps the Python of a compiled one).

    numba caches beside the source, or in its per-user cache where the package's folder
    is not writable; where neither is (a service user without a home, no
    ``NUMBA_CACHE_DIR``), it refuses ``cache=True`` outright, and the function is then
    compiled in every process instead: slower to start, the same results.
    """

    def wrap(function: F) -> F:
        if _njit is None:
            return function
        try:
            return _njit(cache=True, **options)(function)  # type: ignore[no-any-return]
        except RuntimeError:  # "cannot cache function …: no locator available"
            return _njit(**options)(function)  # type: ignore[no-any-return]

    return wrap


#: Compile with numba if available, cached on disk (see :func:`compiled`).
jit = compiled(nogil=True)
#: As :data:`jit`, with the ``prange`` loops spread over the cores: the scans of
#: different workplaces are independent.
jit_parallel = compiled(nogil=True, parallel=True)


@jit
def direct_walk_s(home_phi, home_lmb, home_cos, work_phi, work_lmb, work_cos,
                  horizon_s):  # pragma: no cover - compiled
    """Whole seconds to walk straight (× detour) from home to work, or -1 where the
    latitude difference alone shows the walk is longer than ``horizon_s``."""
    walk_factor = 1.3 / 4.5 * 3600.0
    radius = 6371.0
    dphi = home_phi - work_phi
    if abs(dphi) * radius * walk_factor > horizon_s:
        return -1
    s1 = np.sin(dphi / 2.0)
    s2 = np.sin((home_lmb - work_lmb) / 2.0)
    a = s1 * s1 + home_cos * work_cos * (s2 * s2)
    a = min(max(a, 0.0), 1.0)
    km = 2.0 * radius * np.arcsin(np.sqrt(a))
    return int(np.ceil(km * walk_factor - 1e-9))


@jit
def door_minutes(best, walk, anchor_s, horizon_s, latest):  # pragma: no cover - compiled
    """Whole minutes (rounded up) from the best stop time and the direct walk (-1: none
    counts); -1 where the journey takes longer than ``horizon_s``."""
    if walk >= 0:
        if latest:
            if anchor_s - walk > best:
                best = anchor_s - walk
        elif anchor_s + walk < best:
            best = anchor_s + walk
    travel = anchor_s - best if latest else best - anchor_s
    if travel > horizon_s:
        return -1
    return (travel + 59) // 60
