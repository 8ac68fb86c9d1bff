"""When the matching runs its compiled kernels, and when numpy.

The kernels (:mod:`passgenau.matching.kernels`) are numba-compiled and cached on disk,
but importing numba costs about 0.3 s and loading a cached kernel 0.05–0.15 s more: on a
small caseload the numpy paths finish long before that. So a kernel runs only where it
looks at enough (candidate, vacancy) pairs to win that back, and numba is imported only
then. Both paths give the same results (the tests hold them against each other and
against an oracle), so the thresholds decide speed only.

Measured on the district instance (one core of two, the kernels' cache warm): the numpy
paths take about 0.2 µs a pair with straight lines and 0.45 µs with a timetable, the
kernels a tenth of that. Hence :data:`COMPILE_FROM_PAIRS` where numba is still to be
imported (0.4 s to win back), and :data:`COMPILE_FROM_PAIRS_LOADED` where something else
(a timetable's scans) has imported it already (a kernel's load, 0.06 s, to win back).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

#: Pairs from which the kernels pay for importing numba and loading a kernel.
COMPILE_FROM_PAIRS = 2_000_000
#: Pairs from which the kernels pay for loading a kernel, numba being imported already.
COMPILE_FROM_PAIRS_LOADED = 150_000


def kernels_for(pairs: int) -> ModuleType | None:
    """The compiled kernels if a pass over ``pairs`` pairs is worth them and numba is
    installed; None: take the numpy path (numba is then not imported by the matching)."""
    loaded = sys.modules.get("numba") is not None
    if pairs < (COMPILE_FROM_PAIRS_LOADED if loaded else COMPILE_FROM_PAIRS):
        return None
    if not loaded and importlib.util.find_spec("numba") is None:
        return None
    from passgenau.matching import kernels

    return kernels if kernels.COMPILED else None
