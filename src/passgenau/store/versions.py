"""Optimistic locking on SQL: record versions, counted up on every change.

Candidates, vacancies, proposals and follow-ups carry a ``version`` column (1 when
created). Two ways of writing keep it honest:

- :func:`count_versions_up`, hooked into every unit of work's session, adds one to the
  version of each versioned row the ORM is about to update, so imports (upserts) and any
  other ORM write count versions up too, and still go out as batched ``UPDATE``s;
- :func:`update_if_current` is the check-and-set an edit uses: ``UPDATE … SET …,
  version = version + 1 WHERE id = :id AND version = :read``. When no row matches,
  someone else changed the record since it was read, and :class:`StaleRecord` names the
  version it has now. On PostgreSQL the ``UPDATE`` waits for a concurrent writer of the
  same row and then sees its commit, so two simultaneous edits cannot both win.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from passgenau.domain.concurrency import StaleRecord
from passgenau.domain.errors import NotFound
from passgenau.store.tables import CandidateRow, FollowUpRow, ProposalRow, VacancyRow

VERSIONED: tuple[type[Any], ...] = (CandidateRow, VacancyRow, ProposalRow, FollowUpRow)


def count_versions_up(session: Session, _context: Any, _instances: Any) -> None:
    """``before_flush``: one more version for each changed versioned row (bar new ones)."""
    with session.no_autoflush:
        for row in session.dirty:
            if not isinstance(row, VERSIONED) or not session.is_modified(row):
                continue
            if not inspect(row).attrs.version.history.has_changes():
                row.version = (row.version or 0) + 1


def update_if_current(
    session: Session, row_type: type[Any], pk: int, read: int, values: dict[str, Any],
    label: str,
) -> int:
    """Write ``values`` and count the version up, if it is still ``read``; the new version.

    Raises :class:`StaleRecord` with the stored version otherwise. A copy of the row the
    session holds is expired, so that it is read again when next used.
    """
    result = session.execute(
        update(row_type)
        .where(row_type.id == pk, row_type.version == read)
        .values(**values, version=row_type.version + 1)
        .execution_options(synchronize_session=False)
    )
    held = session.identity_map.get(identity_key(row_type, pk))
    if held is not None:
        session.expire(held)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        current = session.scalar(select(row_type.version).where(row_type.id == pk))
        if current is None:
            raise NotFound(f"{label}: no longer stored")
        raise StaleRecord(label, read, current)
    return read + 1


class RecordVersions:
    """Versions of candidates and vacancies by external id, for services that edit them."""

    _ROWS: ClassVar[dict[str, type[Any]]] = {"candidate": CandidateRow, "vacancy": VacancyRow}

    def __init__(self, session: Session, tenant_id: int) -> None:
        self._session = session
        self._tenant_id = tenant_id

    def _pk_and_version(self, entity: str, ext_id: str) -> tuple[int, int]:
        row_type = self._ROWS[entity]
        found = self._session.execute(
            select(row_type.id, row_type.version).where(
                row_type.tenant_id == self._tenant_id, row_type.ext_id == ext_id
            )
        ).first()
        if found is None:
            raise NotFound(f'no {entity} with id "{ext_id}"')
        return int(found[0]), int(found[1])

    def of(self, entity: str, ext_id: str) -> int:
        """The stored version of a ``candidate`` or ``vacancy``."""
        return self._pk_and_version(entity, ext_id)[1]

    def bump(self, entity: str, ext_id: str, read: int | None = None) -> int:
        """Count the version up (a change not in the record's own columns, e.g. a hire on
        a vacancy); with ``read``, only if the version is still that. The new version."""
        row_type = self._ROWS[entity]
        pk = self._pk_and_version(entity, ext_id)[0]
        if read is not None:
            return update_if_current(self._session, row_type, pk, read, {},
                                     f'{entity} "{ext_id}"')
        # Unconditional: on PostgreSQL it waits for a concurrent writer of the row and
        # then counts on from that one's version.
        self._session.execute(
            update(row_type).where(row_type.id == pk).values(version=row_type.version + 1)
            .execution_options(synchronize_session=False)
        )
        held = self._session.identity_map.get(identity_key(row_type, pk))
        if held is not None:
            self._session.expire(held)
        return int(self._session.scalar(select(row_type.version).where(row_type.id == pk)))
