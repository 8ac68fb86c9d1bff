"""Use cases on places: import the public registers, and geocode what a Jobcenter reads in.

``passgenau reference import-places`` stores a municipality register or a postcode table
(global reference data, like the KldB titles) in one transaction; reading a CSV bundle
whose locations have only a postcode or a municipality looks them up in the shipped tables
plus whatever was imported (:func:`database_gazetteer`), loaded only when some location
needs it, so that bundles with coordinates never touch the database for this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from passgenau.domain.model import Dataset
from passgenau.exchange import load_path, read_csv_bundle
from passgenau.exchange.integrity import KnownIds
from passgenau.geo.places import Gazetteer
from passgenau.reference.places import shipped_gazetteer
from passgenau.reference.places_import import PlacesFile, PlacesFormat
from passgenau.store.places import PlaceCounts, PlaceRepository
from passgenau.store.tables import PlaceMunicipalityRow
from passgenau.store.unit_of_work import SqlUnitOfWork

# -- import --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlacesImportSummary:
    format: PlacesFormat
    municipalities: PlaceCounts
    postcodes: PlaceCounts
    distinct_postcodes: int  # PLZ the file names (for the register: its Gemeinden's)
    organisation_postcodes: int  # of those, Großkunden-PLZ only organisations have
    skipped: int  # rows left out on purpose (Gemeinden without coordinates)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in (self.municipalities, self.postcodes))


def import_places(uow: SqlUnitOfWork, places: PlacesFile) -> PlacesImportSummary:
    """Upsert a parsed places file; the caller commits. A re-import changes nothing."""
    repository = PlaceRepository(uow.session)
    municipalities = repository.upsert_municipalities(places.municipalities)
    postcodes = repository.upsert_postcodes(places.postcodes)
    uow.session.flush()
    named = {m.postcode for m in places.municipalities if m.postcode}
    named |= {p.postcode for p in places.postcodes}
    return PlacesImportSummary(
        format=places.format,
        municipalities=municipalities,
        postcodes=postcodes,
        distinct_postcodes=len(named),
        organisation_postcodes=sum(p.organisation for p in places.postcodes),
        skipped=places.skipped,
    )


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _counts(c: PlaceCounts) -> str:
    return f"{_number(c.created)} neu, {_number(c.updated)} geändert, " \
           f"{_number(c.unchanged)} unverändert"


def summary_text(s: PlacesImportSummary) -> str:
    """The German summary the command line prints."""
    lines = [f"Ortsverzeichnis eingelesen: {s.format.value}"]
    if s.format is PlacesFormat.GV_AUSZUG:
        lines.append(f"  Gemeinden:      {_counts(s.municipalities)}")
        lines.append(f"  Postleitzahlen: {_number(s.distinct_postcodes)} verschiedene "
                     "(das Verzeichnis nennt je Gemeinde eine)")
    else:
        organisations = (f", davon {_number(s.organisation_postcodes)} Großkunden-PLZ"
                         if s.organisation_postcodes else "")
        lines.append(f"  Postleitzahlen: {_counts(s.postcodes)}{organisations}")
    if s.skipped:
        lines.append(f"  Übersprungen:   {_number(s.skipped)} Gemeinden ohne Koordinaten")
    if not s.changed:
        lines.append("  Keine Änderungen: alle Orte waren schon aktuell.")
    return "\n".join(lines)


# -- geocoding -----------------------------------------------------------------------


def stored_gazetteer(session: Session) -> Gazetteer:
    """The shipped tables plus every imported place."""
    repository = PlaceRepository(session)
    municipalities = tuple(repository.municipalities())
    postcodes = tuple(repository.postcodes())
    return shipped_gazetteer(municipalities, postcodes, register_imported=bool(municipalities))


def _absent_sqlite(url: str) -> bool:
    """Whether ``url`` is a SQLite database that does not exist (so holds no places)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database
    if not database or database == ":memory:":
        return True
    return not database.startswith("file:") and not Path(database).expanduser().exists()


def engine_gazetteer(engine: Engine) -> Gazetteer:
    """:func:`stored_gazetteer` on an engine whose schema may predate the places tables."""
    if not inspect(engine).has_table(PlaceMunicipalityRow.__tablename__):
        return shipped_gazetteer()
    with Session(engine) as session:
        return stored_gazetteer(session)


def database_gazetteer(url: str, *, migrate: bool) -> Gazetteer:
    """Shipped plus imported places of the database at ``url``.

    ``migrate=False`` (``validate``) leaves the database as it is: one that does not exist
    or predates the places tables gives the shipped tables only.
    """
    from passgenau.store.database import opened

    if not migrate and _absent_sqlite(url):
        return shipped_gazetteer()
    with opened(url, migrate=migrate) as engine:
        return engine_gazetteer(engine)


def load_input(
    path: Path,
    *,
    partial: bool = False,
    known: KnownIds | None = None,
    places: Callable[[], Gazetteer] | None = None,
) -> Dataset:
    """:func:`~passgenau.exchange.load_path`, with a CSV bundle's locations that have only
    a postcode or municipality looked up in ``places()`` (called once, only if needed).

    JSON documents stay strict: ``lat``/``lon`` are required there in ``passgenau/1``, and
    ``validate``, ``import`` and ``match`` must agree on what a document means.
    """
    if path.is_dir():
        return read_csv_bundle(path, partial=partial, known=known, places=places)
    return load_path(path, partial=partial, known=known)
