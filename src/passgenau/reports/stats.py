"""Proportions with Wilson score intervals, so that small numbers are not over-read.

The Wilson interval (E. B. Wilson, *Probable inference, the law of succession, and
statistical inference*, JASA 22, 1927) keeps its coverage for small counts and rates near
0 or 1, where the textbook ``p ± z·sqrt(p(1-p)/n)`` fails (it gives [0, 0] for 0 of 5).
Newcombe (*Two-sided confidence intervals for the single proportion*, Statistics in
Medicine 17, 1998, method 3) recommends it; his examples are the tests' expected values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054
"""The standard normal quantile of 97.5 %: a two-sided 95 % interval."""


@dataclass(frozen=True, slots=True)
class Rate:
    """``successes`` of ``trials`` with its Wilson interval; rate and bounds are None for
    0 trials (nothing to say)."""

    successes: int
    trials: int
    rate: float | None
    low: float | None
    high: float | None


def wilson(successes: int, trials: int, z: float = Z_95) -> Rate:
    """The proportion and its Wilson score interval (two-sided, ``z`` = 1.96 for 95 %)."""
    if trials < 0 or not 0 <= successes <= trials:
        raise ValueError("need 0 <= successes <= trials")
    if trials == 0:
        return Rate(successes, trials, None, None, None)
    p = successes / trials
    z2 = z * z
    centre = p + z2 / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    denominator = 1 + z2 / trials
    low = (centre - spread) / denominator
    high = (centre + spread) / denominator
    # exact bounds at the edges (rounding could leave 1e-17 instead of 0)
    low = 0.0 if successes == 0 else max(0.0, low)
    high = 1.0 if successes == trials else min(1.0, high)
    return Rate(successes, trials, p, low, high)
