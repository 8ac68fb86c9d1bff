"""Reading a large ``passgenau/1`` JSON file record by record.

Why: the document of a whole country (400,000 candidates, 700,000 vacancies) is several
GB of JSON. Read whole, the file's bytes, its text and pydantic's parse are all in memory
at once, several times the size of the records they make. Read here, the file passes
through a buffer of a few MB and every record is validated as soon as it is parsed, so
what stays is the records (and, for messages, their ids).

Same validation, same messages: the records are validated in batches by the document
validator of :mod:`passgenau.exchange.models` (one batch a small document), its errors
worded by :func:`~passgenau.exchange.problems.problems_of` with the record's index in the
whole file; the document's other fields (``format``, ``reference_date``, ``settings``, a
misspelt or missing key) by the same validator; the checks across records
(:mod:`passgenau.exchange.integrity`) once all are read. JSON syntax errors name line and
column as :func:`~passgenau.exchange.loading.parse_json` does. A test holds this reader
to the whole-document one on valid and invalid documents.

How: Python's own JSON scanner (``JSONDecoder.raw_decode``) parses one value at a time out
of a text buffer filled from the file by an incremental UTF-8 decoder; only the document's
outer object and its arrays of records are walked here.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from pydantic_core import ValidationError

from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.model import Dataset
from passgenau.exchange.integrity import KnownIds, Links
from passgenau.exchange.models import COLLECTIONS, FORMAT, document_schema, document_validator
from passgenau.exchange.problems import DOCUMENT, json_where, problems_of, show
from passgenau.exchange.reader import _integrity, read_document, validated_dataset

#: Characters read from the file at a time.
CHUNK = 1 << 22
#: A value (a record) longer than this in characters is an error where it cannot be parsed
#: (a shorter one is parsed again with more text).
MAX_VALUE = 1 << 26
#: Records validated in one call.
BATCH = 5_000
_WHITESPACE = " \t\n\r"


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not valid JSON")


class _Syntax(Exception):
    """Not valid JSON: the message as :func:`~passgenau.exchange.loading.parse_json`
    words it (with line and column)."""


class _Text:
    """The file's text through a buffer: values parsed one at a time, positions kept as
    line and column for messages."""

    def __init__(self, stream: IO[bytes], source: str, chunk: int = CHUNK) -> None:
        self.stream, self.source, self.chunk = stream, source, chunk
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()  # a BOM dropped
        self.read_bytes = 0
        self.json = json.JSONDecoder(parse_constant=_reject_constant)
        self.buf, self.pos, self.eof = "", 0, False
        self.line, self.line_start = 1, 0  # of buf[0]: line number, offset of its line

    def _more(self) -> bool:
        """Read more text into the buffer (dropping what was parsed); False at the end."""
        if self.eof:
            return False
        data = self.stream.read(self.chunk)
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as err:
            held = len(self.decoder.getstate()[0])  # bytes of a character cut by the chunk
            offset = self.read_bytes - held + err.start
            message = f"is not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8"
            raise InvalidInput([Problem(self.source, "", message)]) from None
        self.read_bytes += len(data)
        if not data:
            self.eof = True
        done = self.buf[:self.pos]
        newlines = done.count("\n")
        if newlines:
            self.line += newlines
            self.line_start = -(len(done) - done.rfind("\n") - 1)
        else:
            self.line_start -= len(done)
        self.buf, self.pos = self.buf[self.pos:] + text, 0
        return bool(text) or not self.eof

    def _where(self, pos: int) -> tuple[int, int]:
        before = self.buf[:pos]
        newlines = before.count("\n")
        if newlines:
            return self.line + newlines, pos - before.rfind("\n")
        return self.line, pos - self.line_start + 1

    def fail(self, message: str, pos: int | None = None) -> _Syntax:
        line, column = self._where(self.pos if pos is None else pos)
        return _Syntax(f"not valid JSON: {message} (line {line}, column {column})")

    def peek(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def expect(self, char: str, message: str) -> None:
        if self.peek() != char:
            raise self.fail(message)
        self.pos += 1

    def value(self) -> Any:
        """The next JSON value. If parsing it fails before the end of the file, the text
        past its start is doubled and it is parsed again: an error is the file's once
        the file has ended or the value would be longer than :data:`MAX_VALUE`."""
        self.peek()
        while True:
            try:
                value, end = self.json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as err:
                failure = self.fail(err.msg, err.pos)  # before the buffer moves
                if self.eof or len(self.buf) - self.pos >= MAX_VALUE or not self._grow():
                    raise failure from None
                continue
            except ValueError as err:  # NaN, Infinity
                raise _Syntax(f"not valid JSON: {err}") from None
            except RecursionError:
                raise _Syntax("not valid JSON: nested too deeply") from None
            if end == len(self.buf):  # a number may go on in the next chunk
                past = end - self.pos
                if self._grow():
                    continue
                end = self.pos + past  # reading at the end may have moved the buffer
            self.pos = end
            return value

    def _grow(self) -> bool:
        """At least twice the text past the reader's position (or the file's end); False
        if there was nothing more."""
        target = 2 * (len(self.buf) - self.pos) + 1
        grew = False
        while len(self.buf) - self.pos < target and self._more():
            grew = True
        return grew


def _records(text: _Text) -> Iterator[Any]:
    """The items of the array starting at the reader's position."""
    text.expect("[", "Expecting value")
    if text.peek() == "]":
        text.pos += 1
        return
    while True:
        yield text.value()
        char = text.peek()
        text.pos += 1
        if char == "]":
            return
        if char != ",":
            text.pos -= 1
            raise text.fail("Expecting ',' delimiter")


