"""The audit log: who created, changed, deleted or imported which record, and when.

It keeps the NAMES of the changed fields and, for the non-personal ones only, their old
and new values (:class:`passgenau.domain.audit.FieldChange`): personal values are social
data (Sozialdaten) and must not be copied into a log that lives longer than the records,
so which fields are personal is decided in one place, ``domain.audit.PERSONAL_FIELDS``,
and a personal field's values are dropped here again whatever the caller passed. To make
a slip impossible, field names are checked to look like identifiers, and a bad one is
refused without echoing it.

Entries are collected and written in one bulk insert when the unit of work flushes or
commits (an import of thousands of records audits thousands of them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from passgenau.domain.audit import AuditRecord, FieldChange, audit_value, is_personal
from passgenau.store.tables import AuditRow, utc_now
from passgenau.store.values import AuditAction

_FIELD_NAME = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*")
_ENTITY = re.compile(r"[a-z_]{1,32}")


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    action: AuditAction
    entity: str  # "employer", "vacancy", "candidate", "household", "settings", "dataset" …
    ext_id: str | None
    fields: tuple[str, ...]
    changes: tuple[FieldChange, ...] = ()  # every field, values only for non-personal ones


class AuditLog:
    def __init__(self, session: Session, tenant_id: int, actor: str) -> None:
        self._session = session
        self._tenant_id = tenant_id
        self._actor = actor
        self._pending: list[dict[str, Any]] = []

    def record(
        self,
        action: AuditAction | str,
        entity: str,
        ext_id: str | None,
        fields: Iterable[str] = (),
        changes: Sequence[FieldChange] = (),
    ) -> None:
        """Add one entry, stamped now (UTC) with the unit of work's actor.

        ``changes`` adds fields with their old and new values; those of personal fields
        are dropped (only the name is kept).
        """
        action = AuditAction(action)
        if not _ENTITY.fullmatch(entity):
            raise ValueError("audit entity must be a lower-case name like 'candidate'")
        given = list(fields)
        names = given + [c.field for c in changes if c.field not in given]
        values = [
            [c.field, audit_value(c.old), audit_value(c.new)]
            for c in changes
            if not c.personal and not is_personal(entity, c.field)
        ]
        if not all(isinstance(n, str) and _FIELD_NAME.fullmatch(n) for n in names):
            # Do not echo the offending name: it might be a value by mistake.
            raise ValueError("audit fields must be field names like 'german_level'")
        self._pending.append(
            {
                "tenant_id": self._tenant_id,
                "at": utc_now(),
                "actor": self._actor,
                "action": action.value,
                "entity": entity,
                "ext_id": ext_id,
                "fields": names,
                "changes": values or None,
            }
        )

    def write_pending(self) -> None:
        """Insert the collected entries (the unit of work calls this on flush and commit)."""
        if self._pending:
            pending, self._pending = self._pending, []
            self._session.execute(insert(AuditRow), pending)

    def discard_pending(self) -> None:
        self._pending = []

    def entries(self, entity: str | None = None, ext_id: str | None = None) -> list[AuditEntry]:
        """Entries of this tenant, oldest first, optionally for one entity type or record."""
        self.write_pending()
        stmt = select(AuditRow).where(AuditRow.tenant_id == self._tenant_id)
        if entity is not None:
            stmt = stmt.where(AuditRow.entity == entity)
        if ext_id is not None:
            stmt = stmt.where(AuditRow.ext_id == ext_id)
        return [
            AuditEntry(
                at=row.at,
                actor=row.actor,
                action=AuditAction(row.action),
                entity=row.entity,
                ext_id=row.ext_id,
                fields=tuple(row.fields),
                changes=_changes(row),
            )
            for row in self._session.scalars(stmt.order_by(AuditRow.id))
        ]

    def trail(self, entity: str, ext_id: str) -> list[AuditRecord]:
        """One record's entries, oldest first, with the values kept for each field."""
        return [
            AuditRecord(e.at, e.actor, e.action.value, e.entity, e.ext_id, e.changes)
            for e in self.entries(entity, ext_id)
        ]

    def count(self) -> int:
        self.write_pending()
        stmt = select(func.count()).select_from(AuditRow)
        return self._session.scalar(stmt.where(AuditRow.tenant_id == self._tenant_id)) or 0


def _changes(row: AuditRow) -> tuple[FieldChange, ...]:
    """Every field of an entry; values where the entry kept them (non-personal ones)."""
    kept = {field: (old, new) for field, old, new in row.changes or ()}
    return tuple(
        FieldChange(name, *kept[name]) if name in kept
        else FieldChange(name, personal=is_personal(row.entity, name))
        for name in row.fields
    )
