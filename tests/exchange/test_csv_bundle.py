"""The CSV bundle: German Excel files in, the same dataset as JSON out, and back."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from passgenau.domain import (
    ALWAYS,
    DEFAULT_MODES,
    Dataset,
    InvalidInput,
    KldbCode,
    Location,
    Occupation,
    Recognition,
    ShiftOption,
    TimeWindow,
    TravelMode,
)
from passgenau.exchange import (
    KnownIds,
    load_json_file,
    read_csv_bundle,
    write_csv_bundle,
)
from passgenau.reference.places import shipped_gazetteer
from tests.exchange.support import VALID_JSON
from tests.factories import make_candidate, make_dataset, make_shift, make_vacancy
from tests.strategies import datasets

EMPLOYERS = (
    "id;name;lat;lon;postcode;municipality\n"
    "E1;Frischmarkt Remstal GmbH;48,83;9,3145;71332;Waiblingen\n"
)


def bundle(directory: Path, encoding: str = "utf-8", **files: str) -> Path:
    """Write ``name=content`` pairs as ``name.csv`` into ``directory``."""
    for name, content in files.items():
        (directory / f"{name}.csv").write_bytes(content.encode(encoding))
    return directory


def csv_problems(directory: Path, **kwargs: object) -> list[str]:
    with pytest.raises(InvalidInput) as err:
        read_csv_bundle(directory, **kwargs)  # type: ignore[arg-type]
    return [str(p) for p in err.value.problems]


# --- round trips and the written format -------------------------------------------------


def test_fixture_round_trips_through_csv(tmp_path: Path) -> None:
    """The success story written as CSV reads back to the same dataset."""
    ds = load_json_file(VALID_JSON)
    write_csv_bundle(ds, tmp_path)
    assert read_csv_bundle(tmp_path) == ds


def test_written_files_suit_german_excel(tmp_path: Path) -> None:
    """Files are UTF-8 with BOM, ';'-separated, CRLF, with decimal commas and ja/nein."""
    paths = write_csv_bundle(load_json_file(VALID_JSON), tmp_path)
    assert sorted(p.name for p in paths) == [
        "candidates.csv",
        "employers.csv",
        "households.csv",
        "settings.csv",
        "vacancies.csv",
    ]
    data = (tmp_path / "employers.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid;name;lat;lon;postcode;municipality;sector;")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[1].startswith("E1;Frischmarkt Remstal GmbH;48,83001;9,314525;71332;Waiblingen;")
    assert ";ja;ja;" in lines[1]
    vacancies = (tmp_path / "vacancies.csv").read_text(encoding="utf-8-sig")
    assert ";Frühschicht=mon-fri 06:00-10:00|Spätschicht=mon-fri 16:00-20:00;" in vacancies
    assert ";Früh=mon-fri 06:00-10:30+sat 06:00-11:00;" in vacancies
    assert ";27,5;" in vacancies


def test_writing_is_deterministic(tmp_path: Path) -> None:
    """Writing the same dataset twice gives identical bytes."""
    ds = load_json_file(VALID_JSON)
    write_csv_bundle(ds, tmp_path / "a")
    write_csv_bundle(read_csv_bundle(tmp_path / "a"), tmp_path / "b")
    for name in ("employers", "vacancies", "candidates", "households", "settings"):
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (
            tmp_path / "b" / f"{name}.csv"
        ).read_bytes()


def test_empty_availability_and_modes_survive(tmp_path: Path) -> None:
    """'none' keeps an empty availability or modes list apart from the defaults."""
    ds = make_dataset(
        candidates=(
            make_candidate(id="C1"),
            make_candidate(id="C2", availability=(), modes=()),
        )
    )
    write_csv_bundle(ds, tmp_path)
    assert ";none;none;" in (tmp_path / "candidates.csv").read_text(encoding="utf-8-sig")
    again = read_csv_bundle(tmp_path)
    assert again.candidates[0].availability == (ALWAYS,)
    assert again.candidates[0].modes == DEFAULT_MODES
    assert again.candidates[1].availability == () and again.candidates[1].modes == ()


def test_writer_refuses_what_a_cell_cannot_hold(tmp_path: Path) -> None:
    """A shift name with '|' is refused, and no file is written."""
    ds = make_dataset(vacancies=(make_vacancy(shifts=(make_shift("Früh|Spät"),)),))
    with pytest.raises(InvalidInput) as err:
        write_csv_bundle(ds, tmp_path / "out")
    (problem,) = err.value.problems
    assert problem.where == 'vacancies[0] (id "V1")' and problem.field == "shifts"
    assert not (tmp_path / "out").exists()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets(max_vacancies=3, max_candidates=4))
def test_csv_round_trip(ds: Dataset) -> None:
    """read_csv_bundle(write_csv_bundle(ds)) == ds for any dataset of CSV-safe text."""
    with tempfile.TemporaryDirectory() as directory:
        write_csv_bundle(ds, Path(directory))
        assert read_csv_bundle(Path(directory)) == ds


# --- what Excel and people write --------------------------------------------------------


def test_comma_delimited_without_bom(tmp_path: Path) -> None:
    """A ','-separated file without BOM is read; decimals use a point there."""
    bundle(
        tmp_path,
        employers="id,name,lat,lon\nE1,Frischmarkt,48.83,9.3145\n",
        vacancies='id,employer_id,title,kldb,hours\nV1,E1,"Verkauf, Kasse",62101,19.5\n',
    )
    ds = read_csv_bundle(tmp_path)
    assert ds.employers[0].location.lat == 48.83
    assert ds.vacancies[0].title == "Verkauf, Kasse" and ds.vacancies[0].hours == 19.5


def test_decimal_comma_only_with_semicolons(tmp_path: Path) -> None:
    """'19,5' is a number in a ';' file; in a ',' file (quoted) it is reported."""
    bundle(
        tmp_path,
        employers=EMPLOYERS,
        vacancies="id;employer_id;title;kldb;hours\nV1;E1;Verkauf;62101;19,5\nV2;E1;Lager;51311;20.5\n",
    )
    assert [v.hours for v in read_csv_bundle(tmp_path).vacancies] == [19.5, 20.5]
    bundle(
        tmp_path,
        employers="id,name,lat,lon\nE1,Frischmarkt,48.83,9.3145\n",
        vacancies='id,employer_id,title,kldb,hours\nV1,E1,Verkauf,62101,"19,5"\n',
    )
    assert csv_problems(tmp_path) == [
        "vacancies.csv line 2 (id \"V1\"): hours: '19,5' is not a number > 0 and <= 60"
    ]


def test_bom_and_header_case(tmp_path: Path) -> None:
    """A BOM is dropped and column names are case-insensitive and trimmed."""
    (tmp_path / "employers.csv").write_bytes(
        b"\xef\xbb\xbf ID ;Name;LAT;Lon\r\nE1;Frischmarkt;48,83;9,31\r\n"
    )
    assert read_csv_bundle(tmp_path).employers[0].id == "E1"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("ja", True),
        ("Nein", False),
        ("x", True),
        ("X", True),
        ("", False),
        ("1", True),
        ("0", False),
        ("true", True),
        ("FALSE", False),
        ("WAHR", True),
        ("falsch", False),
    ],
)
def test_boolean_cells(tmp_path: Path, cell: str, expected: bool) -> None:
    """Booleans as German Excel users write them; an empty cell is 'no'."""
    bundle(tmp_path, employers=f"id;name;lat;lon;trial_work\nE1;F;48,8;9,3;{cell}\n")
    assert read_csv_bundle(tmp_path).employers[0].trial_work is expected


def test_absent_boolean_column_keeps_the_default(tmp_path: Path) -> None:
    """Without the column, trial_work keeps its default (true)."""
    bundle(tmp_path, employers="id;name;lat;lon\nE1;F;48,8;9,3\n")
    assert read_csv_bundle(tmp_path).employers[0].trial_work is True


def test_bad_boolean_is_reported(tmp_path: Path) -> None:
    """A word that is neither yes nor no is reported by the reader's rule."""
    bundle(tmp_path, employers="id;name;lat;lon;trial_work\nE1;F;48,8;9,3;vielleicht\n")
    assert csv_problems(tmp_path) == [
        "employers.csv line 2 (id \"E1\"): trial_work: 'vielleicht' is not true or false"
    ]


