"""Light queries behind the web's list pages and dashboards, done in SQL.

A read model like :mod:`passgenau.store.caseload`: a list page shows a few columns of
many records, so these queries select only those columns (no JSON columns, no
occupations, no ORM objects) and count proposals with ``GROUP BY`` instead of loading
them. Loading every candidate fully took 0.4 s on the demo's 2,000; the light rows take
a few milliseconds. Each method is one query whatever the caseload's size.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from passgenau.domain.placement import ProposalState
from passgenau.store.tables import (
    CandidateCaseRow,
    CandidateRow,
    EmployerRow,
    FollowUpRow,
    PartnerRow,
    ProposalRow,
    ReferralRow,
    VacancyRow,
)
from passgenau.store.values import (
    CandidateBrief,
    EmployerBrief,
    FollowUpBrief,
    ProposalBrief,
    VacancyBrief,
)

_FINAL = tuple(s.value for s in ProposalState if s.is_final)


def _active() -> ColumnElement[bool]:
    """A candidate whose case has neither ended nor been erased (or who has no case)."""
    return and_(CandidateCaseRow.ended_on.is_(None), CandidateCaseRow.erased_at.is_(None))


class ListingQueries:
    def __init__(self, session: Session, tenant_id: int) -> None:
        self._session = session
        self._tenant_id = tenant_id

    # -- candidates ------------------------------------------------------------------

    def candidates(
        self, *, level: str | None = None, municipality: str | None = None,
        officer: str | None = None, ids: Collection[str] | None = None,
        partner_id: str | None = None, partner_statuses: Collection[str] = (),
        active_only: bool = True, offset: int = 0, limit: int | None = None,
    ) -> list[CandidateBrief]:
        """Candidates by id with their case's officer, team and state; filtered in SQL,
        ``limit`` of them from ``offset`` on (one page) when given.

        ``partner_id`` keeps those referred to that partner (with a referral in one of
        ``partner_statuses``); ``ids`` keeps the named ones.
        """
        active = _active()
        stmt: Select[tuple[str, str, str, int | None, str, str | None, str | None, bool]] = (
            select(CandidateRow.ext_id, CandidateRow.name, CandidateRow.german_level,
                   CandidateRow.birth_year, CandidateRow.home_municipality,
                   CandidateCaseRow.officer, CandidateCaseRow.team, active)
            .outerjoin(CandidateCaseRow, CandidateCaseRow.candidate_id == CandidateRow.id)
            .where(*self._candidate_filters(level, municipality, officer, ids, partner_id,
                                            partner_statuses, active_only))
            .order_by(CandidateRow.ext_id)
            .offset(offset).limit(limit)
        )
        return [
            CandidateBrief(ext_id, name, level_name, birth_year, place or "", officer_ or "",
                           team, bool(is_active))
            for ext_id, name, level_name, birth_year, place, officer_, team, is_active
            in self._session.execute(stmt)
        ]

    def count_candidates(
        self, *, level: str | None = None, municipality: str | None = None,
        officer: str | None = None, ids: Collection[str] | None = None,
        partner_id: str | None = None, partner_statuses: Collection[str] = (),
        active_only: bool = True,
    ) -> int:
        """How many :meth:`candidates` gives with the same filters (one ``COUNT``)."""
        stmt = (
            select(func.count())
            .select_from(CandidateRow)
            .outerjoin(CandidateCaseRow, CandidateCaseRow.candidate_id == CandidateRow.id)
            .where(*self._candidate_filters(level, municipality, officer, ids, partner_id,
                                            partner_statuses, active_only))
        )
        return int(self._session.scalar(stmt) or 0)

    def _candidate_filters(
        self, level: str | None, municipality: str | None, officer: str | None,
        ids: Collection[str] | None, partner_id: str | None,
        partner_statuses: Collection[str], active_only: bool,
    ) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = [CandidateRow.tenant_id == self._tenant_id]
        if active_only:
            where.append(_active())
        if level is not None:
            where.append(CandidateRow.german_level == level)
        if municipality:
            where.append(CandidateRow.home_municipality == municipality)
        if officer is not None:
            where.append(CandidateCaseRow.officer == officer)
        if ids is not None:
            where.append(CandidateRow.ext_id.in_(list(ids)))
        if partner_id is not None:
            referred = (
                select(ReferralRow.candidate_id)
                .join(PartnerRow, PartnerRow.id == ReferralRow.partner_id)
                .where(ReferralRow.tenant_id == self._tenant_id,
                       PartnerRow.ext_id == partner_id,
                       ReferralRow.status.in_(list(partner_statuses)))
            )
            where.append(CandidateRow.id.in_(referred))
        return where

    def due_follow_ups(self, on: date, officer: str | None = None) -> list[FollowUpBrief]:
        """Open follow-ups due on ``on`` or before, of active candidates (of ``officer``'s
        only when given), by due date: light columns, no ORM objects."""
        vacancy = aliased(VacancyRow)
        stmt = (
            select(FollowUpRow.id, FollowUpRow.due, FollowUpRow.note, vacancy.ext_id,
                   CandidateRow.ext_id, CandidateRow.name, CandidateRow.german_level,
                   CandidateRow.birth_year, CandidateRow.home_municipality,
                   CandidateCaseRow.officer, CandidateCaseRow.team)
            .join(CandidateRow, FollowUpRow.candidate_id == CandidateRow.id)
            .outerjoin(CandidateCaseRow, CandidateCaseRow.candidate_id == CandidateRow.id)
            .outerjoin(vacancy, FollowUpRow.vacancy_id == vacancy.id)
            .where(FollowUpRow.tenant_id == self._tenant_id, FollowUpRow.done_at.is_(None),
                   FollowUpRow.due <= on, CandidateCaseRow.ended_on.is_(None),
                   CandidateCaseRow.erased_at.is_(None))
            .order_by(FollowUpRow.due, FollowUpRow.id)
        )
        if officer is not None:
            stmt = stmt.where(CandidateCaseRow.officer == officer)
        return [
            FollowUpBrief(number, due, note, vacancy_id, CandidateBrief(
                ext_id, name, level, birth_year, place or "", officer_ or "", team, True))
            for number, due, note, vacancy_id, ext_id, name, level, birth_year, place,
            officer_, team in self._session.execute(stmt)
        ]

    def candidate_municipalities(self) -> list[str]:
        """The places candidates live in, to choose from in a filter."""
        stmt = (select(CandidateRow.home_municipality).distinct()
                .where(CandidateRow.tenant_id == self._tenant_id,
                       CandidateRow.home_municipality != "")
                .order_by(CandidateRow.home_municipality))
        return [m for m in self._session.scalars(stmt) if m]

    # -- vacancies and employers -------------------------------------------------------

    def vacancies(
        self, *, municipality: str | None = None, kldb: str | None = None,
        employer_id: str | None = None,
    ) -> list[VacancyBrief]:
        """Vacancies by id with their employer and their open and hired proposals.

        ``kldb`` matches the code's beginning (``"293"`` finds every 293xx).
        """
        counts = (
            select(
                ProposalRow.vacancy_id,
                func.sum(case((ProposalRow.state.notin_(_FINAL), 1), else_=0)).label("open"),
                func.sum(case((ProposalRow.state == ProposalState.HIRED.value, 1), else_=0))
                .label("hired"),
            )
            .where(ProposalRow.tenant_id == self._tenant_id)
            .group_by(ProposalRow.vacancy_id)
            .subquery()
        )
        place = func.coalesce(VacancyRow.municipality, EmployerRow.municipality)
        stmt = (
            select(VacancyRow.ext_id, VacancyRow.title, EmployerRow.ext_id, EmployerRow.name,
                   place, VacancyRow.kldb, VacancyRow.positions, VacancyRow.shortlist_size,
                   func.coalesce(counts.c.open, 0), func.coalesce(counts.c.hired, 0))
            .join(EmployerRow, EmployerRow.id == VacancyRow.employer_id)
            .outerjoin(counts, counts.c.vacancy_id == VacancyRow.id)
            .where(VacancyRow.tenant_id == self._tenant_id)
            .order_by(VacancyRow.ext_id)
        )
        if municipality:
            stmt = stmt.where(or_(VacancyRow.municipality == municipality,
                                  and_(VacancyRow.municipality.is_(None),
                                       EmployerRow.municipality == municipality)))
        if kldb:
            stmt = stmt.where(VacancyRow.kldb.startswith(kldb, autoescape=True))
        if employer_id is not None:
            stmt = stmt.where(EmployerRow.ext_id == employer_id)
        return [
            VacancyBrief(v, title, e, employer, where or "", code, int(positions),
                         int(size), int(open_), int(hired))
            for v, title, e, employer, where, code, positions, size, open_, hired
            in self._session.execute(stmt)
        ]

    def vacancy_municipalities(self) -> list[str]:
        place = func.coalesce(VacancyRow.municipality, EmployerRow.municipality)
        stmt = (select(place).distinct()
                .join(EmployerRow, EmployerRow.id == VacancyRow.employer_id)
                .where(VacancyRow.tenant_id == self._tenant_id).order_by(place))
        return [m for m in self._session.scalars(stmt) if m]

    def employers(self) -> list[EmployerBrief]:
        """Employers by id with how many vacancies and positions they have."""
        stmt = (
            select(EmployerRow.ext_id, EmployerRow.name, EmployerRow.municipality,
                   EmployerRow.sector, func.count(VacancyRow.id),
                   func.coalesce(func.sum(VacancyRow.positions), 0))
            .outerjoin(VacancyRow, VacancyRow.employer_id == EmployerRow.id)
            .where(EmployerRow.tenant_id == self._tenant_id)
            .group_by(EmployerRow.id, EmployerRow.ext_id, EmployerRow.name,
                      EmployerRow.municipality, EmployerRow.sector)
            .order_by(EmployerRow.ext_id)
        )
        return [EmployerBrief(e, name, place or "", sector or "", int(n), int(positions))
                for e, name, place, sector, n, positions in self._session.execute(stmt)]

    # -- proposals -------------------------------------------------------------------

    def proposals_by_state(self, officer: str | None = None) -> dict[str, int]:
        """State -> number of proposals; of ``officer``'s candidates only when given."""
        stmt = (select(ProposalRow.state, func.count())
                .where(ProposalRow.tenant_id == self._tenant_id)
                .group_by(ProposalRow.state))
        if officer is not None:
            stmt = stmt.join(CandidateCaseRow,
                             CandidateCaseRow.candidate_id == ProposalRow.candidate_id
                             ).where(CandidateCaseRow.officer == officer)
        return {state: int(n) for state, n in self._session.execute(stmt)}

    def proposal_briefs(self, state: str, vacancy_id: str | None = None,
                        limit: int | None = None) -> list[ProposalBrief]:
        """Proposals in ``state`` (of one vacancy when given), by vacancy then rank (as
        the workflow lists them): the board's cards, without explanations."""
        stmt = (
            select(VacancyRow.ext_id, CandidateRow.ext_id, ProposalRow.state,
                   ProposalRow.version)
            .join(VacancyRow, ProposalRow.vacancy_id == VacancyRow.id)
            .join(CandidateRow, ProposalRow.candidate_id == CandidateRow.id)
            .where(ProposalRow.tenant_id == self._tenant_id, ProposalRow.state == state)
            .order_by(ProposalRow.vacancy_id, ProposalRow.rank.is_(None), ProposalRow.rank,
                      ProposalRow.id)
            .limit(limit)
        )
        if vacancy_id is not None:
            stmt = stmt.where(VacancyRow.ext_id == vacancy_id)
        return [ProposalBrief(v, c, s, int(version))
                for v, c, s, version in self._session.execute(stmt)]

    def proposal_counts(self, vacancy_id: str | None = None) -> dict[str, int]:
        """State -> number of proposals (of one vacancy when given)."""
        stmt = (select(ProposalRow.state, func.count())
                .where(ProposalRow.tenant_id == self._tenant_id)
                .group_by(ProposalRow.state))
        if vacancy_id is not None:
            stmt = stmt.join(VacancyRow, ProposalRow.vacancy_id == VacancyRow.id).where(
                VacancyRow.ext_id == vacancy_id)
        return {state: int(n) for state, n in self._session.execute(stmt)}

    def open_proposals(self, officer: str, limit: int) -> list[tuple[str, str, str, str]]:
        """(vacancy id, vacancy title, candidate id, state) of the open proposals of
        ``officer``'s candidates, the least advanced first."""
        stmt = (
            select(VacancyRow.ext_id, VacancyRow.title, CandidateRow.ext_id, ProposalRow.state)
            .join(VacancyRow, VacancyRow.id == ProposalRow.vacancy_id)
            .join(CandidateRow, CandidateRow.id == ProposalRow.candidate_id)
            .join(CandidateCaseRow, CandidateCaseRow.candidate_id == ProposalRow.candidate_id)
            .where(ProposalRow.tenant_id == self._tenant_id,
                   CandidateCaseRow.officer == officer, ProposalRow.state.notin_(_FINAL))
            .order_by(ProposalRow.updated_at.desc(), ProposalRow.id)
            .limit(limit)
        )
        return [(v, title, c, state) for v, title, c, state in self._session.execute(stmt)]
