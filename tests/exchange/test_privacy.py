"""Personal data never appears in a problem message, whatever is wrong with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passgenau.domain import InvalidInput
from passgenau.exchange import read_csv_bundle, write_csv_bundle
from passgenau.exchange.reader import read_document
from tests.exchange.support import problems, set_path, valid_document

PERSONAL = [
    ("candidates.0.name", 4711_0815),
    ("candidates.0.name", ["Olena", "Prykladenko"]),
    ("candidates.0.birth_year", 1850),
    ("candidates.0.birth_year", "neunzehnhundertneunundachtzig"),
    ("candidates.0.birth_year", 1989.5),
    ("candidates.0.home", "Hauptstraße 12, 71332 Waiblingen"),
    ("candidates.0.home.lat", 148.8372),
    ("candidates.0.home.lon", "9.3121-Hauptstraße"),
    ("candidates.0.home.postcode", 71336),
    ("candidates.0.home.municipality", ["Waiblingen-Neustadt"]),
    ("candidates.0.email", 13579),
    ("candidates.0.phone", 1701234567),
    ("employers.0.contact_name", 24680),
    ("employers.0.contact_email", {"mail": "s.beispielfrau@example.org"}),
    ("employers.0.contact_phone", 7151987654),
]


def _secrets(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, dict):
        return [str(v) for v in value.values()]
    return [str(value)]


@pytest.mark.parametrize(("path", "value"), PERSONAL)
def test_personal_value_is_not_echoed(path: str, value: object) -> None:
    """A bad personal field is reported by name and expectation, without its value."""
    doc = valid_document()
    set_path(doc, path, value)
    (message,) = problems(doc)
    assert message.startswith(('candidates[0] (id "C1"): ', 'employers[0] (id "E1"): '))
    for secret in _secrets(value):
        assert secret not in message


def test_personal_message_has_the_documented_form() -> None:
    """The birth year message says what is expected and nothing else."""
    doc = valid_document()
    doc["candidates"][1]["birth_year"] = 1789
    assert problems(doc) == ['candidates[1] (id "C2"): birth_year: must be an integer 1900..2100']


def test_whole_candidate_of_wrong_type_is_not_echoed() -> None:
    """A candidate given as a bare string (a name?) is reported by its type only."""
    doc = valid_document()
    doc["candidates"][3] = "Olena Prykladenko, Waiblingen"
    assert problems(doc) == ["candidates[3]: must be an object, not a string"]


@settings(max_examples=60, deadline=None)
@given(
    field=st.sampled_from(["name", "email", "phone", "birth_year"]),
    secret=st.integers(10**6, 10**12) | st.text(min_size=6).map(lambda s: "SECRET" + s),
)
def test_no_personal_value_reaches_any_message(field: str, secret: object) -> None:
    """Random invalid personal values (numbers, or text for birth_year) stay out of messages."""
    if isinstance(secret, str) and field != "birth_year":
        secret = [secret]  # a string is a valid name: make it wrong
    doc = valid_document()
    doc["candidates"][0][field] = secret
    with pytest.raises(InvalidInput) as err:  # every value drawn here is invalid
        read_document(doc)
    text = str(err.value)
    for part in _secrets(secret):
        assert part not in text


def test_csv_personal_cells_are_not_echoed(tmp_path: Path) -> None:
    """In a CSV bundle too, bad personal cells are named but not repeated."""
    write_csv_bundle(read_document(valid_document()), tmp_path)
    path = tmp_path / "candidates.csv"
    text = path.read_text(encoding="utf-8-sig")
    text = text.replace(";1989;48,8372;9,3121;", ";19x9;148,8372;9.31.21;", 1)
    path.write_text(text, encoding="utf-8-sig")
    with pytest.raises(InvalidInput) as err:
        read_csv_bundle(tmp_path)
    messages = [str(p) for p in err.value.problems]
    assert messages == [
        'candidates.csv line 2 (id "C1"): birth_year: must be an integer 1900..2100',
        'candidates.csv line 2 (id "C1"): lat: must be a number -90..90',
        'candidates.csv line 2 (id "C1"): lon: must be a number -180..180',
    ]