def test_dates_iso_and_german(tmp_path: Path) -> None:
    """Dates may be ISO or German d.m.yyyy; settings.csv holds the reference date."""
    bundle(
        tmp_path,
        employers=EMPLOYERS,
        vacancies="id;employer_id;title;kldb;hours;start_date\nV1;E1;T;62101;20;1.12.2023\n"
        "V2;E1;T;62101;20;2023-12-01\nV3;E1;T;62101;20;31.02.2024\n",
    )
    assert csv_problems(tmp_path) == [
        "vacancies.csv line 4 (id \"V3\"): start_date: '31.02.2024' is not a date YYYY-MM-DD"
    ]
    bundle(
        tmp_path,
        vacancies="id;employer_id;title;kldb;hours;start_date\nV1;E1;T;62101;20;1.12.2023\n",
    )
    bundle(tmp_path, settings="key;value\nreference_date;24.11.2026\ngrace_days;14\nfuture;1\n")
    ds = read_csv_bundle(tmp_path)
    assert ds.vacancies[0].start_date == date(2023, 12, 1)
    assert ds.reference_date == date(2026, 11, 24) and ds.settings.grace_days == 14


def test_compound_cells(tmp_path: Path) -> None:
    """Occupations, wishes, availability, modes, languages, shifts in cell syntax."""
    bundle(
        tmp_path,
        employers=EMPLOYERS,
        vacancies="id;employer_id;title;kldb;hours;shifts\n"
        "V1;E1;Bäckerei;62102;20;Früh=mon,wed,fri 06:00-10:00+sat 06:00-08:00|mo-fr 14:00-18:00\n",
        candidates="id;lat;lon;german_level;occupations;wishes;availability;modes;languages\n"
        "C1;48,8;9,3;A2;52122:3:full|51312:1,5:none|62101;52122|51312;"
        "mon-fri 8:00-13:00|Sa 09:00-12:00;transit|bike;uk|ru\n",
    )
    ds = read_csv_bundle(tmp_path)
    (candidate,) = ds.candidates
    assert candidate.occupations == (
        Occupation(KldbCode("52122"), 3.0, Recognition.FULL),
        Occupation(KldbCode("51312"), 1.5, Recognition.NONE),
        Occupation(KldbCode("62101")),
    )
    assert candidate.wishes == (KldbCode("52122"), KldbCode("51312"))
    assert candidate.availability == (
        TimeWindow.of("mon tue wed thu fri", "08:00", "13:00"),
        TimeWindow.of("sat", "09:00", "12:00"),
    )
    assert candidate.modes == (TravelMode.TRANSIT, TravelMode.BIKE)
    assert candidate.languages == ("uk", "ru")
    assert ds.vacancies[0].shifts == (
        ShiftOption(
            (
                TimeWindow.of("mon wed fri", "06:00", "10:00"),
                TimeWindow.of("sat", "06:00", "08:00"),
            ),
            "Früh",
        ),
        ShiftOption((TimeWindow.of("mon tue wed thu fri", "14:00", "18:00"),)),
    )


