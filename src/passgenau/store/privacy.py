"""Everything stored about one candidate, and its erasure, across every table.

Both walk the schema's metadata instead of a list of tables, guided by the one
classification of personal columns (:mod:`passgenau.domain.personal_data`): a table
that belongs to a candidate has a ``candidate_id`` column, so a table added later (and
classified, which a test enforces) is covered without touching this module.

- :meth:`PrivacyRepository.records_of` collects the candidate's rows of every table
  (their household, and the audit entries about them by id), references shown by the
  referenced records' ids, surrogate keys left out.
- :meth:`PrivacyRepository.erase` blanks every ``CANDIDATE`` column in those rows,
  replaces the candidate's id by a pseudonym (in the audit trail too), and takes them
  out of their household. Proposals, outcomes and their counts stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Double,
    Float,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from passgenau.domain.personal_data import (
    CANDIDATE_AUDIT_ENTITIES,
    DataClass,
    StoredRows,
    columns_of,
    names_candidate,
    pseudonymised,
)
from passgenau.store.casework import CandidateKeys
from passgenau.store.tables import AuditRow, Base, HouseholdMemberRow, HouseholdRow

SKIPPED = ("id", "tenant_id")
"""Surrogate keys mean nothing to the person; left out of the information."""


def blank(column: Column[Any]) -> object:
    """The value an erased column gets: NULL where allowed, else its type's empty value."""
    if column.nullable:
        return None
    kind = column.type
    if isinstance(kind, JSON):
        return []
    if isinstance(kind, String | Text):
        return ""
    if isinstance(kind, Double | Float):
        return 0.0
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer):
        return 0
    raise TypeError(f"no blank value for {column.table.name}.{column.name} ({kind})")


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


class PrivacyRepository:
    def __init__(self, session: Session, tenant_id: int, keys: CandidateKeys) -> None:
        self._session = session
        self._tenant_id = tenant_id
        self._keys = keys

    # -- which rows ------------------------------------------------------------------
    @staticmethod
    def owned_tables() -> list[Table]:
        """Tables whose rows belong to one candidate (``candidates`` first)."""
        tables = Base.metadata.sorted_tables
        return [t for t in tables if t.name == "candidates"] + [
            t for t in tables if "candidate_id" in t.c
        ]

    def _owner_filter(self, table: Table, pk: int) -> Any:
        return table.c.id == pk if table.name == "candidates" else table.c.candidate_id == pk

    def _audit_filter(self, candidate_id: str) -> Any:
        """Entries about the candidate (:func:`names_candidate` says so exactly; this
        selects them, and the few look-alikes are dropped by it)."""
        ext_id = AuditRow.ext_id
        return (AuditRow.tenant_id == self._tenant_id) & or_(
            (ext_id == candidate_id) & AuditRow.entity.in_(sorted(CANDIDATE_AUDIT_ENTITIES)),
            (AuditRow.entity == "proposal")
            & ext_id.endswith("/" + candidate_id, autoescape=True),
        )

    # -- Art. 15 -----------------------------------------------------------------------
    def records_of(self, candidate_id: str) -> tuple[StoredRows, ...]:
        """Every stored row about the candidate, table by table (empty tables left out)."""
        pk = self._keys.pk(candidate_id)
        sections = []
        for table in self.owned_tables():
            rows = self._session.execute(
                select(table).where(self._owner_filter(table, pk)).order_by(table.c.id)
            ).mappings().all()
            sections.append(StoredRows(table.name, tuple(self._shown(table, r) for r in rows)))
        household_ids = select(HouseholdMemberRow.household_id).where(
            HouseholdMemberRow.candidate_id == pk)
        households = HouseholdRow.__table__
        rows = self._session.execute(
            select(households).where(households.c.id.in_(household_ids))).mappings().all()
        sections.append(StoredRows("households", tuple(self._shown(households, r) for r in rows)))
        audit = AuditRow.__table__
        rows = self._session.execute(
            select(audit).where(self._audit_filter(candidate_id)).order_by(audit.c.id)
        ).mappings().all()
        rows = [r for r in rows if names_candidate(r["entity"], r["ext_id"], candidate_id)]
        sections.append(StoredRows("audit_log", tuple(self._shown(audit, r) for r in rows)))
        return tuple(s for s in sections if s.rows)

    def _shown(self, table: Table, row: Mapping[str, Any]) -> Mapping[str, object]:
        shown: dict[str, object] = {}
        for column in table.c:
            if column.name in SKIPPED:
                continue
            value = row[column.name]
            for fk in column.foreign_keys:
                target = fk.column.table
                if value is not None and "ext_id" in target.c:
                    value = self._session.scalar(
                        select(target.c.ext_id).where(target.c.id == value))
            shown[column.name] = _plain(value)
        return shown

    # -- erasure -----------------------------------------------------------------------
    def erase(self, candidate_id: str, pseudonym: str) -> tuple[tuple[str, int], ...]:
        """Blank the candidate's personal columns in every table, give them ``pseudonym``
        as their id (also in the audit trail) and take them out of their household.

        Returns (table, rows changed) for every table touched. The unit of work's pending
        audit entries must be flushed first (the caller's unit of work does that).
        """
        pk = self._keys.pk(candidate_id)
        self._keys.forget(candidate_id)
        touched: list[tuple[str, int]] = []
        for table in self.owned_tables():
            values: dict[str, object] = {
                name: blank(table.c[name]) for name in columns_of(table.name, DataClass.CANDIDATE)
            }
            if table.name == "candidates":
                values["ext_id"] = pseudonym
            if not values:
                continue
            if "version" in table.c:  # optimistic locking: an edit read before is stale
                values["version"] = table.c.version + 1
            result = self._session.execute(
                update(table).where(self._owner_filter(table, pk)).values(values))
            if result.rowcount:
                touched.append((table.name, result.rowcount))
        touched += self._leave_household(pk)
        audit = self._pseudonymise_audit(candidate_id, pseudonym)
        if audit:
            touched.append(("audit_log", audit))
        return tuple(touched)

    def _leave_household(self, pk: int) -> list[tuple[str, int]]:
        membership = self._session.scalar(
            select(HouseholdMemberRow).where(HouseholdMemberRow.candidate_id == pk))
        if membership is None:
            return []
        household_id = membership.household_id
        self._session.delete(membership)
        self._session.flush()
        left = self._session.scalar(select(func.count()).where(
            HouseholdMemberRow.household_id == household_id)) or 0
        if left >= 2:
            return [("household_members", 1)]
        # the domain has no households of one: dissolve it (its proposals keep their state)
        self._session.execute(delete(HouseholdRow).where(HouseholdRow.id == household_id))
        return [("household_members", 1 + left), ("households", 1)]

    def _pseudonymise_audit(self, candidate_id: str, pseudonym: str) -> int:
        rows = [row for row in self._session.scalars(
                    select(AuditRow).where(self._audit_filter(candidate_id)))
                if names_candidate(row.entity, row.ext_id, candidate_id)]
        for row in rows:
            row.ext_id = pseudonymised(row.entity, row.ext_id or "", candidate_id, pseudonym)
        return len(rows)
