"""The fit score against the README's table: every component and the weighted total.

Each expected value below is written from the README (section *Fit score*), not computed
by the code under test: same Berufsgattung 1.0, Berufsuntergruppe 0.8, Berufsgruppe 0.6,
Berufshauptgruppe 0.35, Berufsbereich 0.15, a wish 0.8 of that; experience full at 5
years; German one level above the minimum 0.5, two or more 1.0; commute
``1 − minutes/120``; motivation 1–5 → 0–1; waiting full at 2 years (730 days); weights
0.35, 0.10, 0.10, 0.15, 0.15, 0.15.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from passgenau.domain import GermanLevel, KldbCode, Occupation
from passgenau.matching.problem import MatchProblem
from passgenau.matching.scoring import COMPONENTS, ScoreWeights, score_components, total_score
from tests.matching.instances import REFERENCE_DATE, candidate, dataset, vacancy

VACANCY_CODE = "62101"  # Berufsbereich 6, -hauptgruppe 62, -gruppe 621, -untergruppe 6210


def component(name: str, travel: int = 30, vacancy_fields: dict | None = None,
              **candidate_fields: object) -> float:
    """One component of the single pair (C1, V1) at ``travel`` minutes."""
    ds = dataset((vacancy(kldb=KldbCode(VACANCY_CODE), **(vacancy_fields or {})),),
                 (candidate("C1", **candidate_fields),))
    problem = MatchProblem.from_dataset(ds)
    values = score_components(problem, ScoreWeights(), np.array([0]), np.array([0]),
                              np.array([travel]))
    return float(values[0, COMPONENTS.index(name)])


def occupations(code: str, years: float = 1.0) -> tuple[Occupation, ...]:
    return (Occupation(KldbCode(code), years),)


@pytest.mark.parametrize(
    ("own", "expected"),
    [
        ("62101", 1.0),  # same Berufsgattung (all five digits)
        ("62102", 0.8),  # same Berufsuntergruppe (four digits)
        ("62112", 0.6),  # same Berufsgruppe (three digits)
        ("62202", 0.35),  # same Berufshauptgruppe (two digits)
        ("63112", 0.15),  # same Berufsbereich (one digit)
        ("81302", 0.0),  # another Berufsbereich
    ],
)
def test_occupation_by_kldb_hierarchy(own, expected):
    """Experience in an occupation scores by how many KldB levels it shares."""
    assert component("occupation", occupations=occupations(own)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("wish", "expected"),
    [("62101", 0.8), ("62102", 0.64), ("62112", 0.48), ("62202", 0.28), ("81302", 0.0)],
)
def test_a_wish_counts_four_fifths(wish, expected):
    """A wish (without experience) counts 0.8 of the hierarchy's value."""
    got = component("occupation", occupations=(), wishes=(KldbCode(wish),))
    assert got == pytest.approx(expected)


def test_the_better_of_experience_and_wish_counts():
    """Experience of the same Berufshauptgruppe (0.35) loses to a wish of the same
    Berufsuntergruppe (0.8 × 0.8 = 0.64)."""
    got = component("occupation", occupations=occupations("62202"),
                    wishes=(KldbCode("62102"),))
    assert got == pytest.approx(0.64)


@pytest.mark.parametrize(
    ("own", "years", "expected"),
    [
        ("62101", 0.0, 0.0),
        ("62101", 2.5, 0.5),
        ("62101", 5.0, 1.0),  # full at five years
        ("62101", 12.0, 1.0),  # and no more
        ("62112", 4.0, 0.8),  # the same Berufsgruppe counts
        ("62202", 5.0, 0.0),  # another Berufsgruppe does not
    ],
)
def test_experience_full_at_five_years(own, years, expected):
    """Years in an occupation of the vacancy's Berufsgruppe, full at 5 years."""
    got = component("experience", occupations=occupations(own, years))
    assert got == pytest.approx(expected)


@pytest.mark.parametrize(
    ("level", "minimum", "expected"),
    [
        (GermanLevel.A2, GermanLevel.A2, 0.0),
        (GermanLevel.B1, GermanLevel.A2, 0.5),  # one level above
        (GermanLevel.B2, GermanLevel.A2, 1.0),  # two levels above
        (GermanLevel.C2, GermanLevel.A2, 1.0),  # more counts no more
        (GermanLevel.B2, GermanLevel.B1, 0.5),
    ],
)
def test_language_above_the_minimum(level, minimum, expected):
    """German above the vacancy's minimum: one level 0.5, two or more 1.0."""
    got = component("language", german_level=level,
                    vacancy_fields={"german_level_min": minimum})
    assert got == pytest.approx(expected)


@pytest.mark.parametrize(
    ("minutes", "expected"), [(0, 1.0), (30, 0.75), (60, 0.5), (90, 0.25), (120, 0.0)]
)
def test_commute_one_minus_minutes_over_120(minutes, expected):
    """Shorter is better: ``1 − minutes / 120``."""
    assert component("commute", travel=minutes) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("motivation", "expected"), [(1, 0.0), (2, 0.25), (3, 0.5), (4, 0.75), (5, 1.0)]
)
def test_motivation_one_to_five_maps_to_zero_to_one(motivation, expected):
    """The placement officer's assessment 1–5 becomes 0–1."""
    assert component("motivation", motivation=motivation) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("days", "expected"), [(0, 0.0), (365, 0.5), (730, 1.0), (1500, 1.0)]
)
def test_waiting_full_at_two_years(days, expected):
    """Time since unemployed, full at two years."""
    since = REFERENCE_DATE - timedelta(days=days)
    assert component("waiting", unemployed_since=since) == pytest.approx(expected)


def test_weighted_total_from_the_table():
    """Occupation 1.0, experience 0.5, language 0.5, commute 0.75, motivation 0.75,
    waiting 0.5 weigh to 0.35 + 0.05 + 0.05 + 0.1125 + 0.1125 + 0.075 = 0.75."""
    ds = dataset(
        (vacancy(kldb=KldbCode(VACANCY_CODE)),),
        (candidate("C1", occupations=occupations("62101", 2.5), german_level=GermanLevel.B1,
                   motivation=4, unemployed_since=REFERENCE_DATE - timedelta(days=365)),),
    )
    weights = ScoreWeights()
    values = score_components(MatchProblem.from_dataset(ds), weights, np.array([0]),
                              np.array([0]), np.array([30]))
    assert values[0].tolist() == pytest.approx([1.0, 0.5, 0.5, 0.75, 0.75, 0.5])
    assert total_score(values, weights)[0] == pytest.approx(0.75)


def test_documented_weights():
    """The weights are the README's and sum to one."""
    weights = ScoreWeights()
    assert dict(zip(COMPONENTS, weights.vector().tolist(), strict=True)) == pytest.approx(
        {"occupation": 0.35, "experience": 0.10, "language": 0.10, "commute": 0.15,
         "motivation": 0.15, "waiting": 0.15}
    )
