"""The demo generator: deterministic, valid in every reference, and the seed's story in it."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from datetime import date, timedelta

import pytest

from passgenau.demo.generator import generate_demo
from passgenau.domain.model import Dataset, Location, TravelMode
from passgenau.domain.schedule import fits_availability
from passgenau.reference.kldb import common_occupations
from passgenau.reference.places import rems_murr_municipalities, rems_murr_postcodes

REF = date(2026, 11, 24)


def _transit_minutes(a: Location, b: Location) -> int:
    """The exchange format's reference travel model for transit."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    )
    km = 2 * 6371 * math.asin(math.sqrt(h))
    return math.ceil(km * 1.3 / 22 * 60 + 15)


def test_same_seed_gives_an_equal_dataset(demo: Dataset) -> None:
    """Determinism: the same arguments give an equal Dataset, also for other sizes."""
    assert generate_demo() == demo
    small = {"candidates": 120, "employers": 12, "vacancies": 30}
    assert generate_demo(11, **small) == generate_demo(11, **small)


def test_different_seeds_give_different_datasets(demo: Dataset) -> None:
    """Another seed, another Jobcenter: people, firms and jobs all differ."""
    other = generate_demo(2025)
    assert other != demo
    assert other.candidates[2:] != demo.candidates[2:]
    assert [e.name for e in other.employers[1:]] != [e.name for e in demo.employers[1:]]
    assert other.vacancies[2:] != demo.vacancies[2:]


def test_sizes_ids_and_reference_date(demo: Dataset) -> None:
    """The requested numbers of records, ids in the documented shapes, the reference date."""
    assert (len(demo.employers), len(demo.vacancies), len(demo.candidates)) == (150, 400, 2000)
    assert demo.reference_date == REF
    for records, pattern in (
        (demo.employers, r"E\d{3}"),
        (demo.vacancies, r"V\d{4}"),
        (demo.candidates, r"C\d{5}"),
        (demo.households, r"H\d{4}"),
    ):
        ids = [r.id for r in records]
        assert len(ids) == len(set(ids))
        assert all(re.fullmatch(pattern, i) for i in ids)


def test_every_reference_is_valid(demo: Dataset) -> None:
    """Vacancies name employers, households name candidates, nobody is in two households."""
    employers = {e.id for e in demo.employers}
    candidates = {c.id for c in demo.candidates}
    assert all(v.employer_id in employers for v in demo.vacancies)
    members = [m for h in demo.households for m in h.members]
    assert set(members) <= candidates
    assert len(members) == len(set(members))
    assert all(2 <= len(h.members) <= 3 for h in demo.households)


def test_values_are_in_the_exchange_formats_ranges(demo: Dataset) -> None:
    """What the domain does not enforce but the format documents."""
    shipped = {e.code.code for e in common_occupations()}
    for c in demo.candidates:
        assert 18 <= REF.year - (c.birth_year or 0) <= 67
        assert 30 <= c.max_commute_minutes <= 90
        assert all(re.fullmatch(r"[a-z]{2}", lang) for lang in c.languages)
        assert c.languages and len(set(c.languages)) == len(c.languages)
        assert all(o.kldb.code in shipped for o in c.occupations)
        assert c.wishes and all(w.code in shipped for w in c.wishes)
        assert TravelMode.CAR not in c.modes or c.driving_licence
        assert c.email.endswith("@example.org")
    for e in demo.employers:
        assert e.contact_name and e.contact_phone and e.contact_email.endswith(".example")
    assert len({e.name for e in demo.employers}) == len(demo.employers)
    assert len({c.email for c in demo.candidates}) == len(demo.candidates)


def test_small_demo_is_valid_too() -> None:
    """The CLI's smallest sizes work; impossible ones are refused."""
    small = generate_demo(3, candidates=10, employers=5, vacancies=5)
    assert (len(small.employers), len(small.vacancies), len(small.candidates)) == (5, 5, 10)
    assert {v.employer_id for v in small.vacancies} <= {e.id for e in small.employers}
    with pytest.raises(ValueError, match="at least"):
        generate_demo(candidates=1)


def test_the_seeds_success_story_is_there(demo: Dataset) -> None:
    """A food retailer with a part-time Früh- and Spätschicht, and nearby a Ukrainian couple
    who split the day: each spouse fits one of the shifts, commute included."""
    shop = demo.employer("E001")
    assert shop.sector == "Einzelhandel"
    early, late = demo.vacancies[:2]
    assert (early.employer_id, late.employer_id) == ("E001", "E001")
    assert [s.name for s in early.shifts] == ["Frühschicht"]
    assert [s.name for s in late.shifts] == ["Spätschicht"]
    assert early.hours < 30 and late.hours < 30
    household = demo.households[0]
    assert household.id == "H0001" and household.place_together
    wife, husband = (c for c in demo.candidates if c.id in household.members)
    assert wife.languages[0] == husband.languages[0] == "uk"
    assert not any(a.overlaps(b) for a in wife.availability for b in husband.availability)
    for person, vacancy in ((wife, early), (husband, late)):
        minutes = _transit_minutes(person.home, demo.vacancy_location(vacancy))
        assert minutes <= person.max_commute_minutes
        assert fits_availability(vacancy.shifts[0], person.availability, minutes)
        assert person.hours_min <= vacancy.hours <= person.hours_max
        assert person.german_level >= vacancy.german_level_min
        assert person.available_on(REF) <= vacancy.start_on(REF) + timedelta(days=28)


def test_homes_and_firms_are_real_places_of_the_kreis(any_demo: Dataset) -> None:
    """Every location names a Rems-Murr municipality and one of its postcodes, and lies
    within 1.5 km (homes) or 2 km (firms, branches) of the municipality's centre."""
    centres = {m.short_name: m for m in rems_murr_municipalities()}
    postcodes = {(p.postcode, p.place) for p in rems_murr_postcodes()}
    located = [(c.home, 1.5) for c in any_demo.candidates]
    located += [(e.location, 2.0) for e in any_demo.employers]
    located += [(v.location, 2.0) for v in any_demo.vacancies if v.location is not None]
    for location, radius in located:
        m = centres[location.municipality]
        assert (location.postcode, location.municipality) in postcodes
        assert 48.76 <= location.lat <= 49.08 and 9.25 <= location.lon <= 9.77
        dy = (location.lat - m.lat) * 111.32
        dx = (location.lon - m.lon) * 111.32 * math.cos(math.radians(m.lat))
        assert math.hypot(dx, dy) <= radius + 0.01


def test_households_live_together(demo: Dataset) -> None:
    """Members of a household share one home."""
    homes = {c.id: c.home for c in demo.candidates}
    for h in demo.households:
        assert len({homes[m] for m in h.members}) == 1


def test_exchange_round_trip(demo: Dataset) -> None:
    """The demo is a valid ``passgenau/1`` document: written as JSON and read back (which
    checks every field and reference), it is equal."""
    reader = pytest.importorskip("passgenau.exchange.reader")
    writer = pytest.importorskip("passgenau.exchange.writer")
    assert reader.read_document(json.loads(writer.dump_document(demo))) == demo


def test_kldb_codes_by_requirement_level_are_plausible(demo: Dataset) -> None:
    """Most vacancies are helper or skilled jobs; a few need specialists or experts."""
    levels = Counter(v.kldb.code[4] for v in demo.vacancies)
    assert levels["1"] > levels["3"] + levels["4"]
    assert levels["2"] > levels["3"] + levels["4"]
