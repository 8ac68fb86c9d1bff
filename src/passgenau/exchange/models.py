"""The ``passgenau/1`` document as pydantic types: every field's rule, stated once.

Each record type mirrors a table of ``exchange-format.md`` row by row; read the two side
by side. pydantic validates a whole document in one call (in Rust, from JSON text or from
parsed JSON) and reports *every* problem with its location;
:mod:`passgenau.exchange.problems` words them as our messages, with the expectation each
field carries (:class:`Expect`). A valid record is made its domain object right away
(``Annotated[..., AfterValidator(...)]``), so validation yields the domain's values.

Why these types and not pydantic's friendlier ones: the format is JSON, so ``"20"`` is no
number, ``1`` no boolean and ``20261124`` no date; the types are strict where pydantic
would coerce, and an integer is JSON Schema's (``2.0`` counts). No field accepts ``null``.

Only three rules are Python code, run by pydantic per value: a list without repeats, a
window's ``from`` before its ``to`` and ``hours_min`` not above ``hours_max`` (see
:class:`Check`). Rules across records (ids, references) are in
:mod:`passgenau.exchange.integrity`.
"""

import dataclasses
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import (
    Annotated,
    Any,
    Literal,
    NotRequired,  # pydantic needs theirs before 3.12
    TypeVar,
)

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    StrictStr,
    ValidationInfo,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

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


# --- what a field expects, for messages -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expect:
    """What a value must be, as messages say it: ``'B3' is not one of A0..C2``."""

    text: str

    def for_value(self, value: object) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class ExpectKldb(Expect):
    """A KldB code: five digits with a 5th digit 1..4, told apart for a clearer message."""

    def for_value(self, value: object) -> str:
        if isinstance(value, str) and len(value) == 5 and value.isascii() and value.isdigit():
            return "a KldB code: its 5th digit (requirement level) must be 1..4"
        return self.text


@dataclass(frozen=True, slots=True)
class TooFew:
    """The message for a list that is shorter than allowed."""

    text: str


@dataclass(frozen=True, slots=True)
class Personal:
    """Marks a field holding personal data: messages below it never echo a value."""


PERSONAL = Personal()


class Check:
    """The error types of the three rules in Python code (:mod:`problems` words them)."""

    REPEATED = "listed_twice"  # ctx: index, first
    WINDOW_ORDER = "window_order"  # ctx: start, end
    HOURS_ORDER = "hours_order"  # ctx: low, high


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
) -> Any:
    """A finite JSON number (``true`` is none), read as ``float``."""
    low = {"gt": minimum} if exclusive_minimum else {"ge": minimum}
    bounds = _range_text(minimum, maximum, exclusive_minimum=exclusive_minimum)
    return Annotated[
        float,
        Strict(),
        Field(**low, le=maximum, allow_inf_nan=False),
        Expect("a number" + bounds),
    ]


def integer(minimum: int | None = None, maximum: int | None = None) -> Any:
    """An integer as JSON Schema has it: ``2`` and ``2.0``, not ``1.5`` or ``true``; read as
    ``int``. (pydantic's own ``int`` would also take ``"2"`` and ``true``.)"""
    whole = Annotated[int, Strict(), Field(ge=minimum, le=maximum)]
    whole_float = Annotated[
        float, Strict(), Field(ge=minimum, le=maximum, multiple_of=1, allow_inf_nan=False)
    ]
    return Annotated[
        whole | whole_float,
        Field(union_mode="left_to_right"),
        AfterValidator(int),
        Expect("an integer" + _range_text(minimum, maximum)),
    ]


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


_CLOCKS = {format_clock(minutes): minutes for minutes in range(MINUTES_PER_DAY + 1)}
_DAYS = {day.code: day for day in Weekday}
_LEVELS = {level.name: level for level in GermanLevel}


# --- values -----------------------------------------------------------------------------

