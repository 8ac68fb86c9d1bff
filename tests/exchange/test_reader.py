"""Reading ``passgenau/1`` documents: the valid fixture, defaults, and every class of error."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passgenau.domain import (
    ALWAYS,
    DEFAULT_MODES,
    GermanLevel,
    InvalidInput,
    KldbCode,
    Location,
    MatchSettings,
    Recognition,
    TimeWindow,
    WorkPermit,
)
from passgenau.exchange import KnownIds, read_document, reference_problems
from tests.exchange.support import DELETE, problems, set_path, valid_document

# --- the valid document -----------------------------------------------------------------


def test_valid_document_reads_the_success_story() -> None:
    """The fixture (food retailer in Waiblingen, Ukrainian couple) reads into a Dataset."""
    ds = read_document(valid_document())
    assert [e.id for e in ds.employers] == ["E1", "E2"]
    assert [v.id for v in ds.vacancies] == ["V1", "V2", "V3"]
    assert [c.id for c in ds.candidates] == ["C1", "C2", "C3", "C4"]
    assert ds.reference_date == date(2023, 11, 15)
    v1 = ds.vacancies[0]
    assert [s.name for s in v1.shifts] == ["Frühschicht", "Spätschicht"]
    assert v1.shifts[1].windows == (TimeWindow.of("mon tue wed thu fri", "16:00", "20:00"),)
    assert v1.kldb == KldbCode("62101") and v1.positions == 2 and v1.hours == 20.0
    household = ds.households[0]
    assert household.members == ("C1", "C2") and household.place_together
    olena = ds.candidates[0]
    assert olena.availability == (TimeWindow.of("mon tue wed thu fri", "05:30", "11:00"),)
    assert olena.occupations[0].recognition is Recognition.PENDING
    assert olena.languages == ("uk", "ru")
    assert ds.candidates[2].work_permit is WorkPermit.APPROVAL_REQUIRED


def test_absent_optional_values_stay_none() -> None:
    """Absent dates, vacancy location and birth year are None (resolved later, not here)."""
    ds = read_document(valid_document())
    assert ds.vacancies[0].location is None
    assert ds.vacancies[1].location == Location(48.80685, 9.278375, "70734", "Fellbach")
    assert ds.vacancies[1].start_date is None
    assert ds.candidates[1].available_from is None
    assert ds.candidates[3].birth_year is None and ds.candidates[3].unemployed_since is None


def test_defaults_follow_the_spec_tables() -> None:
    """Minimal records get the defaults of exchange-format.md."""
    doc = {
        "format": "passgenau/1",
        "employers": [{"id": "E", "name": "N", "location": {"lat": 48.8, "lon": 9.3}}],
        "vacancies": [{"id": "V", "employer_id": "E", "title": "T", "kldb": "62101", "hours": 20}],
        "candidates": [
            {
                "id": "C",
                "home": {"lat": 48.8, "lon": 9.3},
                "german_level": "A1",
                "occupations": [{"kldb": "62101"}],
            },
            {"id": "D", "home": {"lat": 48.8, "lon": 9.3}, "german_level": "A1"},
        ],
        "households": [{"id": "H", "members": ["C", "D"]}],
    }
    ds = read_document(doc)
    employer, vacancy, candidate = ds.employers[0], ds.vacancies[0], ds.candidates[0]
    assert employer.sector == "" and employer.onsite_interviews and employer.trial_work
    assert (vacancy.positions, vacancy.shortlist_size) == (1, 4)
    assert vacancy.german_level_min is GermanLevel.A2
    assert vacancy.shifts == () and vacancy.location is None and vacancy.start_date is None
    assert not vacancy.driving_licence_required and not vacancy.recognition_required
    assert candidate.availability == (ALWAYS,) and candidate.modes == DEFAULT_MODES
    assert (candidate.hours_min, candidate.hours_max) == (0.0, 40.0)
    assert (candidate.max_commute_minutes, candidate.motivation) == (60, 3)
    assert candidate.work_permit is WorkPermit.PERMITTED and candidate.name == ""
    assert candidate.occupations[0].years == 0.0
    assert candidate.occupations[0].recognition is Recognition.NOT_REQUIRED
    assert not ds.households[0].place_together
    assert ds.settings == MatchSettings(2, 28) and ds.reference_date is None


def test_unknown_fields_are_ignored() -> None:
    """Unknown fields anywhere are ignored for forward compatibility."""
    doc = valid_document()
    doc["generator"] = "Fachverfahren 9.1"
    doc["vacancies"][0]["salary"] = {"min": 2000}
    doc["candidates"][0]["home"]["street"] = "irrelevant"
    assert read_document(doc) == read_document(valid_document())


def test_integral_float_counts_as_integer() -> None:
    """``positions: 2.0`` is an integer (as in JSON Schema); it is read as int 2."""
    doc = valid_document()
    doc["vacancies"][0]["positions"] = 2.0
    assert read_document(doc).vacancies[0].positions == 2


# --- document level ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "document: must be a JSON object, not an array"),
        ("passgenau/1", "document: must be a JSON object, not a string"),
        (None, "document: must be a JSON object, not null"),
    ],
)
def test_document_must_be_an_object(value: object, message: str) -> None:
    """Anything but a JSON object is one problem naming the document."""
    assert problems(value) == [message]


def test_missing_format_is_reported_with_the_rest() -> None:
    """A missing format is reported, and the rest is still checked."""
    doc = valid_document()
    del doc["format"]
    doc["vacancies"][0]["hours"] = 0
    assert problems(doc) == [
        "document: format: missing required field (must be 'passgenau/1')",
        'vacancies[0] (id "V1"): hours: 0 is not a number > 0 and <= 60',
    ]


@pytest.mark.parametrize("value", ["passgenau/2", "passgenau/1-result", 1, None])
def test_unknown_format_is_an_error(value: object) -> None:
    """An unknown format is the only problem reported: its fields may mean other things."""
    doc = valid_document()
    doc["format"] = value
    doc["vacancies"][0]["hours"] = 0
    (message,) = problems(doc)
    assert message.startswith("document: format: ")
    assert message.endswith("is not a supported format; expected 'passgenau/1'")


def test_unknown_format_message_echoes_the_value() -> None:
    """The exact message for a newer format version."""
    doc = valid_document()
    doc["format"] = "passgenau/2"
    assert problems(doc) == [
        "document: format: 'passgenau/2' is not a supported format; expected 'passgenau/1'"
    ]


@pytest.mark.parametrize("name", ["employers", "vacancies", "candidates"])
def test_missing_array_is_reported(name: str) -> None:
    """The employers, vacancies and candidates arrays are required."""
    doc = valid_document()
    del doc[name]
    if name == "candidates":
        del doc["households"]
    if name == "employers":
        doc["vacancies"] = []
    assert problems(doc) == [f"document: {name}: missing required field"]


def test_households_are_optional() -> None:
    """Without a households array the dataset has none."""
    doc = valid_document()
    del doc["households"]
    assert read_document(doc).households == ()


def test_array_of_wrong_type_and_record_of_wrong_type() -> None:
    """An array that is no array, and an item that is no object, are reported by place."""
    doc = valid_document()
    doc["households"] = {"H1": ["C1", "C2"]}
    doc["vacancies"][1] = "V2"
    assert problems(doc) == [
        "vacancies[1]: must be an object, not a string",
        "document: households: must be an array, not an object",
    ]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("reference_date", "24.11.2026", "reference_date: '24.11.2026' is not a date YYYY-MM-DD"),
        ("settings", [2], "settings: must be an object, not an array"),
        (
            "settings.max_proposals_per_candidate",
            0,
            "settings.max_proposals_per_candidate: 0 is not an integer >= 1",
        ),
        ("settings.grace_days", -1, "settings.grace_days: -1 is not an integer >= 0"),
        ("settings.grace_days", 1.5, "settings.grace_days: 1.5 is not an integer >= 0"),
        ("settings.grace_days", True, "settings.grace_days: true is not an integer >= 0"),
    ],
)
def test_document_fields(path: str, value: object, message: str) -> None:
    """reference_date and settings are checked like record fields, named 'document'."""
    doc = valid_document()
    set_path(doc, path, value)
    assert problems(doc) == [f"document: {message}"]


# --- record fields ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "where", "field"),
    [
        ("employers.0.name", 'employers[0] (id "E1")', "name"),
        ("employers.1.location", 'employers[1] (id "E2")', "location"),
        ("employers.0.location.lat", 'employers[0] (id "E1")', "location.lat"),
        ("vacancies.2.employer_id", 'vacancies[2] (id "V3")', "employer_id"),
        ("vacancies.0.title", 'vacancies[0] (id "V1")', "title"),
        ("vacancies.0.kldb", 'vacancies[0] (id "V1")', "kldb"),
        ("vacancies.0.hours", 'vacancies[0] (id "V1")', "hours"),
        ("vacancies.0.shifts.1.windows", 'vacancies[0] (id "V1")', "shifts[1].windows"),
        ("vacancies.0.shifts.1.windows.0.to", 'vacancies[0] (id "V1")', "shifts[1].windows[0].to"),
        ("candidates.3.home", 'candidates[3] (id "C4")', "home"),
        ("candidates.3.german_level", 'candidates[3] (id "C4")', "german_level"),
        ("candidates.0.occupations.0.kldb", 'candidates[0] (id "C1")', "occupations[0].kldb"),
        ("candidates.1.availability.1.days", 'candidates[1] (id "C2")', "availability[1].days"),
    ],
)
def test_missing_required_field(path: str, where: str, field: str) -> None:
    """A missing required field is named with its record and dotted path."""
    doc = valid_document()
    set_path(doc, path, DELETE)
    assert problems(doc) == [f"{where}: {field}: missing required field"]


def test_missing_id_names_the_record_by_index() -> None:
    """Without an id, the record is named by its position alone."""
    doc = valid_document()
    del doc["households"][0]["id"]
    doc["employers"][1]["id"] = 2
    doc["vacancies"][2]["employer_id"] = "E1"
    assert problems(doc) == [
        "employers[1]: id: 2 is not an id of 1..64 characters",
        "households[0]: id: missing required field",
    ]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            "vacancies.0.positions",
            1.5,
            'vacancies[0] (id "V1"): positions: 1.5 is not an integer >= 1',
        ),
        (
            "vacancies.0.hours",
            True,
            'vacancies[0] (id "V1"): hours: true is not a number > 0 and <= 60',
        ),
        ("vacancies.0.hours", "20", "hours: '20' is not a number > 0 and <= 60"),
        ("vacancies.0.kldb", 62101, "kldb: 62101 is not a KldB code (a string of 5 digits)"),
        ("vacancies.0.shifts", {}, "shifts: must be an array, not an object"),
        ("vacancies.0.shifts.0.name", 1, "shifts[0].name: 1 is not a string"),
        ("vacancies.0.shifts.0.windows.0", "mon-fri", "shifts[0].windows[0]: must be an object"),
        ("vacancies.0.driving_licence_required", "no", "'no' is not true or false"),
        ("employers.0.onsite_interviews", 1, "onsite_interviews: 1 is not true or false"),
        ("employers.0.location", [48.8, 9.3], "location: must be an object, not an array"),
        ("employers.0.sector", None, "sector: null is not a string"),
        ("employers.0.name", "", "name: '' is not a non-empty string"),
        ("candidates.2.occupations.0.years", "2", "occupations[0].years: '2' is not a number >= 0"),
        ("candidates.2.max_commute_minutes", 45.5, "45.5 is not an integer 0..240"),
        ("candidates.2.motivation", False, "motivation: false is not an integer 1..5"),
        ("candidates.2.wishes", "62102", "wishes: must be an array, not a string"),
        ("candidates.2.modes", [], None),
        ("households.0.place_together", "true", "place_together: 'true' is not true or false"),
        ("households.0.members.1", ["C2"], "members[1]: must be an id of 1..64 characters"),
    ],
)
def test_wrong_type(path: str, value: object, message: str | None) -> None:
    """A value of the wrong JSON type (bool is no number, 1.5 no integer) is reported."""
    doc = valid_document()
    set_path(doc, path, value)
    if message is None:
        read_document(doc)  # an empty modes list is valid: the candidate cannot travel
        return
    (found,) = problems(doc)
    assert message in found


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            "employers.0.location.lat",
            91,
            'employers[0] (id "E1"): location.lat: 91 is not a number -90..90',
        ),
        ("vacancies.1.location.lon", -180.5, "location.lon: -180.5 is not a number -180..180"),
        ("vacancies.0.positions", 0, "positions: 0 is not an integer >= 1"),
        ("vacancies.0.shortlist_size", 0, "shortlist_size: 0 is not an integer 1..10"),
        ("vacancies.0.shortlist_size", 11, "shortlist_size: 11 is not an integer 1..10"),
        ("vacancies.0.hours", 0, "hours: 0 is not a number > 0 and <= 60"),
        ("vacancies.0.hours", 60.5, "hours: 60.5 is not a number > 0 and <= 60"),
        ("candidates.0.hours_max", 61, "hours_max: 61 is not a number 0..60"),
        ("candidates.0.hours_min", -1, "hours_min: -1 is not a number 0..60"),
        ("candidates.0.motivation", 6, "motivation: 6 is not an integer 1..5"),
        (
            "candidates.0.max_commute_minutes",
            241,
            "max_commute_minutes: 241 is not an integer 0..240",
        ),
        (
            "candidates.0.max_commute_minutes",
            -1,
            "max_commute_minutes: -1 is not an integer 0..240",
        ),
        (
            "candidates.0.occupations.0.years",
            -0.5,
            "occupations[0].years: -0.5 is not a number >= 0",
        ),
        (
            "candidates.0.birth_year",
            1899,
            'candidates[0] (id "C1"): birth_year: must be an integer 1900..2100',
        ),
        ("candidates.0.birth_year", 2101, "birth_year: must be an integer 1900..2100"),
        (
            "candidates.0.hours_min",
            30,
            'candidates[0] (id "C1"): hours_min: 30 must not exceed hours_max 25',
        ),
    ],
)
def test_value_out_of_range(path: str, value: object, message: str) -> None:
    """Numbers outside their range are reported with the range."""
    doc = valid_document()
    set_path(doc, path, value)
    (found,) = problems(doc)
    assert message in found


def test_hours_min_is_compared_with_the_default_hours_max() -> None:
    """hours_min above the default hours_max (40) is a problem even without hours_max."""
    doc = valid_document()
    doc["candidates"][3]["hours_min"] = 45
    assert problems(doc) == ['candidates[3] (id "C4"): hours_min: 45 must not exceed hours_max 40']


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            "vacancies.1.german_level_min",
            "B3",
            "vacancies[1] (id \"V2\"): german_level_min: 'B3' is not one of A0..C2",
        ),
        ("candidates.0.german_level", "b1", "german_level: 'b1' is not one of A0..C2"),
        (
            "candidates.0.occupations.0.recognition",
            "anerkannt",
            "occupations[0].recognition: 'anerkannt' is not one of "
            "full, partial, pending, none, not_required",
        ),
        (
            "candidates.0.work_permit",
            "yes",
            "work_permit: 'yes' is not one of permitted, approval_required, not_permitted",
        ),
        ("candidates.0.modes.1", "bus", "modes[1]: 'bus' is not one of transit, bike, walk, car"),
        (
            "vacancies.0.shifts.0.windows.0.days.0",
            "mo",
            "shifts[0].windows[0].days[0]: 'mo' is not one of mon, tue, wed, thu, fri, sat, sun",
        ),
    ],
)
def test_bad_enum(path: str, value: object, message: str) -> None:
    """A value outside an enumeration is echoed with the allowed values."""
    doc = valid_document()
    set_path(doc, path, value)
    (found,) = problems(doc)
    assert message in found


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("vacancies.0.kldb", "6210", "kldb: '6210' is not a KldB code (a string of 5 digits)"),
        ("vacancies.0.kldb", "621011", "'621011' is not a KldB code (a string of 5 digits)"),
        ("vacancies.0.kldb", "6210a", "'6210a' is not a KldB code (a string of 5 digits)"),
        (
            "vacancies.0.kldb",
            "62105",
            "kldb: '62105' is not a KldB code: its 5th digit (requirement level) must be 1..4",
        ),
        ("vacancies.0.kldb", "62100", "5th digit (requirement level) must be 1..4"),
        ("candidates.0.wishes.0", "6210", "wishes[0]: '6210' is not a KldB code"),
        ("candidates.0.languages.1", "rus", "languages[1]: 'rus' is not a language code"),
        ("candidates.0.languages.0", "UK", "languages[0]: 'UK' is not a language code"),
        (
            "vacancies.0.shifts.0.windows.0.from",
            "6:00",
            "shifts[0].windows[0].from: '6:00' is not a time HH:MM",
        ),
        (
            "vacancies.0.shifts.0.windows.0.to",
            "24:01",
            "'24:01' is not a time HH:MM between 00:00 and 24:00",
        ),
        ("vacancies.0.shifts.0.windows.0.to", "10:60", "'10:60' is not a time HH:MM"),
        (
            "vacancies.0.start_date",
            "2026-13-01",
            "start_date: '2026-13-01' is not a date YYYY-MM-DD",
        ),
        ("vacancies.0.start_date", "2026-02-30", "'2026-02-30' is not a date YYYY-MM-DD"),
        ("vacancies.0.start_date", "20261124", "'20261124' is not a date YYYY-MM-DD"),
        ("candidates.0.available_from", "01.12.2023", "'01.12.2023' is not a date YYYY-MM-DD"),
    ],
)
def test_bad_pattern(path: str, value: object, message: str) -> None:
    """KldB codes, language codes, times and dates must match their pattern."""
    doc = valid_document()
    set_path(doc, path, value)
    (found,) = problems(doc)
    assert message in found


@pytest.mark.parametrize(
    ("start", "end"), [("14:00", "06:00"), ("10:00", "10:00"), ("24:00", "24:00")]
)
def test_window_from_must_precede_to(start: str, end: str) -> None:
    """A window's 'from' must be before its 'to' on the same day."""
    doc = valid_document()
    doc["vacancies"][0]["shifts"][1]["windows"][0] |= {"from": start, "to": end}
    assert problems(doc) == [
        f"vacancies[0] (id \"V1\"): shifts[1].windows[0]: 'from' {start} must be before 'to' {end}"
    ]


