"""Specs of single JSON values: strings, numbers, booleans, choices, KldB codes, dates, times.

Each spec keeps its rule in one place and states it three ways that must agree:
``parse`` (the reporting path), ``fast`` (the quiet path) and ``inline`` (the quiet path
spelled out as lines of a record's compiled function, see
:meth:`~passgenau.exchange.fields.Spec.inline`). ``inline`` exists because one record has
a dozen of these values and a call per value would cost more than the checks.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter, methodcaller
from typing import Final, TypeVar

from passgenau.domain.kldb import KldbCode
from passgenau.domain.schedule import MINUTES_PER_DAY, format_clock, parse_clock
from passgenau.exchange.fast_path import MISS, Miss, Source
from passgenau.exchange.fields import Spec
from passgenau.exchange.reporting import At, Invalid
from passgenau.exchange.value_cache import Memo

T = TypeVar("T")


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
    _max: int = field(init=False, repr=False, compare=False)

    str_key = True
    plain_dump = True

    def __post_init__(self) -> None:
        longest = sys.maxsize if self.max_length is None else self.max_length
        object.__setattr__(self, "_max", longest)

    def parse(self, value: object, at: At) -> str | Invalid:
        if (
            not isinstance(value, str)
            or len(value) < self.min_length
            or (self.max_length is not None and len(value) > self.max_length)
            or (self.pattern is not None and not self.pattern.fullmatch(value))
        ):
            return at.invalid(value, self.expectation)
        return value

    def fast(self, value: object) -> str | Miss:
        if type(value) is not str or not self.min_length <= len(value) <= self._max:
            return MISS
        if self.pattern is None or self.pattern.fullmatch(value):
            return value
        return MISS

    def inline(self, source: Source, indent: int, value: str, result: str) -> None:
        wrong = f"type({value}) is not str"
        if self.min_length > 0 or self.max_length is not None:
            wrong += f" or not {self.min_length!r} <= len({value}) <= {self._max!r}"
        if self.pattern is not None:
            match = source.ref(self.pattern.fullmatch, "pattern")
            wrong += f" or {match}({value}) is None"
        source.add(indent, f"if {wrong}: return MISS")
        source.add(indent, f"{result} = {value}")

    def dump(self, value: str) -> object:
        return value


_FLOAT_MAX = sys.float_info.max
_INT_FLOAT_MAX = int(_FLOAT_MAX)  # ints up to this convert to a float without overflow


def _float_at_least(bound: float) -> float:
    """The least float >= ``bound``: for a float ``x``, ``x >= bound`` iff ``x >= result``."""
    rounded = float(bound)
    return rounded if rounded >= bound else math.nextafter(rounded, math.inf)


def _float_at_most(bound: float) -> float:
    """The greatest float <= ``bound``: for a float ``x``, ``x <= bound`` iff ``x <= result``."""
    rounded = float(bound)
    return rounded if rounded <= bound else math.nextafter(rounded, -math.inf)


@dataclass(frozen=True, slots=True)
class Integer(Spec[int]):
    """An integer; ``2.0`` counts (JSON Schema does too), ``1.5`` and ``true`` do not."""

    minimum: int | None = None
    maximum: int | None = None
    _low: float = field(init=False, repr=False, compare=False)
    _high: float = field(init=False, repr=False, compare=False)

    plain_dump = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "_low", -math.inf if self.minimum is None else self.minimum)
        object.__setattr__(self, "_high", math.inf if self.maximum is None else self.maximum)

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

    def fast(self, value: object) -> int | Miss:
        if type(value) is int and self._low <= value <= self._high:
            return value
        return MISS

    def inline(self, source: Source, indent: int, value: str, result: str) -> None:
        wrong = f"type({value}) is not int"
        if self.minimum is not None:
            wrong += f" or {value} < {int(self.minimum)!r}"
        if self.maximum is not None:
            wrong += f" or {value} > {int(self.maximum)!r}"
        source.add(indent, f"if {wrong}: return MISS")
        source.add(indent, f"{result} = {value}")

    def dump(self, value: int) -> object:
        return value


@dataclass(frozen=True, slots=True)
class Number(Spec[float]):
    """A finite number (``bool`` is not one), converted to ``float``."""

    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    _low: float = field(init=False, repr=False, compare=False)
    _high: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Finite float bounds, also in place of absent ones, so that the quiet path's two
        # comparisons also reject inf and nan.
        low = -_FLOAT_MAX if self.minimum is None else _float_at_least(self.minimum)
        high = _FLOAT_MAX if self.maximum is None else _float_at_most(self.maximum)
        object.__setattr__(self, "_low", low)
        object.__setattr__(self, "_high", high)

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

    def fast(self, value: object) -> float | Miss:
        kind = type(value)
        if kind is float:
            number: float = value  # type: ignore[assignment]
        elif kind is int and -_INT_FLOAT_MAX <= value <= _INT_FLOAT_MAX:  # type: ignore[operator]
            number = float(value)  # type: ignore[arg-type]
        else:
            return MISS
        if self._low <= number <= self._high and not (
            self.exclusive_minimum and number == self._low  # (MISS also when low > minimum)
        ):
            return number
        return MISS

    def inline(self, source: Source, indent: int, value: str, result: str) -> None:
        low, high = source.ref(self._low, "low"), source.ref(self._high, "high")
        largest = source.ref(_INT_FLOAT_MAX, "largest")
        source.add(indent, f"if type({value}) is float: {result} = {value}")
        source.add(indent, f"elif type({value}) is int and -{largest} <= {value} <= {largest}:")
        source.add(indent + 1, f"{result} = float({value})")
        source.add(indent, "else: return MISS")
        wrong = f"not {low} <= {result} <= {high}"
        if self.exclusive_minimum:
            wrong += f" or {result} == {low}"
        source.add(indent, f"if {wrong}: return MISS")

    def dump(self, value: float) -> object:
        # 20.0 is written as 20: the same number in JSON, and what a person would write.
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value


@dataclass(frozen=True, slots=True)
class Boolean(Spec[bool]):
    plain_dump = True

    def parse(self, value: object, at: At) -> bool | Invalid:
        if not isinstance(value, bool):
            return at.invalid(value, "true or false")
        return value

    def fast(self, value: object) -> bool | Miss:
        return value if value is True or value is False else MISS  # type: ignore[return-value]

    def inline(self, source: Source, indent: int, value: str, result: str) -> None:
        source.add(indent, f"if {value} is not True and {value} is not False: return MISS")
        source.add(indent, f"{result} = {value}")

    def dump(self, value: bool) -> object:
        return value


class Choice(Spec[T]):
    """One of a fixed set of spellings, each standing for a domain value (an enum member)."""

    str_key = True

    def __init__(self, options: Mapping[str, T], label: str | None = None) -> None:
        self.options = dict(options)
        self.codes = {v: k for k, v in self.options.items()}
        self.expectation = "one of " + (label or ", ".join(self.options))

    def parse(self, value: object, at: At) -> T | Invalid:
        if not isinstance(value, str) or value not in self.options:
            return at.invalid(value, self.expectation)
        return self.options[value]

    def fast(self, value: object) -> T | Miss:
        if type(value) is str:
            return self.options.get(value, MISS)
        return MISS

    def inline(self, source: Source, indent: int, value: str, result: str) -> None:
        options = source.ref(self.options, "options")
        source.add(
            indent, f"{result} = {options}.get({value}, MISS) if type({value}) is str else MISS"
        )
        source.add(indent, f"if {result} is MISS: return MISS")

    def dump(self, value: T) -> object:
        return self.codes[value]

    @property
    def dumper(self) -> Callable[[T], object]:
        return self.codes.__getitem__


def _inline_memo_lookup(
    spec: Kldb | IsoDate, source: Source, indent: int, value: str, result: str
) -> None:
    """Lines for a spec of strings whose ``fast`` remembers its values in ``spec.memo``: a
    look-up there, and a call of ``fast`` (which checks and remembers) on a miss."""
    if spec.memo is None:
        Spec.inline(spec, source, indent, value, result)
        return
    memo_name, fast_name = source.ref(spec.memo, "memo"), source.ref(spec.fast, "fast")
    source.add(
        indent, f"{result} = {memo_name}.get({value}, MISS) if type({value}) is str else MISS"
    )
    source.add(indent, f"if {result} is MISS:")
    source.add(indent + 1, f"{result} = {fast_name}({value})")
    source.add(indent + 1, f"if {result} is MISS: return MISS")


_FIVE_DIGITS = re.compile(r"[0-9]{5}")


class Kldb(Spec[KldbCode]):
    """A KldB 2010 code: five digits as a string, the 5th (requirement level) 1..4."""

    str_key = True

    def __init__(self, *, memo: bool = True) -> None:
        self.memo: Memo | None = Memo() if memo else None

    def parse(self, value: object, at: At) -> KldbCode | Invalid:
        if not isinstance(value, str) or not _FIVE_DIGITS.fullmatch(value):
            return at.invalid(value, "a KldB code (a string of 5 digits)")
        if value[4] not in "1234":
            return at.invalid(value, "a KldB code: its 5th digit (requirement level) must be 1..4")
        return KldbCode(value)

    def fast(self, value: object) -> KldbCode | Miss:
        if type(value) is not str:
            return MISS
        memo = self.memo
        if memo is not None and value in memo:
            return memo[value]  # type: ignore[no-any-return]
        if _FIVE_DIGITS.fullmatch(value) and value[4] in "1234":
            code = KldbCode(value)
            return code if memo is None else memo.remember(value, code)
        return MISS

    def inline(self, source: Source, indent: int, value: str, result: str) -> None:
        _inline_memo_lookup(self, source, indent, value, result)

    def dump(self, value: KldbCode) -> object:
        return value.code

    @property
    def dumper(self) -> Callable[[KldbCode], object]:
        return attrgetter("code")


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class IsoDate(Spec[date]):
    """``YYYY-MM-DD`` only: ``date.fromisoformat`` alone would also take ``20261124``."""

    str_key = True

    def __init__(self, *, memo: bool = True) -> None:
        self.memo: Memo | None = Memo() if memo else None

    def parse(self, value: object, at: At) -> date | Invalid:
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        return at.invalid(value, "a date YYYY-MM-DD")

    def fast(self, value: object) -> date | Miss:
        if type(value) is not str:
            return MISS
        memo = self.memo
        if memo is not None and value in memo:
            return memo[value]  # type: ignore[no-any-return]
        if _ISO_DATE.fullmatch(value):
            try:
                day = date.fromisoformat(value)
            except ValueError:
                return MISS
            return day if memo is None else memo.remember(value, day)
        return MISS

    def inline(self, source: Source, indent: int, value: str, result: str) -> None:
        _inline_memo_lookup(self, source, indent, value, result)

    def dump(self, value: date) -> object:
        return value.isoformat()

    @property
    def dumper(self) -> Callable[[date], object]:
        return methodcaller("isoformat")


_CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]|24:00")

_CLOCKS: Final[dict[str, int]] = {
    format_clock(minutes): minutes for minutes in range(MINUTES_PER_DAY + 1)
}
"""Every string ``_CLOCK`` matches (``00:00`` .. ``24:00``), with its minutes."""

_CLOCK_TEXTS: Final[tuple[str, ...]] = tuple(_CLOCKS)
"""``format_clock(m)`` for ``m`` in ``0..1440``, by ``m``."""


class Clock(Spec[int]):
    """``HH:MM`` (or ``24:00``) as minutes since midnight, as the domain counts time."""

    str_key = True

    def parse(self, value: object, at: At) -> int | Invalid:
        if not isinstance(value, str) or not _CLOCK.fullmatch(value):
            return at.invalid(value, "a time HH:MM between 00:00 and 24:00")
        return parse_clock(value)

    def fast(self, value: object) -> int | Miss:
        if type(value) is str:
            return _CLOCKS.get(value, MISS)
        return MISS

    def inline(self, source: Source, indent: int, value: str, result: str) -> None:
        clocks = source.ref(_CLOCKS, "clocks")
        source.add(
            indent, f"{result} = {clocks}.get({value}, MISS) if type({value}) is str else MISS"
        )
        source.add(indent, f"if {result} is MISS: return MISS")

    def dump(self, value: int) -> object:
        if type(value) is int and 0 <= value <= MINUTES_PER_DAY:
            return _CLOCK_TEXTS[value]
        return format_clock(value)