class _Collection:
    """One array of records as it is read: the records built, the raw ids for messages."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.built: list[Any] = []
        self.links: list[dict[str, Any]] = []  # id, employer_id, members: all messages need
        self.batch: list[Any] = []
        self.problems: list[Problem] = []
        self.given = False

    def add(self, record: Any) -> None:
        self.batch.append(record)
        if isinstance(record, dict):
            self.links.append({k: record[k] for k in ("id", "employer_id", "members")
                               if k in record})
        else:
            self.links.append({})
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        offset = len(self.links) - len(self.batch)
        document = {"format": FORMAT, self.name: self.batch}
        try:
            self.built.extend(document_validator(True).validate_python(document)[self.name])
        except ValidationError as err:
            def where(collection: str, index: int, record_id: str | None) -> str:
                return json_where(collection, offset + index, record_id)

            self.problems += problems_of(err, document_schema(True), document, where)
        self.batch = []


def load_json_stream(path: Path, *, partial: bool = False, known: KnownIds | None = None,
                     chunk: int = CHUNK) -> Dataset:
    """Read a ``passgenau/1`` JSON file record by record (see the module docstring);
    raises :class:`InvalidInput` with every problem, worded as the whole-document reader
    words them."""
    source = str(path)
    try:
        stream = path.open("rb")
    except OSError:
        from passgenau.exchange.text_files import read_bytes

        read_bytes(path)  # words why the file cannot be read
        raise
    with stream:
        text = _Text(stream, source, chunk)
        try:
            if text.peek() != "{":  # not an object: the whole-document reader words it
                value = text.value()
                if text.peek():
                    raise text.fail("Extra data")
                return read_document(value, partial=partial, known=known)
            head, collections = _read(text)
        except _Syntax as err:
            raise InvalidInput([Problem(source, "", str(err))]) from None
    return _dataset(head, collections, partial, known)


def _read(text: _Text) -> tuple[dict[str, Any], dict[str, _Collection]]:
    """The document's fields other than the arrays of records, and those arrays (the
    reader at the document's opening brace)."""
    collections = {name: _Collection(name) for name in COLLECTIONS}
    head: dict[str, Any] = {}
    text.pos += 1
    first = True
    while True:
        char = text.peek()
        if char == "}" and first:
            text.pos += 1
            break
        if char != '"':
            raise text.fail("Expecting property name enclosed in double quotes")
        key = text.value()
        text.expect(":", "Expecting ':' delimiter")
        if key in collections and text.peek() == "[":
            collection = collections[key]
            collection.given = True
            for record in _records(text):
                collection.add(record)
            collection.flush()
        else:
            head[key] = text.value()
        char = text.peek()
        text.pos += 1
        if char == "}":
            break
        if char != ",":
            text.pos -= 1
            raise text.fail("Expecting ',' delimiter")
        first = False
    if text.peek():
        raise text.fail("Extra data")
    return head, collections


_FIELDS = ("format", "reference_date", "settings", *COLLECTIONS)


def _rank(field: str) -> int:
    """Where a top-level field's problems come in the whole document's validation."""
    return _FIELDS.index(field) if field in _FIELDS else len(_FIELDS)


def _dataset(head: dict[str, Any], collections: dict[str, _Collection], partial: bool,
             known: KnownIds | None) -> Dataset:
    if "format" in head and head["format"] != FORMAT:
        message = f"{show(head['format'])} is not a supported format; expected {FORMAT!r}"
        raise InvalidInput([Problem(DOCUMENT, "format", message)])
    # the document's own fields, the arrays given standing in empty (their records are
    # checked above; an array missing or not an array is worded here)
    outline = {**head, **{name: [] for name, c in collections.items() if c.given}}
    ranked: list[tuple[int, Problem]] = []
    try:
        document = document_validator(partial).validate_python(outline)
    except ValidationError as err:
        ranked += [(_rank(p.field.partition(".")[0].partition("[")[0]), p)
                   for p in problems_of(err, document_schema(partial), outline, json_where)]
        document = {}
    for name, collection in collections.items():
        ranked += [(_rank(name), p) for p in collection.problems]
    # in the order the whole document's validation gives them: by the document's fields
    problems = [p for _, p in sorted(ranked, key=lambda item: item[0])]
    if problems:
        raw = {name: c.links for name, c in collections.items()}
        problems += _integrity(Links.of_raw(raw), partial, known, json_where)
        raise InvalidInput(problems)
    document.update({name: tuple(c.built) for name, c in collections.items() if c.given})
    return validated_dataset(document, partial=partial, known=known, where_of=json_where)