def test_rules_across_fields_come_with_the_other_problems() -> None:
    """A window's order and hours_min against hours_max (also its default 40) are reported
    together with the record's other problems, after its fields'."""
    doc = valid_document()
    window = doc["vacancies"][0]["shifts"][0]["windows"][0]
    window |= {"days": [], "from": "12:00", "to": "08:00"}
    doc["candidates"][3] |= {"hours_min": 50, "german_level": "B3", "motivation": 0}
    assert problems(doc) == [
        'vacancies[0] (id "V1"): shifts[0].windows[0].days: must name at least one day',
        "vacancies[0] (id \"V1\"): shifts[0].windows[0]: 'from' 12:00 must be before 'to' 08:00",
        "candidates[3] (id \"C4\"): german_level: 'B3' is not one of A0..C2",
        'candidates[3] (id "C4"): motivation: 0 is not an integer 1..5',
        'candidates[3] (id "C4"): hours_min: 50 must not exceed hours_max 40',
    ]


def test_window_until_midnight_is_valid() -> None:
    """``"to": "24:00"`` ends a window at midnight."""
    doc = valid_document()
    doc["candidates"][0]["availability"][0]["to"] = "24:00"
    assert read_document(doc).candidates[0].availability[0].end == 24 * 60


def test_window_days_must_be_given_and_distinct() -> None:
    """Empty days and a day named twice are both reported."""
    doc = valid_document()
    doc["candidates"][1]["availability"][0]["days"] = []
    doc["candidates"][1]["availability"][1]["days"] = ["sat", "sun", "sat"]
    assert problems(doc) == [
        'candidates[1] (id "C2"): availability[0].days: must name at least one day',
        "candidates[1] (id \"C2\"): availability[1].days[2]: 'sat' is listed twice (also at [0])",
    ]


