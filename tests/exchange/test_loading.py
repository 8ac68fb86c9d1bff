"""Loading files and text: unreadable input is one problem naming the file, never a traceback."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from passgenau.domain import InvalidInput
from passgenau.exchange import (
    KnownIds,
    load_json_file,
    load_json_text,
    load_path,
    read_document,
    write_csv_bundle,
)
from tests.exchange.support import VALID_JSON, set_path, valid_document
from tests.exchange.test_reader import JSON_VALUES, PATHS


def _problems(call: Callable[..., object], *args: object, **kwargs: object) -> list[str]:
    with pytest.raises(InvalidInput) as err:
        call(*args, **kwargs)
    return [str(p) for p in err.value.problems]


def test_load_json_file_reads_the_fixture() -> None:
    """A valid file gives the same dataset as its parsed content."""
    assert load_json_file(VALID_JSON) == read_document(valid_document())


def test_missing_file(tmp_path: Path) -> None:
    """A missing file is a problem naming the file."""
    path = tmp_path / "export.json"
    assert _problems(load_json_file, path) == [f"{path}: file not found"]


def test_directory_instead_of_file(tmp_path: Path) -> None:
    """A directory given as JSON file is a problem, not an IsADirectoryError."""
    assert _problems(load_json_file, tmp_path) == [f"{tmp_path}: is a directory, not a file"]


def test_not_utf8(tmp_path: Path) -> None:
    """Windows-1252 bytes are reported with the offset of the first bad byte."""
    path = tmp_path / "export.json"
    path.write_bytes('{"format": "Bäckerei"}'.encode("cp1252"))
    assert _problems(load_json_file, path) == [
        f"{path}: is not UTF-8 text (invalid byte at offset 13); save it as UTF-8"
    ]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    """A UTF-8 byte order mark before the JSON is ignored."""
    path = tmp_path / "export.json"
    path.write_bytes(b"\xef\xbb\xbf" + VALID_JSON.read_bytes())
    assert load_json_file(path) == load_json_file(VALID_JSON)


def test_json_syntax_error_names_line_and_column() -> None:
    """A syntax error gives the source, the line and the column."""
    text = '{\n  "format": "passgenau/1",\n  "employers": [,]\n}\n'
    assert _problems(load_json_text, text, "upload.json") == [
        "upload.json: not valid JSON: Expecting value (line 3, column 17)"
    ]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_standard_json_constants_are_refused(constant: str) -> None:
    """NaN and Infinity, which Python's json would accept, are not JSON."""
    text = '{"format": "passgenau/1", "x": ' + constant + "}"
    assert _problems(load_json_text, text, "in.json") == [
        f"in.json: not valid JSON: {constant} is not valid JSON"
    ]


def test_deeply_nested_json_is_a_problem() -> None:
    """Absurd nesting is reported rather than overflowing the stack."""
    (message,) = _problems(load_json_text, "[" * 200_000, "deep.json")
    assert message.startswith("deep.json: ")


def test_load_json_text_validates() -> None:
    """Text that is JSON but no valid document gives the reader's problems."""
    assert load_json_text('{"format": "passgenau/1"}', "x.json", partial=True).employers == ()
    (message,) = _problems(load_json_text, "[]", "x.json")
    assert message == "document: must be a JSON object, not an array"


def test_load_path_dispatches_on_kind(tmp_path: Path) -> None:
    """A .json file is read as JSON, a directory as CSV bundle."""
    expected = load_json_file(VALID_JSON)
    upper = tmp_path / "EXPORT.JSON"
    upper.write_bytes(VALID_JSON.read_bytes())
    assert load_path(upper) == expected
    write_csv_bundle(expected, tmp_path / "bundle")
    assert load_path(tmp_path / "bundle") == expected


def test_load_path_refuses_other_things(tmp_path: Path) -> None:
    """Anything but a .json file or a directory is refused with a clear problem."""
    other = tmp_path / "export.xlsx"
    other.write_bytes(b"PK")
    assert _problems(load_path, other) == [
        f"{other}: is neither a .json file nor a directory; "
        "expected a .json file or a directory of CSV files"
    ]
    missing = tmp_path / "nothing"
    assert _problems(load_path, missing) == [
        f"{missing}: not found; expected a .json file or a directory of CSV files"
    ]


def test_load_path_passes_partial_and_known(tmp_path: Path) -> None:
    """partial and known reach the reader, for JSON and CSV alike."""
    path = tmp_path / "vacancies.json"
    path.write_text(
        '{"format": "passgenau/1", "vacancies": [{"id": "V1", "employer_id": "E1",'
        ' "title": "T", "kldb": "62101", "hours": 20}]}',
        encoding="utf-8",
    )
    assert load_path(path, partial=True).vacancies[0].employer_id == "E1"
    assert _problems(load_path, path, partial=True, known=KnownIds()) == [
        'vacancies[0] (id "V1"): employer_id: no employer with id "E1"'
    ]
    assert load_path(path, partial=True, known=KnownIds(employers=frozenset({"E1"})))


# --- the two ways through: straight from the text, or parsed first ------------------------


def _outcome(call: Callable[..., object], *args: object, **kwargs: object) -> object:
    try:
        return call(*args, **kwargs)
    except InvalidInput as err:
        return [str(p) for p in err.problems]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(st.tuples(st.sampled_from(PATHS), JSON_VALUES), min_size=1, max_size=3),
    partial=st.booleans(),
)
def test_text_and_parsed_document_read_alike(changes: list[tuple[str, Any]], partial: bool) -> None:
    """A document read straight from its text (validated in one pass) gives the same
    dataset, or the same problems in the same order, as the parsed document."""
    document = valid_document()
    for path, value in changes:
        with contextlib.suppress(KeyError, IndexError, TypeError, ValueError):
            set_path(document, path, value)
    try:
        text = json.dumps(document, ensure_ascii=False, allow_nan=False)
    except ValueError:
        assume(False)  # infinity: no JSON text
    parsed = _outcome(read_document, json.loads(text), partial=partial)
    assert _outcome(load_json_text, text, "in.json", partial=partial) == parsed


def test_text_with_a_nan_somewhere_is_still_refused() -> None:
    """NaN in a field the reader ignores is still no JSON (the fast way would take it)."""
    text = json.dumps(valid_document())[:-1] + ', "x": [NaN]}'
    assert _problems(load_json_text, text, "in.json") == [
        "in.json: not valid JSON: NaN is not valid JSON"
    ]


def test_reading_imports_nothing_heavy() -> None:
    """Importing the reader and reading a file loads neither numpy, SQLAlchemy, numba nor
    OR-Tools, nor the pydantic package itself (its engine, pydantic-core, suffices): a
    ``passgenau validate`` must start quickly."""
    code = (
        "import sys, pathlib, passgenau.exchange as e\n"
        f"e.load_json_file(pathlib.Path({str(VALID_JSON)!r}))\n"
        "heavy = {'numpy', 'sqlalchemy', 'numba', 'ortools', 'pydantic'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
