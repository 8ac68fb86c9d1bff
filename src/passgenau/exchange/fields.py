"""Declarative field specs: every record type of ``passgenau/1`` is a table of these.

Why a table and not code per field: the format has some sixty fields with types, ranges,
enumerations and patterns. One small spec per field keeps each rule in one place, lets the
reader report *every* problem (a spec never raises: it reports to an :class:`At` and
returns :data:`INVALID`), and lets the writer dump with the very table the reader parses
with, so that reading what was written gives back the same records.

Messages follow one style: ``'B3' is not one of A0..C2`` names the offending value, except
in personal data (``At.personal``), where only the expectation is given
(``must be an integer 1900..2100``): names, birth years, addresses, e-mail addresses and
phone numbers must never end up in a message, a log or a terminal scrollback.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from passgenau.domain.errors import Problem
from passgenau.domain.kldb import KldbCode
from passgenau.domain.schedule import format_clock, parse_clock

T = TypeVar("T")


class Invalid:
    """The type of :data:`INVALID`: "this value was reported and cannot be used"."""

    _instance: Invalid | None = None

    def __new__(cls) -> Invalid:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()


def type_name(value: object) -> str:
    """The JSON type of ``value`` with an article, for messages: ``an array``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def show(value: object, limit: int = 40) -> str:
    """A scalar as a message shows it: strings quoted (``'B3'``), JSON spellings for
    ``true``/``null``, long strings cut so one bad cell cannot flood the terminal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit] + "…") + f" ({len(value)} characters)"
    if isinstance(value, int) and value.bit_length() > 128:
        return "a number too large to show"
    if isinstance(value, str | int | float):
        return repr(value)
    return type_name(value)


@dataclass(frozen=True, slots=True)
class At:
    """Where a value sits (record, dotted field path) and where its problems go.

    ``personal`` is inherited by everything below a personal field (all of ``home``), so a
    spec deep inside cannot forget it.
    """

    problems: list[Problem]
    where: str
    field: str = ""
    personal: bool = False

    def child(self, name: str, *, personal: bool = False) -> At:
        path = f"{self.field}.{name}" if self.field else name
        return At(self.problems, self.where, path, self.personal or personal)

    def item(self, index: int) -> At:
        return At(self.problems, self.where, f"{self.field}[{index}]", self.personal)

    def report(self, message: str) -> Invalid:
        self.problems.append(Problem(self.where, self.field, message))
        return INVALID

    def invalid(self, value: object, expectation: str) -> Invalid:
        """Report that ``value`` is not ``expectation``, echoing it only if not personal."""
        if self.personal:
            return self.report(f"must be {expectation}")
        if isinstance(value, dict | list | tuple):
            return self.report(f"must be {expectation}, not {type_name(value)}")
        return self.report(f"{show(value)} is not {expectation}")


class Spec(ABC, Generic[T]):
    """Parses one JSON value into a domain value (or reports) and dumps it back."""

    @abstractmethod
    def parse(self, value: object, at: At) -> T | Invalid: ...

    @abstractmethod
    def dump(self, value: T) -> object: ...


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


@dataclass(frozen=True, slots=True)
class Text(Spec[str]):
    """A string, optionally bounded in length or matched against a pattern."""

    expectation: str = "a string"
    min_length: int = 0
    max_length: int | None = None
    pattern: re.Pattern[str] | None = None

    def parse(self, value: object, at: At) -> str | Invalid:
        if (
            not isinstance(value, str)
            or len(value) < self.min_length
            or (self.max_length is not None and len(value) > self.max_length)
            or (self.pattern is not None and not self.pattern.fullmatch(value))
        ):
            return at.invalid(value, self.expectation)
        return value

    def dump(self, value: str) -> object:
        return value


@dataclass(frozen=True, slots=True)
class Integer(Spec[int]):
    """An integer; ``2.0`` counts (JSON Schema does too), ``1.5`` and ``true`` do not."""

    minimum: int | None = None
    maximum: int | None = None

    @property
    def expectation(self) -> str:
        return "an integer" + _range_text(self.minimum, self.maximum)

    def parse(self, value: object, at: At) -> int | Invalid:
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or (self.minimum is not None and value < self.minimum)
            or (self.maximum is not None and value > self.maximum)
        ):
            return at.invalid(value, self.expectation)
        return value

    def dump(self, value: int) -> object:
        return value


@dataclass(frozen=True, slots=True)
class Number(Spec[float]):
    """A finite number (``bool`` is not one), converted to ``float``."""

    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False

    @property
    def expectation(self) -> str:
        bounds = _range_text(self.minimum, self.maximum, exclusive_minimum=self.exclusive_minimum)
        return "a number" + bounds

    def parse(self, value: object, at: At) -> float | Invalid:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return at.invalid(value, self.expectation)
        try:
            number = float(value)
        except OverflowError:
            return at.invalid(value, self.expectation)
        if (
            not math.isfinite(number)
            or (self.minimum is not None and number < self.minimum)
            or (self.exclusive_minimum and self.minimum is not None and number == self.minimum)
            or (self.maximum is not None and number > self.maximum)
        ):
            return at.invalid(value, self.expectation)
        return number

    def dump(self, value: float) -> object:
        # 20.0 is written as 20: the same number in JSON, and what a person would write.
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value


@dataclass(frozen=True, slots=True)
class Boolean(Spec[bool]):
    def parse(self, value: object, at: At) -> bool | Invalid:
        if not isinstance(value, bool):
            return at.invalid(value, "true or false")
        return value

    def dump(self, value: bool) -> object:
        return value


class Choice(Spec[T]):
    """One of a fixed set of spellings, each standing for a domain value (an enum member)."""

    def __init__(self, options: Mapping[str, T], label: str | None = None) -> None:
        self.options = dict(options)
        self.codes = {v: k for k, v in self.options.items()}
        self.expectation = "one of " + (label or ", ".join(self.options))

    def parse(self, value: object, at: At) -> T | Invalid:
        if not isinstance(value, str) or value not in self.options:
            return at.invalid(value, self.expectation)
        return self.options[value]

    def dump(self, value: T) -> object:
        return self.codes[value]


_FIVE_DIGITS = re.compile(r"[0-9]{5}")


class Kldb(Spec[KldbCode]):
    """A KldB 2010 code: five digits as a string, the 5th (requirement level) 1..4."""

    def parse(self, value: object, at: At) -> KldbCode | Invalid:
        if not isinstance(value, str) or not _FIVE_DIGITS.fullmatch(value):
            return at.invalid(value, "a KldB code (a string of 5 digits)")
        if value[4] not in "1234":
            return at.invalid(value, "a KldB code: its 5th digit (requirement level) must be 1..4")
        return KldbCode(value)

    def dump(self, value: KldbCode) -> object:
        return value.code


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class IsoDate(Spec[date]):
    """``YYYY-MM-DD`` only: ``date.fromisoformat`` alone would also take ``20261124``."""

    def parse(self, value: object, at: At) -> date | Invalid:
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        return at.invalid(value, "a date YYYY-MM-DD")

    def dump(self, value: date) -> object:
        return value.isoformat()


_CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]|24:00")


class Clock(Spec[int]):
    """``HH:MM`` (or ``24:00``) as minutes since midnight, as the domain counts time."""

    def parse(self, value: object, at: At) -> int | Invalid:
        if not isinstance(value, str) or not _CLOCK.fullmatch(value):
            return at.invalid(value, "a time HH:MM between 00:00 and 24:00")
        return parse_clock(value)

    def dump(self, value: int) -> object:
        return format_clock(value)


class ListOf(Spec[tuple[T, ...]]):
    """An array of items of one spec, as a tuple; optionally non-empty and duplicate-free."""

    def __init__(
        self,
        item: Spec[T],
        *,
        min_items: int = 0,
        too_few: str = "",
        unique: bool = False,
    ) -> None:
        self.item = item
        self.min_items = min_items
        self.too_few = too_few or f"must have at least {min_items} items"
        self.unique = unique

    def parse(self, value: object, at: At) -> tuple[T, ...] | Invalid:
        if not isinstance(value, list):
            return at.report(f"must be an array, not {type_name(value)}")
        ok = True
        if len(value) < self.min_items:
            at.report(self.too_few)
            ok = False
        items: list[T] = []
        first_at: dict[object, int] = {}
        for index, raw in enumerate(value):
            parsed = self.item.parse(raw, at.item(index))
            if isinstance(parsed, Invalid):
                ok = False
                continue
            if self.unique:
                if parsed in first_at:
                    listed = "is listed twice" if at.personal else f"{show(raw)} is listed twice"
                    at.item(index).report(f"{listed} (also at [{first_at[parsed]}])")
                    ok = False
                    continue
                first_at[parsed] = index
            items.append(parsed)
        return tuple(items) if ok else INVALID

    def dump(self, value: tuple[T, ...]) -> object:
        return [self.item.dump(v) for v in value]


@dataclass(frozen=True, slots=True)
class Field(Generic[T]):
    """One named member of a record: its spec, whether it is required, whether personal.

    ``attr`` is the domain attribute when it is named differently (``from`` -> ``start``).
    An absent optional field is not passed to the domain class, so the domain's default
    applies: the defaults live in exactly one place.
    """

    name: str
    spec: Spec[T]
    required: bool = False
    personal: bool = False
    attr: str = ""

    @property
    def attribute(self) -> str:
        return self.attr or self.name


Values = Mapping[str, object]
"""A record's parsed values by field name; an invalid field maps to :data:`INVALID`."""

