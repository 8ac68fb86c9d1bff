"""Repositories for the caseload records: employers, vacancies, candidates, households.

They speak in frozen domain records and hide rows, surrogate keys and tenants. A
Jobcenter's caseload has thousands of rows, so nothing here queries per record:

- reads load in bulk (eager loads, chunked ``IN`` lists);
- ``upsert`` loads the stored rows for the given ids (one query per chunk of ids),
  compares them as domain records, updates only the changed rows through the ORM (few,
  and the session's objects stay consistent), and inserts the new ones with bulk
  ``INSERT``s (executemany, no per-row ``RETURNING``, which SQLite would otherwise need
  one statement per row for), fetching their keys afterwards in one query per chunk.

``upsert`` reports what it did by external id, with field NAMES only, so that the caller
can audit without ever handling the values.

Records come out in the order they were first stored (by surrogate key): a file imported
into an empty tenant exports in its own order, and the order is stable afterwards.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select, func, insert, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from passgenau.domain.errors import NotFound
from passgenau.domain.model import Candidate, Employer, Household, Vacancy
from passgenau.store import conversion
from passgenau.store.tables import (
    CandidateOccupationRow,
    CandidateRow,
    EmployerRow,
    HouseholdMemberRow,
    HouseholdRow,
    VacancyRow,
)
from passgenau.store.values import Changes

CHUNK = 500
"""Ids per ``IN (...)`` list: far below SQLite's and PostgreSQL's parameter limits."""

RowT = TypeVar("RowT", EmployerRow, VacancyRow, CandidateRow, HouseholdRow)
RecordT = TypeVar("RecordT", Employer, Vacancy, Candidate, Household)


def chunked(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def changed_fields(old: object, new: object) -> tuple[str, ...]:
    """Names of the dataclass fields whose values differ (in declaration order)."""
    return tuple(
        f.name
        for f in dataclasses.fields(old)  # type: ignore[arg-type]
        if getattr(old, f.name) != getattr(new, f.name)
    )


def recorded_fields(record: object) -> tuple[str, ...]:
    """Names of the fields a new record sets: required ones and those off their default.

    This is what the audit log keeps for a creation: *which* data was recorded (e.g. that
    an e-mail address is on file), never the data itself.
    """
    names = []
    for f in dataclasses.fields(record):  # type: ignore[arg-type]
        if f.name == "id":
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required or getattr(record, f.name) != f.default:
            names.append(f.name)
    return tuple(names)


def _values_of(
    old: object | None, new: object, names: Sequence[str]
) -> tuple[tuple[str, Any, Any], ...]:
    """(field, old, new) of the named fields, for the audit log (issue 10)."""
    return tuple(
        (n, None if old is None else getattr(old, n), getattr(new, n)) for n in names
    )


class _RecordRepository(Generic[RowT, RecordT]):
    """get / list / upsert for one record type of one tenant."""

    row_type: ClassVar[type[Any]]
    entity: ClassVar[str]  # singular, as in messages and the audit log

    def __init__(self, session: Session, tenant_id: int) -> None:
        self._session = session
        self._tenant_id = tenant_id

    # -- hooks -------------------------------------------------------------------------
    def _load_options(self) -> Sequence[LoaderOption]:
        """Eager loads ``_to_domain`` needs (relationships are ``lazy="raise"``)."""
        return ()

    def _to_domain(self, row: RowT) -> RecordT:
        raise NotImplementedError

    def _values(self, record: RecordT) -> dict[str, Any]:
        """Column values of the record's own row, foreign keys included."""
        raise NotImplementedError

    def _prepare(self, records: Sequence[RecordT]) -> None:
        """Load what ``_values`` and ``_update`` need for all records at once."""

    def _update(self, row: RowT, record: RecordT, changed: tuple[str, ...]) -> None:
        for key, value in self._values(record).items():
            setattr(row, key, value)  # the ORM only writes columns whose value differs

    def _insert_children(self, records: Sequence[RecordT], pks: dict[str, int]) -> None:
        """Insert child rows of newly inserted records (``pks``: ext_id -> key)."""

    # -- reading -----------------------------------------------------------------------
    def _select(self) -> Select[Any]:
        row = self.row_type
        return (
            select(row)
            .where(row.tenant_id == self._tenant_id)
            .options(*self._load_options())
            .order_by(row.id)
        )

    def _rows_by_ext_id(self, ext_ids: Iterable[str]) -> dict[str, RowT]:
        rows: dict[str, RowT] = {}
        for chunk in chunked(sorted(set(ext_ids))):
            stmt = self._select().where(self.row_type.ext_id.in_(chunk))
            rows.update((r.ext_id, r) for r in self._session.scalars(stmt))
        return rows

    def pks(self, ext_ids: Iterable[str]) -> dict[str, int]:
        """Surrogate keys of those of ``ext_ids`` stored in this tenant (store-internal)."""
        row = self.row_type
        found: dict[str, int] = {}
        for chunk in chunked(sorted(set(ext_ids))):
            stmt = select(row.ext_id, row.id).where(
                row.tenant_id == self._tenant_id, row.ext_id.in_(chunk)
            )
            found.update((ext_id, pk) for ext_id, pk in self._session.execute(stmt))
        return found

    def existing(self, ext_ids: Iterable[str]) -> set[str]:
        """Which of ``ext_ids`` are stored in this tenant (one cheap query per chunk)."""
        return set(self.pks(ext_ids))

    def get(self, ext_id: str) -> RecordT:
        row = self._rows_by_ext_id([ext_id]).get(ext_id)
        if row is None:
            raise NotFound(f'no {self.entity} with id "{ext_id}"')
        return self._to_domain(row)

    def count(self) -> int:
        row = self.row_type
        stmt = select(func.count()).select_from(row).where(row.tenant_id == self._tenant_id)
        return self._session.scalar(stmt) or 0

    # -- writing -----------------------------------------------------------------------
    def upsert(self, records: Sequence[RecordT]) -> Changes:
        """Create the new records and update the changed ones; others stay untouched.

        Ids must be unique within ``records`` (the import service checks that first).
        """
        existing = self._rows_by_ext_id(r.id for r in records)
        self._prepare(records)
        changes = Changes()
        new: list[RecordT] = []
        for record in records:
            row = existing.get(record.id)
            if row is None:
                new.append(record)
                changes.created[record.id] = recorded_fields(record)
                changes.values[record.id] = _values_of(None, record, changes.created[record.id])
                continue
            stored = self._to_domain(row)
            changed = changed_fields(stored, record)
            if changed:
                self._update(row, record, changed)
                changes.updated[record.id] = changed
                changes.values[record.id] = _values_of(stored, record, changed)
            else:
                changes.unchanged.append(record.id)
        if new:
            self._bulk_insert(new)
        return changes

    def _bulk_insert(self, records: Sequence[RecordT]) -> None:
        values = [
            {"tenant_id": self._tenant_id, "ext_id": r.id, **self._values(r)} for r in records
        ]
        self._session.execute(insert(self.row_type), values)
        self._insert_children(records, self.pks(r.id for r in records))

    def list(self) -> list[RecordT]:
        """All records of the tenant, in the order they were first stored."""
        return [self._to_domain(r) for r in self._session.scalars(self._select())]


