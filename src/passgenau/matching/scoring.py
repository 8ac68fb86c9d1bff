"""The fit score of a feasible pair: a weighted sum of documented components in [0, 1].

No protected attribute enters: not nationality, gender, religion, name, nor age. The
components, each in [0, 1]:

* ``occupation`` — how close the vacancy's KldB code is to the candidate's experience or
  wishes, by the KldB hierarchy: same Berufsgattung (5 digits) 1.0, same Berufsuntergruppe
  (4) 0.8, same Berufsgruppe (3) 0.6, same Berufshauptgruppe (2) 0.35, same Berufsbereich
  (1) 0.15, else 0; a wish counts ``wish_factor`` of that (experience proves more).
* ``experience`` — years in the best-fitting occupation of the same Berufsgruppe,
  full at ``experience_full_years``.
* ``language`` — German level above the vacancy's minimum: +1 level 0.5, +2 or more 1.0.
* ``commute`` — shorter is better: ``1 - minutes / commute_zero_minutes`` (0 from then on).
* ``motivation`` — the placement officer's assessment 1..5 mapped to 0..1.
* ``waiting`` — time since unemployed, full at ``waiting_full_days``: long waits get
  priority.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from passgenau.matching.problem import FloatArray, IntArray, MatchProblem

COMPONENTS: tuple[str, ...] = (
    "occupation",
    "experience",
    "language",
    "commute",
    "motivation",
    "waiting",
)
#: Fit by the number of leading KldB digits shared (index = digits).
PREFIX_FIT = np.array([0.0, 0.15, 0.35, 0.6, 0.8, 1.0])


@dataclass(frozen=True, slots=True)
class ScoreWeights:
    """Weights of the components (they sum to 1) and the shape of each component."""

    occupation: float = 0.35
    experience: float = 0.10
    language: float = 0.10
    commute: float = 0.15
    motivation: float = 0.15
    waiting: float = 0.15
    wish_factor: float = 0.8
    experience_full_years: float = 5.0
    commute_zero_minutes: float = 120.0
    waiting_full_days: float = 730.0

    def __post_init__(self) -> None:
        weights = self.vector()
        if (weights < 0).any():
            raise ValueError("score weights must not be negative")
        if abs(weights.sum() - 1.0) > 1e-9:
            raise ValueError(f"score weights must sum to 1, not {weights.sum():.4f}")
        if not 0 <= self.wish_factor <= 1:
            raise ValueError("wish_factor must be 0..1")
        for name in ("experience_full_years", "commute_zero_minutes", "waiting_full_days"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be > 0")

    def vector(self) -> FloatArray:
        return np.array([getattr(self, c) for c in COMPONENTS])

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def shared_digits(a: IntArray, b: IntArray) -> IntArray:
    """Leading digits two 5-digit KldB codes (as integers) share, 0..5."""
    n = np.zeros(np.broadcast(a, b).shape, dtype=np.int64)
    for k in range(1, 6):
        scale = 10 ** (5 - k)
        n += (a // scale) == (b // scale)
    return n


def score_components(
    problem: MatchProblem,
    weights: ScoreWeights,
    cand: IntArray,
    vac: IntArray,
    travel: IntArray,
) -> FloatArray:
    """(P, len(COMPONENTS)) component values for the given pairs."""
    p = problem
    out = np.zeros((len(cand), len(COMPONENTS)))
    vk = p.vac_kldb[vac]
    exp_fit, exp_years = _best_occupation(p.occ_cand, p.occ_kldb, p.occ_years, cand, vk)
    wish_fit, _ = _best_occupation(
        p.wish_cand, p.wish_kldb, np.zeros(len(p.wish_cand)), cand, vk
    )
    out[:, 0] = np.maximum(exp_fit, weights.wish_factor * wish_fit)
    out[:, 1] = np.minimum(exp_years / weights.experience_full_years, 1.0)
    margin = np.maximum(p.cand_level[cand] - p.vac_level_min[vac], 0)
    out[:, 2] = np.minimum(margin / 2.0, 1.0)
    out[:, 3] = 1.0 - np.minimum(travel, weights.commute_zero_minutes) / (
        weights.commute_zero_minutes
    )
    out[:, 4] = (p.cand_motivation[cand] - 1) / 4.0
    out[:, 5] = np.minimum(p.cand_waiting_days[cand] / weights.waiting_full_days, 1.0)
    return out


def total_score(components: FloatArray, weights: ScoreWeights) -> FloatArray:
    """The weighted sum, column by column: a matrix product would sum in an order that
    depends on the batch size, and a pair's score must not depend on its neighbours."""
    total = np.zeros(len(components))
    for k, w in enumerate(weights.vector()):
        total += components[:, k] * w
    return np.clip(total, 0.0, 1.0)


def rounded(score: float) -> float:
    """A score as the result shows it: 4 decimals, the same everywhere."""
    return round(float(score), 4)


def _best_occupation(
    owner: IntArray, kldb: IntArray, years: FloatArray, cand: IntArray, vac_kldb: IntArray
) -> tuple[FloatArray, FloatArray]:
    """Per pair: the best hierarchy fit among the candidate's codes, and the most years
    among codes of the same Berufsgruppe (3 digits). ``owner`` is sorted."""
    fit = np.zeros(len(cand))
    best_years = np.zeros(len(cand))
    if len(owner) == 0 or len(cand) == 0:
        return fit, best_years
    first = np.searchsorted(owner, cand, side="left")
    count = np.searchsorted(owner, cand, side="right") - first
    rows = np.repeat(np.arange(len(cand)), count)
    idx = np.repeat(first, count) + (np.arange(count.sum()) - np.repeat(np.cumsum(count) - count,
                                                                         count))
    digits = shared_digits(kldb[idx], vac_kldb[rows])
    has = count > 0
    starts = (np.cumsum(count) - count)[has]  # rows are sorted: one segment per pair
    fit[has] = np.maximum.reduceat(PREFIX_FIT[digits], starts)
    best_years[has] = np.maximum.reduceat(np.where(digits >= 3, years[idx], 0.0), starts)
    return fit, best_years
