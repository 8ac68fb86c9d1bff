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

Two paths, one table
--------------------
Every spec parses in two ways, both derived from the same table:

``parse(value, at)``
    The *reporting* path, the reference: it reports every problem to ``at`` (with the
    dotted field path, built only when a problem is reported) and returns :data:`INVALID`
    or the value.
``fast(value)``
    The *quiet* path for the common, valid case: it returns the value, or :data:`MISS`
    when it cannot vouch for it. It never reports and builds no paths. ``MISS`` is always
    a safe answer (the reporting path then decides and reports); a value is returned only
    when ``parse`` would return an equal value and report nothing.

The reader and ``Record.parse``/``ListOf.parse`` try ``fast`` first, so a document without
problems never pays for locating problems, and a bad record is parsed again by the
reporting path, which produces every message exactly as it always did.

Each record type's quiet path is compiled from its table into one function
(:meth:`Record.compile`), with the simple specs' checks spelled out (:meth:`Spec.inline`):
a district's document has some 300,000 values, and a call per value would cost more than
all the checks. Immutable values that repeat across records (time windows, shift options,
occupations, lists of codes, KldB codes, dates) are memoised by their JSON content
(:meth:`Spec.key`). Memos are bounded (:class:`Memo`) and never hold the values of
personal fields (:class:`Record` refuses a memoising spec there).
"""

from __future__ import annotations

import marshal
import math
import re
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter, methodcaller
from typing import Any, Final, Generic, TypeVar

from passgenau.domain.errors import Problem
from passgenau.domain.kldb import KldbCode
from passgenau.domain.schedule import MINUTES_PER_DAY, format_clock, parse_clock

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


class Miss:
    """The type of :data:`MISS`: the quiet path cannot vouch for a value (nothing reported)."""

    _instance: Miss | None = None

    def __new__(cls) -> Miss:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISS"


MISS: Final = Miss()

_ABSENT: Final = object()
"""A field left out (``dict.get``'s default in the quiet path)."""

MEMO_LIMIT = 16_384
"""Entries a memo holds before it starts afresh: bounded memory in a long-running service."""


class Memo(dict[Any, Any]):
    """A bounded memo of parsed immutable values by key (cleared when full)."""

    def remember(self, key: object, value: T) -> T:
        if len(self) >= MEMO_LIMIT:
            self.clear()
        self[key] = value
        return value


def _remembered(memo: Memo, key: object) -> object:
    """``memo``'s value for ``key``, or :data:`MISS` (also when ``key`` cannot be hashed)."""
    try:
        return memo.get(key, MISS)
    except TypeError:
        return MISS


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


class At:
    """Where a value sits (record, dotted field path) and where its problems go.

    ``personal`` is inherited by everything below a personal field (all of ``home``), so a
    spec deep inside cannot forget it. The dotted ``field`` path is built only when asked
    for (when a problem is reported): a child keeps its parent and its own segment.
    """

    __slots__ = ("_field", "_parent", "_segment", "personal", "problems", "where")

    problems: list[Problem]
    where: str
    personal: bool

    def __init__(
        self, problems: list[Problem], where: str, field: str = "", personal: bool = False
    ) -> None:
        self.problems = problems
        self.where = where
        self.personal = personal
        self._field: str | None = field
        self._parent: At | None = None
        self._segment = ""

    @property
    def field(self) -> str:
        """The dotted path below the record: ``shifts[0].windows[1].from``."""
        path = self._field
        if path is None:
            assert self._parent is not None
            parent = self._parent.field
            segment = self._segment
            if segment.startswith("["):
                path = parent + segment
            else:
                path = f"{parent}.{segment}" if parent else segment
            self._field = path
        return path

    def _below(self, segment: str, personal: bool) -> At:
        at = At(self.problems, self.where, "", personal)
        at._field = None
        at._parent = self
        at._segment = segment
        return at

    def child(self, name: str, *, personal: bool = False) -> At:
        return self._below(name, self.personal or personal)

    def item(self, index: int) -> At:
        return self._below(f"[{index}]", self.personal)

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

    def __repr__(self) -> str:
        return f"At(where={self.where!r}, field={self.field!r}, personal={self.personal})"


class _Reported(Exception):
    """Raised by :data:`_QUIET` where a check reports: the quiet path then gives up."""


class _QuietAt(At):
    """The ``At`` the quiet path hands to a record's checks: any report aborts the check.

    Stateless (it collects nothing), so one instance serves every record and thread.
    """

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__([], "")

    def child(self, name: str, *, personal: bool = False) -> At:
        return self

    def item(self, index: int) -> At:
        return self

    def report(self, message: str) -> Invalid:
        raise _Reported

    def invalid(self, value: object, expectation: str) -> Invalid:
        raise _Reported


_QUIET: Final = _QuietAt()


class Source:
    """Python source of a compiled quiet path (see :meth:`Record.compile`), with the objects
    it refers to by name. Specs add lines with :meth:`Spec.inline`."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[str, object] = {
            "MISS": MISS,
            "_ABSENT": _ABSENT,
            "_QUIET": _QUIET,
            "_Reported": _Reported,
            "marshal": marshal,
        }
        self._count = 0

    def var(self, hint: str) -> str:
        """A fresh local variable name."""
        self._count += 1
        return f"{hint}{self._count}"

    def ref(self, obj: object, hint: str) -> str:
        """A name under which the compiled code sees ``obj``."""
        name = self.var(f"_{hint}_")
        self.names[name] = obj
        return name

    def add(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)

    def function(self, name: str, filename: str) -> Callable[[object], Any]:
        code = compile("\n".join(self.lines) + "\n", filename, "exec")
        exec(code, self.names)  # the source is made from the field tables alone
        return self.names[name]  # type: ignore[return-value]


class Spec(ABC, Generic[T]):
    """Parses one JSON value into a domain value (or reports) and dumps it back.

    ``str_key``: the spec accepts strings only and its result depends on the string alone
    (a list of them is keyed by the tuple of its strings, see :meth:`ListOf.key`).
    ``plain_dump``: ``dump`` returns its argument, so dumping may skip the call.
    """

    str_key: bool = False
    plain_dump: bool = False

    @abstractmethod
    def parse(self, value: object, at: At) -> T | Invalid:
        """The reporting path: the value, or :data:`INVALID` after reporting to ``at``."""

    @abstractmethod
    def fast(self, value: object) -> T | Miss:
        """The quiet path: the value ``parse`` gives when it reports nothing, or :data:`MISS`."""

    def key(self, value: object) -> object:
        """A memo key: values with equal keys parse to equal results (:data:`MISS`: none).

        By default the value's ``marshal`` bytes, format 2 (no back-references, so equal
        JSON values give equal bytes): exact about types where Python's ``==`` is not (``1``,
        ``1.0`` and ``true`` differ), and made in C, so keying a whole array of windows costs
        less than parsing it. Anything but plain JSON values (a ``str`` subclass) is refused.
        """
        try:
            return marshal.dumps(value, 2)
        except ValueError:
            return MISS

    def inline(self, source: Source, indent: int, value: str, result: str) -> None:
        """Add lines to ``source`` that do what :meth:`fast` does: set the local variable
        ``result`` to the quiet path's value of the local ``value``, or ``return MISS``.

        By default they call :meth:`fast`; simple specs spell their check out, saving a
        call per value where one record has a dozen of them.
        """
        fast = source.ref(self.fast, type(self).__name__.lower())
        source.add(indent, f"{result} = {fast}({value})")
        source.add(indent, f"if {result} is MISS: return MISS")

    @abstractmethod
    def dump(self, value: T) -> object: ...

    @property
    def dumper(self) -> Callable[[T], object]:
        """:meth:`dump` as the cheapest callable (a C-level one where there is one), for
        dumping many values with ``map``."""
        return self.dump


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


class ListOf(Spec[tuple[T, ...]]):
    """An array of items of one spec, as a tuple; optionally non-empty and duplicate-free."""

    def __init__(
        self,
        item: Spec[T],
        *,
        min_items: int = 0,
        too_few: str = "",
        unique: bool = False,
        memo: bool = False,
    ) -> None:
        self.item = item
        self.min_items = min_items
        self.too_few = too_few or f"must have at least {min_items} items"
        self.unique = unique
        self.memo: Memo | None = Memo() if memo else None
        self._dump_item = None if item.plain_dump else item.dumper
        self._tuple_key = item.str_key

    def parse(self, value: object, at: At) -> tuple[T, ...] | Invalid:
        quick = self.fast(value)
        if quick is not MISS:
            return quick  # type: ignore[return-value]
        if not isinstance(value, list):
            return at.report(f"must be an array, not {type_name(value)}")
        ok = True
        if len(value) < self.min_items:
            at.report(self.too_few)
            ok = False
        items: list[T] = []
        first_at: dict[object, int] = {}
        parse = self.item.parse
        for index, raw in enumerate(value):
            parsed = parse(raw, at.item(index))
            if parsed is INVALID:
                ok = False
                continue
            if self.unique:
                if parsed in first_at:
                    listed = "is listed twice" if at.personal else f"{show(raw)} is listed twice"
                    at.item(index).report(f"{listed} (also at [{first_at[parsed]}])")
                    ok = False
                    continue
                first_at[parsed] = index
            items.append(parsed)  # type: ignore[arg-type]
        return tuple(items) if ok else INVALID

    def fast(self, value: object) -> tuple[T, ...] | Miss:
        if type(value) is not list or len(value) < self.min_items:
            return MISS
        memo = self.memo
        key: object = MISS
        if memo is not None:
            key = self.key(value)
            hit = _remembered(memo, key)
            if hit is not MISS:
                return hit  # type: ignore[return-value]
        fast = self.item.fast
        items = []
        for raw in value:
            parsed = fast(raw)
            if parsed is MISS:
                return MISS
            items.append(parsed)
        if self.unique and len(set(items)) != len(items):
            return MISS
        if memo is not None and key is not MISS:
            return memo.remember(key, tuple(items))  # type: ignore[arg-type]
        return tuple(items)  # type: ignore[arg-type]

    def key(self, value: object) -> object:
        if self._tuple_key and type(value) is list:
            # Memos only hold keys of valid lists, whose items are strings: a list that
            # equals one of them holds equal strings (and one that is unhashable is no hit).
            return tuple(value)
        return super().key(value)

    def inline(self, source: Source, indent: int, value: str, result: str) -> None:
        if self.memo is None:
            super().inline(source, indent, value, result)
            return
        # The memo look-up of :meth:`fast` (with :meth:`key` spelled out), then, on a miss,
        # :meth:`fast` itself.
        memo, fast = source.ref(self.memo, "memo"), source.ref(self.fast, "fast")
        key = "tuple({})" if self._tuple_key else "marshal.dumps({}, 2)"
        source.add(indent, f"{result} = MISS")
        enough = f" and len({value}) >= {self.min_items!r}" if self.min_items else ""
        source.add(indent, f"if type({value}) is list{enough}:")
        source.add(indent + 1, "try:")
        source.add(indent + 2, f"{result} = {memo}.get({key.format(value)}, MISS)")
        source.add(indent + 1, "except (TypeError, ValueError):  # unhashable; a str subclass")
        source.add(indent + 2, "pass")
        source.add(indent, f"if {result} is MISS:")
        source.add(indent + 1, f"{result} = {fast}({value})")
        source.add(indent + 1, f"if {result} is MISS: return MISS")

    def dump(self, value: tuple[T, ...]) -> object:
        if self._dump_item is None:
            return list(value)
        return list(map(self._dump_item, value))


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
    """A JSON object whose fields are a table of :class:`Field`, built into a domain object.

    ``memo=True``: the record is an immutable value that repeats across a document (a time
    window); parsed records are remembered by their JSON content. Not for personal data.

    The quiet path is compiled from the table (:meth:`compile`, as ``dataclasses`` makes an
    ``__init__``): one function per record type, the fields' simple checks spelled out in
    it and nested records inlined, so that a valid record costs no call per field. It does
    exactly what the generic :meth:`fast` below does, which stays the readable reference
    (``Record.fast(spec, value)``; the tests hold the two to each other).
    """

    def __init__(
        self,
        fields: Sequence[Field[Any]],
        build: Callable[..., T],
        checks: Sequence[Check] = (),
        *,
        memo: bool = False,
    ) -> None:
        self.fields = tuple(fields)
        self.build = build
        self.checks = tuple(checks)
        self._by_name = {f.name: f for f in self.fields}
        # Precomputed from the table once, for the per-record loops.
        self._attribute = {f.name: f.attribute for f in self.fields}
        self._renamed = any(f.attr and f.attr != f.name for f in self.fields)
        self._plan = tuple((f.name, f.spec.fast, f.required) for f in self.fields)
        self._names = tuple(f.name for f in self.fields)
        self._conversions = tuple(
            (index, f.name, f.spec.dumper)
            for index, f in enumerate(self.fields)
            if not f.spec.plain_dump
        )
        get = attrgetter(*(f.attribute for f in self.fields))
        self._attributes: Callable[[Any], tuple[object, ...]] = (
            get if len(self.fields) > 1 else lambda value: (get(value),)
        )
        if memo and any(f.personal for f in self.fields):
            raise ValueError("a record with personal fields must not be memoised")
        if any(f.personal and _memoises(f.spec) for f in self.fields):
            raise ValueError("a personal field must not be memoised, nor anything in it")
        self.memo: Memo | None = Memo() if memo else None
        self.source = ""
        self.fast = self.compile()  # type: ignore[method-assign]

    def field(self, name: str) -> Field[Any]:
        return self._by_name[name]

    def parse(self, value: object, at: At) -> T | Invalid:
        quick = self.fast(value)
        if quick is not MISS:
            return quick  # type: ignore[return-value]
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
        attribute = self._attribute
        kwargs = {attribute[name]: v for name, v in values.items()}
        try:
            return self.build(**kwargs)
        except ValueError as err:  # a domain invariant no spec mirrors: still a report
            return at.report("is not valid" if at.personal else str(err))

    def fast(self, value: object) -> T | Miss:  # the reference; instances use compile()'s
        if type(value) is not dict:
            return MISS
        memo = self.memo
        key: object = MISS
        if memo is not None:
            key = self.key(value)
            hit = _remembered(memo, key)
            if hit is not MISS:
                return hit  # type: ignore[return-value]
        values: dict[str, object] = {}
        for name, fast, required in self._plan:
            raw = value.get(name, _ABSENT)
            if raw is _ABSENT:
                if required:
                    return MISS
                continue
            parsed = fast(raw)
            if parsed is MISS:
                return MISS
            values[name] = parsed
        if self.checks:
            try:
                for check in self.checks:
                    check(values, _QUIET)
            except _Reported:
                return MISS
        if self._renamed:
            attribute = self._attribute
            values = {attribute[name]: v for name, v in values.items()}
        try:
            built = self.build(**values)
        except ValueError:
            return MISS
        if memo is not None and key is not MISS:
            memo.remember(key, built)
        return built

    def compile(self) -> Callable[[object], T | Miss]:
        """The quiet path as one function made from the table; its text is kept in
        :attr:`source` (for a curious reader: ``print(CANDIDATE.source)``)."""
        source = Source()
        source.add(0, "def fast(value):")
        memo = None if self.memo is None else source.ref(self.memo, "memo")
        if memo is not None:  # with :meth:`key` spelled out
            source.add(1, "if type(value) is not dict: return MISS")
            source.add(1, "try:")
            source.add(2, "key = marshal.dumps(value, 2)")
            source.add(1, "except ValueError:")
            source.add(2, "key = MISS")
            source.add(1, "else:")
            source.add(2, f"hit = {memo}.get(key, MISS)")
            source.add(2, "if hit is not MISS: return hit")
        self._inline_body(source, 1, "value", "result")
        if memo is not None:
            source.add(1, f"if key is not MISS: {memo}.remember(key, result)")
        source.add(1, "return result")
        self.source = "\n".join(source.lines)
        name = getattr(self.build, "__qualname__", "record")
        return source.function("fast", f"<passgenau.exchange quiet path: {name}>")

    def inline(self, source: Source, indent: int, value: str, result: str) -> None:
        if self.memo is not None:  # its own compiled function, with the memo look-up
            super().inline(source, indent, value, result)
        else:
            self._inline_body(source, indent, value, result)

    def _inline_body(self, source: Source, indent: int, value: str, result: str) -> None:
        """:meth:`fast` after the memo look-up, spelled out for this table."""
        get, values = source.var("get"), source.var("values")
        source.add(indent, f"if type({value}) is not dict: return MISS")
        source.add(indent, f"{get} = {value}.get")
        source.add(indent, f"{values} = {{}}")
        for f in self.fields:
            raw, parsed = source.var("raw"), source.var("parsed")
            source.add(indent, f"{raw} = {get}({f.name!r}, _ABSENT)")
            if f.required:
                source.add(indent, f"if {raw} is _ABSENT: return MISS")
                inner = indent
            else:
                source.add(indent, f"if {raw} is not _ABSENT:")
                inner = indent + 1
            f.spec.inline(source, inner, raw, parsed)
            source.add(inner, f"{values}[{f.name!r}] = {parsed}")
        if self.checks:
            source.add(indent, "try:")
            for check in self.checks:
                source.add(indent + 1, f"{source.ref(check, 'check')}({values}, _QUIET)")
            source.add(indent, "except _Reported: return MISS")
        if self._renamed:
            attribute = source.ref(self._attribute, "attribute")
            source.add(indent, f"{values} = {{{attribute}[n]: v for n, v in {values}.items()}}")
        build = source.ref(self.build, "build")
        source.add(indent, "try:")
        source.add(indent + 1, f"{result} = {build}(**{values})")
        source.add(indent, "except ValueError: return MISS")

    def dump(self, value: T) -> dict[str, object]:
        # In table order, without the fields whose value is None; only the fields whose
        # spec converts are visited one by one.
        names = self._names
        attributes = self._attributes(value)
        out = dict(zip(names, attributes, strict=True))
        if None in attributes:
            for name, attribute in zip(names, attributes, strict=True):
                if attribute is None:
                    del out[name]
        for index, name, dump in self._conversions:
            attribute = attributes[index]
            if attribute is not None:
                out[name] = dump(attribute)
        return out


def _memoises(spec: Spec[Any]) -> bool:
    """Whether ``spec``, or a spec within it, remembers values beyond one read."""
    if getattr(spec, "memo", None) is not None:
        return True
    if isinstance(spec, Record):
        return any(_memoises(f.spec) for f in spec.fields)
    return isinstance(spec, ListOf) and _memoises(spec.item)


def valid(values: Values, *names: str) -> bool:
    """For checks: whether all named fields are present and valid."""
    return all(n in values and not isinstance(values[n], Invalid) for n in names)
