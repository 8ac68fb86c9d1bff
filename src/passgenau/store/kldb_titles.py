"""Repository for the KldB 2010 titles (reference data, global to all tenants).

Titles turn codes like ``62102`` into words a placement officer reads
("Berufe im Verkauf (ohne Produktspezialisierung) - fachlich ausgerichtete Tätigkeiten").
The whole table is a couple of thousand rows, so an upsert simply loads it once.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from passgenau.store.repository import chunked
from passgenau.store.tables import KldbTitleRow
from passgenau.store.values import KldbTitleEntry


class KldbTitleRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def upsert(self, entries: Iterable[KldbTitleEntry]) -> int:
        """Store the titles (new codes added, changed ones updated); returns how many
        entries were given. The service has checked them
        (:func:`passgenau.services.records.store_kldb_titles`)."""
        given = list(entries)
        stored = {row.code: row for row in self._session.scalars(select(KldbTitleRow))}
        for code, level, title, short_title in given:
            row = stored.get(code)
            if row is None:
                row = KldbTitleRow(code=code)
                self._session.add(row)
            row.level = level
            row.title = title
            row.short_title = short_title or ""
        return len(given)

    def titles(self, codes: Iterable[str] | None = None, *, short: bool = False) -> dict[str, str]:
        """Code -> title (or short title, falling back to the title) for ``codes``, or for
        every stored code; unknown codes are left out."""
        column = KldbTitleRow.short_title if short else KldbTitleRow.title
        stmt = select(KldbTitleRow.code, column, KldbTitleRow.title).order_by(KldbTitleRow.code)
        if codes is None:
            rows = list(self._session.execute(stmt))
        else:
            wanted = sorted(set(codes))
            rows = []
            for chunk in chunked(wanted):
                rows.extend(self._session.execute(stmt.where(KldbTitleRow.code.in_(chunk))))
        return {code: text or title for code, text, title in rows}
