"""Reading the public place tables: the real files from the shared folder, and broken ones.

The real files are read where they are (``../shared/data/places``), never copied into the
project; tests that need them skip where that folder is absent.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from passgenau.domain.errors import InvalidInput
from passgenau.geo.places import MunicipalityEntry, PostcodeEntry
from passgenau.reference.places import bw_municipalities, bw_postcodes, rems_murr_postcodes
from passgenau.reference.places_import import (
    MAX_PROBLEMS,
    PlacesFile,
    PlacesFormat,
    parse_places,
    place_name,
    read_places_file,
)

SHARED_PLACES = Path(__file__).resolve().parents[3] / "shared" / "data" / "places"
GV = "gv_auszug_31122021.csv"
OPENGEODB = "opengeodb_PLZ.tab"
GEONAMES = "plz_bw_geonames.csv"

GV_HEADER = (
    "\ufeffSatz-art;Text-kenn-zeichen;Land;RB;Kreis;VB;Gem;Gemeindename;;insgesamt;männlich;"
    "weiblich;je km2;plz;Längengrad;Breitengrad;key_travel;Reisegebiete;Schlüssel;"
    "Grad der Verstädterung\n"
)
GV_KREIS = "40;42;8;1;19;;;Rems-Murr-Kreis;;;;;;;;;;;;\n"
GV_WAIBLINGEN = (
    "60;67;8;1;19;79;79;Waiblingen, Stadt;42,75; 55 526; 27 198; 28 328; 1 299;71332;"
    "9,314525;48,83001;L50;Region Stuttgart;1;dicht besiedelt\n"
)


def shared(name: str) -> Path:
    path = SHARED_PLACES / name
    if not path.exists():
        pytest.skip(f"shared test data not here: {path}")
    return path


def problems_of(text: str, name: str = "places.csv") -> list[str]:
    with pytest.raises(InvalidInput) as err:
        parse_places(text, name)
    return [str(p) for p in err.value.problems]


# -- the real files ------------------------------------------------------------------


@pytest.fixture(scope="module")
def gv() -> PlacesFile:
    return read_places_file(shared(GV))


@pytest.fixture(scope="module")
def opengeodb() -> PlacesFile:
    return read_places_file(shared(OPENGEODB))


@pytest.fixture(scope="module")
def geonames() -> PlacesFile:
    return read_places_file(shared(GEONAMES))


def test_gemeindeverzeichnis_has_every_gemeinde(gv: PlacesFile) -> None:
    """10,997 Gemeinde rows (Satz-art 60): 10,994 with a centre, 3 without are skipped;
    the AGS are 8 unique digits; Baden-Württemberg (08) has 1,103."""
    assert gv.format is PlacesFormat.GV_AUSZUG
    assert (len(gv.municipalities), gv.skipped) == (10_994, 3)
    agss = [m.ags for m in gv.municipalities]
    assert len(set(agss)) == len(agss)
    assert all(len(a) == 8 and a.isdigit() for a in agss)
    assert sum(a.startswith("08") for a in agss) == 1_103
    assert gv.postcodes == ()


def test_gemeindeverzeichnis_values_are_read_as_german_numbers(gv: PlacesFile) -> None:
    """Waiblingen as the register has it: AGS built from Land/RB/Kreis/Gem, blanks as
    thousands separators, decimal commas, the Kreis' name from its Satz-art 40 row."""
    by_ags = {m.ags: m for m in gv.municipalities}
    assert by_ags["08119079"] == MunicipalityEntry(
        "08119079", "Waiblingen, Stadt", 48.83001, 9.314525, "71332", "Rems-Murr-Kreis", 55_526
    )
    dresden = by_ags["14612000"]  # Excel dropped the leading 0 of "01067"
    assert (dresden.short_name, dresden.postcode) == ("Dresden", "01067")
    assert by_ags["01001000"].population == 91_113  # " 91 113"