def test_shift_option_needs_a_window() -> None:
    """A shift option with no windows is reported."""
    doc = valid_document()
    doc["vacancies"][0]["shifts"][0]["windows"] = []
    assert problems(doc) == [
        'vacancies[0] (id "V1"): shifts[0].windows: a shift option needs at least one window'
    ]


def test_duplicate_mode_is_reported() -> None:
    """A travel mode named twice is reported (the domain forbids it)."""
    doc = valid_document()
    doc["candidates"][0]["modes"] = ["walk", "walk"]
    assert problems(doc) == [
        "candidates[0] (id \"C1\"): modes[1]: 'walk' is listed twice (also at [0])"
    ]


@pytest.mark.parametrize("value", ["", "X" * 65])
def test_id_length(value: str) -> None:
    """Ids have 1..64 characters."""
    doc = valid_document()
    doc["employers"].append(doc["employers"][1] | {"id": value})
    (found,) = problems(doc)
    assert found.startswith("employers[2]")
    assert "id: " in found and "is not an id of 1..64 characters" in found


def test_id_of_64_characters_is_valid() -> None:
    """The longest id allowed is 64 characters."""
    doc = valid_document()
    doc["employers"][1]["id"] = "E" * 64
    doc["vacancies"][2]["employer_id"] = "E" * 64
    assert read_document(doc).employers[1].id == "E" * 64


