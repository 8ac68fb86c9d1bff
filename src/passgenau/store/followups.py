"""Repository for follow-ups (Wiedervorlagen) on the ``follow_ups`` table.

Speaks in :class:`~passgenau.domain.followups.StoredFollowUp`; a follow-up is addressed by
its number (surrogate key). Done ones keep their row (the contact happened), with the
day it was done.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from passgenau.domain.errors import NotFound
from passgenau.domain.followups import StoredFollowUp
from passgenau.store.casework import CandidateKeys
from passgenau.store.tables import CandidateRow, FollowUpRow, ProposalRow, VacancyRow


class FollowUpRepository:
    def __init__(self, session: Session, tenant_id: int, keys: CandidateKeys) -> None:
        self._session = session
        self._tenant_id = tenant_id
        self._keys = keys

    def add(self, candidate_id: str, due: date, note: str = "",
            vacancy_id: str | None = None) -> int:
        """Store an open follow-up (linked to the candidate's proposal for the vacancy)."""
        candidate_pk = self._keys.pk(candidate_id)
        vacancy_pk = proposal_pk = None
        if vacancy_id is not None:
            vacancy_pk = self._session.scalar(select(VacancyRow.id).where(
                VacancyRow.tenant_id == self._tenant_id, VacancyRow.ext_id == vacancy_id))
            if vacancy_pk is None:
                raise NotFound(f'no vacancy with id "{vacancy_id}"')
            proposal_pk = self._session.scalar(select(ProposalRow.id).where(
                ProposalRow.vacancy_id == vacancy_pk, ProposalRow.candidate_id == candidate_pk))
        row = FollowUpRow(tenant_id=self._tenant_id, candidate_id=candidate_pk,
                          vacancy_id=vacancy_pk, proposal_id=proposal_pk, due=due, note=note)
        self._session.add(row)
        self._session.flush()
        return row.id

    def _row(self, number: int) -> FollowUpRow:
        row = self._session.get(FollowUpRow, number)
        if row is None or row.tenant_id != self._tenant_id:
            raise NotFound(f"no follow-up with number {number}")
        return row

    def reschedule(self, number: int, due: date) -> None:
        self._row(number).due = due

    def mark_done(self, number: int, on: date) -> None:
        self._row(number).done_at = datetime(on.year, on.month, on.day, 12, tzinfo=UTC)

    def record_employment(self, number: int, on: date, employed: bool) -> None:
        """Done on ``on``, with whether the candidate still works there (issue 13)."""
        row = self._row(number)
        self.mark_done(number, on)
        row.employed = employed

    def list(self, candidate_id: str | None = None, *, include_done: bool = False,
             due_by: date | None = None) -> list[StoredFollowUp]:
        """Follow-ups by due date (then number); open ones only unless asked."""
        vacancy = aliased(VacancyRow)
        stmt = (
            select(FollowUpRow, CandidateRow.ext_id, vacancy.ext_id)
            .join(CandidateRow, FollowUpRow.candidate_id == CandidateRow.id)
            .outerjoin(vacancy, FollowUpRow.vacancy_id == vacancy.id)
            .where(FollowUpRow.tenant_id == self._tenant_id)
            .order_by(FollowUpRow.due, FollowUpRow.id)
        )
        if candidate_id is not None:
            stmt = stmt.where(CandidateRow.ext_id == candidate_id)
        if not include_done:
            stmt = stmt.where(FollowUpRow.done_at.is_(None))
        if due_by is not None:
            stmt = stmt.where(FollowUpRow.due <= due_by)
        return [
            StoredFollowUp(
                number=row.id, candidate_id=cand, due=row.due, note=row.note, vacancy_id=vac,
                done_on=None if row.done_at is None else row.done_at.date(),
                employed=row.employed,
            )
            for row, cand, vac in self._session.execute(stmt)
        ]
