"""pydantic's validation errors worded as our :class:`Problem`s: the one place that does it.

A pydantic error has a location (``("vacancies", 3, "german_level_min")``), a type and
the input. The location names the record (``vacancies[3] (id "V7")``, or the CSV file and
line through ``where_of``) and the dotted field path (``shifts[0].windows[1].from``); the
field's :class:`~passgenau.exchange.models.Expect`, found by walking the models along the
location, says what the value should have been.

Messages follow one style: ``'B3' is not one of A0..C2`` names the offending value, except
below a personal field (:data:`~passgenau.exchange.models.PERSONAL`), where only the
expectation is given (``must be an integer 1900..2100``): names, birth years, addresses,
e-mail addresses and phone numbers must never end up in a message, a log or a terminal
scrollback.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError
from typing_extensions import is_typeddict

from passgenau.domain.errors import Problem
from passgenau.exchange.models import (
    COLLECTIONS,
    FORMAT,
    Check,
    Expect,
    Personal,
    TooFew,
    fields_of,
    unrequired,
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


# --- the models, walked along a location ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    """What sits at one place of the document: a record, a list or a single value."""

    expect: Expect | None = None
    too_few: TooFew | None = None
    personal: bool = False
    record: type | None = None  # a record's fields (a TypedDict), or the document model
    item: Node | None = None


def _node(annotation: Any, metadata: list[Any], personal: bool) -> Node:
    """The node of a type, with the metadata gathered from its ``Annotated`` layers."""
    metadata = list(metadata)
    annotation = unrequired(annotation)
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *more = typing.get_args(annotation)
        metadata += more
    personal = personal or any(isinstance(m, Personal) for m in metadata)
    expect = next((m for m in metadata if isinstance(m, Expect)), None)
    too_few = next((m for m in metadata if isinstance(m, TooFew)), None)
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return Node(expect, too_few, personal, item=_node(item, [], personal))
    if is_typeddict(annotation) or (
        isinstance(annotation, type) and issubclass(annotation, BaseModel)
    ):
        return Node(expect, too_few, personal, record=annotation)
    return Node(expect, too_few, personal)  # a single value (an integer: a union)


@cache
def _fields(record: type, personal: bool) -> Mapping[str, Node]:
    """A record's fields by their JSON name (``from``, not ``start``)."""
    if issubclass(record, BaseModel):
        return {
            info.alias or name: _node(info.annotation, info.metadata, personal)
            for name, info in record.model_fields.items()
        }
    return {key: _node(hint, [], personal) for _, key, hint in fields_of(record)}


def _walk(node: Node, loc: tuple[int | str, ...], path: str = "") -> tuple[Node, str]:
    """The node at ``loc`` below ``node`` and the dotted path to it from ``path``.

    Location parts that go below a single value (pydantic names the alternatives of a
    union: ``positions.int``) are not part of the path.
    """
    for part in loc:
        if node.record is not None and isinstance(part, str):
            node = _fields(node.record, node.personal).get(part, Node(personal=node.personal))
            path = f"{path}.{part}" if path else part
        elif node.item is not None and isinstance(part, int):
            node = node.item
            path = f"{path}[{part}]"
        else:
            break
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
    if node.record is not None:
        return path, f"must be an object, not {type_name(value)}"
    if node.item is not None:
        if kind == "too_short" and node.too_few is not None:
            return path, node.too_few.text
        return path, f"must be an array, not {type_name(value)}"
    expectation = node.expect.for_value(value) if node.expect else "valid"
    return path, invalid(value, expectation, node.personal)


def problems_of(
    error: ValidationError,
    model: type[BaseModel],
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
            node, path = _walk(Node(record=model), loc[:2])
            node, path = _walk(node, loc[2:])
        else:
            where = DOCUMENT
            node, path = _walk(Node(record=model), loc)
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