# --- across records ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "index", "record_id"),
    [
        ("employers", 1, "E1"),
        ("vacancies", 2, "V1"),
        ("candidates", 3, "C1"),
        ("households", 0, "H1"),
    ],
)
def test_duplicate_ids_name_both_places(name: str, index: int, record_id: str) -> None:
    """An id used twice in one collection names the record and the first use."""
    doc = valid_document()
    if name == "households":
        doc["households"].append({"id": "H1", "members": ["C3", "C4"]})
        index = 1
    else:
        doc[name][index]["id"] = record_id
        if name == "employers":
            doc["vacancies"][2]["employer_id"] = "E1"
    first = {"employers": 0, "vacancies": 0, "candidates": 0, "households": 0}[name]
    assert problems(doc) == [
        f'{name}[{index}] (id "{record_id}"): id: duplicate id "{record_id}", '
        f"also used by {name}[{first}]"
    ]


def test_same_id_in_different_collections_is_fine() -> None:
    """Ids are unique per collection only."""
    doc = valid_document()
    doc["households"][0]["id"] = "C1"
    assert read_document(doc).households[0].id == "C1"


def test_dangling_employer_reference() -> None:
    """A vacancy naming a missing employer is reported."""
    doc = valid_document()
    doc["vacancies"][2]["employer_id"] = "E9"
    assert problems(doc) == ['vacancies[2] (id "V3"): employer_id: no employer with id "E9"']


