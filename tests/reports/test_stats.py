"""Wilson score intervals against published values: Newcombe (1998), *Two-sided
confidence intervals for the single proportion: comparison of seven methods*, Statistics
in Medicine 17, 857–872, Table II, method 3 (score interval without continuity
correction), 95 %."""

from __future__ import annotations

import pytest

from passgenau.reports.stats import wilson

NEWCOMBE_METHOD_3 = [
    # (successes, trials, lower, upper) as printed, 4 decimals
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
    (29, 29, 0.8830, 1.0000),
]


@pytest.mark.parametrize(("k", "n", "low", "high"), NEWCOMBE_METHOD_3)
def test_wilson_interval_matches_newcombe(k: int, n: int, low: float, high: float) -> None:
    rate = wilson(k, n)
    assert rate.low == pytest.approx(low, abs=5e-5)
    assert rate.high == pytest.approx(high, abs=5e-5)
    assert rate.rate == pytest.approx(k / n)


def test_nothing_to_say_about_zero_trials() -> None:
    """0 of 0 has no rate: a step nobody reached says nothing, not 0 %."""
    rate = wilson(0, 0)
    assert (rate.rate, rate.low, rate.high) == (None, None, None)


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        wilson(3, 2)
