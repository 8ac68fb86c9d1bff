"""Repository for the case files: officer and recorded team, team history, certificates,
courses and recognition procedures of the tenant's candidates.

Rows are addressed by the candidate's external id; courses and procedures by the number
(surrogate key) the add methods return. The rules (what a certificate changes, when a
team changes) belong to :mod:`passgenau.services.casework`; this only stores and reads.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from passgenau.domain.casework import (
    CaseFile,
    Certificate,
    CertificateTest,
    Course,
    CourseKind,
    CourseRecord,
    CourseStatus,
    RecognitionProcedure,
    RecognitionRecord,
    RecognitionStatus,
    TeamChange,
    TeamChangeReason,
)
from passgenau.domain.errors import NotFound
from passgenau.domain.kldb import KldbCode
from passgenau.domain.levels import GermanLevel
from passgenau.domain.routing import Team
from passgenau.store.tables import (
    CandidateCaseRow,
    CandidateRow,
    CertificateRow,
    CourseRow,
    RecognitionProcedureRow,
    TeamChangeRow,
    utc_now,
)

#: Look-ups one by one before a repository reads all of the tenant's rows at once.
BULK_AFTER = 8


class CandidateKeys:
    """External id -> surrogate key of the tenant's candidates (store-internal).

    One per unit of work, shared by its casework repositories: the tenant's keys are read
    in one query at the first look-up, so a run over every candidate (re-routing, planning
    follow-ups) does not ask the database once per row it writes. An id not among them
    (a candidate stored since) is looked up on its own. Erasure renames a candidate and
    tells it to :meth:`forget` the old id.
    """

    def __init__(self, session: Session, tenant_id: int) -> None:
        self._session = session
        self._tenant_id = tenant_id
        self._known: dict[str, int] = {}
        self._all_read = False

    def pk(self, candidate_id: str) -> int:
        if candidate_id in self._known:
            return self._known[candidate_id]
        if not self._all_read and len(self._known) >= BULK_AFTER:
            # a run over many candidates: read every key once (issue 11: a page that
            # looks up one candidate reads one row, not the tenant's thousands)
            stmt = select(CandidateRow.ext_id, CandidateRow.id).where(
                CandidateRow.tenant_id == self._tenant_id)
            self._known.update({ext_id: pk for ext_id, pk in self._session.execute(stmt)})
            self._all_read = True
            if candidate_id in self._known:
                return self._known[candidate_id]
        stmt = select(CandidateRow.id).where(
            CandidateRow.tenant_id == self._tenant_id, CandidateRow.ext_id == candidate_id
        )
        pk = self._session.scalar(stmt)
        if pk is None:
            raise NotFound(f'no candidate with id "{candidate_id}"')
        self._known[candidate_id] = int(pk)
        return int(pk)

    def forget(self, candidate_id: str) -> None:
        self._known.pop(candidate_id, None)

    def select_with_ext_id(self, row_type: Any) -> Select[Any]:
        """Rows of ``row_type`` (with a ``candidate_id``) and their candidate's ext id."""
        return (
            select(row_type, CandidateRow.ext_id)
            .join(CandidateRow, row_type.candidate_id == CandidateRow.id)
            .where(row_type.tenant_id == self._tenant_id)
        )


def _level(text: str | None) -> GermanLevel | None:
    return None if text is None else GermanLevel[text]


