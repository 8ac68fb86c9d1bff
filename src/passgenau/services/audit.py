"""Use case: a record's audit trail (``passgenau audit candidate:C1``).

A record is named ``ENTITY:ID``: ``candidate:C1``, ``vacancy:V1``, ``employer:E1``,
``household:H1``, ``proposal:V1/C1`` (vacancy, then candidate), ``consent:C1`` (the
consents of candidate C1). The trail has one line per changed field, with old and new
value for non-personal fields and only "changed" for personal ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from passgenau.domain.audit import AuditValue
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.services.unit_of_work import UnitOfWork

_RECORD = re.compile(r"([a-z_]{1,32}):(.+)")


@dataclass(frozen=True, slots=True)
class TrailLine:
    at: datetime
    actor: str
    action: str
    entity: str
    ext_id: str
    field: str | None  # None for an entry without fields (e.g. a deletion)
    old: AuditValue
    new: AuditValue
    personal: bool  # the values are not kept, only that the field changed


def parse_record(record: str) -> tuple[str, str]:
    """``ENTITY:ID`` split in two; anything else is bad input."""
    found = _RECORD.fullmatch(record.strip())
    if found is None:
        raise InvalidInput([Problem("audit", "record", "expected ENTITY:ID, e.g. "
                                    "candidate:C1 or proposal:V1/C1")])
    return found.group(1), found.group(2)


def record_trail(uow: UnitOfWork, record: str) -> tuple[TrailLine, ...]:
    """Every audited change of one record, oldest first."""
    entity, ext_id = parse_record(record)
    with uow:
        lines: list[TrailLine] = []
        for entry in uow.audit_trail(entity, ext_id):
            if not entry.changes:
                lines.append(TrailLine(entry.at, entry.actor, entry.action, entity, ext_id,
                                       None, None, None, False))
            lines += [
                TrailLine(entry.at, entry.actor, entry.action, entity, ext_id, c.field, c.old,
                          c.new, c.personal)
                for c in entry.changes
            ]
        return tuple(lines)
