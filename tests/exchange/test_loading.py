"""Loading files and text: unreadable input is one problem naming the file, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from passgenau.domain import InvalidInput
from passgenau.exchange import (
    KnownIds,
    load_json_file,
    load_json_text,
    load_path,
    read_document,
    write_csv_bundle,
)
from tests.exchange.support import VALID_JSON, valid_document


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