def test_household_member_must_be_a_candidate() -> None:
    """A household member that is no candidate is reported."""
    doc = valid_document()
    doc["households"][0]["members"] = ["C1", "C9"]
    assert problems(doc) == ['households[0] (id "H1"): members[1]: no candidate with id "C9"']


def test_candidate_in_two_households_names_both() -> None:
    """A candidate may belong to one household only; both households are named."""
    doc = valid_document()
    doc["households"].append({"id": "H2", "members": ["C3", "C2"]})
    assert problems(doc) == [
        'households[1] (id "H2"): members[1]: candidate "C2" is also a member of '
        'households[0] (id "H1")'
    ]


def test_household_needs_two_distinct_members() -> None:
    """Fewer than two members, or one member twice, is reported."""
    doc = valid_document()
    doc["households"][0]["members"] = ["C1"]
    doc["households"].append({"id": "H2", "members": ["C3", "C3"]})
    assert problems(doc) == [
        'households[0] (id "H1"): members: a household needs at least 2 members',
        "households[1] (id \"H2\"): members[1]: 'C3' is listed twice (also at [0])",
    ]


def test_reference_to_an_invalid_record_is_not_dangling() -> None:
    """A record with an unrelated problem still exists for references to it."""
    doc = valid_document()
    doc["employers"][0]["location"]["lat"] = 100
    doc["candidates"][1]["german_level"] = "B3"
    assert problems(doc) == [
        'employers[0] (id "E1"): location.lat: 100 is not a number -90..90',
        "candidates[1] (id \"C2\"): german_level: 'B3' is not one of A0..C2",
    ]


