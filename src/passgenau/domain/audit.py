"""What the audit log may keep of a change: which fields are personal, and one change.

The audit log lives longer than the records it describes, so it must not become a second
copy of the social data. For a non-personal field (a proposal's state, a vacancy's
positions, a German level) it keeps old and new value; for a personal field only THAT it
changed. :data:`PERSONAL_FIELDS` is the one place that decides which is which; free text
(notes, consent scopes) counts as personal, since anything may be written into it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

AuditValue = Any
"""What the log stores of a value: JSON (scalars, lists, objects); see :func:`audit_value`."""

PERSONAL_FIELDS: dict[str, frozenset[str]] = {
    "candidate": frozenset({
        "name", "birth_year", "home", "email", "phone", "languages", "availability",
        "unemployed_since", "work_permit", "motivation", "note", "gender", "citizenship",
    }),
    "employer": frozenset({"contact_name", "contact_email", "contact_phone"}),
    "household": frozenset({"members"}),
    "proposal": frozenset({"note"}),
    "consent": frozenset({"scope"}),
    "follow_up": frozenset({"note"}),
    "event_lead": frozenset({"note"}),
}
"""Per entity, the fields whose values never enter the log; a field not listed here is
logged with its values."""


def is_personal(entity: str, field: str) -> bool:
    """Whether ``field`` (or the field it is a part of, ``home.lat``) is personal."""
    return field.split(".", 1)[0] in PERSONAL_FIELDS.get(entity, frozenset())


def audit_value(value: object) -> AuditValue:
    """A value as the log keeps it, as JSON: enums by value, dates as ISO text, tuples as
    lists, sets as sorted lists, a record of one field (a KldB code) as that field, other
    records as objects, anything else as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return audit_value(value.value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted((audit_value(v) for v in value), key=str)
    if isinstance(value, tuple | list):
        return [audit_value(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        parts = fields(value)
        if len(parts) == 1:
            return audit_value(getattr(value, parts[0].name))
        return {f.name: audit_value(getattr(value, f.name)) for f in parts}
    return str(value)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's change; ``old``/``new`` are None for a personal field."""

    field: str
    old: AuditValue = None
    new: AuditValue = None
    personal: bool = False

    @classmethod
    def of(cls, entity: str, field: str, old: object, new: object) -> FieldChange:
        """The change as the log may keep it: the values dropped for a personal field."""
        if is_personal(entity, field):
            return cls(field, personal=True)
        return cls(field, audit_value(old), audit_value(new))


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One entry of a record's trail, as read back from the log."""

    at: datetime
    actor: str
    action: str
    entity: str
    ext_id: str | None
    changes: tuple[FieldChange, ...]
