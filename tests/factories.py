"""Test objects with safe defaults: override only what a test is about.

``make_dataset()`` gives one employer in Waiblingen with one vacancy and one candidate
nearby who fits it, so a test changes the one field that matters and nothing else.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from passgenau.domain import (
    Candidate,
    Dataset,
    Employer,
    GermanLevel,
    Household,
    KldbCode,
    Location,
    MatchSettings,
    ShiftOption,
    TimeWindow,
    Vacancy,
)

WAIBLINGEN = Location(48.83001, 9.314525, "71332", "Waiblingen")
WAIBLINGEN_HOME = Location(48.8372, 9.3121, "71332", "Waiblingen")
REFERENCE_DATE = date(2026, 11, 24)


def make_location(**overrides: Any) -> Location:
    return replace(WAIBLINGEN, **overrides)


def make_window(
    days: str = "mon tue wed thu fri", start: str = "08:00", end: str = "13:00"
) -> TimeWindow:
    """``make_window("sat", "09:00", "12:00")``: days as space-separated codes."""
    return TimeWindow.of(days, start, end)


def make_shift(name: str = "Frühschicht", *windows: TimeWindow) -> ShiftOption:
    return ShiftOption(windows or (make_window(start="06:00", end="10:00"),), name)


def make_employer(**overrides: Any) -> Employer:
    fields: dict[str, Any] = {
        "id": "E1",
        "name": "Frischmarkt Remstal GmbH",
        "location": WAIBLINGEN,
        "sector": "Lebensmitteleinzelhandel",
    }
    return Employer(**(fields | overrides))


def make_vacancy(**overrides: Any) -> Vacancy:
    fields: dict[str, Any] = {
        "id": "V1",
        "employer_id": "E1",
        "title": "Verkaufshilfe (Teilzeit)",
        "kldb": KldbCode("62101"),
        "hours": 20.0,
    }
    return Vacancy(**(fields | overrides))


def make_candidate(**overrides: Any) -> Candidate:
    fields: dict[str, Any] = {
        "id": "C1",
        "home": WAIBLINGEN_HOME,
        "german_level": GermanLevel.B1,
    }
    return Candidate(**(fields | overrides))


def make_household(**overrides: Any) -> Household:
    fields: dict[str, Any] = {"id": "H1", "members": ("C1", "C2"), "place_together": True}
    return Household(**(fields | overrides))


def make_dataset(
    employers: tuple[Employer, ...] | None = None,
    vacancies: tuple[Vacancy, ...] | None = None,
    candidates: tuple[Candidate, ...] | None = None,
    households: tuple[Household, ...] = (),
    settings: MatchSettings | None = None,
    reference_date: date | None = REFERENCE_DATE,
) -> Dataset:
    """One employer, vacancy and candidate unless given; the reference date is fixed."""
    return Dataset(
        employers=(make_employer(),) if employers is None else employers,
        vacancies=(make_vacancy(),) if vacancies is None else vacancies,
        candidates=(make_candidate(),) if candidates is None else candidates,
        households=households,
        settings=settings or MatchSettings(),
        reference_date=reference_date,
    )
