"""Reading documents from files and text: every failure becomes an :class:`InvalidInput`.

A missing file, bytes that are not UTF-8 or text that is not JSON is reported as one
problem naming the file (and the line and column of a JSON syntax error), so that entry
points can show it like any other input problem, never as a traceback.

Two ways through, one outcome: a document is first validated straight from its text
(pydantic parses and validates it in Rust, no Python objects for the parsed JSON); only if
that fails, or the text may hold ``NaN``/``Infinity`` (which pydantic's parser takes and
JSON does not), is it parsed with :mod:`json` and read again from the parsed value, which
words every problem (:func:`~passgenau.exchange.reader.read_document`). The tests hold the
two ways to each other.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic_core import ValidationError

from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.model import Dataset
from passgenau.exchange.csv_bundle import read_csv_bundle
from passgenau.exchange.integrity import KnownIds
from passgenau.exchange.models import document_validator
from passgenau.exchange.problems import json_where
from passgenau.exchange.reader import read_document, validated_dataset
from passgenau.exchange.text_files import decode_utf8, read_bytes

_NOT_JSON = ("NaN", "Infinity")


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not valid JSON")


def parse_json(text: str, source: str) -> object:
    """The JSON value of ``text``, or one problem naming ``source`` (and line and column)."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as err:
        message = f"not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})"
        raise InvalidInput([Problem(source, "", message)]) from None
    except (ValueError, RecursionError) as err:
        message = f"not valid JSON: {err}" if isinstance(err, ValueError) else "nested too deeply"
        raise InvalidInput([Problem(source, "", message)]) from None


def load_json_text(
    text: str, source: str, *, partial: bool = False, known: KnownIds | None = None
) -> Dataset:
    """Parse JSON ``text`` (from ``source``, named in problems) and read the document."""
    if not any(constant in text for constant in _NOT_JSON):
        try:
            document = document_validator(partial).validate_json(text)
        except ValidationError:
            pass  # read again below, where every problem is worded
        else:
            return validated_dataset(document, partial=partial, known=known, where_of=json_where)
    return read_document(parse_json(text, source), partial=partial, known=known)


#: Files larger than this are read record by record (:mod:`passgenau.exchange.streaming`):
#: read whole, a file takes several times its size in memory.
STREAM_ABOVE = 64 * 1024 * 1024


def load_json_file(path: Path, *, partial: bool = False, known: KnownIds | None = None) -> Dataset:
    """Read a ``passgenau/1`` JSON file (a large one record by record)."""
    try:
        large = path.stat().st_size > STREAM_ABOVE
    except OSError:
        large = False  # read_bytes words why
    if large:
        from passgenau.exchange.streaming import load_json_stream

        return load_json_stream(path, partial=partial, known=known)
    text = decode_utf8(read_bytes(path), str(path))
    return load_json_text(text, str(path), partial=partial, known=known)


def load_path(path: Path, *, partial: bool = False, known: KnownIds | None = None) -> Dataset:
    """A ``.json`` file as a document, a directory as a CSV bundle; anything else is refused."""
    if path.is_dir():
        return read_csv_bundle(path, partial=partial, known=known)
    if path.suffix.lower() == ".json":
        return load_json_file(path, partial=partial, known=known)
    reason = "not found" if not path.exists() else "is neither a .json file nor a directory"
    message = f"{reason}; expected a .json file or a directory of CSV files"
    raise InvalidInput([Problem(str(path), "", message)])
