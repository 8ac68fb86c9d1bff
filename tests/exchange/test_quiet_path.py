"""The reader's quiet path decides exactly as its reporting path does.

The quiet path (``Spec.fast``: compiled from the field tables, with memos of repeating
values) is only an optimisation: whatever the input, reading gives the same Dataset or the
same problems, in the same order, as the reporting path alone (``Spec.parse``, which reads
as the reader always did). These tests hold the two to each other, with the memos warm.
"""

from __future__ import annotations

import contextlib
import copy
import gc
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passgenau.domain import InvalidInput
from passgenau.domain.model import Location
from passgenau.exchange import read_document
from passgenau.exchange.fast_path import MISS, Source
from passgenau.exchange.fields import Field, ListOf, Record, Spec
from passgenau.exchange.records import COLLECTIONS, SETTINGS
from passgenau.exchange.reporting import At
from passgenau.exchange.scalars import IsoDate, Text
from tests.exchange.support import DELETE, set_path, valid_document


def _specs(spec: Spec[Any]) -> Iterator[Spec[Any]]:
    yield spec
    if isinstance(spec, Record):
        for f in spec.fields:
            yield from _specs(f.spec)
    elif isinstance(spec, ListOf):
        yield from _specs(spec.item)


SPECS = list(
    {id(s): s for root in [*COLLECTIONS.values(), SETTINGS] for s in _specs(root)}.values()
)
RECORDS = [s for s in SPECS if isinstance(s, Record)]
LEAVES = [s for s in SPECS if not isinstance(s, Record | ListOf)]


def outcome(document: object) -> tuple[str, object]:
    try:
        return ("dataset", read_document(copy.deepcopy(document)))
    except InvalidInput as err:
        return ("problems", [str(p) for p in err.problems])


def reporting_outcome(document: object) -> tuple[str, object]:
    """:func:`outcome` with every quiet path refusing, so the reporting path does it all."""
    with pytest.MonkeyPatch.context() as patch:
        for record in RECORDS:
            patch.setattr(record, "fast", lambda value: MISS)
        patch.setattr(ListOf, "fast", lambda self, value: MISS)
        return outcome(document)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.integers()
    | st.sampled_from([0.0, -0.0, 1.0, 2.0, 0.5, 60.0, 60.5, 90.0, 1e308, 10**400])
    | st.floats(allow_nan=False)
    | st.sampled_from(["", "mon", "sun", "08:00", "24:00", "62101", "62105", "2023-11-15"])
    | st.sampled_from(["2023-02-30", "A2", "C2", "uk", "transit", "full", "E1", "C1", "x" * 65])
    | st.text(max_size=6),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=12,
)

PATHS = [
    "reference_date",
    "settings.grace_days",
    "employers.0.id",
    "employers.0.location",
    "employers.0.location.lat",
    "employers.1.onsite_interviews",
    "employers.1.contact_email",
    "vacancies.0.kldb",
    "vacancies.0.positions",
    "vacancies.0.shifts",
    "vacancies.0.shifts.0",
    "vacancies.0.shifts.0.name",
    "vacancies.0.shifts.0.windows.0",
    "vacancies.0.shifts.0.windows.0.days",
    "vacancies.0.shifts.0.windows.0.days.0",
    "vacancies.0.shifts.0.windows.0.from",
    "vacancies.1.hours",
    "vacancies.1.location.lon",
    "vacancies.1.start_date",
    "vacancies.2.employer_id",
    "vacancies.2.german_level_min",
    "candidates.0.birth_year",
    "candidates.0.availability",
    "candidates.0.availability.0.to",
    "candidates.0.occupations.0",
    "candidates.0.occupations.0.years",
    "candidates.0.occupations.0.recognition",
    "candidates.0.wishes",
    "candidates.0.wishes.0",
    "candidates.1.modes",
    "candidates.1.modes.0",
    "candidates.1.languages",
    "candidates.2.hours_min",
    "candidates.2.hours_max",
    "candidates.2.motivation",
    "candidates.3.home",
    "candidates.3.home.postcode",
    "households.0.members",
    "households.0.members.1",
    "households.0.place_together",
]


def test_the_valid_document_reads_alike() -> None:
    assert outcome(valid_document()) == reporting_outcome(valid_document())
    assert outcome(valid_document())[0] == "dataset"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(PATHS), JSON_VALUES | st.just(DELETE)), min_size=1, max_size=3
    )
)
def test_any_change_reads_as_the_reporting_path_reads_it(changes: list[Any]) -> None:
    """Same Dataset, or the same problems in the same order; the memos stay warm from one
    example to the next, so a remembered value cannot stand in for a different one."""
    document = valid_document()
    for path, value in changes:
        with contextlib.suppress(KeyError, IndexError, TypeError, ValueError):
            set_path(document, path, value)  # unless an earlier change removed the path
    assert outcome(document) == reporting_outcome(document)


@settings(max_examples=200, deadline=None)
@given(path=st.sampled_from(PATHS), value=JSON_VALUES)
def test_compiled_quiet_path_equals_the_reference(path: str, value: Any) -> None:
    """Each record type's compiled ``fast`` returns what the generic ``Record.fast`` does."""
    document = valid_document()
    set_path(document, path, value)
    for name, spec in COLLECTIONS.items():
        for record in document[name] if isinstance(document.get(name), list) else []:
            assert spec.fast(record) == Record.fast(spec, record)