def test_vacancy_location_columns(tmp_path: Path) -> None:
    """Empty location cells mean the employer's site; filled ones a place of its own; a
    postcode without coordinates is looked up (its centroid), only a lone lat is not."""
    bundle(
        tmp_path,
        employers=EMPLOYERS,
        vacancies="id;employer_id;title;kldb;hours;lat;lon;postcode;municipality\n"
        "V1;E1;T;62101;20;;;;\nV2;E1;T;62101;20;48,80685;9,278375;70734;Fellbach\n"
        "V3;E1;T;62101;20;;;70734;Fellbach\nV4;E1;T;62101;20;48,8;;70734;Fellbach\n",
    )
    assert csv_problems(tmp_path, places=shipped_gazetteer) == [
        'vacancies.csv line 5 (id "V4"): lon: missing required field',
    ]
    bundle(
        tmp_path,
        vacancies="id;employer_id;title;kldb;hours;lat;lon;postcode;municipality\n"
        "V3;E1;T;62101;20;;;70734;Fellbach\n",
    )
    location = read_csv_bundle(tmp_path, places=shipped_gazetteer).vacancies[0].location
    assert location == Location(48.8086, 9.2792, "70734", "Fellbach")
    bundle(
        tmp_path,
        vacancies="id;employer_id;title;kldb;hours;lat;lon;postcode;municipality\n"
        "V1;E1;T;62101;20;;;;\nV2;E1;T;62101;20;48,80685;9,278375;70734;Fellbach\n",
    )
    ds = read_csv_bundle(tmp_path)
    assert ds.vacancies[0].location is None
    assert ds.vacancies[1].location is not None
    assert ds.vacancies[1].location.municipality == "Fellbach"


