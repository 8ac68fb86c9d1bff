"""Declarative field specs: every record type of ``passgenau/1`` is a table of these.

Why a table and not code per field: the format has some sixty fields with types, ranges,
enumerations and patterns. One small spec per field keeps each rule in one place, lets the
reader report *every* problem (a spec never raises: it reports to an
:class:`~passgenau.exchange.reporting.At` and returns
:data:`~passgenau.exchange.reporting.INVALID`), and lets the writer dump with the very
table the reader parses with, so that reading what was written gives back the same
records.

This module holds the contract every spec keeps (:class:`Spec`) and the specs that are
made of other specs: :class:`Field`, :class:`Record` and :class:`ListOf`. The specs of
single values are in :mod:`passgenau.exchange.scalars`.

Two paths, one table
--------------------
Every spec parses in two ways, both derived from the same table:

``parse(value, at)``
    The *reporting* path, the reference: it reports every problem to ``at`` (with the
    dotted field path, built only when a problem is reported) and returns
    :data:`~passgenau.exchange.reporting.INVALID` or the value.
``fast(value)``
    The *quiet* path for the common, valid case: it returns the value, or
    :data:`~passgenau.exchange.fast_path.MISS` when it cannot vouch for it. It never
    reports and builds no paths. ``MISS`` is always a safe answer (the reporting path then
    decides and reports); a value is returned only when ``parse`` would return an equal
    value and report nothing.

The reader and ``Record.parse``/``ListOf.parse`` try ``fast`` first, so a document without
problems never pays for locating problems, and a bad record is parsed again by the
reporting path, which produces every message exactly as it always did.

Each record type's quiet path is compiled from its table into one function
(:meth:`Record.compile`, with :mod:`passgenau.exchange.fast_path`), with the simple specs'
checks spelled out (:meth:`Spec.inline`): a district's document has some 300,000 values,
and a call per value would cost more than all the checks. Immutable values that repeat
across records are memoised by their JSON content (:meth:`Spec.key`, and
:mod:`passgenau.exchange.value_cache`); never those of personal fields (:class:`Record`
refuses a memoising spec there).
"""

from __future__ import annotations

import marshal
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Generic, TypeVar

from passgenau.exchange.fast_path import ABSENT, MISS, QUIET, Miss, Reported, Source
from passgenau.exchange.reporting import INVALID, At, Invalid, show, type_name
from passgenau.exchange.value_cache import Memo, remembered

T = TypeVar("T")


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
            hit = remembered(memo, key)
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
            hit = remembered(memo, key)
            if hit is not MISS:
                return hit  # type: ignore[return-value]
        values: dict[str, object] = {}
        for name, fast, required in self._plan:
            raw = value.get(name, ABSENT)
            if raw is ABSENT:
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
                    check(values, QUIET)
            except Reported:
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