class CaseworkRepository:
    def __init__(self, session: Session, tenant_id: int, keys: CandidateKeys) -> None:
        self._session = session
        self._tenant_id = tenant_id
        self._keys = keys
        self._case_rows: dict[int, CandidateCaseRow | None] = {}
        self._all_case_rows = False

    # -- case files --------------------------------------------------------------------
    def _case_row(self, pk: int) -> CandidateCaseRow | None:
        """The case row of a candidate. The first few are read one by one (a page about
        one candidate); then all of the tenant's at once (one query), so that runs over
        every candidate write without reading per row."""
        if pk in self._case_rows:
            return self._case_rows[pk]
        if not self._all_case_rows and len(self._case_rows) < BULK_AFTER:
            row = self._session.scalar(select(CandidateCaseRow).where(
                CandidateCaseRow.tenant_id == self._tenant_id,
                CandidateCaseRow.candidate_id == pk))
            self._case_rows[pk] = row
            return row
        if not self._all_case_rows:
            stmt = select(CandidateCaseRow).where(CandidateCaseRow.tenant_id == self._tenant_id)
            self._case_rows.update({r.candidate_id: r for r in self._session.scalars(stmt)})
            self._all_case_rows = True
        return self._case_rows.get(pk)

    def case_file(self, candidate_id: str) -> CaseFile:
        """The candidate's case file; the default one if none is stored yet."""
        row = self._case_row(self._keys.pk(candidate_id))
        return CaseFile(candidate_id) if row is None else self._case(row, candidate_id)

    @staticmethod
    def _case(row: CandidateCaseRow, candidate_id: str) -> CaseFile:
        return CaseFile(
            candidate_id=candidate_id,
            officer=row.officer,
            team=None if row.team is None else Team(row.team),
            ended_on=row.ended_on,
            erased=row.erased_at is not None,
        )

    def case_files(self) -> list[CaseFile]:
        """Every stored case file of the tenant (candidates without one have the default)."""
        stmt = self._keys.select_with_ext_id(CandidateCaseRow).order_by(CandidateCaseRow.id)
        return [self._case(row, ext_id) for row, ext_id in self._session.execute(stmt)]

    def save_case_file(self, case: CaseFile) -> None:
        pk = self._keys.pk(case.candidate_id)
        row = self._case_row(pk)
        if row is None:
            row = CandidateCaseRow(tenant_id=self._tenant_id, candidate_id=pk)
            self._session.add(row)
            self._case_rows[pk] = row
        row.officer = case.officer
        row.team = None if case.team is None else case.team.value
        row.ended_on = case.ended_on
        if case.erased and row.erased_at is None:
            row.erased_at = utc_now()

    def version(self, candidate_id: str) -> int:
        """The candidate's record version (see :func:`candidate_version`)."""
        return candidate_version(self._session, self._tenant_id, candidate_id)

    # -- team history ------------------------------------------------------------------
    def add_team_change(self, change: TeamChange) -> None:
        self._session.add(TeamChangeRow(
            tenant_id=self._tenant_id,
            candidate_id=self._keys.pk(change.candidate_id),
            changed_on=change.changed_on,
            from_team=None if change.from_team is None else change.from_team.value,
            to_team=change.to_team.value,
            reason=change.reason.value,
        ))

    def team_changes(
        self, candidate_id: str | None = None, since: date | None = None
    ) -> list[TeamChange]:
        """Team changes by date (then as recorded), of one candidate or all."""
        stmt = self._keys.select_with_ext_id(TeamChangeRow).order_by(
            TeamChangeRow.changed_on, TeamChangeRow.id)
        if candidate_id is not None:
            stmt = stmt.where(CandidateRow.ext_id == candidate_id)
        if since is not None:
            stmt = stmt.where(TeamChangeRow.changed_on >= since)
        return [
            TeamChange(
                candidate_id=ext_id,
                changed_on=row.changed_on,
                from_team=None if row.from_team is None else Team(row.from_team),
                to_team=Team(row.to_team),
                reason=TeamChangeReason(row.reason),
            )
            for row, ext_id in self._session.execute(stmt)
        ]

    # -- certificates ------------------------------------------------------------------
    def add_certificate(self, certificate: Certificate) -> None:
        self._session.add(CertificateRow(
            tenant_id=self._tenant_id,
            candidate_id=self._keys.pk(certificate.candidate_id),
            test=certificate.test.value,
            level=certificate.level.name,
            taken_on=certificate.taken_on,
            previous_level=certificate.previous_level.name,
        ))

    def certificates(self, candidate_id: str) -> list[Certificate]:
        """The candidate's certificates by the day taken (then as recorded)."""
        stmt = (
            self._keys.select_with_ext_id(CertificateRow)
            .where(CandidateRow.ext_id == candidate_id)
            .order_by(CertificateRow.taken_on, CertificateRow.id)
        )
        return [
            Certificate(
                candidate_id=ext_id,
                test=CertificateTest(row.test),
                level=GermanLevel[row.level],
                taken_on=row.taken_on,
                previous_level=GermanLevel[row.previous_level],
            )
            for row, ext_id in self._session.execute(stmt)
        ]

    # -- courses -----------------------------------------------------------------------
    def add_course(self, course: Course) -> int:
        row = CourseRow(tenant_id=self._tenant_id,
                        candidate_id=self._keys.pk(course.candidate_id))
        self._fill_course(row, course)
        self._session.add(row)
        self._session.flush()
        return row.id

    def update_course(self, number: int, course: Course) -> None:
        self._fill_course(self._course_row(number), course)

    def _course_row(self, number: int) -> CourseRow:
        row = self._session.get(CourseRow, number)
        if row is None or row.tenant_id != self._tenant_id:
            raise NotFound(f"no course with number {number}")
        return row

    @staticmethod
    def _fill_course(row: CourseRow, course: Course) -> None:
        row.kind = course.kind.value
        row.provider = course.provider
        row.module = course.module
        row.start = course.start
        row.expected_end = course.expected_end
        row.status = course.status.value
        row.ended_on = course.ended_on
        row.result_level = None if course.result is None else course.result.name

    def courses(self, candidate_id: str | None = None) -> list[CourseRecord]:
        stmt = self._keys.select_with_ext_id(CourseRow).order_by(CourseRow.id)
        if candidate_id is not None:
            stmt = stmt.where(CandidateRow.ext_id == candidate_id)
        return [
            CourseRecord(row.id, Course(
                candidate_id=ext_id,
                kind=CourseKind(row.kind),
                provider=row.provider,
                module=row.module,
                start=row.start,
                expected_end=row.expected_end,
                status=CourseStatus(row.status),
                ended_on=row.ended_on,
                result=_level(row.result_level),
            ))
            for row, ext_id in self._session.execute(stmt)
        ]

    def course(self, number: int) -> CourseRecord:
        for record in self.courses():
            if record.number == number:
                return record
        raise NotFound(f"no course with number {number}")

    # -- recognition procedures --------------------------------------------------------
    def add_recognition(self, procedure: RecognitionProcedure) -> int:
        row = RecognitionProcedureRow(tenant_id=self._tenant_id,
                                      candidate_id=self._keys.pk(procedure.candidate_id))
        self._fill_recognition(row, procedure)
        self._session.add(row)
        self._session.flush()
        return row.id

    def update_recognition(self, number: int, procedure: RecognitionProcedure) -> None:
        row = self._session.get(RecognitionProcedureRow, number)
        if row is None or row.tenant_id != self._tenant_id:
            raise NotFound(f"no recognition procedure with number {number}")
        self._fill_recognition(row, procedure)

    @staticmethod
    def _fill_recognition(row: RecognitionProcedureRow, p: RecognitionProcedure) -> None:
        row.kldb = p.kldb.code
        row.authority = p.authority
        row.status = p.status.value
        row.applied_on = p.applied_on
        row.decided_on = p.decided_on

    def recognitions(self, candidate_id: str | None = None) -> list[RecognitionRecord]:
        stmt = self._keys.select_with_ext_id(RecognitionProcedureRow).order_by(
            RecognitionProcedureRow.id)
        if candidate_id is not None:
            stmt = stmt.where(CandidateRow.ext_id == candidate_id)
        return [
            RecognitionRecord(row.id, RecognitionProcedure(
                candidate_id=ext_id,
                kldb=KldbCode(row.kldb),
                authority=row.authority,
                status=RecognitionStatus(row.status),
                applied_on=row.applied_on,
                decided_on=row.decided_on,
            ))
            for row, ext_id in self._session.execute(stmt)
        ]

    def recognition(self, number: int) -> RecognitionRecord:
        for record in self.recognitions():
            if record.number == number:
                return record
        raise NotFound(f"no recognition procedure with number {number}")


def candidate_version(session: Session, tenant_id: int, candidate_id: str) -> int:
    """The candidate's version for optimistic locking: the ``version`` column once the
    proposal-workflow migration has added it, 1 until then."""
    column = getattr(CandidateRow, "version", None)
    if column is None:
        return 1
    stmt = select(column).where(
        CandidateRow.tenant_id == tenant_id, CandidateRow.ext_id == candidate_id)
    value = session.scalar(stmt)
    if value is None:
        raise NotFound(f'no candidate with id "{candidate_id}"')
    return int(value)
