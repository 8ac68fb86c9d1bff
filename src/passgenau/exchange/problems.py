"""pydantic's validation errors worded as our :class:`Problem`s: the one place that does it.

A pydantic error has a location (``("vacancies", 3, "german_level_min")``), a type and
the input. The location names the record (``vacancies[3] (id "V7")``, or the CSV file and
line through ``where_of``) and the dotted field path (``shifts[0].windows[1].from``); what
the value should have been is the metadata of its schema
(:func:`~passgenau.exchange.models.expect`), found by walking the document's schema along
the location.

Messages follow one style: ``'B3' is not one of A0..C2`` names the offending value, except
below a personal field (:data:`~passgenau.exchange.models.PERSONAL`), where only the
expectation is given (``must be an integer 1900..2100``): names, birth years, addresses,
e-mail addresses and phone numbers must never end up in a message, a log or a terminal
scrollback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic_core import ValidationError

from passgenau.domain.errors import Problem
from passgenau.exchange.models import (
    COLLECTIONS,
    EXPECT,
    EXPECT_FIVE_DIGITS,
    FORMAT,
    PERSONAL,
    TOO_FEW,
    Check,
    json_name,
)

DOCUMENT = "document"
"""The ``where`` of problems that concern the document itself rather than one record."""

WhereOf = Callable[[str, int, "str | None"], str]
"""Names a record for messages: ``(collection, index, id or None) -> 'vacancies[3] (id "V7")'``.