def test_gemeindeverzeichnis_agrees_with_the_derived_rems_murr_table(gv: PlacesFile) -> None:
    """The 31 Rems-Murr rows equal the project's derived extract, value by value."""
    with shared("rems_murr_gemeinden.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_ags = {m.ags: m for m in gv.municipalities}
    assert len(rows) == 31
    for r in rows:
        m = by_ags[r["ags"]]
        assert (m.name, m.postcode, m.population) == (r["name"], r["plz"], int(r["population"]))
        assert (m.lat, m.lon) == (float(r["lat"]), float(r["lon"]))


def test_opengeodb_has_one_centroid_per_postcode(opengeodb: PlacesFile) -> None:
    """8,289 PLZ, 525 of them in 70000–74999, as the provenance notes say."""
    assert opengeodb.format is PlacesFormat.OPENGEODB
    postcodes = opengeodb.postcodes
    assert len(postcodes) == len({p.postcode for p in postcodes}) == 8_289
    assert sum("70000" <= p.postcode <= "74999" for p in postcodes) == 525
    assert postcodes[0] == PostcodeEntry(
        "01067", "Dresden", 51.0600336463379, 13.7210676148814, "opengeodb"
    )
    assert opengeodb.municipalities == ()


def test_geonames_prefers_places_over_organisations(geonames: PlacesFile) -> None:
    """1,559 PLZ; a PLZ with place rows is their mean, company rows left out; one with
    company rows only is kept and marked (71327: Agentur für Arbeit Waiblingen)."""
    assert geonames.format is PlacesFormat.GEONAMES
    by_plz = {p.postcode: p for p in geonames.postcodes}
    assert len(by_plz) == len(geonames.postcodes) == 1_559
    assert by_plz["71332"] == PostcodeEntry(
        "71332", "Waiblingen", 48.8285, 9.3131, "geonames", "08119"
    )
    agentur = by_plz["71327"]
    assert agentur.organisation and agentur.place == ""
    assert (agentur.lat, agentur.lon) == (48.8257, 9.3103)
    stuttgart = by_plz["70173"]  # "Stuttgart" and "Stuttgart Stuttgart-Mitte"
    assert (stuttgart.place, stuttgart.organisation) == ("Stuttgart", False)
    assert sum(p.district == "08119" for p in by_plz.values()) == 42


def test_geonames_agrees_with_the_shipped_rems_murr_postcodes(geonames: PlacesFile) -> None:
    """The shipped Rems-Murr postcodes were built by the same rule (mean of place rows)."""
    by_plz = {p.postcode: p for p in geonames.postcodes}
    for shipped in rems_murr_postcodes():
        read = by_plz[shipped.postcode]
        assert (read.lat, read.lon, read.place) == (shipped.lat, shipped.lon, shipped.place)


def test_shipped_land_tables_are_the_parsed_files(gv: PlacesFile, geonames: PlacesFile) -> None:
    """``bw_municipalities.csv`` and ``bw_postcodes.csv`` hold exactly what the readers
    make of the shared files for Baden-Württemberg (see data/SOURCES.md)."""
    assert bw_municipalities() == tuple(m for m in gv.municipalities if m.ags.startswith("08"))
    assert bw_postcodes() == geonames.postcodes


def test_format_is_recognised_by_content_not_name(tmp_path: Path) -> None:
    """A register saved under a postcode-ish name is still read as the register."""
    misleading = tmp_path / "PLZ.tab"
    misleading.write_text(GV_HEADER + GV_KREIS + GV_WAIBLINGEN, encoding="utf-8")
    read = read_places_file(misleading)
    assert read.format is PlacesFormat.GV_AUSZUG
    assert [m.district_name for m in read.municipalities] == ["Rems-Murr-Kreis"]


# -- broken files --------------------------------------------------------------------


def test_unknown_file_is_refused_naming_it() -> None:
    """A file of no known format: one message naming file and line 1 and the formats."""
    (message,) = problems_of("id;name\n1;x\n", "daten.csv")
    assert message.startswith("daten.csv line 1: not a known places file")
    assert "Gemeindeverzeichnis" in message and "OpenGeoDB" in message


def test_bad_number_names_file_line_and_column() -> None:
    """A broken latitude is reported with the file, the line and the column's header."""
    broken = GV_WAIBLINGEN.replace("48,83001", "48,8x3001")
    assert problems_of(GV_HEADER + GV_KREIS + broken, "gv.csv") == [
        "gv.csv line 3: Breitengrad: '48,8x3001' is not a number"
    ]


def test_swapped_coordinates_are_outside_germany() -> None:
    """lon and lat swapped in OpenGeoDB rows: both columns are reported."""
    text = "#loc_id\tplz\tlon\tlat\tOrt\n1\t71332\t48.83\t9.31\tWaiblingen\n"
    assert problems_of(text, "PLZ.tab") == [
        "PLZ.tab line 2: lat: 9.31 is outside Germany (47.0..55.5)",
        "PLZ.tab line 2: lon: 48.83 is outside Germany (5.5..15.5)",
    ]


def test_missing_column_and_duplicate_postcode() -> None:
    """A GeoNames file without the Kreis column; an OpenGeoDB file naming a PLZ twice."""
    assert problems_of("country_code,zipcode,place,latitude,longitude,state_code\n") == [
        "places.csv line 1: community_code: missing column"
    ]
    text = "#loc_id\tplz\tlon\tlat\tOrt\n1\t71332\t9.31\t48.83\tA\n2\t71332\t9.31\t48.83\tB\n"
    assert problems_of(text, "PLZ.tab") == ["PLZ.tab line 3: plz: 71332 already on line 2"]


def test_problems_stop_after_a_few() -> None:
    """A file broken on every line reports the first few problems, then says so."""
    rows = "".join(f"{i}\tabc\t9.3\t48.8\tX\n" for i in range(50))
    messages = problems_of("#loc_id\tplz\tlon\tlat\tOrt\n" + rows, "PLZ.tab")
    assert len(messages) == MAX_PROBLEMS + 1
    assert messages[0] == "PLZ.tab line 2: plz: 'abc' is not a postcode (5 digits)"
    assert messages[-1] == "PLZ.tab: more problems not listed; fix these first"


def test_not_utf8_names_the_file(tmp_path: Path) -> None:
    """A Windows-1252 file is refused with its name, not a traceback."""
    path = tmp_path / "gv.csv"
    path.write_bytes((GV_HEADER + GV_KREIS + GV_WAIBLINGEN).encode("cp1252", "replace"))
    with pytest.raises(InvalidInput) as err:
        read_places_file(path)
    (problem,) = err.value.problems
    assert problem.where == "gv.csv" and "not UTF-8" in problem.message


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Stuttgart Stuttgart-Mitte", "Stuttgart"], "Stuttgart"),
        (["Laichingen Suppingen"], "Laichingen Suppingen"),
        (["Aspach", "Backnang"], "Aspach"),
        ([], ""),
    ],
)
def test_place_name_of_a_postcode(names: list[str], expected: str) -> None:
    """The shortest name beginning every other, else the first; none for organisations."""
    assert place_name(names) == expected
