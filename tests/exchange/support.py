"""Helpers for the exchange tests: the valid fixture document and problem lists."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from passgenau.domain import InvalidInput
from passgenau.exchange import read_document

DATA = Path(__file__).parent / "data"
VALID_JSON = DATA / "valid.json"
_VALID: dict[str, Any] = json.loads(VALID_JSON.read_text(encoding="utf-8"))


def valid_document() -> dict[str, Any]:
    """A fresh deep copy of ``data/valid.json`` for a test to break."""
    return copy.deepcopy(_VALID)


def problems(document: object, **kwargs: Any) -> list[str]:
    """The problems ``read_document`` reports, as the lines a user would see."""
    with pytest.raises(InvalidInput) as err:
        read_document(document, **kwargs)
    return [str(p) for p in err.value.problems]


def set_path(document: dict[str, Any], path: str, value: object) -> None:
    """``set_path(doc, "vacancies.0.location.lat", 91)``; ``value`` DELETE removes it."""
    *parents, last = path.split(".")
    node: Any = document
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is DELETE:
        del node[int(last) if isinstance(node, list) else last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


DELETE = object()