class EmployerRepository(_RecordRepository[EmployerRow, Employer]):
    row_type = EmployerRow
    entity = "employer"

    def _to_domain(self, row: EmployerRow) -> Employer:
        return conversion.employer_to_domain(row)

    def _values(self, record: Employer) -> dict[str, Any]:
        return conversion.employer_values(record)

    def rows(self, ext_ids: Iterable[str]) -> dict[str, EmployerRow]:
        """The rows of these employers, for linking other rows to them (store-internal)."""
        return self._rows_by_ext_id(ext_ids)


class VacancyRepository(_RecordRepository[VacancyRow, Vacancy]):
    row_type = VacancyRow
    entity = "vacancy"

    def __init__(self, session: Session, tenant_id: int, employers: EmployerRepository) -> None:
        super().__init__(session, tenant_id)
        self._employers = employers
        self._employer_rows: dict[str, EmployerRow] = {}

    def _load_options(self) -> Sequence[LoaderOption]:
        return (joinedload(VacancyRow.employer),)

    def _to_domain(self, row: VacancyRow) -> Vacancy:
        return conversion.vacancy_to_domain(row)

    def _prepare(self, records: Sequence[Vacancy]) -> None:
        # Queries autoflush and see this transaction's inserts: new employers are found.
        wanted = {v.employer_id for v in records}
        self._employer_rows = self._employers.rows(wanted)
        missing = sorted(wanted - self._employer_rows.keys())
        if missing:
            raise NotFound(f'no employer with id "{missing[0]}"')

    def _values(self, record: Vacancy) -> dict[str, Any]:
        employer_id = self._employer_rows[record.employer_id].id
        return {"employer_id": employer_id, **conversion.vacancy_values(record)}

    def _update(self, row: VacancyRow, record: Vacancy, changed: tuple[str, ...]) -> None:
        # Through the relationship, so that the loaded ``row.employer`` does not go stale.
        row.employer = self._employer_rows[record.employer_id]
        for key, value in conversion.vacancy_values(record).items():
            setattr(row, key, value)


