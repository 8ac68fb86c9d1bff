"""When the matching runs its compiled kernels, and when numpy.

The kernels (:mod:`passgenau.matching.kernels`) are numba-compiled and cached on disk,
but importing numba alone costs about 0.3 s and loading a cached kernel a few tens of
milliseconds more: on a small caseload the numpy paths finish before that. So a kernel
runs only where it looks at :data:`COMPILE_FROM_PAIRS` (candidate, vacancy) pairs or
more, and numba is imported only then. Both paths give the same results (the tests hold
them against each other and against an oracle).
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

#: Pairs from which the compiled kernels pay for importing numba. At 250,000 pairs the
#: numpy paths take about 0.1 s on one core (the blocked counts of a district's
#: unproposed candidates are 10–20 times that), numba's import and the kernel's load
#: about 0.4 s.
COMPILE_FROM_PAIRS = 250_000


def kernels_for(pairs: int) -> ModuleType | None:
    """The compiled kernels if ``pairs`` pairs are worth them and numba is installed;
    None: take the numpy path (numba is then not imported at all)."""
    if pairs < COMPILE_FROM_PAIRS or importlib.util.find_spec("numba") is None:
        return None
    from passgenau.matching import kernels

    return kernels if kernels.COMPILED else None
