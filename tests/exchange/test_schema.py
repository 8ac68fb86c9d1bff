"""The machine-readable schema (``shared/spec/exchange-format.schema.json``) against the reader.

Documents the schema accepts are accepted by the reader (the fixtures, demo caseloads,
generated datasets, and variations of every field to the edges of its range), and a
document with one broken field (wrong type, out of range, bad enum or pattern, missing
required, too few or repeated items) is refused by both; the reader names the broken
field. The breakages are derived from the schema itself, field by field, so a field the
schema gains is tested without a change here.

What JSON Schema cannot say (ids unique and referenced, a window's ``from`` before its
``to``, ``hours_min`` <= ``hours_max``) the generated documents keep; where the schema and
``exchange-format.md`` differ, the markdown wins (see :data:`MARKDOWN_WINS`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passgenau.demo.generator import generate_demo
from passgenau.domain import Dataset, InvalidInput, Problem
from passgenau.exchange import read_document, to_document
from tests.exchange.support import DATA, DELETE, set_path
from tests.strategies import datasets

jsonschema = pytest.importorskip("jsonschema")

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "shared/spec/exchange-format.schema.json"
COMPLETE_JSON = DATA / "complete.json"
"""Every field of the format at least once (``test_complete_fixture_has_every_field``)."""

pytestmark = pytest.mark.skipif(not SCHEMA_FILE.exists(), reason="no ../shared/spec here")

Path_ = tuple[str | int, ...]


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def validator() -> Any:
    checker = jsonschema.FormatChecker()
    return jsonschema.Draft202012Validator(schema(), format_checker=checker)


def schema_accepts(document: object) -> bool:
    return validator().is_valid(document)


def reader_problems(document: object) -> list[Problem]:
    """The reader's problems with ``document`` (empty: it was read)."""
    try:
        read_document(copy.deepcopy(document))
    except InvalidInput as err:
        return list(err.problems)
    return []


