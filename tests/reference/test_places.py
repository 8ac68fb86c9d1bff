"""The shipped places of the Rems-Murr-Kreis and resolving names and postcodes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from passgenau.domain.model import Location
from passgenau.reference import places
from passgenau.reference.places import (
    find_municipality,
    find_place,
    rems_murr_municipalities,
    rems_murr_postcodes,
)

SHARED_PLACES = Path(__file__).resolve().parents[3] / "shared" / "data" / "places"
# The Kreis' bounding box, with a little margin.
LAT = (48.76, 49.08)
LON = (9.25, 9.77)


def _inside(lat: float, lon: float) -> bool:
    return LAT[0] <= lat <= LAT[1] and LON[0] <= lon <= LON[1]


def test_the_31_municipalities_and_their_population() -> None:
    """31 Gemeinden with unique AGS of Kreis 08119; 427,316 inhabitants on 31.12.2021."""
    municipalities = rems_murr_municipalities()
    assert len(municipalities) == 31
    assert len({m.ags for m in municipalities}) == 31
    assert all(m.ags.startswith("08119") and len(m.ags) == 8 for m in municipalities)
    assert sum(m.population for m in municipalities) == 427_316
    largest = max(municipalities, key=lambda m: m.population)
    assert (largest.name, largest.short_name, largest.postcode) == (
        "Waiblingen, Stadt",
        "Waiblingen",
        "71332",
    )


def test_municipalities_match_the_gemeindeverzeichnis() -> None:
    """Every shipped value is the one in the Destatis extract (via the shared copy)."""
    source = SHARED_PLACES / "rems_murr_gemeinden.csv"
    if not source.exists():
        pytest.skip(f"shared test data not here: {source}")
    with source.open(encoding="utf-8") as f:
        rows = {r["ags"]: r for r in csv.DictReader(f)}
    for m in rems_murr_municipalities():
        r = rows[m.ags]
        assert (m.name, m.short_name, m.postcode) == (r["name"], r["name_short"], r["plz"])
        assert (m.lat, m.lon, m.population) == (
            float(r["lat"]),
            float(r["lon"]),
            int(r["population"]),
        )


def test_every_shipped_coordinate_lies_in_the_kreis() -> None:
    """Municipality centres and postcode centroids are all inside the bounding box."""
    for m in rems_murr_municipalities():
        assert _inside(m.lat, m.lon), m
    for p in rems_murr_postcodes():
        assert _inside(p.lat, p.lon), p


def test_postcode_table_has_places_not_organisations() -> None:
    """Distinct 5-digit PLZ, each of a municipality; company PLZ such as 71328 are left out;
    every municipality's main PLZ is there."""
    postcodes = rems_murr_postcodes()
    codes = [p.postcode for p in postcodes]
    assert len(codes) == len(set(codes)) == 34
    assert all(len(c) == 5 and c.isdigit() for c in codes)
    by_ags = {m.ags: m for m in rems_murr_municipalities()}
    assert all(by_ags[p.ags].short_name == p.place for p in postcodes)
    assert {m.postcode for m in by_ags.values()} <= set(codes)
    assert "71328" not in codes  # Landratsamt, Finanzamt, Agentur für Arbeit Waiblingen


@pytest.mark.parametrize(
    ("text", "municipality", "postcode"),
    [
        ("Backnang", "Backnang", "71522"),
        ("backnang, stadt", "Backnang", "71522"),
        ("  BACKNANG ", "Backnang", "71522"),
        ("Backnang, Stadt", "Backnang", "71522"),
        ("Stadt Waiblingen", "Waiblingen", "71332"),
        ("Weinstadt", "Weinstadt", "71384"),
        ("Schorndorf", "Schorndorf", "73614"),
        ("Plüderhausen", "Plüderhausen", "73655"),
        ("Pluederhausen", "Plüderhausen", "73655"),
        ("Pluderhausen", "Plüderhausen", "73655"),
        ("Weißach im Tal", "Weissach im Tal", "71554"),
        ("Kernen-im-Remstal", "Kernen im Remstal", "71394"),
        ("Althuette", "Althütte", "71566"),
    ],
)
def test_find_place_by_name(text: str, municipality: str, postcode: str) -> None:
    """Names resolve case-, suffix-, hyphen- and umlaut-tolerantly to the centre."""
    found = find_place(text)
    m = find_municipality(municipality)
    assert m is not None
    assert found == Location(m.lat, m.lon, postcode, municipality)


@pytest.mark.parametrize(
    "text", ["Schwaebisch Gmuend", "Schwäbisch Gmünd", "Stuttgart", "", "Back", "73525"]
)
def test_places_outside_the_kreis_are_not_found(text: str) -> None:
    """Other places (Schwäbisch Gmünd is in the Ostalbkreis) and fragments give None."""
    assert find_place(text) is None


def test_find_place_by_postcode_uses_its_own_centroid() -> None:
    """A PLZ resolves to its centroid, also inside an address line."""
    assert find_place("71336") == Location(48.8333, 9.3, "71336", "Waiblingen")
    assert find_place("70736 Fellbach") == Location(48.8239, 9.272, "70736", "Fellbach")
    assert find_place("Sulzbacher Str. 5, 71522 Backnang") == Location(
        48.9474, 9.4372, "71522", "Backnang"
    )


def test_find_place_falls_back_to_the_main_postcode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a postcode table entry, a municipality's main PLZ still finds its centre."""
    monkeypatch.setattr(places, "rems_murr_postcodes", lambda: ())
    backnang = find_municipality("Backnang")
    assert backnang is not None
    assert find_place("71522") == backnang.location()
    assert find_place("71336") is None