def test_every_problem_is_reported_at_once() -> None:
    """Problems in many records and fields come together, in document order."""
    doc = valid_document()
    doc["reference_date"] = "heute"
    doc["employers"][1]["location"] = {"lat": 48.8}
    doc["vacancies"][0]["german_level_min"] = "B3"
    doc["vacancies"][0]["hours"] = 70
    doc["vacancies"][2]["employer_id"] = "E7"
    doc["candidates"][2]["modes"] = ["rocket"]
    doc["candidates"].append(doc["candidates"][0])
    assert problems(doc) == [
        "document: reference_date: 'heute' is not a date YYYY-MM-DD",
        'employers[1] (id "E2"): location.lon: missing required field',
        "vacancies[0] (id \"V1\"): german_level_min: 'B3' is not one of A0..C2",
        'vacancies[0] (id "V1"): hours: 70 is not a number > 0 and <= 60',
        "candidates[2] (id \"C3\"): modes[0]: 'rocket' is not one of transit, bike, walk, car",
        'candidates[4] (id "C1"): id: duplicate id "C1", also used by candidates[0]',
        'vacancies[2] (id "V3"): employer_id: no employer with id "E7"',
    ]


def test_invalid_input_carries_problem_objects() -> None:
    """Problems keep where, field and message apart for entry points to format."""
    doc = valid_document()
    doc["vacancies"][0]["shifts"][0]["windows"][0]["from"] = "6 Uhr"
    with pytest.raises(InvalidInput) as err:
        read_document(doc)
    (problem,) = err.value.problems
    assert problem.where == 'vacancies[0] (id "V1")'
    assert problem.field == "shifts[0].windows[0].from"
    assert problem.message == "'6 Uhr' is not a time HH:MM between 00:00 and 24:00"


