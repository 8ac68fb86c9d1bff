"""Weighted tables, written compactly as text, and the random draws from them.

Why a module: every table of the demo (origins, employers, qualifications, shifts) is
written and drawn from the same way, and all draws go through the one
``random.Random(seed)`` the caller passes in, so that a seed always gives the same data.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
Weighted = Sequence[tuple[T, float]]


def pick(rng: random.Random, table: Weighted[T]) -> T:
    """One item of ``[(item, weight), ...]``."""
    return rng.choices([item for item, _ in table], [w for _, w in table])[0]


def chance(rng: random.Random, p: float) -> bool:
    """True with probability ``p``."""
    return rng.random() < p


def words(text: str) -> tuple[str, ...]:
    """A blank-separated list, as written in the tables, as a tuple."""
    return tuple(text.split())


def weights(text: str) -> tuple[tuple[str, float], ...]:
    """``"51311:10 54101:10"`` as ``(("51311", 10.0), ("54101", 10.0))``."""
    return tuple((item, float(w)) for item, _, w in (p.partition(":") for p in text.split()))
