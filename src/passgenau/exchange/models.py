"""The ``passgenau/1`` document as a pydantic schema: every field's rule, stated once.

Each record type mirrors a table of ``exchange-format.md`` row by row; read the two side
by side. pydantic validates a whole document in one call, in Rust, from JSON text or from
parsed JSON, and reports *every* problem with its location;
:mod:`passgenau.exchange.problems` words them as our messages, with the expectation each
value carries (:func:`expect`). A valid record is made its domain object right away, so
validation yields the domain's values and nothing else outlives it.

Why ``pydantic_core`` schemas and not ``BaseModel`` classes: they are the same thing to
the validator (a model compiles to exactly such a schema), but importing pydantic and
generating schemas from annotations costs some 0.3 s at every start of the command line,
where building these costs about a millisecond.

Why these types and not pydantic's friendlier ones: the format is JSON, so ``"20"`` is no
number, ``1`` no boolean and ``20261124`` no date; every type is strict, and an integer is
JSON Schema's (``2.0`` counts). A field not given stays out of the validated dict, so the
domain class's default applies: defaults live in exactly one place. No field takes
``null``.

Besides the conversions into domain values (``KldbCode``, ``date``, a record's class), only
three rules are Python code, run per value: a list without repeats, a window's ``from``
before its ``to`` and ``hours_min`` not above ``hours_max`` (see :class:`Check`).
Rules across records (ids, references) are in :mod:`passgenau.exchange.integrity`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from typing import Any, TypeVar

from pydantic_core import CoreSchema, PydanticCustomError, SchemaValidator
from pydantic_core import core_schema as cs

from passgenau.domain.kldb import KldbCode
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
from passgenau.domain.schedule import (
    MINUTES_PER_DAY,
    ShiftOption,
    TimeWindow,
    Weekday,
    format_clock,
)

T = TypeVar("T")

FORMAT = "passgenau/1"


class Check:
    """The error types of the three rules in Python code (:mod:`problems` words them)."""

    REPEATED = "listed_twice"  # ctx: index, first
    WINDOW_ORDER = "window_order"  # ctx: start, end
    HOURS_ORDER = "hours_order"  # ctx: low, high


# --- what a value expects, for messages -------------------------------------------------

EXPECT = "passgenau_expect"
"""Metadata key: what a value must be, as messages say it (``one of A0..C2``)."""
TOO_FEW = "passgenau_too_few"
"""Metadata key: the message for a list that is shorter than allowed."""
PERSONAL = "passgenau_personal"
"""Metadata key of a field holding personal data: messages below it never echo a value."""
EXPECT_FIVE_DIGITS = "passgenau_expect_five_digits"
"""Metadata key: what a value must be if it is a string of five digits (a KldB code)."""


def expect(schema: CoreSchema, text: str) -> CoreSchema:
    """``schema`` with what it expects, for messages."""
    return {**schema, "metadata": {**schema.get("metadata", {}), EXPECT: text}}  # type: ignore[typeddict-item]


def _after(function: Callable[[Any], Any], schema: CoreSchema) -> CoreSchema:
    """``schema``, its valid value then passed through ``function`` (a conversion)."""
    return cs.no_info_after_validator_function(function, schema)


def _range_text(
    minimum: float | None, maximum: float | None, *, exclusive_minimum: bool = False
) -> str:
    if minimum is not None and maximum is not None and not exclusive_minimum:
        return f" {minimum:g}..{maximum:g}"
    parts = []
    if minimum is not None:
        parts.append(f"> {minimum:g}" if exclusive_minimum else f">= {minimum:g}")
    if maximum is not None:
        parts.append(f"<= {maximum:g}")
    return " " + " and ".join(parts) if parts else ""


def number(
    minimum: float | None = None, maximum: float | None = None, *, exclusive_minimum: bool = False
) -> CoreSchema:
    """A finite JSON number (``true`` is none), read as ``float``."""
    low = {"gt": minimum} if exclusive_minimum else {"ge": minimum}
    schema = cs.float_schema(strict=True, allow_inf_nan=False, le=maximum, **low)  # type: ignore[arg-type]
    bounds = _range_text(minimum, maximum, exclusive_minimum=exclusive_minimum)
    return expect(schema, "a number" + bounds)


def integer(minimum: int | None = None, maximum: int | None = None) -> CoreSchema:
    """An integer as JSON Schema has it: ``2`` and ``2.0``, not ``1.5`` or ``true``; read as
    ``int``. (pydantic's lax ``int`` would also take ``"2"`` and ``true``.)"""
    whole = cs.int_schema(strict=True, ge=minimum, le=maximum)
    whole_float = cs.float_schema(
        strict=True, ge=minimum, le=maximum, multiple_of=1, allow_inf_nan=False
    )
    either = cs.union_schema([whole, whole_float], mode="left_to_right")
    return expect(_after(int, either), "an integer" + _range_text(minimum, maximum))


def text(expectation: str = "a string", **constraints: Any) -> CoreSchema:
    """A JSON string, optionally bounded in length or matched against a ``pattern``."""
    return expect(cs.str_schema(strict=True, **constraints), expectation)


def one_of(spellings: Mapping[str, Any], label: str | None = None) -> CoreSchema:
    """One of the ``spellings``, read as the domain value each stands for."""
    schema = cs.literal_schema(list(spellings))
    return expect(
        _after(spellings.__getitem__, schema), "one of " + (label or ", ".join(spellings))
    )


def _unique(items: list[Any]) -> tuple[Any, ...]:
    """A list without repeats, as a tuple; a repeat is named by its index and the first's."""
    if len(set(items)) != len(items):
        first: dict[Any, int] = {}
        for index, item in enumerate(items):
            if item in first:
                raise PydanticCustomError(
                    Check.REPEATED, "listed twice", {"index": index, "first": first[item]}
                )
            first[item] = index
    return tuple(items)


def array(
    items: CoreSchema, *, min_length: int = 0, too_few: str = "", unique: bool = False
) -> CoreSchema:
    """A JSON array, read as a tuple; optionally non-empty and without repeats."""
    schema = cs.list_schema(items, strict=True, min_length=min_length or None)
    if too_few:
        schema["metadata"] = {TOO_FEW: too_few}
    return _after(_unique if unique else tuple, schema)


# --- values -----------------------------------------------------------------------------

_CLOCKS = {format_clock(minutes): minutes for minutes in range(MINUTES_PER_DAY + 1)}

TEXT = text()
BOOL = expect(cs.bool_schema(strict=True), "true or false")
ID = text("an id of 1..64 characters", min_length=1, max_length=64)
NAME = text("a non-empty string", min_length=1)
KLDB = _after(
    KldbCode,
    {  # five digits with a wrong 5th one get a message of their own
        **text("a KldB code (a string of 5 digits)", pattern=r"^[0-9]{4}[1-4]$"),
        "metadata": {
            EXPECT: "a KldB code (a string of 5 digits)",
            EXPECT_FIVE_DIGITS: "a KldB code: its 5th digit (requirement level) must be 1..4",
        },
    },
)
DATE = _after(  # the pattern first: date.fromisoformat alone would also take 20261124
    date.fromisoformat, text("a date YYYY-MM-DD", pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
)
CLOCK = _after(  # minutes since midnight, as the domain counts time
    _CLOCKS.__getitem__,
    text(
        "a time HH:MM between 00:00 and 24:00",
        pattern=r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$",
    ),
)
LANGUAGE = text("a language code (ISO 639-1, two lower-case letters)", pattern=r"^[a-z]{2}$")
GERMAN_LEVEL = one_of({level.name: level for level in GermanLevel}, label="A0..C2")
DAY = one_of({day.code: day for day in Weekday})
GENDERS = ("f", "m", "d", "x", "")


def _enum(enum: type[Any]) -> CoreSchema:
    return one_of({member.value: member for member in enum})


# --- records ----------------------------------------------------------------------------


def required(schema: CoreSchema, *, personal: bool = False, alias: str = "") -> Any:
    """A field that must be given (``alias``: its JSON name, when not the attribute's)."""
    metadata = {PERSONAL: True} if personal else None
    return cs.typed_dict_field(
        schema, required=True, validation_alias=alias or None, metadata=metadata
    )


def optional(schema: CoreSchema, *, personal: bool = False) -> Any:
    """A field that may be left out; then the domain's default applies."""
    metadata = {PERSONAL: True} if personal else None
    return cs.typed_dict_field(schema, required=False, metadata=metadata)


def record(fields: dict[str, Any], build: Callable[..., Any] | None = None) -> CoreSchema:
    """A JSON object of ``fields`` (keyed by the domain attribute, in the format table's
    order; unknown members are ignored), made a domain object by ``build(**values)``."""
    schema = cs.typed_dict_schema(fields, extra_behavior="ignore")
    if build is None:
        return schema

    def make(values: dict[str, Any]) -> Any:
        return build(**values)

    return _after(make, schema)


def _after_start(end: int, info: cs.ValidationInfo) -> int:
    start = info.data.get("start")
    if start is not None and start >= end:
        context = {"start": format_clock(start), "end": format_clock(end)}
        raise PydanticCustomError(Check.WINDOW_ORDER, "'from' must be before 'to'", context)
    return end


def _hours_in_order(high: float, info: cs.ValidationInfo) -> float:
    low = info.data.get("hours_min")
    if low is not None and low > high:
        raise PydanticCustomError(Check.HOURS_ORDER, "order", {"low": low, "high": high})
    return high


def _domain_default(cls: type, attribute: str) -> Any:
    return next(f.default for f in dataclasses.fields(cls) if f.name == attribute)


def _candidate(**values: Any) -> Candidate:
    """``gender`` and ``citizenship`` are kept for statistics and the fairness audit
    (issue 13); the matching never reads them."""
    return Candidate(**values)


LOCATION = record(
    {
        "lat": required(number(-90, 90)),
        "lon": required(number(-180, 180)),
        "postcode": optional(TEXT),
        "municipality": optional(TEXT),
    },
    Location,
)

WINDOW = record(
    {
        "days": required(
            array(DAY, min_length=1, too_few="must name at least one day", unique=True)
        ),
        "start": required(CLOCK, alias="from"),
        "end": required(cs.with_info_after_validator_function(_after_start, CLOCK), alias="to"),
    },
    TimeWindow,
)

SHIFT_OPTION = record(
    {
        "name": optional(TEXT),
        "windows": required(
            array(WINDOW, min_length=1, too_few="a shift option needs at least one window")
        ),
    },
    ShiftOption,
)

EMPLOYER = record(
    {
        "id": required(ID),
        "name": required(NAME),
        "location": required(LOCATION),
        "sector": optional(TEXT),
        "onsite_interviews": optional(BOOL),
        "trial_work": optional(BOOL),
        "contact_name": optional(TEXT, personal=True),
        "contact_email": optional(TEXT, personal=True),
        "contact_phone": optional(TEXT, personal=True),
    },
    Employer,
)

VACANCY = record(
    {
        "id": required(ID),
        "employer_id": required(ID),
        "title": required(NAME),
        "kldb": required(KLDB),
        "location": optional(LOCATION),
        "positions": optional(integer(minimum=1)),
        "shortlist_size": optional(integer(1, 10)),
        "german_level_min": optional(GERMAN_LEVEL),
        "hours": required(number(0, 60, exclusive_minimum=True)),
        "shifts": optional(array(SHIFT_OPTION)),
        "driving_licence_required": optional(BOOL),
        "recognition_required": optional(BOOL),
        "start_date": optional(DATE),
    },
    Vacancy,
)

OCCUPATION = record(
    {
        "kldb": required(KLDB),
        "years": optional(number(minimum=0)),
        "recognition": optional(_enum(Recognition)),
    },
    Occupation,
)

CANDIDATE = record(
    {
        "id": required(ID),
        "name": optional(TEXT, personal=True),
        "birth_year": optional(integer(1900, 2100), personal=True),
        "home": required(LOCATION, personal=True),
        "german_level": required(GERMAN_LEVEL),
        "occupations": optional(array(OCCUPATION)),
        "wishes": optional(array(KLDB)),
        "hours_min": optional(number(0, 60)),
        # Checked against hours_min also when left out: then it is the domain's default.
        "hours_max": optional(
            cs.with_default_schema(
                cs.with_info_after_validator_function(_hours_in_order, number(0, 60)),
                default=_domain_default(Candidate, "hours_max"),
                validate_default=True,
            )
        ),
        "availability": optional(array(WINDOW)),
        "modes": optional(array(_enum(TravelMode), unique=True)),
        "driving_licence": optional(BOOL),
        "max_commute_minutes": optional(integer(0, 240)),
        "work_permit": optional(_enum(WorkPermit)),
        "available_from": optional(DATE),
        "motivation": optional(integer(1, 5)),
        "unemployed_since": optional(DATE),
        "languages": optional(array(LANGUAGE)),
        "email": optional(TEXT, personal=True),
        "phone": optional(TEXT, personal=True),
        "gender": optional(one_of({g: g for g in GENDERS}, 'f, m, d, x or ""'), personal=True),
        "citizenship": optional(
            text(
                'a country code (ISO 3166-1, two capital letters) or ""', pattern=r"^([A-Z]{2})?$"
            ),
            personal=True,
        ),
    },
    _candidate,
)

HOUSEHOLD = record(
    {
        "id": required(ID),
        "members": required(
            array(ID, min_length=2, too_few="a household needs at least 2 members", unique=True)
        ),
        "place_together": optional(BOOL),
    },
    Household,
)

SETTINGS = record(
    {
        "max_proposals_per_candidate": optional(integer(minimum=1)),
        "grace_days": optional(integer(minimum=0)),
    },
    MatchSettings,
)

RECORDS: dict[str, CoreSchema] = {
    "employers": EMPLOYER,
    "vacancies": VACANCY,
    "candidates": CANDIDATE,
    "households": HOUSEHOLD,
}
"""The document's arrays, in document order, with the schema of their records."""

COLLECTIONS = tuple(RECORDS)


def document_schema(partial: bool) -> CoreSchema:
    """A whole document; with ``partial`` (an import) every array may be left out."""
    fields = {
        "format": required(expect(cs.literal_schema([FORMAT]), repr(FORMAT))),
        "reference_date": optional(DATE),
        "settings": optional(SETTINGS),
    }
    for name, schema in RECORDS.items():
        if partial or name == "households":
            fields[name] = optional(array(schema))
        else:
            fields[name] = required(array(schema))
    return record(fields)


@cache
def document_validator(partial: bool) -> SchemaValidator:
    """The validator of whole documents (built on first use, in about a millisecond)."""
    return SchemaValidator(document_schema(partial))


# --- the schemas, read back: for the writer, the CSV bundle and messages -----------------


def fields_of(schema: CoreSchema) -> dict[str, Any]:
    """A record's fields by attribute, in table order (``schema``: a record)."""
    while schema["type"] != "typed-dict":
        schema = schema["schema"]  # type: ignore[typeddict-item]
    return schema["fields"]  # type: ignore[typeddict-item]


def json_name(attribute: str, field: Any) -> str:
    """A field's name in the document (``from`` for ``start``)."""
    alias = field.get("validation_alias")
    return alias if isinstance(alias, str) else attribute


def is_required(schema: CoreSchema, attribute: str) -> bool:
    """Whether a record's field must be given."""
    return bool(fields_of(schema)[attribute].get("required"))