# --- partial documents and known records ------------------------------------------------


def test_partial_makes_arrays_optional_and_skips_references() -> None:
    """With partial=True arrays may be missing and references need not resolve."""
    doc = valid_document()
    del doc["employers"], doc["candidates"]
    ds = read_document(doc, partial=True)
    assert ds.employers == () and ds.candidates == ()
    assert [v.employer_id for v in ds.vacancies] == ["E1", "E1", "E2"]
    assert ds.households[0].members == ("C1", "C2")


def test_partial_keeps_every_other_check() -> None:
    """partial=True still checks fields, duplicate ids and shared household members."""
    doc = {
        "format": "passgenau/1",
        "candidates": [
            {"id": "C1", "home": {"lat": 95, "lon": 9}, "german_level": "B1"},
            {"id": "C1", "home": {"lat": 48, "lon": 9}, "german_level": "B1"},
        ],
        "households": [
            {"id": "H1", "members": ["C1", "C7"]},
            {"id": "H2", "members": ["C7", "C8"]},
        ],
    }
    assert problems(doc, partial=True) == [
        'candidates[0] (id "C1"): home.lat: must be a number -90..90',
        'candidates[1] (id "C1"): id: duplicate id "C1", also used by candidates[0]',
        'households[1] (id "H2"): members[0]: candidate "C7" is also a member of '
        'households[0] (id "H1")',
    ]


