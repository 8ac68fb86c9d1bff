"""Aggregate counts over a tenant's caseload, done in SQL.

A read model in the cosmicpython sense: management figures need counts, not records, so
these queries never load rows. Each method is one query whatever the caseload's size.
"""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from passgenau.domain.placement import ProposalState
from passgenau.store.tables import (
    CandidateRow,
    EmployerRow,
    HouseholdRow,
    ProposalRow,
    VacancyRow,
)
from passgenau.store.values import PositionCounts


class CaseloadQueries:
    def __init__(self, session: Session, tenant_id: int) -> None:
        self._session = session
        self._tenant_id = tenant_id

    def employers(self) -> int:
        stmt = select(func.count()).where(EmployerRow.tenant_id == self._tenant_id)
        return self._session.scalar(stmt) or 0

    def positions(self) -> PositionCounts:
        hires = (
            select(ProposalRow.vacancy_id, func.count().label("hired"))
            .where(
                ProposalRow.tenant_id == self._tenant_id,
                ProposalRow.state == ProposalState.HIRED.value,
            )
            .group_by(ProposalRow.vacancy_id)
            .subquery()
        )
        unfilled = VacancyRow.positions - func.coalesce(hires.c.hired, 0)
        stmt = (
            select(
                func.count(VacancyRow.id),
                func.coalesce(func.sum(VacancyRow.positions), 0),
                func.coalesce(func.sum(case((unfilled > 0, unfilled), else_=0)), 0),
            )
            .outerjoin(hires, hires.c.vacancy_id == VacancyRow.id)
            .where(VacancyRow.tenant_id == self._tenant_id)
        )
        vacancies, positions, open_positions = self._session.execute(stmt).one()
        return PositionCounts(int(vacancies), int(positions), int(open_positions))

    def candidates_by_level_and_birth_year(self) -> dict[tuple[str, int | None], int]:
        """(german_level, birth_year) -> number of candidates: enough to route to teams."""
        stmt = (
            select(CandidateRow.german_level, CandidateRow.birth_year, func.count())
            .where(CandidateRow.tenant_id == self._tenant_id)
            .group_by(CandidateRow.german_level, CandidateRow.birth_year)
        )
        return {(level, year): int(n) for level, year, n in self._session.execute(stmt)}

    def households(self) -> tuple[int, int]:
        """(households, households with place_together)."""
        together = func.coalesce(func.sum(case((HouseholdRow.place_together, 1), else_=0)), 0)
        stmt = select(func.count(HouseholdRow.id), together).where(
            HouseholdRow.tenant_id == self._tenant_id
        )
        total, placed_together = self._session.execute(stmt).one()
        return int(total), int(placed_together)
