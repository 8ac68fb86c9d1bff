"""Reading a ``passgenau/1`` document (a parsed JSON value) into a domain :class:`Dataset`.

All problems are collected and raised together as one :class:`InvalidInput`: a placement
officer fixing an export wants the whole list, not one error per attempt.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.model import Dataset, MatchSettings
from passgenau.exchange.fast_path import MISS
from passgenau.exchange.integrity import (
    KnownIds,
    Links,
    WhereOf,
    dangling_references,
    display_id,
    duplicate_ids,
    json_where,
    shared_members,
)
from passgenau.exchange.records import COLLECTIONS, DATE, FORMAT, SETTINGS
from passgenau.exchange.reporting import At, Invalid, show, type_name

DOCUMENT = "document"
"""The ``where`` of problems that concern the document itself rather than one record."""

OPTIONAL_COLLECTIONS = frozenset({"households"})


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a document is parsed and read.

    Reading creates hundreds of thousands of objects that either live on (the dataset) or
    die by reference counting (the parsed JSON), none in cycles; the collector, triggered
    by the allocations alone, would walk them all again and again, the parsed JSON included
    (some 0.08 s CPU for a district's document). Restores the previous state; nests.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_document(obj: object, *, partial: bool = False, known: KnownIds | None = None) -> Dataset:
    """Validate a parsed ``passgenau/1`` document and build its :class:`Dataset`.

    ``partial=True`` is for imports into a database that may already hold the records
    others refer to: the arrays become optional and references between records are not
    checked, unless ``known`` names the stored ids, in which case references must resolve
    within the document or ``known``. Raises :class:`InvalidInput` with every problem.
    """
    return build_dataset(obj, partial=partial, known=known, where_of=json_where)


def build_dataset(
    obj: object, *, partial: bool, known: KnownIds | None, where_of: WhereOf
) -> Dataset:
    """:func:`read_document` with records named by ``where_of`` (the CSV reader's hook)."""
    with gc_paused():
        return _build_dataset(obj, partial=partial, known=known, where_of=where_of)


def _build_dataset(
    obj: object, *, partial: bool, known: KnownIds | None, where_of: WhereOf
) -> Dataset:
    if not isinstance(obj, dict):
        raise InvalidInput([Problem(DOCUMENT, "", f"must be a JSON object, not {type_name(obj)}")])
    problems: list[Problem] = []
    at = At(problems, DOCUMENT)
    if "format" not in obj:
        at.child("format").report(f"missing required field (must be {FORMAT!r})")
    elif obj["format"] != FORMAT:
        # Another format's fields mean other things: checking them as ours would only mislead.
        message = f"{show(obj['format'])} is not a supported format; expected {FORMAT!r}"
        raise InvalidInput([Problem(DOCUMENT, "format", message)])

    reference_date = None
    if "reference_date" in obj:
        reference_date = DATE.parse(obj["reference_date"], at.child("reference_date"))
    settings = MatchSettings()
    if "settings" in obj:
        settings = SETTINGS.parse(obj["settings"], at.child("settings"))

    raw: dict[str, list[object]] = {}
    built: dict[str, list[Any]] = {}
    all_quick = True  # every record came through the quiet path
    for name, spec in COLLECTIONS.items():
        value = obj.get(name)
        if value is None and name not in obj:
            if not (partial or name in OPTIONAL_COLLECTIONS):
                at.child(name).report("missing required field")
            value = []
        if not isinstance(value, list):
            at.child(name).report(f"must be an array, not {type_name(value)}")
            value = []
        raw[name] = value
        # The quiet path first; a record it cannot vouch for is parsed again, reporting
        # (only then is the record named: naming every record would cost as much as the rest).
        fast = spec.fast
        records = built[name] = [fast(record) for record in value]
        for index, record in enumerate(records):
            if record is MISS:
                all_quick = False
                where = where_of(name, index, display_id(value[index]))
                records[index] = spec.parse(value[index], At(problems, where))

    links = Links.of_records(built) if all_quick else Links.of_raw(raw)
    problems += duplicate_ids(links, where_of)
    problems += shared_members(links, where_of)
    if not partial or known is not None:
        problems += dangling_references(links, known or KnownIds(), where_of)
    if problems:
        raise InvalidInput(problems)

    assert not isinstance(reference_date, Invalid) and not isinstance(settings, Invalid)
    return Dataset(
        employers=tuple(built["employers"]),
        vacancies=tuple(built["vacancies"]),
        candidates=tuple(built["candidates"]),
        households=tuple(built["households"]),
        settings=settings,
        reference_date=reference_date,
    )
