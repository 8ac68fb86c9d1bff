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
from typing import TYPE_CHECKING

from passgenau.domain.model import Dataset
from passgenau.exchange import load_path, read_csv_bundle
from passgenau.exchange.integrity import KnownIds
from passgenau.geo.places import Gazetteer
from passgenau.reference.places import shipped_gazetteer
from passgenau.reference.places_import import PlacesFile, PlacesFormat

if TYPE_CHECKING:
    from passgenau.services.runtime import Runtime
    from passgenau.services.unit_of_work import PlaceCounts, UnitOfWork

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


def import_places(uow: UnitOfWork, places: PlacesFile) -> PlacesImportSummary:
    """Upsert a parsed places file in one transaction. A re-import changes nothing."""
    with uow:
        municipalities = uow.places.upsert_municipalities(places.municipalities)
        postcodes = uow.places.upsert_postcodes(places.postcodes)
        uow.flush()
        uow.commit()
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


def import_places_file(uow: UnitOfWork, source: Path) -> PlacesImportSummary:
    """Read a Destatis register extract, an OpenGeoDB ``PLZ.tab`` or a GeoNames postcode
    file and store it (:func:`import_places`); a file that cannot be read changes nothing."""
    from passgenau.reference.places_import import read_places_file

    return import_places(uow, read_places_file(source))


# -- geocoding -----------------------------------------------------------------------


def stored_gazetteer(uow: UnitOfWork) -> Gazetteer:
    """The shipped tables plus every imported place."""
    with uow:
        return gazetteer_of(uow)


def gazetteer_of(uow: UnitOfWork) -> Gazetteer:
    """:func:`stored_gazetteer` read in the entered ``uow``."""
    municipalities = tuple(uow.places.municipalities())
    postcodes = tuple(uow.places.postcodes())
    return shipped_gazetteer(municipalities, postcodes, register_imported=bool(municipalities))


def database_gazetteer(runtime: Runtime, *, if_present: bool = False) -> Gazetteer:
    """Shipped plus imported places of the runtime's database.

    ``if_present`` (``validate``) leaves the database as it is: one that does not exist
    or has no schema yet gives the shipped tables only, and nothing is created.
    """
    if if_present and not runtime.database_exists():
        return shipped_gazetteer()
    return stored_gazetteer(runtime.unit_of_work())


def load_input(
    path: Path,
    *,
    partial: bool = False,
    known: KnownIds | None = None,
    places: Callable[[], Gazetteer] | None = None,
) -> Dataset:
    """:func:`~passgenau.exchange.load_path`, with a CSV bundle's locations that have only
    a postcode or municipality looked up in ``places()`` (called once, only if needed;
default: the shipped tables).

    JSON documents stay strict: ``lat``/``lon`` are required there in ``passgenau/1``, and
    ``validate``, ``import`` and ``match`` must agree on what a document means.
    """
    if path.is_dir():
        return read_csv_bundle(path, partial=partial, known=known,
                               places=places or shipped_gazetteer)
    return load_path(path, partial=partial, known=known)
