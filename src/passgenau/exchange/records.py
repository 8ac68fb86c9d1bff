"""The record types of ``passgenau/1`` as tables of field specs.

Each table mirrors a table of ``exchange-format.md`` row by row; read the two side by side.
Defaults are *not* repeated here: an absent optional field is left to the domain class's
default (see :class:`~passgenau.exchange.fields.Field`). The reader parses and the writer
dumps with these same tables.

``memo=True`` marks the immutable values that repeat across a document (time windows,
shift options, occupations, lists of codes): they are parsed once per distinct JSON content
(see :class:`~passgenau.exchange.fields.Record`). Never for personal data.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import (
    Candidate,
    Employer,
    Household,
    Location,
    MatchSettings,
    Occupation,
    Recognition,
    TravelMode,
    Vacancy,
    WorkPermit,
)
from passgenau.domain.schedule import ShiftOption, TimeWindow, Weekday, format_clock
from passgenau.exchange.fields import Field, ListOf, Record, Values
from passgenau.exchange.reporting import At
from passgenau.exchange.scalars import (
    Boolean,
    Choice,
    Clock,
    Integer,
    IsoDate,
    Kldb,
    Number,
    Text,
)

FORMAT = "passgenau/1"

ID = Text("an id of 1..64 characters", min_length=1, max_length=64)
NAME = Text("a non-empty string", min_length=1)
TEXT = Text()
BOOL = Boolean()
DATE = IsoDate()
KLDB = Kldb()
GERMAN_LEVEL = Choice({level.name: level for level in GermanLevel}, label="A0..C2")
DAY = Choice({day.code: day for day in Weekday})
LANGUAGE = Text(
    "a language code (ISO 639-1, two lower-case letters)", pattern=re.compile("[a-z]{2}")
)


def _window_order(values: Values, at: At) -> None:
    start, end = values.get("from"), values.get("to")
    if isinstance(start, int) and isinstance(end, int) and start >= end:
        at.report(f"'from' {format_clock(start)} must be before 'to' {format_clock(end)}")


def _domain_default(cls: type, attribute: str) -> Any:
    """A dataclass field's default, for checks that compare a given field with a default."""
    return next(f.default for f in dataclasses.fields(cls) if f.name == attribute)


_HOURS_MIN_DEFAULT = _domain_default(Candidate, "hours_min")
_HOURS_MAX_DEFAULT = _domain_default(Candidate, "hours_max")


def _hours_order(values: Values, at: At) -> None:
    if "hours_min" not in values and "hours_max" not in values:
        return
    low = values.get("hours_min", _HOURS_MIN_DEFAULT)
    high = values.get("hours_max", _HOURS_MAX_DEFAULT)
    if isinstance(low, float) and isinstance(high, float) and low > high:
        at.child("hours_min").report(f"{low:g} must not exceed hours_max {high:g}")


LOCATION = Record(
    [
        Field("lat", Number(-90, 90), required=True),
        Field("lon", Number(-180, 180), required=True),
        Field("postcode", TEXT),
        Field("municipality", TEXT),
    ],
    Location,
)

WINDOW = Record(
    [
        Field(
            "days",
            ListOf(DAY, min_items=1, too_few="must name at least one day", unique=True),
            required=True,
        ),
        Field("from", Clock(), required=True, attr="start"),
        Field("to", Clock(), required=True, attr="end"),
    ],
    TimeWindow,
    checks=[_window_order],
    memo=True,
)

SHIFT_OPTION = Record(
    [
        Field("name", TEXT),
        Field(
            "windows",
            ListOf(WINDOW, min_items=1, too_few="a shift option needs at least one window"),
            required=True,
        ),
    ],
    ShiftOption,
    memo=True,
)

EMPLOYER = Record(
    [
        Field("id", ID, required=True),
        Field("name", NAME, required=True),
        Field("location", LOCATION, required=True),
        Field("sector", TEXT),
        Field("onsite_interviews", BOOL),
        Field("trial_work", BOOL),
        Field("contact_name", TEXT, personal=True),
        Field("contact_email", TEXT, personal=True),
        Field("contact_phone", TEXT, personal=True),
    ],
    Employer,
)

VACANCY = Record(
    [
        Field("id", ID, required=True),
        Field("employer_id", ID, required=True),
        Field("title", NAME, required=True),
        Field("kldb", KLDB, required=True),
        Field("location", LOCATION),
        Field("positions", Integer(minimum=1)),
        Field("shortlist_size", Integer(1, 10)),
        Field("german_level_min", GERMAN_LEVEL),
        Field("hours", Number(0, 60, exclusive_minimum=True), required=True),
        Field("shifts", ListOf(SHIFT_OPTION, memo=True)),
        Field("driving_licence_required", BOOL),
        Field("recognition_required", BOOL),
        Field("start_date", DATE),
    ],
    Vacancy,
)

OCCUPATION = Record(
    [
        Field("kldb", KLDB, required=True),
        Field("years", Number(minimum=0)),
        Field("recognition", Choice({r.value: r for r in Recognition})),
    ],
    Occupation,
    memo=True,
)

CANDIDATE = Record(
    [
        Field("id", ID, required=True),
        Field("name", TEXT, personal=True),
        Field("birth_year", Integer(1900, 2100), personal=True),
        Field("home", LOCATION, required=True, personal=True),
        Field("german_level", GERMAN_LEVEL, required=True),
        Field("occupations", ListOf(OCCUPATION)),
        Field("wishes", ListOf(KLDB, memo=True)),
        Field("hours_min", Number(0, 60)),
        Field("hours_max", Number(0, 60)),
        Field("availability", ListOf(WINDOW, memo=True)),
        Field(
            "modes",
            ListOf(Choice({m.value: m for m in TravelMode}), unique=True, memo=True),
        ),
        Field("driving_licence", BOOL),
        Field("max_commute_minutes", Integer(0, 240)),
        Field("work_permit", Choice({p.value: p for p in WorkPermit})),
        Field("available_from", DATE),
        Field("motivation", Integer(1, 5)),
        Field("unemployed_since", DATE),
        Field("languages", ListOf(LANGUAGE, memo=True)),
        Field("email", TEXT, personal=True),
        Field("phone", TEXT, personal=True),
    ],
    Candidate,
    checks=[_hours_order],
)

HOUSEHOLD = Record(
    [
        Field("id", ID, required=True),
        Field(
            "members",
            ListOf(ID, min_items=2, too_few="a household needs at least 2 members", unique=True),
            required=True,
        ),
        Field("place_together", BOOL),
    ],
    Household,
)

SETTINGS = Record(
    [
        Field("max_proposals_per_candidate", Integer(minimum=1)),
        Field("grace_days", Integer(minimum=0)),
    ],
    MatchSettings,
)

COLLECTIONS: dict[str, Record[Any]] = {
    "employers": EMPLOYER,
    "vacancies": VACANCY,
    "candidates": CANDIDATE,
    "households": HOUSEHOLD,
}
"""The document's arrays, in document order, with the record type of their items."""