def test_without_place_tables_a_place_is_not_looked_up(tmp_path: Path) -> None:
    """The caller supplies the place tables (the reader does not reach for them): without
    them, a row with only a postcode is a problem of its own, naming the column."""
    bundle(
        tmp_path,
        employers=EMPLOYERS,
        vacancies="id;employer_id;title;kldb;hours;postcode;municipality\n"
        "V3;E1;T;62101;20;70734;Fellbach\n",
    )
    assert csv_problems(tmp_path) == [
        'vacancies.csv line 2 (id "V3"): postcode/municipality: "70734 Fellbach" cannot be '
        "looked up here (no place tables given): give lat and lon"
    ]


def test_blank_rows_and_multiline_cells_keep_line_numbers(tmp_path: Path) -> None:
    """Blank rows are skipped; lines count as in the file, even after a multi-line cell."""
    bundle(
        tmp_path,
        employers='id;name;lat;lon;sector\nE1;"Frischmarkt\nRemstal";48,8;9,3;Handel\n;;;;\n\n'
        "E2;Bäckerei;48,8;99x;Handwerk\n",
    )
    assert csv_problems(tmp_path) == [
        "employers.csv line 6 (id \"E2\"): lon: '99x' is not a number -180..180"
    ]


# --- problems -----------------------------------------------------------------------------


def test_problems_name_file_line_and_column(tmp_path: Path) -> None:
    """Every problem names file, line, id and column, all reported at once."""
    bundle(
        tmp_path,
        employers=EMPLOYERS,
        vacancies="id;employer_id;title;kldb;hours;german_level_min\n"
        "V1;E1;Verkauf;62101;20;B3\nV2;E9;Lager;5131;20;A1\n",
        candidates="id;lat;lon;german_level;availability;occupations\n"
        "C1;48,8;9,3;A2;mon-fri 0800-1300;52122:3:fulll\n"
        "C1;48,8;9,3;B1;fri-mon 08:00-12:00;\n",
        households="id;members\nH1;C1|C7\n",
    )
    assert csv_problems(tmp_path) == [
        "vacancies.csv line 2 (id \"V1\"): german_level_min: 'B3' is not one of A0..C2",
        "vacancies.csv line 3 (id \"V2\"): kldb: '5131' is not a KldB code (a string of 5 digits)",
        'vacancies.csv line 3 (id "V2"): employer_id: no employer with id "E9"',
        "candidates.csv line 2 (id \"C1\"): occupations[0].recognition: 'fulll' is not one of "
        "full, partial, pending, none, not_required",
        "candidates.csv line 2 (id \"C1\"): availability[0].from: '0800' is not a time HH:MM "
        "between 00:00 and 24:00",
        "candidates.csv line 2 (id \"C1\"): availability[0].to: '1300' is not a time HH:MM "
        "between 00:00 and 24:00",
        "candidates.csv line 3 (id \"C1\"): availability: 'fri-mon' runs backwards; write e.g. "
        "'mon-fri' or 'sat,sun'",
        'candidates.csv line 3 (id "C1"): id: duplicate id "C1", '
        "also used by candidates.csv line 2",
        'households.csv line 2 (id "H1"): members[1]: no candidate with id "C7"',
    ]


