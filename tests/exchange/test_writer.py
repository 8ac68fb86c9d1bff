"""Writing documents: deterministic JSON that reads back to the same dataset."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passgenau.domain import Dataset, MatchSettings
from passgenau.exchange import dump_document, read_document, to_document
from tests.exchange.support import VALID_JSON, valid_document
from tests.factories import (
    make_candidate,
    make_dataset,
    make_employer,
    make_household,
    make_location,
    make_shift,
    make_vacancy,
)
from tests.strategies import datasets


def test_fixture_round_trips() -> None:
    """The valid fixture reads, writes and reads back to the same dataset."""
    ds = read_document(valid_document())
    assert read_document(to_document(ds)) == ds
    assert read_document(json.loads(dump_document(ds))) == ds


def test_dump_is_deterministic_and_formatted() -> None:
    """Same dataset, same bytes: indent 2, non-ASCII kept, trailing newline."""
    ds = read_document(valid_document())
    text = dump_document(ds)
    assert text == dump_document(read_document(json.loads(text)))
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert '\n  "format": "passgenau/1",\n' in text
    assert "Bäckerei Sonnenbrot" in text and "Frühschicht" in text and "\\u" not in text


def test_document_layout() -> None:
    """format, reference_date, settings and the four arrays, records in dataset order."""
    ds = make_dataset(
        employers=(make_employer(id="E2"), make_employer(id="E1")),
        vacancies=(),
        candidates=(make_candidate(id="C2"), make_candidate(id="C1")),
        households=(make_household(members=("C2", "C1")),),
        settings=MatchSettings(3, 14),
    )
    doc = to_document(ds)
    assert list(doc) == [
        "format",
        "reference_date",
        "settings",
        "employers",
        "vacancies",
        "candidates",
        "households",
    ]
    assert doc["reference_date"] == "2026-11-24"
    assert doc["settings"] == {"max_proposals_per_candidate": 3, "grace_days": 14}
    assert [e["id"] for e in doc["employers"]] == ["E2", "E1"]  # type: ignore[union-attr,index]
    assert doc["vacancies"] == []
    assert doc["households"] == [{"id": "H1", "members": ["C2", "C1"], "place_together": True}]


def test_none_values_are_omitted() -> None:
    """Vacancy location, optional dates, birth year and reference date are left out if None."""
    doc = to_document(make_dataset(reference_date=None))
    assert "reference_date" not in doc
    (vacancy,) = doc["vacancies"]  # type: ignore[misc]
    (candidate,) = doc["candidates"]  # type: ignore[misc]
    assert "location" not in vacancy and "start_date" not in vacancy
    assert not {"birth_year", "available_from", "unemployed_since"} & set(candidate)
    assert candidate["availability"] == [
        {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "from": "00:00", "to": "24:00"}
    ]
    assert candidate["modes"] == ["transit", "walk"]


def test_values_are_written_in_exchange_spelling() -> None:
    """Enums, codes, times and whole-number floats are written as the format spells them."""
    vacancy = make_vacancy(
        hours=19.5, location=make_location(lat=48.9), shifts=(make_shift("Früh"),)
    )
    doc = to_document(make_dataset(vacancies=(vacancy,)))
    (written,) = doc["vacancies"]  # type: ignore[misc]
    assert written["kldb"] == "62101" and written["german_level_min"] == "A2"
    assert written["hours"] == 19.5 and written["location"]["lat"] == 48.9
    assert written["shifts"] == [
        {
            "name": "Früh",
            "windows": [
                {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "06:00", "to": "10:00"}
            ],
        }
    ]
    (candidate,) = doc["candidates"]  # type: ignore[misc]
    assert candidate["hours_max"] == 40 and isinstance(candidate["hours_max"], int)


def test_fixture_file_is_written_back_equivalently() -> None:
    """Writing the fixture's dataset yields a document with the same records and values."""
    written = json.loads(dump_document(read_document(valid_document())))
    original = json.loads(VALID_JSON.read_text(encoding="utf-8"))
    assert written["employers"][0] == original["employers"][0]
    candidate = written["candidates"][0]
    assert candidate == candidate | original["candidates"][0]  # plus defaults written out


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets(max_vacancies=4, max_candidates=4))
def test_json_round_trip(ds: Dataset) -> None:
    """read_document(to_document(ds)) == ds, also through JSON text, byte-stable."""
    assert read_document(to_document(ds)) == ds
    text = dump_document(ds)
    again = read_document(json.loads(text))
    assert again == ds
    assert dump_document(again) == text


@settings(max_examples=40, deadline=None)
@given(name=st.text(), sector=st.text(), shift=st.text(), municipality=st.text())
def test_json_round_trip_of_any_text(name: str, sector: str, shift: str, municipality: str) -> None:
    """JSON keeps any text exactly: control characters, blanks, separators, emoji."""
    ds = make_dataset(
        employers=(
            make_employer(sector=sector, location=make_location(municipality=municipality)),
        ),
        vacancies=(make_vacancy(shifts=(make_shift(shift),)),),
        candidates=(make_candidate(name=name),),
    )
    assert read_document(json.loads(dump_document(ds))) == ds
    assert replace(ds) == ds
