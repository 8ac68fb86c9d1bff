"""The shipped KldB short list and the reader for the official BA list."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from passgenau.domain.errors import InvalidInput
from passgenau.domain.kldb import KldbCode, RequirementLevel
from passgenau.reference.kldb import (
    CORE_SECTORS,
    SECTORS,
    KldbRow,
    common_occupations,
    kldb_title,
    parse_official_kldb,
)

SHARED_KLDB = Path(__file__).resolve().parents[3] / "shared" / "data" / "kldb"
OFFICIAL = SHARED_KLDB / "KldB_2010_V2020_Gliederung_mit_Erlaeuterung.csv"
DERIVED = SHARED_KLDB / "kldb2010_codes.csv"
HEADER = (
    "\ufeffSchlüssel KldB 2010, V. 2020;Ebene;Titel;Kurztitel;Allgemeine Bemerkungen;"
    "Einschlüsse;Umfasst ferner;Ausschlüsse;\n"
)


def _needs(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared test data not here: {path}")
    return path


@pytest.fixture(scope="module")
def official() -> list[KldbRow]:
    return parse_official_kldb(_needs(OFFICIAL))


@pytest.fixture(scope="module")
def derived() -> list[KldbRow]:
    return parse_official_kldb(_needs(DERIVED))


def _write(tmp_path: Path, text: str, name: str = "kldb.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# --- the shipped short list -----------------------------------------------------------


def test_common_list_is_compact_sorted_and_unique() -> None:
    """80–150 Berufsgattungen, each once, ordered by code."""
    codes = [e.code.code for e in common_occupations()]
    assert 80 <= len(codes) <= 150
    assert codes == sorted(set(codes))


def test_common_list_covers_sectors_and_requirement_levels() -> None:
    """Every sector has occupations, and helpers to experts are there (recognition cases)."""
    entries = common_occupations()
    assert {e.sector for e in entries} == set(SECTORS)
    levels = Counter(e.code.requirement_level for e in entries)
    assert set(levels) == set(RequirementLevel)
    assert levels[RequirementLevel.HELPER] >= 20
    for expert in ("81404", "84114", "84124", "25104"):  # doctor, teachers, engineer
        assert kldb_title(expert) is not None
    for sector in CORE_SECTORS:
        assert any(e.sector == sector and e.code.code[4] == "1" for e in entries), sector


def test_every_shipped_code_and_title_is_official(derived: list[KldbRow]) -> None:
    """Each shipped code exists at level 5 of the official list, with its exact titles."""
    level5 = {r.code: r for r in derived if r.level == 5}
    for entry in common_occupations():
        row = level5.get(entry.code.code)
        assert row is not None, entry.code
        assert (entry.title, entry.short_title) == (row.title, row.short_title)


def test_kldb_title_looks_up_the_shipped_list() -> None:
    """Titles by string or by KldbCode; codes outside the short list give None."""
    expected = "Berufe in der Lagerwirtschaft – Helfer-/Anlerntätigkeiten"
    assert kldb_title("51311") == expected
    assert kldb_title(KldbCode("51311")) == expected
    assert kldb_title("01104") is None
    assert kldb_title("nonsense") is None


# --- the official file ----------------------------------------------------------------


def test_official_file_is_read_completely(official: list[KldbRow]) -> None:
    """2,195 rows: 10 + 37 + 144 + 703 + 1,301 over the five levels."""
    assert len(official) == 2195
    assert Counter(r.level for r in official) == {1: 10, 2: 37, 3: 144, 4: 703, 5: 1301}
    assert all(len(r.code) == r.level and r.code.isdigit() for r in official)


def test_official_codes_get_their_leading_zeros_back(official: list[KldbRow]) -> None:
    """The file writes ``1104`` for ``01104``; the level tells how many digits it has."""
    by_code = {r.code: r for r in official}
    assert by_code["01104"] == KldbRow("01104", 5, "Offiziere", "Offiziere")
    assert by_code["0"].title == "Militär"
    assert by_code["01104"].parent_code == "0110"
    assert by_code["0"].parent_code is None
    assert all(r.parent_code in by_code for r in official if r.level > 1)


def test_official_and_derived_files_agree(official: list[KldbRow], derived: list[KldbRow]) -> None:
    """Both layouts of the same list give the same rows: codes, levels and titles."""
    assert official == derived


def test_multi_line_quoted_fields_and_trailing_column(tmp_path: Path) -> None:
    """Quoted fields may span lines; the row is still one record, the empty column ignored."""
    path = _write(
        tmp_path,
        HEADER
        + '1;1;"Land-, Forst- und Tierwirtschaft\nund Gartenbau";Land;;"a;\nb";;;\n'
        + "\n"
        + '11;2;Land-, Tier- und Forstwirtschaftsberufe;"Land-, Tier-,\nForst";;;;;\n',
    )
    assert parse_official_kldb(path) == [
        KldbRow("1", 1, "Land-, Forst- und Tierwirtschaft und Gartenbau", "Land"),
        KldbRow("11", 2, "Land-, Tier- und Forstwirtschaftsberufe", "Land-, Tier-, Forst"),
    ]


def test_every_problem_is_reported_with_file_and_line(tmp_path: Path) -> None:
    """A bad level, a code too long for its level or not a number, no title, a code twice:
    all at once, each at the line its record starts on (after a two-line record)."""
    path = _write(
        tmp_path,
        HEADER
        + '1;1;"Zwei\nZeilen";Z;;;;;\n'  # lines 2-3
        + "12;6;Falsche Ebene;F;;;;;\n"  # line 4
        + "123456;5;Zu lang;Z;;;;;\n"  # line 5
        + "1x;2;Keine Zahl;K;;;;;\n"  # line 6
        + "12;2;;K;;;;;\n"  # line 7: no title
        + "1;1;Doppelt;D;;;;;\n",  # line 8: "1" again
        name="bad.csv",
    )
    with pytest.raises(InvalidInput) as caught:
        parse_official_kldb(path)
    text = [str(p) for p in caught.value.problems]
    assert text == [
        "bad.csv line 4: Ebene: '6' is not a level 1..5",
        "bad.csv line 5: Schlüssel KldB 2010, V. 2020: '123456' is longer than its level 5",
        "bad.csv line 6: Schlüssel KldB 2010, V. 2020: '1x' is not a number",
        "bad.csv line 7: Titel: is empty",
        "bad.csv line 8: Schlüssel KldB 2010, V. 2020: '1' already on line 2",
    ]


def test_missing_columns_are_named(tmp_path: Path) -> None:
    """A file without the expected columns says which ones are missing."""
    path = _write(tmp_path, "kldb_code,level,title\n01,2,x\n", name="short.csv")
    with pytest.raises(InvalidInput) as caught:
        parse_official_kldb(path)
    assert [str(p) for p in caught.value.problems] == [
        "short.csv line 1: short_title: missing column"
    ]


def test_derived_layout_pads_short_codes_too(tmp_path: Path) -> None:
    """The comma-separated layout is accepted, also with codes that lost their zeros."""
    path = _write(
        tmp_path,
        "kldb_code,level,parent_code,title,short_title\n"
        '1104,5,0110,Offiziere,Offiziere\n51311,5,5131,"Lager, Helfer",\n',
    )
    assert parse_official_kldb(path) == [
        KldbRow("01104", 5, "Offiziere", "Offiziere"),
        KldbRow("51311", 5, "Lager, Helfer", "Lager, Helfer"),  # no short title: the title
    ]


def test_broken_csv_is_invalid_input(tmp_path: Path) -> None:
    """An unclosed quote that swallows the rest of a huge file is reported, not raised."""
    path = _write(tmp_path, HEADER + '1;1;"Militär' + "x" * 200_000 + "\n", name="open.csv")
    with pytest.raises(InvalidInput, match=r"open\.csv line 2: not readable as CSV"):
        parse_official_kldb(path)


def test_unreadable_files_are_invalid_input(tmp_path: Path) -> None:
    """Not UTF-8, or not there: InvalidInput naming the file, never a traceback."""
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(HEADER.encode("utf-8") + "1;1;Milit\xe4r;M;;;;;\n".encode("latin-1"))
    with pytest.raises(InvalidInput, match=r"latin1\.csv: not UTF-8"):
        parse_official_kldb(latin1)
    with pytest.raises(InvalidInput, match=r"missing\.csv: cannot be read"):
        parse_official_kldb(tmp_path / "missing.csv")