def complete_document() -> dict[str, Any]:
    return json.loads(COMPLETE_JSON.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# --- the schema, walked along a document ------------------------------------------------


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema()["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def walk(value: object, node: dict[str, Any], path: Path_ = ()) -> Iterator[tuple[Path_, Any, Any]]:
    """Every value of a document with its path and (resolved) schema; unknown fields skipped."""
    node = resolve(node)
    yield path, value, node
    if isinstance(value, dict):
        for key, child in value.items():
            if key in node.get("properties", {}):
                yield from walk(child, node["properties"][key], (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, node["items"], (*path, index))


def dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text


def place(path: Path_) -> tuple[str, str]:
    """Where the reader names a value at ``path``: the record (as a prefix) and the field."""
    if len(path) >= 2 and isinstance(path[1], int):
        return f"{path[0]}[{path[1]}]", dotted(path[2:])
    return "document", dotted(path)


# --- breakages: one field broken, derived from its schema -------------------------------

OTHER_TYPE: dict[str, object] = {
    "string": 12345,
    "integer": "7",
    "number": "7",
    "boolean": "true",
    "object": [],
    "array": {},
}


def breakages(path: Path_, value: Any, node: dict[str, Any]) -> Iterator[tuple[str, Path_, Any]]:
    """(what, path of the broken value, the broken value or DELETE) for one value."""
    if "const" in node:
        yield "bad const", path, node["const"] + "0"
        return
    if "enum" in node:
        yield "bad enum", path, "zz"
        yield "wrong type", path, 7
        return
    kind = node.get("type")
    if kind in OTHER_TYPE:
        yield "wrong type", path, OTHER_TYPE[kind]
    if kind in ("integer", "number"):
        yield "wrong type", path, True
        if kind == "integer":
            yield "not an integer", path, 1.5
        if "minimum" in node:
            yield "below minimum", path, node["minimum"] - 1
        if "exclusiveMinimum" in node:
            yield "at exclusive minimum", path, node["exclusiveMinimum"]
        if "maximum" in node:
            yield "above maximum", path, node["maximum"] + 1
    if kind == "string":
        if node.get("minLength"):
            yield "too short", path, ""
        if "maxLength" in node:
            yield "too long", path, "x" * (node["maxLength"] + 1)
        if "pattern" in node:
            yield "bad pattern", path, "#"
        if node.get("format") == "date":
            yield "no date", path, "2023-02-30"
    if kind == "object":
        for name in node.get("required", []):
            yield "missing required", (*path, name), DELETE
    if kind == "array":
        if node.get("minItems"):
            yield "too few items", path, value[: node["minItems"] - 1]
        if node.get("uniqueItems") and value:
            yield "repeated item", (*path, len(value)), value[0]


def all_breakages() -> list[tuple[str, Path_, Any]]:
    document = complete_document()
    return [
        b for path, value, node in walk(document, schema()) for b in breakages(path, value, node)
    ]


BREAKAGES = all_breakages()


def _broken(path: Path_, value: object) -> Any:
    if not path:
        return value  # the whole document
    document = complete_document()
    if value is not DELETE and isinstance(path[-1], int):
        parent: Any = document
        for part in path[:-1]:
            parent = parent[part]
        if path[-1] == len(parent):  # a repeated item, appended
            parent.append(value)
            return document
    set_path(document, ".".join(str(p) for p in path), value)
    return document


@pytest.mark.parametrize(
    ("what", "path", "value"),
    BREAKAGES,
    ids=[f"{dotted(path)}-{what}" for what, path, _ in BREAKAGES],
)
def test_one_broken_field_is_refused_by_both(what: str, path: Path_, value: object) -> None:
    """A document with one field broken is refused by the schema and by the reader, which
    names the broken field."""
    document = _broken(path, value)
    assert not schema_accepts(document)
    found = reader_problems(document)
    assert found, f"the reader accepted {dotted(path)}: {what}"
    where, field = place(path)
    if path[:1] == ("format",):
        where, field = "document", "format"
    named = [p for p in found if p.where.startswith(where) and p.field == field]
    assert named, [str(p) for p in found]


def test_every_kind_of_breakage_is_tried() -> None:
    """The derived breakages cover wrong types, ranges, enums, patterns, missing fields and
    items (so the parametrised test above is not empty by accident)."""
    kinds = {what for what, _, _ in BREAKAGES}
    assert {
        "wrong type",
        "not an integer",
        "below minimum",
        "above maximum",
        "at exclusive minimum",
        "bad enum",
        "bad pattern",
        "no date",
        "too short",
        "too long",
        "missing required",
        "too few items",
        "repeated item",
        "bad const",
    } <= kinds
    assert len(BREAKAGES) > 300


# --- documents the schema accepts --------------------------------------------------------


def _properties(node: dict[str, Any], seen: set[str], name: str = "") -> Iterator[str]:
    node = resolve(node)
    for key, child in node.get("properties", {}).items():
        yield f"{name}.{key}"
        ref = child.get("$ref") or child.get("items", {}).get("$ref", "")
        if ref not in seen:
            yield from _properties(child.get("items", child), seen | {ref}, f"{name}.{key}")


def test_complete_fixture_has_every_field() -> None:
    """``data/complete.json`` holds every field the schema knows, so every field is varied
    and broken below."""
    document = complete_document()
    present = {
        "." + ".".join(str(p) for p in path if isinstance(p, str))
        for path, _, _ in walk(document, schema())
    }
    assert set(_properties(schema(), set())) <= present


@pytest.mark.parametrize("name", ["valid.json", "complete.json"])
def test_fixtures_are_valid_to_both(name: str) -> None:
    """The fixture documents satisfy the schema and read without a problem."""
    document = json.loads((DATA / name).read_text(encoding="utf-8"))
    assert schema_accepts(document)
    assert reader_problems(document) == []


def test_demo_caseload_is_valid_to_both() -> None:
    """A generated Jobcenter, written by the writer, satisfies the schema and reads back."""
    document = to_document(generate_demo(3, candidates=60, employers=10, vacancies=25))
    assert schema_accepts(document)
    assert reader_problems(document) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets(max_vacancies=4, max_candidates=4))
def test_written_datasets_are_valid_to_both(ds: Dataset) -> None:
    """Any dataset, written as a document, satisfies the schema and reads back equal."""
    document = to_document(ds)
    assert schema_accepts(document)
    assert read_document(document) == ds


KEEP = {"id", "employer_id", "members", "format", "days", "modes"}
"""Values that other records refer to, that identify the format, or that must differ from
their neighbours in a list: not varied one by one."""

EDGES: dict[str, list[object]] = {
    "from": ["00:00"],  # before any "to"
    "to": ["24:00"],
    "hours_min": [0, 0.0],
    "hours_max": [60, 60.0],
    "kldb": ["00001", "99994"],  # the 5th digit 1..4: see MARKDOWN_WINS
    "languages": ["uk", "zz"],
    "citizenship": ["", "DE", "XK"],
    "reference_date": ["2024-02-29"],
}
"""Valid values of fields whose rule the schema cannot fully state, by field name."""

PATTERN_SAMPLES = {"^[a-z]{2}$": ["aa", "zz"]}


def edges(node: dict[str, Any]) -> list[object]:
    """Valid values at the edges of a value's schema."""
    if "enum" in node:
        return list(node["enum"])
    kind = node.get("type")
    if kind == "boolean":
        return [True, False]
    if kind in ("integer", "number"):
        low = node.get("minimum", node.get("exclusiveMinimum", 0) + 0.25)
        high = node.get("maximum", 10**6)
        values = [low, high]
        if kind == "integer":
            values.append(float(low))  # 2.0 is an integer in JSON Schema, and for the reader
        return values
    if kind == "string":
        if "pattern" in node:
            return PATTERN_SAMPLES.get(node["pattern"], [])
        if node.get("format") == "date":
            return ["1900-01-01", "2099-12-31", "2024-02-29"]
        shortest = "x" * node.get("minLength", 0)
        return [shortest, "x" * node.get("maxLength", 80), "Ünïcödé – \u200b 🙂"]
    return []


def variations() -> list[tuple[Path_, object]]:
    """(path, value) for every value of the complete document: its edges, and deletion
    where the field is optional."""
    found: list[tuple[Path_, object]] = []
    for path, value, node in walk(complete_document(), schema()):
        if isinstance(value, dict):
            required = set(node.get("required", []))
            found += [((*path, key), DELETE) for key in value if key not in required]
        name = next((p for p in reversed(path) if isinstance(p, str)), "")
        if name in KEEP or isinstance(value, dict | list):
            continue
        found += [(path, v) for v in EDGES.get(name, edges(node))]
    return [(p, v) for p, v in found if not (p and p[-1] in KEEP and v is DELETE)]


VARIATIONS = variations()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(VARIATIONS), min_size=1, max_size=6))
def test_varied_valid_documents_are_valid_to_both(changes: list[tuple[Path_, object]]) -> None:
    """Fields set to the edges of their range, optional fields left out: the schema accepts
    the document and so does the reader."""
    document = complete_document()
    for path, value in changes:
        try:
            set_path(document, ".".join(str(p) for p in path), value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the parent
    assert schema_accepts(document)
    assert [str(p) for p in reader_problems(document)] == []


# --- where the schema and the markdown differ ----------------------------------------------

MARKDOWN_WINS = {
    "kldb": "the 5th digit is the requirement level 1..4 (exchange-format.md, Common types); "
    'the schema\'s pattern "^[0-9]{5}$" also takes 0 and 5..9',
}


def test_kldb_requirement_level_follows_the_markdown() -> None:
    """A KldB code with the 5th digit 5 matches the schema's pattern, but the markdown says
    the 5th digit is the requirement level 1..4: the markdown wins, the reader refuses it."""
    document = complete_document()
    document["vacancies"][0]["kldb"] = "62105"
    assert schema_accepts(document)
    (problem,) = reader_problems(document)
    assert problem.field == "kldb" and "5th digit" in problem.message