def test_known_ids_resolve_references() -> None:
    """With known ids, references must resolve within the document or the known records."""
    doc = {
        "format": "passgenau/1",
        "vacancies": [
            {"id": "V1", "employer_id": "E1", "title": "T", "kldb": "62101", "hours": 20},
            {"id": "V2", "employer_id": "E2", "title": "T", "kldb": "62101", "hours": 20},
        ],
        "households": [{"id": "H1", "members": ["C1", "C2"]}],
    }
    known = KnownIds(employers=frozenset({"E1"}), candidates=frozenset({"C1"}))
    assert problems(doc, partial=True, known=known) == [
        'vacancies[1] (id "V2"): employer_id: no employer with id "E2"',
        'households[0] (id "H1"): members[1]: no candidate with id "C2"',
    ]


def test_known_household_membership_conflicts() -> None:
    """A stored candidate may join a new household only if its stored one is redefined."""
    doc = {
        "format": "passgenau/1",
        "households": [{"id": "H2", "members": ["C1", "C2"]}],
    }
    known = KnownIds(candidates=frozenset({"C1", "C2"}), household_of={"C1": "H1", "C2": "H2"})
    assert problems(doc, partial=True, known=known) == [
        'households[0] (id "H2"): members[0]: candidate "C1" is already a member of household "H1"'
    ]
    doc["households"].append({"id": "H1", "members": ["C3", "C4"]})
    known = KnownIds(
        candidates=frozenset({"C1", "C2", "C3", "C4"}), household_of={"C1": "H1", "C2": "H2"}
    )
    assert len(read_document(doc, partial=True, known=known).households) == 2


def test_reference_problems_checks_a_dataset_against_known_ids() -> None:
    """reference_problems reports dangling references of a partial dataset, JSON-style."""
    doc = valid_document()
    del doc["employers"], doc["candidates"]
    ds = read_document(doc, partial=True)
    found = reference_problems(
        ds, KnownIds(employers=frozenset({"E1"}), candidates=frozenset({"C1", "C2"}))
    )
    assert [str(p) for p in found] == [
        'vacancies[2] (id "V3"): employer_id: no employer with id "E2"'
    ]
    assert reference_problems(read_document(valid_document())) == []


# --- robustness -------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
PATHS = [
    "reference_date",
    "settings",
    "employers.0",
    "employers.0.location",
    "employers.1.name",
    "vacancies.0.shifts",
    "vacancies.0.shifts.0.windows.0",
    "vacancies.0.shifts.0.windows.0.days",
    "vacancies.1.hours",
    "vacancies.2.employer_id",
    "candidates.0.availability",
    "candidates.0.occupations.0",
    "candidates.1.modes",
    "candidates.2.hours_min",
    "candidates.3.home",
    "households.0.members",
    "households.0.members.0",
    "households",
]


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=JSON_VALUES)
def test_any_value_anywhere_gives_a_dataset_or_problems(path: str, value: Any) -> None:
    """Whatever a field holds, the reader returns a Dataset or raises InvalidInput."""
    doc = valid_document()
    set_path(doc, path, value)
    try:
        read_document(doc)
    except InvalidInput as err:
        assert err.problems and all(p.message for p in err.problems)


@settings(max_examples=50, deadline=None)
@given(value=JSON_VALUES)
def test_any_json_value_as_document_is_handled(value: Any) -> None:
    """Any JSON value as the whole document gives problems, never a crash."""
    with pytest.raises(InvalidInput):
        read_document(value)
