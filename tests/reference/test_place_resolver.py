"""The place resolver: postcode and municipality name → coordinates, with the reason.

Pure tests: the tables are the shipped ones and, where the shared folder is there, the
real registers parsed in memory (the database path is tested in tests/store).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passgenau.geo.places import (
    Gazetteer,
    MunicipalityEntry,
    Outcome,
    PostcodeEntry,
    clean_postcode,
    name_key,
)
from passgenau.reference.places import bw_municipalities, home_district, shipped_gazetteer
from passgenau.reference.places_import import read_places_file

SHARED_PLACES = Path(__file__).resolve().parents[3] / "shared" / "data" / "places"


def near(resolution, lat: float, lon: float, tolerance: float = 0.01) -> bool:
    return (
        resolution.resolved
        and abs(resolution.lat - lat) <= tolerance
        and abs(resolution.lon - lon) <= tolerance
    )


@pytest.fixture(scope="module")
def germany() -> Gazetteer:
    """Shipped tables plus the real register and both postcode tables, as after import."""
    files = [SHARED_PLACES / n for n in
             ("gv_auszug_31122021.csv", "opengeodb_PLZ.tab", "plz_bw_geonames.csv")]
    if not all(f.exists() for f in files):
        pytest.skip(f"shared test data not here: {SHARED_PLACES}")
    read = [read_places_file(f) for f in files]
    municipalities = tuple(m for r in read for m in r.municipalities)
    postcodes = tuple(p for r in read for p in r.postcodes)
    return shipped_gazetteer(municipalities, postcodes, register_imported=True)


@pytest.fixture(scope="module")
def register_only() -> Gazetteer:
    """The real register alone (no postcode tables), with Rems-Murr as home."""
    path = SHARED_PLACES / "gv_auszug_31122021.csv"
    if not path.exists():
        pytest.skip(f"shared test data not here: {path}")
    return Gazetteer(read_places_file(path).municipalities, home_district="08119")


# -- postcodes -----------------------------------------------------------------------


def test_postcode_of_waiblingen_shipped() -> None:
    """"71332" → its centroid near (48.83, 9.32) with nothing imported."""
    found = shipped_gazetteer().resolve("71332")
    assert found.outcome is Outcome.POSTCODE
    assert near(found, 48.83, 9.32)
    assert found.reason == "postcode 71332 (Waiblingen; geonames)"


def test_postcode_beats_the_name(germany: Gazetteer) -> None:
    """An exact postcode wins over a name that disagrees (the rule: postcode first)."""
    found = germany.resolve("71332", "Schorndorf")
    assert found.outcome is Outcome.POSTCODE and near(found, 48.83, 9.32)


def test_postcode_outside_the_land_needs_an_import(germany: Gazetteer) -> None:
    """Dresden's PLZ is unknown to the shipped tables but found after the import, also as
    Excel leaves it ("1067")."""
    assert not shipped_gazetteer().resolve("01067").resolved
    assert near(germany.resolve("1067"), 51.06, 13.72)
    assert germany.resolve("D-01067").reason == "postcode 01067 (Dresden; opengeodb)"


def test_geonames_is_preferred_to_opengeodb(germany: Gazetteer) -> None:
    """71332 is in both tables; GeoNames (maintained) gives the answer."""
    assert germany.resolve("71332").reason.endswith("geonames)")


def test_company_postcode_resolves_after_places() -> None:
    """71361 belongs to Kärcher and others only: found, and said so."""
    found = shipped_gazetteer().resolve("71361")
    assert found.outcome is Outcome.POSTCODE and near(found, 48.87, 9.39)
    assert "Großkunden-PLZ" in found.reason


def test_register_postcode_gives_the_municipality_centre() -> None:
    """A PLZ only the register knows (as a Gemeinde's PLZ) gives that Gemeinde's centre."""
    town = MunicipalityEntry("08119999", "Musterdorf", 48.9, 9.4, "71999", "Rems-Murr-Kreis")
    found = Gazetteer([town]).resolve("71999")
    assert found.outcome is Outcome.POSTCODE_MUNICIPALITY
    assert (found.lat, found.lon) == (48.9, 9.4)


def test_postcode_in_the_municipality_cell() -> None:
    """"71522 Backnang" typed into one cell is read as postcode and name."""
    found = shipped_gazetteer().resolve("", "71522 Backnang")
    assert found.outcome is Outcome.POSTCODE and near(found, 48.95, 9.44)


@pytest.mark.parametrize(
    ("given_text", "reason"),
    [("99999", "postcode 99999 not found"), ("ABC", "is not a German postcode (5 digits)")],
)
def test_unknown_postcode_alone(given_text: str, reason: str) -> None:
    """A postcode found nowhere, without a name to fall back on, is not resolved."""
    found = shipped_gazetteer().resolve(given_text)
    assert (found.outcome, found.reason, found.resolved) == (Outcome.NOT_FOUND, reason, False)


# -- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Schorndorf", "schorndorf", "SCHORNDORF", "Schorndorf, Stadt", "Stadt Schorndorf",
     "Schorndorf (Württ.)", "Schorndorf (Württemberg)"],
)
def test_schorndorf_by_name(text: str) -> None:
    """The Rems-Murr town by any usual spelling: its centre from the register."""
    found = shipped_gazetteer().resolve("", text)
    assert found.outcome is Outcome.MUNICIPALITY
    assert (found.lat, found.lon) == (48.805051, 9.528152)


def test_schorndorf_with_all_germany_prefers_the_home_district(germany: Gazetteer) -> None:
    """Two Schorndorfs in Germany: the Jobcenter's own Kreis wins, the other is counted;
    a postcode of the Bavarian region chooses the Bavarian one."""
    home = germany.resolve("", "Schorndorf")
    assert (home.lat, home.lon) == (48.805051, 9.528152)
    assert "08119067" in home.reason and "chosen over 1 other" in home.reason
    bavarian = germany.resolve("93400", "Schorndorf")  # not a PLZ, but the region's
    assert "09372158" in bavarian.reason


def test_neustadt_is_ambiguous(germany: Gazetteer) -> None:
    """"Neustadt" names 16 Gemeinden: not resolved; the reason lists Kreis and AGS."""
    found = germany.resolve("", "Neustadt")
    assert found.outcome is Outcome.AMBIGUOUS and not found.resolved
    assert len(found.candidates) == 16
    assert "Neustadt (Hessen), Stadt (Kreis Marburg-Biedenkopf, AGS 06534016)" in (
        found.candidates
    )
    assert found.reason.startswith("is ambiguous: Neustadt in Holstein, Stadt (Kreis ")
    assert found.reason.endswith("; and 8 more")


@pytest.mark.parametrize(
    ("postcode", "text", "district", "ags"),
    [
        ("", "Neustadt (Hessen)", "", "06534016"),  # the official qualifier
        ("", "Neustadt Hessen", "", "06534016"),
        ("", "Neustadt (Marburg-Biedenkopf)", "", "06534016"),  # the Kreis as qualifier
        ("", "Neustadt", "06534", "06534016"),  # the district's key
        ("", "Neustadt", "Marburg-Biedenkopf", "06534016"),  # or its name
        ("35200", "Neustadt", "", "06534016"),  # the postcode's region (unknown PLZ)
        ("", "Neustadt an der Weinstraße", "", "07316000"),
        ("", "Neustadt a.d.Donau", "", "09273152"),
        ("", "Titisee-Neustadt", "", "08315113"),
        ("", "titisee neustadt", "", "08315113"),
    ],
)
def test_neustadt_disambiguated(
    register_only: Gazetteer, postcode: str, text: str, district: str, ags: str
) -> None:
    """Qualifier, district or postcode region pick one Neustadt."""
    found = register_only.resolve(postcode, text, district)
    wanted = register_only.municipality(ags)
    assert wanted is not None
    assert found.resolved, found.reason
    assert (found.lat, found.lon) == (wanted.lat, wanted.lon)


def test_umlaut_spellings_meet_but_prefer_the_exact_one(register_only: Gazetteer) -> None:
    """"Pluederhausen" and "Pluderhausen" find Plüderhausen; "Husby" and "Hüsby" are two
    Gemeinden, each found by its own spelling, "Huesby" is Hüsby."""
    assert "08119055" in register_only.resolve("", "Pluderhausen").reason
    assert "08119055" in register_only.resolve("", "Pluederhausen").reason
    assert "01059127" in register_only.resolve("", "Husby").reason
    assert "01059041" in register_only.resolve("", "Hüsby").reason
    assert "01059041" in register_only.resolve("", "Huesby").reason


def test_uninhabited_area_of_the_same_name_is_passed_over(register_only: Gazetteer) -> None:
    """"Helmstedt" is the town, not the gemeindefreies Gebiet beside it; the designation
    typed in full picks either ("Garding, Stadt" vs "Garding, Kirchspiel")."""
    assert "03154028" in register_only.resolve("", "Helmstedt").reason
    assert register_only.resolve("", "Garding").outcome is Outcome.AMBIGUOUS
    assert "01054036" in register_only.resolve("", "Garding, Stadt").reason


def test_every_municipality_resolves_by_its_name_and_kreis(register_only: Gazetteer) -> None:
    """All 10,994 Gemeinden: by official name and Kreis, each gives its own centre, except
    names that repeat within one Kreis, which stay ambiguous (never a wrong place)."""
    municipalities = list(register_only.municipalities)
    namesakes: dict[tuple[str, str], list[MunicipalityEntry]] = {}
    for m in municipalities:
        namesakes.setdefault((name_key(m.name).full, m.district), []).append(m)
    wrong, ambiguous = [], 0
    for m in municipalities:
        found = register_only.resolve("", m.name, m.district)
        same = namesakes[(name_key(m.name).full, m.district)]
        if len(same) > 1 and not found.resolved:
            ambiguous += 1
        elif (found.lat, found.lon) not in {(s.lat, s.lon) for s in same}:
            wrong.append((m.ags, found.reason))
    assert len(municipalities) == 10_994
    assert wrong == []
    assert ambiguous == 2  # Neuenkirchen twice in Vorpommern-Greifswald


def test_shipped_land_resolves_every_municipality_by_name() -> None:
    """All 1,103 Gemeinden of Baden-Württemberg by official name and Kreis, offline."""
    gazetteer = shipped_gazetteer()
    for m in bw_municipalities():
        found = gazetteer.resolve("", m.name, m.district)
        assert (found.lat, found.lon) == (m.lat, m.lon), (m.name, found.reason)


def test_unknown_name_and_the_postcode_tables_fallback() -> None:
    """"Neustat" is nowhere; a locality only a postcode table names is found there."""
    assert shipped_gazetteer().resolve("", "Neustat").outcome is Outcome.NOT_FOUND
    hamlet = PostcodeEntry("71111", "Weilerhof", 48.9, 9.5, "opengeodb")
    found = Gazetteer((), [hamlet]).resolve("", "Weilerhof")
    assert found.outcome is Outcome.PLACE and (found.lat, found.lon) == (48.9, 9.5)


def test_nothing_given() -> None:
    """Empty cells are not a place."""
    assert shipped_gazetteer().resolve("  ", "").outcome is Outcome.NOTHING_GIVEN


def test_home_district_is_rems_murr() -> None:
    assert home_district() == "08119"


# -- the normaliser: properties ------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ"
name_words = st.lists(
    st.text(alphabet=LETTERS, min_size=1, max_size=8),
    min_size=1,
    max_size=4,
)
names = name_words.map(" ".join)


@given(names)
def test_case_does_not_matter(name: str) -> None:
    """Upper, lower or mixed case: the same keys."""
    assert name_key(name.upper()) == name_key(name.lower()) == name_key(name)


@given(names)
def test_umlauts_and_their_transliteration_meet(name: str) -> None:
    """ä/ö/ü/ß written as ae/oe/ue/ss give the same ``full`` key."""
    spelled = name.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        spelled = spelled.replace(umlaut, plain)
    assert name_key(spelled).full == name_key(name).full


@given(name_words)
def test_hyphens_and_blanks_are_the_same(words: list[str]) -> None:
    """"Kernen-im-Remstal" is "Kernen im Remstal"."""
    assert name_key("-".join(words)).tiers()[1:] == name_key(" ".join(words)).tiers()[1:]


@given(names, st.sampled_from(["Stadt", "St", "GKSt", "M", "gemfr. Gebiet", "Hansestadt"]))
def test_designation_is_ignored(name: str, designation: str) -> None:
    """", Stadt", ", GKSt" and the like change no key but the official one."""
    assert name_key(f"{name}, {designation}").tiers()[1:] == name_key(name).tiers()[1:]


@given(names, st.sampled_from(["(Württ.)", "/ Orla", "an der Weinstraße", "a.d.Donau", "(Hessen)"]))
def test_qualifier_leaves_the_base(name: str, qualifier: str) -> None:
    """A qualifier after the name leaves ``base`` as the name's own."""
    assert name_key(f"{name} {qualifier}").base == name_key(name).base


@given(st.from_regex(r"(0[1-9]|[1-9][0-9])[0-9]{3}", fullmatch=True))
def test_clean_postcode_keeps_five_digits(plz: str) -> None:
    """Five digits stay; a "D-" prefix and blanks go; four digits get their 0 back."""
    assert clean_postcode(plz) == clean_postcode(f" D-{plz} ") == plz
    if plz.startswith("0"):
        assert clean_postcode(plz[1:]) == plz