class CandidateRepository(_RecordRepository[CandidateRow, Candidate]):
    row_type = CandidateRow
    entity = "candidate"

    def _load_options(self) -> Sequence[LoaderOption]:
        return (selectinload(CandidateRow.occupations),)

    def _to_domain(self, row: CandidateRow) -> Candidate:
        return conversion.candidate_to_domain(row)

    def _values(self, record: Candidate) -> dict[str, Any]:
        return conversion.candidate_values(record)

    def _update(self, row: CandidateRow, record: Candidate, changed: tuple[str, ...]) -> None:
        super()._update(row, record, changed)
        if "occupations" in changed:
            row.occupations = [
                CandidateOccupationRow(**v) for v in conversion.occupation_values(record)
            ]

    def _insert_children(self, records: Sequence[Candidate], pks: dict[str, int]) -> None:
        values = [
            {"candidate_id": pks[r.id], **v}
            for r in records
            for v in conversion.occupation_values(r)
        ]
        if values:
            self._session.execute(insert(CandidateOccupationRow), values)


class HouseholdRepository(_RecordRepository[HouseholdRow, Household]):
    """Households and their membership.

    A candidate is in at most one household (a unique constraint). An upsert replaces a
    household's membership by the given one; a candidate named in a given household is
    taken out of any other stored household first. A stored household left with fewer
    than two members by that is dissolved (deleted), since the domain has no households
    of one; the upsert reports it under ``deleted``, and one that keeps two or more
    under ``updated`` with the field ``members``.
    """

    row_type = HouseholdRow
    entity = "household"

    def __init__(self, session: Session, tenant_id: int, candidates: CandidateRepository) -> None:
        super().__init__(session, tenant_id)
        self._candidates = candidates

    def _load_options(self) -> Sequence[LoaderOption]:
        return (selectinload(HouseholdRow.members).joinedload(HouseholdMemberRow.candidate),)

    def _to_domain(self, row: HouseholdRow) -> Household:
        return conversion.household_to_domain(row)

    def _values(self, record: Household) -> dict[str, Any]:
        return {"place_together": record.place_together}

    def upsert(self, records: Sequence[Household]) -> Changes:
        candidate_pks = self._candidates.pks(m for h in records for m in h.members)
        missing = sorted({m for h in records for m in h.members} - candidate_pks.keys())
        if missing:
            raise NotFound(f'no candidate with id "{missing[0]}"')
        existing = self._rows_by_ext_id(h.id for h in records)
        changes = Changes()
        new: list[Household] = []
        rewritten: list[HouseholdRow] = []
        for record in records:
            row = existing.get(record.id)
            if row is None:
                new.append(record)
                changes.created[record.id] = recorded_fields(record)
                changes.values[record.id] = _values_of(None, record, changes.created[record.id])
                continue
            stored = self._to_domain(row)
            changed = changed_fields(stored, record)
            if not changed:
                changes.unchanged.append(record.id)
                continue
            row.place_together = record.place_together
            changes.updated[record.id] = changed
            changes.values[record.id] = _values_of(stored, record, changed)
            if "members" in changed:
                row.members.clear()
                rewritten.append(row)
        self._take_out_of_other_households(
            sorted(candidate_pks.values()), {h.id for h in records}, changes
        )
        # Old memberships must be gone before new ones arrive: a candidate who moves
        # would otherwise be in two households for a moment, against the unique key.
        self._session.flush()

        if new:
            values = [
                {"tenant_id": self._tenant_id, "ext_id": h.id, **self._values(h)} for h in new
            ]
            self._session.execute(insert(HouseholdRow), values)
        household_pks = self.pks(h.id for h in new) | {r.ext_id: r.id for r in rewritten}
        by_id = {h.id: h for h in records}
        members = [
            {"household_id": pk, "candidate_id": candidate_pks[member], "position": i}
            for ext_id, pk in household_pks.items()
            for i, member in enumerate(by_id[ext_id].members)
        ]
        if members:
            self._session.execute(insert(HouseholdMemberRow), members)
        for row in rewritten:  # reloaded by the next query that eager-loads members
            self._session.expire(row, ["members"])
        return changes

    def _take_out_of_other_households(
        self, candidate_pks: Sequence[int], given: set[str], changes: Changes
    ) -> None:
        for chunk in chunked(candidate_pks):
            stmt = (
                select(HouseholdMemberRow)
                .where(HouseholdMemberRow.candidate_id.in_(chunk))
                .options(
                    joinedload(HouseholdMemberRow.household).selectinload(HouseholdRow.members)
                )
            )
            for membership in self._session.scalars(stmt):
                household = membership.household
                if household.ext_id in given or household.ext_id in changes.deleted:
                    continue  # rewritten as given, or already dissolved with all members
                household.members.remove(membership)
                if len(household.members) >= 2:
                    changes.updated[household.ext_id] = ("members",)
                else:
                    self._session.delete(household)
                    changes.deleted.append(household.ext_id)
                    changes.updated.pop(household.ext_id, None)