The JSON reader uses :func:`json_where`; the CSV reader names file and line instead.
"""


def quoted(text: str) -> str:
    """An id as messages quote it: ``"V7"`` (JSON string syntax, so quotes are escaped)."""
    return json.dumps(text, ensure_ascii=False)


def labelled(place: str, record_id: str | None) -> str:
    """``place (id "V7")``; an over-long id is cut, a missing one left out."""
    if not record_id:
        return place
    shown = record_id if len(record_id) <= 64 else record_id[:64] + "…"
    return f"{place} (id {quoted(shown)})"


def json_where(collection: str, index: int, record_id: str | None) -> str:
    """``vacancies[3] (id "V7")``, or ``vacancies[3]`` when the id is missing or no string."""
    return labelled(f"{collection}[{index}]", record_id)


def display_id(record: object) -> str | None:
    """The id to name a raw record by: any non-empty string, even an over-long one."""
    if isinstance(record, dict):
        value = record.get("id")
        if isinstance(value, str) and value:
            return value
    return None


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


def invalid(value: object, expectation: str, personal: bool) -> str:
    """``'B3' is not one of A0..C2``; without the value below a personal field."""
    if personal:
        return f"must be {expectation}"
    if isinstance(value, dict | list | tuple):
        return f"must be {expectation}, not {type_name(value)}"
    return f"{show(value)} is not {expectation}"


# --- the schema, walked along a location ------------------------------------------------


_WRAPPERS = frozenset({"function-after", "function-before", "function-wrap", "nullable", "default"})


@dataclass(frozen=True, slots=True)
class Node:
    """What sits at one place of the document: a record, a list or a single value."""

    metadata: Mapping[str, Any]
    personal: bool
    schema: Mapping[str, Any]  # the innermost: typed-dict, list or a single value's

    @classmethod
    def of(cls, schema: Mapping[str, Any], personal: bool = False) -> Node:
        """The node of a schema, with the metadata of its wrappers (the outermost wins)."""
        metadata: dict[str, Any] = {}
        while True:
            for key, value in (schema.get("metadata") or {}).items():
                metadata.setdefault(key, value)
            if schema["type"] not in _WRAPPERS:
                return cls(metadata, personal, schema)
            schema = schema["schema"]

    def below(self, part: int | str) -> Node | None:
        """The node of a record's field or a list's item, if ``part`` names one."""
        if self.schema["type"] == "typed-dict" and isinstance(part, str):
            for attribute, field in self.schema["fields"].items():
                if json_name(attribute, field) == part:
                    personal = self.personal or bool((field.get("metadata") or {}).get(PERSONAL))
                    return Node.of(field["schema"], personal)
        if self.schema["type"] == "list" and isinstance(part, int):
            return Node.of(self.schema["items_schema"], self.personal)
        return None

    def expectation(self, value: object) -> str:
        five_digits = isinstance(value, str) and len(value) == 5 and value.isdigit()
        if five_digits and EXPECT_FIVE_DIGITS in self.metadata:
            return str(self.metadata[EXPECT_FIVE_DIGITS])
        return str(self.metadata.get(EXPECT, "valid"))


def _walk(node: Node, loc: tuple[int | str, ...]) -> tuple[Node, str]:
    """The node at ``loc`` below ``node`` and the dotted path to it.

    Location parts that go below a single value (pydantic names the alternatives of a
    union: ``positions.int``) are not part of the path.
    """
    path = ""
    for part in loc:
        child = node.below(part)
        if child is None:
            break
        node = child
        path = f"{path}[{part}]" if isinstance(part, int) else f"{path}.{part}" if path else part
    return node, path


# --- errors into problems ---------------------------------------------------------------


def _message(error: Any, node: Node, path: str) -> tuple[str, str]:
    """The field path and the message of one pydantic error at ``node``."""
    kind, value, ctx = error["type"], error["input"], error.get("ctx") or {}
    if kind == "missing":
        return path, "missing required field"
    if kind == Check.REPEATED:
        index = ctx["index"]
        listed = "is listed twice" if node.personal else f"{show(value[index])} is listed twice"
        return f"{path}[{index}]", f"{listed} (also at [{ctx['first']}])"
    if kind == Check.WINDOW_ORDER:
        window = path.rpartition(".")[0]
        return window, f"'from' {ctx['start']} must be before 'to' {ctx['end']}"
    if kind == Check.HOURS_ORDER:
        return "hours_min", f"{ctx['low']:g} must not exceed hours_max {ctx['high']:g}"
    if kind == "string_unicode":  # a lone surrogate ("\ud800"), which no UTF-8 file can hold
        return path, invalid(value, "Unicode text (it holds a lone surrogate)", node.personal)
    if node.schema["type"] == "typed-dict":
        return path, f"must be an object, not {type_name(value)}"
    if node.schema["type"] == "list":
        if kind == "too_short" and TOO_FEW in node.metadata:
            return path, str(node.metadata[TOO_FEW])
        return path, f"must be an array, not {type_name(value)}"
    return path, invalid(value, node.expectation(value), node.personal)


def problems_of(
    error: ValidationError,
    schema: Mapping[str, Any],
    document: Mapping[str, Any],
    where_of: WhereOf,
) -> list[Problem]:
    """Every error of a document's validation as a :class:`Problem`, in document order.

    ``document`` is the validated (parsed) document: its records' ids name them.
    """
    problems: list[Problem] = []
    held: list[Problem] = []  # a record's checks across fields come after its fields
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        if loc and loc[0] in COLLECTIONS and len(loc) > 1 and isinstance(loc[1], int):
            collection, index = str(loc[0]), loc[1]
            records = document.get(collection)
            raw = records[index] if isinstance(records, list) else None
            where = where_of(collection, index, display_id(raw))
            node, _ = _walk(Node.of(schema), loc[:2])
            node, path = _walk(node, loc[2:])
        else:
            where = DOCUMENT
            node, path = _walk(Node.of(schema), loc)
        field, message = _message(item, node, path)
        if loc == ("format",) and item["type"] == "missing":
            message += f" (must be {FORMAT!r})"
        if held and held[0].where != where:
            problems += held
            held = []
        problem = Problem(where, field, message)
        if item["type"] == Check.HOURS_ORDER:
            held.append(problem)
        elif not problems or problems[-1] != problem:  # both sides of an integer union
            problems.append(problem)
    return problems + held
