"""Repository of consents (Einwilligungen): recorded, listed, withdrawn; never deleted here.

A withdrawal sets the date from which a consent no longer holds; the record stays, since
it documents what was allowed when. (Erasure of a person is a separate duty.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from passgenau.domain.consent import Consent, ConsentPurpose, ConsentRecord
from passgenau.domain.errors import NotFound
from passgenau.store.tables import CandidateRow, ConsentRow, EmployerRow, VacancyRow


class ConsentRepository:
    def __init__(self, session: Session, tenant_id: int) -> None:
        self._session = session
        self._tenant_id = tenant_id

    def _pk(self, row_type: Any, entity: str, ext_id: str | None) -> int | None:
        if ext_id is None:
            return None
        pk = self._session.scalar(
            select(row_type.id).where(
                row_type.tenant_id == self._tenant_id, row_type.ext_id == ext_id
            )
        )
        if pk is None:
            raise NotFound(f'no {entity} with id "{ext_id}"')
        return int(pk)

    def add(self, consent: Consent) -> int:
        """Store a consent; returns its number."""
        row = ConsentRow(
            tenant_id=self._tenant_id,
            candidate_id=self._pk(CandidateRow, "candidate", consent.candidate_id),
            vacancy_id=self._pk(VacancyRow, "vacancy", consent.vacancy_id),
            employer_id=self._pk(EmployerRow, "employer", consent.employer_id),
            scope=consent.scope,
            given_on=consent.given_on,
            withdrawn_on=consent.withdrawn_on,
            purpose=consent.purpose.value,
        )
        self._session.add(row)
        self._session.flush()
        return row.id

    def for_candidate(self, candidate_id: str) -> list[ConsentRecord]:
        """The candidate's consents, withdrawn ones included, in the order recorded."""
        self._pk(CandidateRow, "candidate", candidate_id)
        vacancy, employer = aliased(VacancyRow), aliased(EmployerRow)
        stmt = (
            select(ConsentRow, vacancy.ext_id, employer.ext_id)
            .join(CandidateRow, ConsentRow.candidate_id == CandidateRow.id)
            .outerjoin(vacancy, ConsentRow.vacancy_id == vacancy.id)
            .outerjoin(employer, ConsentRow.employer_id == employer.id)
            .where(ConsentRow.tenant_id == self._tenant_id, CandidateRow.ext_id == candidate_id)
            .order_by(ConsentRow.id)
        )
        return [
            ConsentRecord(
                row.id,
                Consent(candidate_id, row.scope, row.given_on, vac, emp, row.withdrawn_on,
                        ConsentPurpose(row.purpose)),
            )
            for row, vac, emp in self._session.execute(stmt)
        ]

    def withdraw(self, numbers: Sequence[int], on: date) -> None:
        """Set the withdrawal date of these consents (numbers from :meth:`for_candidate`)."""
        for number in numbers:
            row = self._session.get(ConsentRow, number)
            if row is None or row.tenant_id != self._tenant_id:
                raise NotFound(f"no consent with number {number}")
            row.withdrawn_on = on