def test_bad_day_range_and_window_syntax(tmp_path: Path) -> None:
    """Unknown day ranges and windows without times are cell syntax problems."""
    bundle(
        tmp_path,
        candidates="id;lat;lon;german_level;availability\nC1;48,8;9,3;A2;mon-fry 08:00-12:00\n"
        "C2;48,8;9,3;A2;montag 08:00-12:00\nC3;48,8;9,3;A2;mon-fri\n",
    )
    assert csv_problems(tmp_path) == [
        "candidates.csv line 2 (id \"C1\"): availability: 'mon-fry' is not a range of days like "
        "'mon-fri'",
        "candidates.csv line 3 (id \"C2\"): availability[0].days[0]: 'montag' is not one of "
        "mon, tue, wed, thu, fri, sat, sun",
        "candidates.csv line 4 (id \"C3\"): availability: 'mon-fri' is not a time window like "
        "'mon-fri 08:00-13:00'",
    ]


def test_settings_problems_name_settings_csv(tmp_path: Path) -> None:
    """A bad setting is reported for settings.csv and the key."""
    bundle(
        tmp_path, employers=EMPLOYERS, settings="key;value\ngrace_days;-3\nreference_date;morgen\n"
    )
    assert csv_problems(tmp_path) == [
        "settings.csv: reference_date: 'morgen' is not a date YYYY-MM-DD",
        "settings.csv: grace_days: -3 is not an integer >= 0",
    ]


def test_missing_required_column_is_reported_once(tmp_path: Path) -> None:
    """A missing required column is one problem for the file, not one per row."""
    bundle(tmp_path, candidates="id;lat;lon\nC1;48,8;9,3\nC2;48,8;9,3\n")
    assert csv_problems(tmp_path) == ['candidates.csv: lacks the required column(s) "german_level"']


def test_missing_required_cell(tmp_path: Path) -> None:
    """An empty required cell is a missing field of that row."""
    bundle(tmp_path, candidates="id;lat;lon;german_level\nC1;48,8;;A1\n;48,8;9,3;A1\n")
    assert csv_problems(tmp_path) == [
        'candidates.csv line 2 (id "C1"): lon: missing required field',
        "candidates.csv line 3: id: missing required field",
    ]


def test_file_level_problems(tmp_path: Path) -> None:
    """Bad encoding, empty files, repeated columns and extra cells name the file."""
    bundle(tmp_path, "cp1252", employers="id;name;lat;lon\nE1;Bäckerei;48,8;9,3\n")
    bundle(tmp_path, candidates="")
    bundle(tmp_path, households="id;members;ID\nH1;C1|C2;H1\n")
    bundle(tmp_path, vacancies="id;employer_id;title;kldb;hours\nV1;E1;T;62101;20;extra\n")
    assert csv_problems(tmp_path) == [
        "employers.csv: is not UTF-8 text (invalid byte at offset 20); save it as UTF-8 "
        "(Excel: Speichern unter → 'CSV UTF-8 (durch Trennzeichen getrennt)')",
        "vacancies.csv line 2: has 6 cells but the header only 5 columns",
        "candidates.csv: is empty; expected a header line of column names",
        'households.csv: names the column(s) "id" twice',
    ]


def test_directory_without_tables(tmp_path: Path) -> None:
    """A directory with none of the four files, or no directory at all, is one problem."""
    bundle(tmp_path, settings="key;value\n")
    assert csv_problems(tmp_path) == [
        f"{tmp_path}: contains none of employers.csv, vacancies.csv, candidates.csv, households.csv"
    ]
    assert csv_problems(tmp_path / "nope") == [f"{tmp_path / 'nope'}: is not a directory"]


def test_subset_of_files_with_partial_and_known(tmp_path: Path) -> None:
    """A lone vacancies.csv needs partial (or known employers) to pass."""
    bundle(tmp_path, vacancies="id;employer_id;title;kldb;hours\nV1;E1;T;62101;20\n")
    assert csv_problems(tmp_path) == [
        'vacancies.csv line 2 (id "V1"): employer_id: no employer with id "E1"'
    ]
    assert read_csv_bundle(tmp_path, partial=True).vacancies[0].employer_id == "E1"
    known = KnownIds(employers=frozenset({"E1"}))
    assert read_csv_bundle(tmp_path, partial=True, known=known).employers == ()
    assert csv_problems(tmp_path, partial=True, known=KnownIds()) == [
        'vacancies.csv line 2 (id "V1"): employer_id: no employer with id "E1"'
    ]