Text = Annotated[StrictStr, Expect("a string")]
Bool = Annotated[StrictBool, Expect("true or false")]
Id = Annotated[StrictStr, Field(min_length=1, max_length=64), Expect("an id of 1..64 characters")]
Name = Annotated[StrictStr, Field(min_length=1), Expect("a non-empty string")]
Kldb = Annotated[
    StrictStr,
    Field(pattern=r"^[0-9]{4}[1-4]$"),
    AfterValidator(KldbCode),
    ExpectKldb("a KldB code (a string of 5 digits)"),
]
IsoDate = Annotated[
    StrictStr,
    Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    AfterValidator(date.fromisoformat),  # the calendar: 2026-02-30 matches the pattern
    Expect("a date YYYY-MM-DD"),
]
Clock = Annotated[
    StrictStr,
    Field(pattern=r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"),
    AfterValidator(_CLOCKS.__getitem__),  # minutes since midnight, as the domain counts
    Expect("a time HH:MM between 00:00 and 24:00"),
]
Language = Annotated[
    StrictStr,
    Field(pattern=r"^[a-z]{2}$"),
    Expect("a language code (ISO 639-1, two lower-case letters)"),
]
Level = Annotated[
    Literal[tuple(_LEVELS)], AfterValidator(_LEVELS.__getitem__), Expect("one of A0..C2")
]
Day = Annotated[
    Literal[tuple(_DAYS)],
    AfterValidator(_DAYS.__getitem__),
    Expect("one of " + ", ".join(day.code for day in Weekday)),
]


Latitude = number(-90, 90)
Longitude = number(-180, 180)


def choice(enum: type[Any]) -> Any:
    """One of a domain enum's values, read as the enum member."""
    return Annotated[enum, Expect("one of " + ", ".join(member.value for member in enum))]


# --- records: validated as dicts, each then made its domain object -----------------------
#
# A record is a ``TypedDict`` of its fields in the format table's order, keyed by the
# domain attribute (``from`` is read into ``start``); a field not given stays out of the
# dict, so the domain class's default applies. An ``AfterValidator`` makes the validated
# dict its domain object at once: nothing but the domain objects outlives validation (a
# district's document would otherwise leave some 100,000 more objects to the collector).


def _make(cls: type[T]) -> Callable[[dict[str, Any]], T]:
    def make(values: dict[str, Any]) -> T:
        return cls(**values)

    make.__qualname__ = f"make_{cls.__name__}"
    return make


class LocationIn(TypedDict):
    lat: Latitude
    lon: Longitude
    postcode: NotRequired[Text]
    municipality: NotRequired[Text]


LocationValue = Annotated[LocationIn, AfterValidator(_make(Location))]


def _after_start(end: int, info: ValidationInfo) -> int:
    start = info.data.get("start")
    if start is not None and start >= end:
        ctx = {"start": format_clock(start), "end": format_clock(end)}
        raise PydanticCustomError(Check.WINDOW_ORDER, "'from' must be before 'to'", ctx)
    return end


class WindowIn(TypedDict):
    days: Annotated[
        list[Day],
        Field(min_length=1),
        AfterValidator(_unique),
        TooFew("must name at least one day"),
    ]
    start: Annotated[Clock, Field(alias="from")]
    end: Annotated[Clock, Field(alias="to"), AfterValidator(_after_start)]


WindowValue = Annotated[WindowIn, AfterValidator(_make(TimeWindow))]


class ShiftOptionIn(TypedDict):
    name: NotRequired[Text]
    windows: Annotated[
        list[WindowValue],
        Field(min_length=1),
        AfterValidator(tuple),
        TooFew("a shift option needs at least one window"),
    ]


ShiftOptionValue = Annotated[ShiftOptionIn, AfterValidator(_make(ShiftOption))]


class EmployerIn(TypedDict):
    id: Id
    name: Name
    location: LocationValue
    sector: NotRequired[Text]
    onsite_interviews: NotRequired[Bool]
    trial_work: NotRequired[Bool]
    contact_name: NotRequired[Annotated[Text, PERSONAL]]
    contact_email: NotRequired[Annotated[Text, PERSONAL]]
    contact_phone: NotRequired[Annotated[Text, PERSONAL]]


class VacancyIn(TypedDict):
    id: Id
    employer_id: Id
    title: Name
    kldb: Kldb
    location: NotRequired[LocationValue]
    positions: NotRequired[integer(minimum=1)]
    shortlist_size: NotRequired[integer(1, 10)]
    german_level_min: NotRequired[Level]
    hours: number(0, 60, exclusive_minimum=True)
    shifts: NotRequired[Annotated[list[ShiftOptionValue], AfterValidator(tuple)]]
    driving_licence_required: NotRequired[Bool]
    recognition_required: NotRequired[Bool]
    start_date: NotRequired[IsoDate]


class OccupationIn(TypedDict):
    kldb: Kldb
    years: NotRequired[number(minimum=0)]
    recognition: NotRequired[choice(Recognition)]


OccupationValue = Annotated[OccupationIn, AfterValidator(_make(Occupation))]


def _hours_in_order(high: float, info: ValidationInfo) -> float:
    low = info.data.get("hours_min")
    if low is not None and low > high:
        raise PydanticCustomError(Check.HOURS_ORDER, "order", {"low": low, "high": high})
    return high


def _make_candidate(values: dict[str, Any]) -> Candidate:
    if "hours_max" not in values and values.get("hours_min", 0) > _HOURS_MAX:
        low = values["hours_min"]  # more than the default hours_max
        raise PydanticCustomError(Check.HOURS_ORDER, "order", {"low": low, "high": _HOURS_MAX})
    return Candidate(**values)


_HOURS_MAX: float = next(f.default for f in dataclasses.fields(Candidate) if f.name == "hours_max")


class CandidateIn(TypedDict):
    id: Id
    name: NotRequired[Annotated[Text, PERSONAL]]
    birth_year: NotRequired[Annotated[integer(1900, 2100), PERSONAL]]
    home: Annotated[LocationValue, PERSONAL]
    german_level: Level
    occupations: NotRequired[Annotated[list[OccupationValue], AfterValidator(tuple)]]
    wishes: NotRequired[Annotated[list[Kldb], AfterValidator(tuple)]]
    hours_min: NotRequired[number(0, 60)]
    hours_max: NotRequired[Annotated[number(0, 60), AfterValidator(_hours_in_order)]]
    availability: NotRequired[Annotated[list[WindowValue], AfterValidator(tuple)]]
    modes: NotRequired[Annotated[list[choice(TravelMode)], AfterValidator(_unique)]]
    driving_licence: NotRequired[Bool]
    max_commute_minutes: NotRequired[integer(0, 240)]
    work_permit: NotRequired[choice(WorkPermit)]
    available_from: NotRequired[IsoDate]
    motivation: NotRequired[integer(1, 5)]
    unemployed_since: NotRequired[IsoDate]
    languages: NotRequired[Annotated[list[Language], AfterValidator(tuple)]]
    email: NotRequired[Annotated[Text, PERSONAL]]
    phone: NotRequired[Annotated[Text, PERSONAL]]


class HouseholdIn(TypedDict):
    id: Id
    members: Annotated[
        list[Id],
        Field(min_length=2),
        AfterValidator(_unique),
        TooFew("a household needs at least 2 members"),
    ]
    place_together: NotRequired[Bool]


class SettingsIn(TypedDict):
    max_proposals_per_candidate: NotRequired[integer(minimum=1)]
    grace_days: NotRequired[integer(minimum=0)]


RECORDS: dict[str, type] = {
    "employers": EmployerIn,
    "vacancies": VacancyIn,
    "candidates": CandidateIn,
    "households": HouseholdIn,
}
"""The document's arrays, in document order, with the fields of their records."""

COLLECTIONS = tuple(RECORDS)

_Records = Annotated[list[T], AfterValidator(tuple)]


class DocumentIn(BaseModel):
    """A whole document, its records made domain objects; ``households`` may be left out."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    format: Literal["passgenau/1"]
    reference_date: IsoDate = None
    settings: Annotated[SettingsIn, AfterValidator(_make(MatchSettings))] = MatchSettings()
    employers: _Records[Annotated[EmployerIn, AfterValidator(_make(Employer))]]
    vacancies: _Records[Annotated[VacancyIn, AfterValidator(_make(Vacancy))]]
    candidates: _Records[Annotated[CandidateIn, AfterValidator(_make_candidate)]]
    households: _Records[Annotated[HouseholdIn, AfterValidator(_make(Household))]] = ()


class PartialDocumentIn(DocumentIn):
    """A document for an import into a database: every array may be left out."""

    employers: _Records[Annotated[EmployerIn, AfterValidator(_make(Employer))]] = ()
    vacancies: _Records[Annotated[VacancyIn, AfterValidator(_make(Vacancy))]] = ()
    candidates: _Records[Annotated[CandidateIn, AfterValidator(_make_candidate)]] = ()


def unrequired(annotation: Any) -> Any:
    """``annotation`` without a ``NotRequired[...]`` around it."""
    if typing.get_origin(annotation) is NotRequired:
        (annotation,) = typing.get_args(annotation)
    return annotation


def is_required(record: type, name: str) -> bool:
    """Whether a record's field must be given."""
    return name in record.__required_keys__  # type: ignore[attr-defined]


def fields_of(record: type) -> list[tuple[str, str, Any]]:
    """(domain attribute, JSON name, annotation) of a record's fields, in table order."""
    fields = []
    for name, hint in typing.get_type_hints(record, include_extras=True).items():
        annotation = unrequired(hint)
        alias = next(
            (
                m.alias
                for m in typing.get_args(annotation)[1:]
                if isinstance(m, FieldInfo) and m.alias
            ),
            None,
        )
        fields.append((name, alias or name, annotation))
    return fields
