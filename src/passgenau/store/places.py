"""Repository for the imported places (reference data, global to all tenants).

The municipality register and the postcode tables are public facts that every Jobcenter
in a shared database needs alike, so they carry no tenant (like the KldB titles). A
register is some 11,000 rows: an upsert loads what is stored once, inserts the new rows
in bulk and touches only the rows whose values changed, so that a re-import writes
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from passgenau.geo.places import MunicipalityEntry, PostcodeEntry
from passgenau.store.tables import PlaceMunicipalityRow, PlacePostcodeRow
from passgenau.store.values import PlaceCounts

INSERT_BATCH = 2000


def _municipality_values(m: MunicipalityEntry) -> dict[str, Any]:
    return {
        "ags": m.ags,
        "name": m.name,
        "district_name": m.district_name,
        "postcode": m.postcode,
        "lat": m.lat,
        "lon": m.lon,
        "population": m.population,
    }


def _postcode_values(p: PostcodeEntry) -> dict[str, Any]:
    return {
        "source": p.source,
        "postcode": p.postcode,
        "place": p.place,
        "district": p.district,
        "lat": p.lat,
        "lon": p.lon,
        "organisation": p.organisation,
    }


class PlaceRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _upsert(
        self, model: type[Any], keys: tuple[str, ...], rows: list[dict[str, Any]]
    ) -> PlaceCounts:
        stored = {
            tuple(getattr(row, k) for k in keys): row
            for row in self._session.scalars(select(model))
        }
        new: list[dict[str, Any]] = []
        updated = unchanged = 0
        for values in rows:
            row = stored.get(tuple(values[k] for k in keys))
            if row is None:
                new.append(values)
                continue
            changed = {k: v for k, v in values.items() if getattr(row, k) != v}
            if changed:
                for k, v in changed.items():
                    setattr(row, k, v)
                updated += 1
            else:
                unchanged += 1
        self._session.flush()
        for start in range(0, len(new), INSERT_BATCH):
            self._session.execute(insert(model), new[start : start + INSERT_BATCH])
        return PlaceCounts(len(new), updated, unchanged)

    def upsert_municipalities(self, entries: Iterable[MunicipalityEntry]) -> PlaceCounts:
        """Store Gemeinden by AGS: new ones added, changed ones updated."""
        rows = [_municipality_values(m) for m in entries]
        return self._upsert(PlaceMunicipalityRow, ("ags",), rows)

    def upsert_postcodes(self, entries: Iterable[PostcodeEntry]) -> PlaceCounts:
        """Store PLZ centroids by source and PLZ: new ones added, changed ones updated."""
        rows = [_postcode_values(p) for p in entries]
        return self._upsert(PlacePostcodeRow, ("source", "postcode"), rows)

    def municipalities(self) -> list[MunicipalityEntry]:
        """Every stored Gemeinde, by AGS."""
        stmt = select(PlaceMunicipalityRow).order_by(PlaceMunicipalityRow.ags)
        return [
            MunicipalityEntry(r.ags, r.name, r.lat, r.lon, r.postcode, r.district_name,
                              r.population)
            for r in self._session.scalars(stmt)
        ]

    def postcodes(self) -> list[PostcodeEntry]:
        """Every stored PLZ centroid, by source and PLZ."""
        stmt = select(PlacePostcodeRow).order_by(
            PlacePostcodeRow.source, PlacePostcodeRow.postcode
        )
        return [
            PostcodeEntry(r.postcode, r.place, r.lat, r.lon, r.source, r.district,
                          organisation=r.organisation)
            for r in self._session.scalars(stmt)
        ]

    def counts(self) -> tuple[int, int]:
        """(Gemeinden, PLZ rows) stored."""
        municipalities = self._session.scalar(
            select(func.count()).select_from(PlaceMunicipalityRow)
        )
        postcodes = self._session.scalar(select(func.count()).select_from(PlacePostcodeRow))
        return municipalities or 0, postcodes or 0
