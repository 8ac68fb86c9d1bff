"""The fairness audit: outcome rates by group, against the best group (four-fifths rule).

For each attribute (gender, citizenship, age band, household type) and each of its
groups: how many candidates, how many reached the outcome (a proposal; on the stored
workflow also an interview and a hire), the rate, and its ratio to the best group's rate.
A ratio below 0.8 (the "four-fifths rule" of the US EEOC's Uniform Guidelines, 29 CFR
1607.4 D) is flagged, but only where the group and the best group both have at least
:data:`MIN_GROUP` candidates: below that, one person more or less moves the ratio by
several points and a flag would be noise (the Wilson interval of each rate is given too).
A flag is ``clear`` when even the group's best case (its interval's upper end) stays below
four fifths of the best group's worst case (the lower end): then it is not noise.
The ``unknown`` group (attribute not recorded) is listed but neither flagged nor taken
as the best: it is nobody's group.

A flag is a question for the people in charge, not a verdict: unequal rates may come from
unequal starting points (German level, work permit) that the rules rightly read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from passgenau.reports.rows import CandidateFacts
from passgenau.reports.stats import Rate, wilson

MIN_GROUP = 30
"""Candidates a group (and the best group) needs before a low ratio is flagged."""
FOUR_FIFTHS = 0.8
UNKNOWN = "unknown"

ATTRIBUTES = ("gender", "citizenship", "age_band", "household")
OUTCOMES = ("proposed", "interviewed", "hired")

AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("under_25", 0, 24),
    ("25_34", 25, 34),
    ("35_44", 35, 44),
    ("45_54", 45, 54),
    ("55_plus", 55, 200),
)
"""Age bands by age at the end of the reference year (the birth year is all we know);
the first boundary is the routing's (the youth team serves the under-25s)."""


def age_band(birth_year: int | None, on: date) -> str:
    if birth_year is None:
        return UNKNOWN
    age = on.year - birth_year
    for name, low, high in AGE_BANDS:
        if low <= age <= high:
            return name
    return UNKNOWN


@dataclass(frozen=True, slots=True)
class PersonOutcome:
    """One candidate's attributes and outcomes, for the audit."""

    candidate: CandidateFacts
    proposed: bool
    interviewed: bool = False
    hired: bool = False


@dataclass(frozen=True, slots=True)
class GroupRate:
    attribute: str
    group: str
    outcome: str  # "proposed", "interviewed" or "hired"
    candidates: int
    count: int
    rate: Rate
    ratio_to_best: float | None  # None: no best group to compare with, or rate unknown
    flag: bool
    clear: bool = False  # flagged, and even the group's best case stays below 4/5 of the
    # best group's worst case (the upper and lower ends of their Wilson intervals)


@dataclass(frozen=True, slots=True)
class FairnessAudit:
    reference_date: date
    min_group: int
    threshold: float
    groups: tuple[GroupRate, ...]  # outcome "proposed": the contract's ``groups``
    outcomes: tuple[GroupRate, ...]  # interviews and hires (stored workflow only)

    @property
    def flagged(self) -> tuple[GroupRate, ...]:
        return tuple(g for g in self.groups + self.outcomes if g.flag)


def _attribute(person: PersonOutcome, attribute: str, on: date) -> str:
    c = person.candidate
    if attribute == "age_band":
        return age_band(c.birth_year, on)
    value = {"gender": c.gender, "citizenship": c.citizenship,
             "household": c.household}[attribute]
    return value or UNKNOWN


def group_rates(
    people: Sequence[PersonOutcome],
    attribute: str,
    outcome: str,
    on: date,
    min_group: int = MIN_GROUP,
    threshold: float = FOUR_FIFTHS,
) -> tuple[GroupRate, ...]:
    """The groups of one attribute for one outcome, by group name (``unknown`` last)."""
    reached: Callable[[PersonOutcome], bool] = {
        "proposed": lambda p: p.proposed,
        "interviewed": lambda p: p.interviewed,
        "hired": lambda p: p.hired,
    }[outcome]
    totals: dict[str, list[int]] = {}
    for person in people:
        entry = totals.setdefault(_attribute(person, attribute, on), [0, 0])
        entry[0] += 1
        entry[1] += reached(person)
    rates = {g: wilson(k, n) for g, (n, k) in totals.items()}
    eligible = [r for g, r in rates.items()
                if g != UNKNOWN and r.trials >= min_group and r.rate is not None]
    best_rate = max(eligible, key=lambda r: r.rate or 0.0, default=None)
    best = None if best_rate is None else best_rate.rate
    result = []
    for group in sorted(totals, key=lambda g: (g == UNKNOWN, g)):
        rate = rates[group]
        ratio = None
        if best is not None and best > 0 and rate.rate is not None:
            ratio = rate.rate / best
        flag = (group != UNKNOWN and ratio is not None and rate.trials >= min_group
                and ratio < threshold)
        clear = (flag and best_rate is not None and best_rate.low is not None
                 and rate.high is not None and rate.high < threshold * best_rate.low)
        result.append(GroupRate(attribute, group, outcome, rate.trials, rate.successes, rate,
                                ratio, flag, clear))
    return tuple(result)


def audit(
    people: Sequence[PersonOutcome],
    on: date,
    *,
    outcomes: Iterable[str] = ("proposed",),
    attributes: Iterable[str] = ATTRIBUTES,
    min_group: int = MIN_GROUP,
    threshold: float = FOUR_FIFTHS,
) -> FairnessAudit:
    """Rates of every outcome asked by every attribute's groups."""
    rows: dict[str, list[GroupRate]] = {}
    for outcome in outcomes:
        for attribute in attributes:
            rows.setdefault(outcome, []).extend(
                group_rates(people, attribute, outcome, on, min_group, threshold))
    proposed = tuple(rows.pop("proposed", ()))
    rest = tuple(g for outcome in OUTCOMES[1:] for g in rows.get(outcome, ()))
    return FairnessAudit(on, min_group, threshold, proposed, rest)


def household_type(candidate_id: str, households: Mapping[str, bool]) -> str:
    """``single``, ``household`` or ``household_together`` (to be placed together);
    ``households`` maps a member's id to their household's ``place_together``."""
    if candidate_id not in households:
        return "single"
    return "household_together" if households[candidate_id] else "household"