EDGES = [
    *(n + d for n in (0, 1, 5, 60, 90, 180, 240, 1900, 2100) for d in (-1, 0, 1)),
    *(float(n) + d for n in (0, 60, 90, 180) for d in (-1e-9, 0.0, 1e-9)),
    *(-n for n in (0.0, 1, 90, 90.0, 180.5)),
    True,
    False,
    1e308,
    10**400,
    float("inf"),
    float("nan"),
    *("00:00", "23:59", "24:00", "24:01", "7:30", "07:3", "62101", "62100", "6210a"),
    *("2024-02-29", "2023-02-29", "20240229", "de", "DE", "deu", "A0", "transit", "mon"),
]


def _compiled_snippet(spec: Spec[Any]) -> Any:
    source = Source()
    source.add(0, "def quick(value):")
    spec.inline(source, 1, "value", "result")
    source.add(1, "return result")
    return source.function("quick", "<test>")


SNIPPETS = [(spec, _compiled_snippet(spec)) for spec in SPECS if not isinstance(spec, Record)]


@settings(max_examples=400, deadline=None)
@given(value=JSON_VALUES | st.sampled_from(EDGES))
def test_every_spec_vouches_only_for_what_it_accepts(value: Any) -> None:
    """``fast`` gives MISS or the very value ``parse`` gives without a problem; a spec's
    inlined snippet does what its ``fast`` does."""
    for spec, snippet in SNIPPETS:
        quick = spec.fast(value)
        problems: list[Any] = []
        parsed = spec.parse(value, At(problems, "x"))
        if quick is not MISS:
            assert not problems and quick == parsed and type(quick) is type(parsed), spec
        inlined = snippet(value)
        assert inlined == quick or (inlined is MISS and quick is MISS), spec


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        # A memo key tells 1 from 1.0 from true, which compare and hash equal in Python.
        ("candidates.0.occupations.0.years", True, "true is not a number >= 0"),
        ("vacancies.0.positions", True, "true is not an integer >= 1"),
        ("candidates.0.driving_licence", 1, "1 is not true or false"),
        ("candidates.0.availability.0.days", [0], "0 is not one of mon, tue, wed"),
        ("vacancies.0.shifts.0.windows.0.from", 330, "330 is not a time HH:MM"),
        ("candidates.0.wishes", ["62101", ["62101"]], "must be a KldB code (a string of 5"),
        ("candidates.1.modes", ["transit", "transit"], "'transit' is listed twice"),
    ],
)
def test_remembered_values_do_not_stand_in_for_lookalikes(
    path: str, value: object, message: str
) -> None:
    read_document(valid_document())  # the memos hold the fixture's values
    document = valid_document()
    set_path(document, path, value)
    found = outcome(document)
    assert found == reporting_outcome(document)
    assert found[0] == "problems" and any(message in p for p in found[1])  # type: ignore[attr-defined]


def test_reading_leaves_the_garbage_collector_as_it_was() -> None:
    """The reader pauses cyclic garbage collection while it reads, and only then."""
    assert gc.isenabled()
    read_document(valid_document())
    assert gc.isenabled()
    with pytest.raises(InvalidInput):
        read_document({"format": "passgenau/1"})
    assert gc.isenabled()
    gc.disable()
    try:
        read_document(valid_document())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_personal_data_is_never_memoised() -> None:
    """A memo outlives the document; it must not hold names, addresses or the like."""
    name = Field("name", Text(), personal=True)
    with pytest.raises(ValueError, match="personal"):
        Record([name], dict, memo=True)
    listed = Field("names", ListOf(Text(), memo=True), personal=True)
    with pytest.raises(ValueError, match="personal"):
        Record([listed], dict)
    born = Field("born", IsoDate(), personal=True)  # its dates would be remembered
    with pytest.raises(ValueError, match="personal"):
        Record([born], dict)
    within = Field("home", Record([Field("since", IsoDate())], dict), personal=True)
    with pytest.raises(ValueError, match="personal"):
        Record([within], dict)
    assert Record([Field("born", IsoDate(memo=False), personal=True)], dict).fast(
        {"born": "1989-04-01"}
    ) == {"born": date(1989, 4, 1)}


def test_field_paths_are_built_when_reported() -> None:
    problems: list[Any] = []
    at = At(problems, "candidates[0]")
    leaf = at.child("availability").item(2).child("days").item(0)
    assert leaf.field == "availability[2].days[0]"
    assert At(problems, "x").item(3).field == "[3]"
    assert at.child("home", personal=True).child("lat").personal
    leaf.report("is wrong")
    assert [str(p) for p in problems] == ["candidates[0]: availability[2].days[0]: is wrong"]


def test_records_read_alike_built_from_any_numbers() -> None:
    """Integers where floats are expected are converted as the reporting path converts them."""
    document = valid_document()
    document["employers"][0]["location"] = {"lat": 48, "lon": 9}
    ds = read_document(document)
    assert ds.employers[0].location == Location(48.0, 9.0)
    assert type(ds.employers[0].location.lat) is float
