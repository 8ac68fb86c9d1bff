"""Writing a :class:`Dataset` as a ``passgenau/1`` document.

The writer walks the reader's own record schemas (:mod:`passgenau.exchange.models`) for
the field names and their order, so ``read_document(to_document(ds)) == ds`` holds by construction
(and a property test checks it). Output is deterministic, byte for byte: records keep the
dataset's order, fields the format table's order; fields whose value is ``None`` (not
given) are left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any

from pydantic_core import CoreSchema

from passgenau.domain.kldb import KldbCode
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import (
    Candidate,
    Dataset,
    Employer,
    Household,
    Location,
    MatchSettings,
    Occupation,
    Vacancy,
)
from passgenau.domain.schedule import ShiftOption, TimeWindow, Weekday, format_clock
from passgenau.exchange.models import (
    CANDIDATE,
    COLLECTIONS,
    EMPLOYER,
    FORMAT,
    HOUSEHOLD,
    LOCATION,
    OCCUPATION,
    SETTINGS,
    SHIFT_OPTION,
    VACANCY,
    fields_of,
    json_name,
)


def _number(value: float) -> object:
    # 20.0 is written as 20: the same number in JSON, and what a person would write.
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _window(window: TimeWindow) -> dict[str, object]:
    return {
        "days": [day.code for day in window.days],
        "from": format_clock(window.start),
        "to": format_clock(window.end),
    }


def _level(level: GermanLevel) -> str:
    return level.name


def _weekday(day: Weekday) -> str:
    return day.code


def _same(value: object) -> object:
    return value


def _record(schema: CoreSchema) -> Callable[[Any], dict[str, object]]:
    """The dumper of the domain objects the record ``schema`` reads."""
    names = tuple(
        (attribute, json_name(attribute, f)) for attribute, f in fields_of(schema).items()
    )

    def dump(record: Any) -> dict[str, object]:
        out: dict[str, object] = {}
        for attribute, key in names:
            value = getattr(record, attribute, None)  # None: not given, or not in the domain
            if value is not None:
                out[key] = dump_value(value)
        return out

    return dump


_DUMPERS: dict[type, Callable[[Any], object]] = {
    str: _same,
    bool: _same,
    int: _same,
    float: _number,
    date: date.isoformat,
    KldbCode: lambda code: code.code,
    GermanLevel: _level,
    Weekday: _weekday,
    TimeWindow: _window,
    Location: _record(LOCATION),
    ShiftOption: _record(SHIFT_OPTION),
    Occupation: _record(OCCUPATION),
    Employer: _record(EMPLOYER),
    Vacancy: _record(VACANCY),
    Candidate: _record(CANDIDATE),
    Household: _record(HOUSEHOLD),
    MatchSettings: _record(SETTINGS),
}


def dump_value(value: object) -> object:
    """A domain value in the exchange format's spelling (a JSON-shaped value)."""
    dumper = _DUMPERS.get(type(value))
    if dumper is not None:
        return dumper(value)
    if isinstance(value, tuple | list):
        return [dump_value(item) for item in value]
    if isinstance(value, Enum):  # the domain's StrEnums: their value is the spelling
        return value.value
    raise TypeError(f"no exchange spelling for {type(value).__name__}")


def to_document(dataset: Dataset) -> dict[str, object]:
    """The dataset as a JSON-shaped dict; fields whose value is ``None`` are left out."""
    document: dict[str, object] = {"format": FORMAT}
    if dataset.reference_date is not None:
        document["reference_date"] = dataset.reference_date.isoformat()
    document["settings"] = dump_value(dataset.settings)
    for name in COLLECTIONS:
        document[name] = [dump_value(record) for record in getattr(dataset, name)]
    return document


def dump_document(dataset: Dataset) -> str:
    """The document as UTF-8-ready JSON text: indented by 2, non-ASCII kept, final newline."""
    # A tree just built holds no cycles: checking for them would only cost time.
    document = to_document(dataset)
    return json.dumps(document, ensure_ascii=False, indent=2, check_circular=False) + "\n"
