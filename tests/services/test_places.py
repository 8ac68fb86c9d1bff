"""Importing places and geocoding with them, on the in-memory unit of work.

README: ``reference import-places`` stores a municipality register or a postcode table
for offline geocoding; a re-import changes nothing; a CSV bundle's places without
coordinates are then found in the shipped tables plus what was imported.
"""

from __future__ import annotations

from passgenau.geo.places import MunicipalityEntry, Outcome, PostcodeEntry
from passgenau.reference.places_import import PlacesFile, PlacesFormat
from passgenau.services.places import import_places, stored_gazetteer
from passgenau.services.unit_of_work import PlaceCounts

from .fakes import FakeDatabase

# Neustadt (Hessen) lies outside the shipped tables (Baden-Württemberg); a second
# Neustadt makes the bare name ambiguous.
REGISTER = PlacesFile(
    PlacesFormat.GV_AUSZUG,
    municipalities=(
        MunicipalityEntry("06534016", "Neustadt (Hessen), Stadt", 50.852589, 9.114982,
                          "35279", "Marburg-Biedenkopf"),
        MunicipalityEntry("07337061", "Neustadt an der Weinstraße, Stadt", 49.35, 8.14,
                          "67433", "Neustadt an der Weinstraße"),
    ),
    skipped=1,
)
POSTCODES = PlacesFile(
    PlacesFormat.GEONAMES,
    postcodes=(
        PostcodeEntry("01067", "Dresden", 51.06, 13.72, "geonames"),
        PostcodeEntry("70049", "", 48.78, 9.18, "geonames", organisation=True),
    ),
)


def test_a_register_imports_once_and_reimports_unchanged(database: FakeDatabase) -> None:
    """Both Gemeinden are new the first time, unchanged the second; the summary says
    which PLZ the file named and what it skipped."""
    first = import_places(database.unit_of_work(), REGISTER)
    assert first.municipalities == PlaceCounts(created=2)
    assert (first.distinct_postcodes, first.skipped, first.changed) == (2, 1, True)
    again = import_places(database.unit_of_work(), REGISTER)
    assert again.municipalities == PlaceCounts(unchanged=2)
    assert not again.changed


def test_a_postcode_table_counts_organisation_postcodes(database: FakeDatabase) -> None:
    """Großkunden-PLZ are counted apart: only organisations live there."""
    summary = import_places(database.unit_of_work(), POSTCODES)
    assert summary.postcodes == PlaceCounts(created=2)
    assert (summary.distinct_postcodes, summary.organisation_postcodes) == (2, 1)


def test_imported_places_are_found_and_a_bare_name_is_ambiguous(database: FakeDatabase) -> None:
    """After the import, Neustadt (Hessen) resolves to its centre, a bare "Neustadt" is
    ambiguous, and an imported PLZ resolves."""
    assert not stored_gazetteer(database.unit_of_work()).register_imported
    import_places(database.unit_of_work(), REGISTER)
    import_places(database.unit_of_work(), POSTCODES)
    gazetteer = stored_gazetteer(database.unit_of_work())
    assert gazetteer.register_imported
    hessen = gazetteer.resolve("", "Neustadt (Hessen)")
    assert (hessen.lat, hessen.lon) == (50.852589, 9.114982)
    assert gazetteer.resolve("", "Neustadt").outcome is Outcome.AMBIGUOUS
    dresden = gazetteer.resolve("01067")
    assert (dresden.lat, dresden.lon) == (51.06, 13.72)
