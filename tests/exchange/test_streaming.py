"""Reading a large JSON file record by record gives what reading it whole gives: the same
dataset, or the same problems in the same order, whatever the size of the buffer."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from passgenau.domain import InvalidInput
from passgenau.exchange import dump_document, load_json_file, load_json_text, loading, read_document
from passgenau.exchange.streaming import load_json_stream
from tests.exchange.support import VALID_JSON, set_path, valid_document
from tests.exchange.test_reader import JSON_VALUES, PATHS
from tests.strategies import datasets

#: Buffers of a few characters cut every value somewhere; 4096 is about one record.
CHUNKS = (1, 7, 64, 4096)


def outcome(call: Callable[..., object], *args: object, **kwargs: object) -> object:
    try:
        return call(*args, **kwargs)
    except InvalidInput as err:
        return [str(p) for p in err.problems]


def written(tmp_path: Path, text: str | bytes, name: str = "in.json") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


@pytest.mark.parametrize("chunk", CHUNKS)
def test_the_fixture_reads_as_a_whole(chunk: int) -> None:
    assert load_json_stream(VALID_JSON, chunk=chunk) == load_json_file(VALID_JSON)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets(max_vacancies=4, max_candidates=4), chunk=st.sampled_from(CHUNKS))
def test_written_datasets_read_back(tmp_path_factory: pytest.TempPathFactory, ds: Any,
                                    chunk: int) -> None:
    path = written(tmp_path_factory.mktemp("doc"), dump_document(ds))
    assert load_json_stream(path, chunk=chunk) == ds


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(st.tuples(st.sampled_from(PATHS), JSON_VALUES), min_size=1, max_size=3),
    partial=st.booleans(),
    chunk=st.sampled_from(CHUNKS),
)
def test_broken_documents_give_the_same_problems(
        tmp_path_factory: pytest.TempPathFactory, changes: list[tuple[str, Any]],
        partial: bool, chunk: int) -> None:
    document = valid_document()
    for path, value in changes:
        with contextlib.suppress(KeyError, IndexError, TypeError, ValueError):
            set_path(document, path, value)
    try:
        text = json.dumps(document, ensure_ascii=False, allow_nan=False, indent=1)
    except ValueError:
        assume(False)  # infinity: no JSON text
    path = written(tmp_path_factory.mktemp("doc"), text)
    whole = outcome(read_document, json.loads(text), partial=partial)
    assert outcome(load_json_stream, path, partial=partial, chunk=chunk) == whole


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), chunk=st.sampled_from(CHUNKS))
def test_syntax_errors_name_the_same_line_and_column(
        tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, chunk: int) -> None:
    """The document cut short, or a character replaced by one that breaks it."""
    text = VALID_JSON.read_text("utf-8")
    at = data.draw(st.integers(0, len(text) - 1))
    broken = data.draw(st.sampled_from([text[:at], text[:at] + "#" + text[at + 1:],
                                        text[:at] + "]" + text[at:]]))
    path = written(tmp_path_factory.mktemp("doc"), broken)
    assert outcome(load_json_stream, path, chunk=chunk) == outcome(
        load_json_text, broken, str(path))


def test_edges_read_as_a_whole(tmp_path: Path) -> None:
    cases = ["", "[]", "{}", "5", '{"format": "passgenau/1"}', '{"format": "passgenau/2"}',
             '{"format": "passgenau/1", "x": NaN}', '{"format": "passgenau/1", "vacancies": 3}',
             '{"format": "passgenau/1", "employers": [], "vacancies": [], "candidates": []} x']
    for text in cases:
        path = written(tmp_path, text)
        assert outcome(load_json_stream, path, chunk=3) == outcome(
            load_json_text, text, str(path)), text


def test_not_utf8_and_a_bom(tmp_path: Path) -> None:
    path = written(tmp_path, '{"format": "Bäckerei"}'.encode("cp1252"))
    assert outcome(load_json_stream, path, chunk=5) == [
        f"{path}: is not UTF-8 text (invalid byte at offset 13); save it as UTF-8"]
    bom = written(tmp_path, b"\xef\xbb\xbf" + VALID_JSON.read_bytes(), "bom.json")
    assert load_json_stream(bom, chunk=2) == load_json_file(VALID_JSON)


def test_large_files_are_read_record_by_record(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the size limit ``load_json_file`` streams; what it reads is the same."""
    seen: list[Path] = []

    def streamed(path: Path, **kwargs: Any) -> Any:
        seen.append(path)
        return load_json_stream(path, **kwargs)

    monkeypatch.setattr(loading, "STREAM_ABOVE", 100)
    monkeypatch.setattr("passgenau.exchange.streaming.load_json_stream", streamed)
    assert load_json_file(VALID_JSON) == read_document(valid_document())
    assert seen == [VALID_JSON]


@pytest.mark.parametrize("chunk", [1, 7, 64, 4096])
def test_a_document_cut_right_after_a_key_names_the_column_after_it(
        tmp_path: Path, chunk: int) -> None:
    """Found by CI: when the file ended right after a value, the column counted the text
    read before it twice (line 2, column 15 instead of 11)."""
    broken = '{\n  "format"'
    path = written(tmp_path, broken)
    assert outcome(load_json_stream, path, chunk=chunk) == outcome(
        load_json_text, broken, str(path))
