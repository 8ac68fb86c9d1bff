"""Imported places in the database, on SQLite and PostgreSQL: upsert, read back, resolve."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from passgenau.config import Settings
from passgenau.geo.places import Gazetteer, Outcome, PostcodeEntry
from passgenau.presentation.places import places_import_text
from passgenau.reference.places_import import PlacesFile, read_places_file
from passgenau.services.places import database_gazetteer, import_places, stored_gazetteer
from passgenau.services.runtime import Runtime
from passgenau.services.unit_of_work import PlaceCounts
from passgenau.store.unit_of_work import SqlUnitOfWork

SHARED_PLACES = Path(__file__).resolve().parents[3] / "shared" / "data" / "places"
FILES = {
    "gv": "gv_auszug_31122021.csv",
    "opengeodb": "opengeodb_PLZ.tab",
    "geonames": "plz_bw_geonames.csv",
}


@pytest.fixture(scope="module")
def parsed() -> dict[str, PlacesFile]:
    """The three real files, parsed once for the module."""
    paths = {key: SHARED_PLACES / name for key, name in FILES.items()}
    missing = [str(p) for p in paths.values() if not p.exists()]
    if missing:
        pytest.skip(f"shared test data not here: {', '.join(missing)}")
    return {key: read_places_file(path) for key, path in paths.items()}


def store(engine: Engine, places: PlacesFile):
    return import_places(SqlUnitOfWork(engine), places)


def gazetteer_at(url: str, data_dir: Path, *, if_present: bool) -> Gazetteer:
    """The places of the database at ``url``, read as the command line does."""
    runtime = Runtime(Settings(database_url=url, data_dir=data_dir))
    try:
        return database_gazetteer(runtime, if_present=if_present)
    finally:
        runtime.close()


@pytest.mark.parametrize(
    ("key", "municipalities", "postcodes"),
    [("gv", 10_994, 0), ("opengeodb", 0, 8_289), ("geonames", 0, 1_559)],
)
def test_each_real_file_imports_and_reimports_unchanged(
    engine: Engine,
    parsed: dict[str, PlacesFile],
    row_counts: Callable[[], dict[str, int]],
    key: str,
    municipalities: int,
    postcodes: int,
) -> None:
    """Every row lands; importing the same file again changes nothing."""
    first = store(engine, parsed[key])
    assert first.municipalities == PlaceCounts(created=municipalities)
    assert first.postcodes == PlaceCounts(created=postcodes)
    counts = row_counts()
    assert (counts["place_municipalities"], counts["place_postcodes"]) == (
        municipalities,
        postcodes,
    )
    again = store(engine, parsed[key])
    assert again.municipalities == PlaceCounts(unchanged=municipalities)
    assert again.postcodes == PlaceCounts(unchanged=postcodes)
    assert not again.changed
    assert "Keine Änderungen" in places_import_text(again)
    assert row_counts() == counts


def test_values_read_back_exactly(engine: Engine, parsed: dict[str, PlacesFile]) -> None:
    """What is stored is what was parsed, floats and all (both tables, both databases)."""
    store(engine, parsed["gv"])
    store(engine, parsed["geonames"])
    with SqlUnitOfWork(engine) as uow:
        repository = uow.places
        assert repository.municipalities() == sorted(
            parsed["gv"].municipalities, key=lambda m: m.ags
        )
        assert repository.postcodes() == list(parsed["geonames"].postcodes)
        assert uow.places.counts() == (10_994, 1_559)


def test_changed_rows_are_updated_others_untouched(
    engine: Engine, parsed: dict[str, PlacesFile]
) -> None:
    """A newer register with one moved centre updates that one Gemeinde only."""
    register = parsed["gv"]
    store(engine, register)
    moved = list(register.municipalities)
    moved[0] = replace(moved[0], lat=moved[0].lat + 0.001)
    summary = store(engine, replace(register, municipalities=tuple(moved)))
    assert summary.municipalities == PlaceCounts(updated=1, unchanged=10_993)


def test_two_postcode_tables_live_side_by_side(
    engine: Engine, parsed: dict[str, PlacesFile]
) -> None:
    """OpenGeoDB and GeoNames both hold 71332; both rows stay, GeoNames answers."""
    store(engine, parsed["opengeodb"])
    store(engine, parsed["geonames"])
    gazetteer = stored_gazetteer(SqlUnitOfWork(engine))
    assert gazetteer.resolve("71332").reason == "postcode 71332 (Waiblingen; geonames)"
    assert gazetteer.resolve("01067").reason == "postcode 01067 (Dresden; opengeodb)"


def test_an_uncommitted_import_writes_nothing(
    engine: Engine, parsed: dict[str, PlacesFile], row_counts: Callable[[], dict[str, int]]
) -> None:
    """Import is one transaction: an error half-way (a postcode the database refuses,
    after the whole register was sent) leaves nothing behind."""
    before = row_counts()
    broken = PostcodeEntry("71332", "Waiblingen", None, 9.3, "geonames")  # type: ignore[arg-type]
    with pytest.raises(IntegrityError):
        import_places(SqlUnitOfWork(engine), replace(parsed["gv"], postcodes=(broken,)))
    assert row_counts() == before


def test_database_places_resolve_neustadt_and_schorndorf(
    engine: Engine, database_url: str, parsed: dict[str, PlacesFile], tmp_path: Path
) -> None:
    """After importing the register: "Neustadt" is ambiguous, "Schorndorf" is the home
    district's, "71332" is Waiblingen — read from the database by URL."""
    store(engine, parsed["gv"])
    gazetteer = gazetteer_at(database_url, tmp_path, if_present=True)
    assert gazetteer.register_imported
    assert gazetteer.resolve("", "Neustadt").outcome is Outcome.AMBIGUOUS
    schorndorf = gazetteer.resolve("", "Schorndorf")
    assert (schorndorf.lat, schorndorf.lon) == (48.805051, 9.528152)
    waiblingen = gazetteer.resolve("71332")
    assert abs(waiblingen.lat - 48.83) < 0.01 and abs(waiblingen.lon - 9.32) < 0.01


def test_a_database_without_places_gives_the_shipped_tables(tmp_path: Path) -> None:
    """``validate`` neither creates a missing SQLite file nor needs the places tables."""
    url = f"sqlite:///{tmp_path / 'none' / 'passgenau.db'}"
    gazetteer = gazetteer_at(url, tmp_path, if_present=True)
    assert not gazetteer.register_imported
    assert gazetteer.resolve("", "Schorndorf").resolved
    assert not (tmp_path / "none").exists()