Check = Callable[[Values, At], None]
"""A rule across fields of one record (``hours_min <= hours_max``); skips invalid fields."""


class Record(Spec[T]):
    """A JSON object whose fields are a table of :class:`Field`, built into a domain object."""

    def __init__(
        self,
        fields: Sequence[Field[Any]],
        build: Callable[..., T],
        checks: Sequence[Check] = (),
    ) -> None:
        self.fields = tuple(fields)
        self.build = build
        self.checks = tuple(checks)
        self._by_name = {f.name: f for f in self.fields}

    def field(self, name: str) -> Field[Any]:
        return self._by_name[name]

    def parse(self, value: object, at: At) -> T | Invalid:
        if not isinstance(value, dict):
            return at.report(f"must be an object, not {type_name(value)}")
        reported = len(at.problems)
        values: dict[str, object] = {}
        for f in self.fields:
            if f.name in value:
                values[f.name] = f.spec.parse(value[f.name], at.child(f.name, personal=f.personal))
            elif f.required:
                at.child(f.name).report("missing required field")
                values[f.name] = INVALID
        for check in self.checks:
            check(values, at)
        if len(at.problems) > reported:
            return INVALID
        kwargs = {self.field(name).attribute: v for name, v in values.items()}
        try:
            return self.build(**kwargs)
        except ValueError as err:  # a domain invariant no spec mirrors: still a report
            return at.report("is not valid" if at.personal else str(err))

    def dump(self, value: T) -> dict[str, object]:
        out: dict[str, object] = {}
        for f in self.fields:
            attribute = getattr(value, f.attribute)
            if attribute is not None:
                out[f.name] = f.spec.dump(attribute)
        return out


def valid(values: Values, *names: str) -> bool:
    """For checks: whether all named fields are present and valid."""
    return all(n in values and not isinstance(values[n], Invalid) for n in names)
