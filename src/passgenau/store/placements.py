"""Repository for the placement workflow's records: proposals and follow-ups.

Proposals and follow-ups have no external id of their own: a proposal is identified by
its (vacancy, candidate) pair, which the database keeps unique; a follow-up by its
surrogate key, which :meth:`PlacementRepository.add_follow_up` returns. Workflow rules
(which state may follow which) belong to the domain and the services; this only stores
and reads. A workflow step is written with :meth:`PlacementRepository.save_proposal`,
which names the version it read (optimistic locking, :mod:`passgenau.store.versions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, delete, insert, select
from sqlalchemy.orm import Session, aliased

from passgenau.domain.errors import InvalidInput, NotFound, Problem
from passgenau.domain.placement import Proposal, ProposalSource, ProposalState, ReasonCode
from passgenau.domain.workflow import proposal_label
from passgenau.store.tables import (
    CandidateRow,
    EventRow,
    HouseholdRow,
    ProposalRow,
    VacancyRow,
    utc_now,
)
from passgenau.store.values import ProposalRecord
from passgenau.store.versions import update_if_current


class PlacementRepository:
    def __init__(self, session: Session, tenant_id: int) -> None:
        self._session = session
        self._tenant_id = tenant_id

    # -- key lookups -------------------------------------------------------------------
    def _pk(self, row_type: Any, entity: str, ext_id: str) -> int:
        stmt = select(row_type.id).where(
            row_type.tenant_id == self._tenant_id, row_type.ext_id == ext_id
        )
        pk = self._session.scalar(stmt)
        if pk is None:
            raise NotFound(f'no {entity} with id "{ext_id}"')
        return int(pk)

    def _proposal_row(self, vacancy_id: str, candidate_id: str) -> ProposalRow | None:
        stmt = (
            select(ProposalRow)
            .join(VacancyRow, ProposalRow.vacancy_id == VacancyRow.id)
            .join(CandidateRow, ProposalRow.candidate_id == CandidateRow.id)
            .where(
                ProposalRow.tenant_id == self._tenant_id,
                VacancyRow.ext_id == vacancy_id,
                CandidateRow.ext_id == candidate_id,
            )
        )
        return self._session.scalar(stmt)

    # -- proposals ---------------------------------------------------------------------
    def add_proposal(self, proposal: Proposal, reasons: Sequence[str] = ()) -> None:
        """Store a new proposal; a second one for the same pair is refused."""
        vacancy_pk = self._pk(VacancyRow, "vacancy", proposal.vacancy_id)
        candidate_pk = self._pk(CandidateRow, "candidate", proposal.candidate_id)
        if self._proposal_row(proposal.vacancy_id, proposal.candidate_id) is not None:
            pair = f'vacancy "{proposal.vacancy_id}", candidate "{proposal.candidate_id}"'
            raise InvalidInput([Problem(f"proposal ({pair})", "", "exists already")])
        row = ProposalRow(
            tenant_id=self._tenant_id,
            vacancy_id=vacancy_pk,
            candidate_id=candidate_pk,
            reasons=list(reasons),
        )
        self._fill(row, proposal)
        self._session.add(row)

    def update_proposal(self, proposal: Proposal, reasons: Sequence[str] | None = None) -> None:
        """Overwrite state, score, rank, shift and household of a stored proposal."""
        row = self._proposal_row(proposal.vacancy_id, proposal.candidate_id)
        if row is None:
            raise NotFound(
                f'no proposal of candidate "{proposal.candidate_id}" '
                f'for vacancy "{proposal.vacancy_id}"'
            )
        self._fill(row, proposal)
        if reasons is not None:
            row.reasons = list(reasons)

    def replace_suggested(self, proposals: Sequence[tuple[Proposal, Sequence[str]]]) -> int:
        """Swap the tenant's untouched suggestions for a new matching run's, in bulk.

        Proposals already further in the workflow are kept; a new proposal for one of their
        pairs is refused (the matching never makes one). Returns the number stored.
        """
        self._session.execute(
            delete(ProposalRow).where(
                ProposalRow.tenant_id == self._tenant_id,
                ProposalRow.state == ProposalState.SUGGESTED.value,
            )
        )
        vacancies = self._pks(VacancyRow)
        candidates = self._pks(CandidateRow)
        households = self._pks(HouseholdRow)
        now = utc_now()
        rows = [
            {
                "tenant_id": self._tenant_id,
                "vacancy_id": vacancies[p.vacancy_id],
                "candidate_id": candidates[p.candidate_id],
                "state": p.state.value,
                "score": p.score,
                "rank": p.rank,
                "shift": p.shift,
                "household_id": None if p.household_id is None else households[p.household_id],
                "reasons": list(reasons),
                "created_at": now,
                "updated_at": now,
            }
            for p, reasons in proposals
        ]
        if rows:
            self._session.execute(insert(ProposalRow), rows)
        return len(rows)

    def _pks(self, row_type: Any) -> dict[str, int]:
        stmt = select(row_type.ext_id, row_type.id).where(row_type.tenant_id == self._tenant_id)
        return {ext_id: pk for ext_id, pk in self._session.execute(stmt)}

    def _fill(self, row: ProposalRow, proposal: Proposal) -> None:
        row.state = proposal.state.value
        row.score = proposal.score
        row.rank = proposal.rank
        row.shift = proposal.shift
        row.household_id = (
            None
            if proposal.household_id is None
            else self._pk(HouseholdRow, "household", proposal.household_id)
        )
        row.reason = None if proposal.reason is None else proposal.reason.value
        row.note = proposal.note
        row.source = proposal.source.value
        row.event_id = (
            None if proposal.event_id is None
            else self._pk(EventRow, "event", proposal.event_id)
        )

    def _select_proposals(self) -> Select[Any]:
        household = aliased(HouseholdRow)
        return (
            select(ProposalRow, VacancyRow.ext_id, CandidateRow.ext_id, household.ext_id,
                   EventRow.ext_id)
            .join(VacancyRow, ProposalRow.vacancy_id == VacancyRow.id)
            .join(CandidateRow, ProposalRow.candidate_id == CandidateRow.id)
            .outerjoin(household, ProposalRow.household_id == household.id)
            .outerjoin(EventRow, ProposalRow.event_id == EventRow.id)
            .where(ProposalRow.tenant_id == self._tenant_id)
        )

    def _records(self, stmt: Select[Any]) -> list[ProposalRecord]:
        return [
            ProposalRecord(
                proposal=Proposal(
                    vacancy_id=vacancy_id,
                    candidate_id=candidate_id,
                    state=ProposalState(row.state),
                    score=row.score,
                    rank=row.rank,
                    shift=row.shift,
                    household_id=household_id,
                    reason=None if row.reason is None else ReasonCode(row.reason),
                    note=row.note,
                    source=ProposalSource(row.source),
                    event_id=event_id,
                ),
                reasons=tuple(row.reasons),
                created_at=row.created_at,
                updated_at=row.updated_at,
                version=row.version,
            )
            for row, vacancy_id, candidate_id, household_id, event_id
            in self._session.execute(stmt)
        ]

    def get_proposal(self, vacancy_id: str, candidate_id: str) -> ProposalRecord:
        stmt = self._select_proposals().where(
            VacancyRow.ext_id == vacancy_id, CandidateRow.ext_id == candidate_id
        )
        records = self._records(stmt)
        if not records:
            raise NotFound(f'no proposal of candidate "{candidate_id}" for vacancy "{vacancy_id}"')
        return records[0]

    def proposals_for_vacancy(self, vacancy_id: str) -> list[ProposalRecord]:
        """The vacancy's shortlist, by rank (unranked last), then in order of creation."""
        stmt = (
            self._select_proposals()
            .where(VacancyRow.ext_id == vacancy_id)
            .order_by(ProposalRow.rank.is_(None), ProposalRow.rank, ProposalRow.id)
        )
        return self._records(stmt)

    def proposals_for_candidate(self, candidate_id: str) -> list[ProposalRecord]:
        stmt = (
            self._select_proposals()
            .where(CandidateRow.ext_id == candidate_id)
            .order_by(ProposalRow.id)
        )
        return self._records(stmt)

    def list_proposals(self) -> list[ProposalRecord]:
        """Every proposal of the tenant, in order of creation."""
        return self._records(self._select_proposals().order_by(ProposalRow.id))

    # -- issue 10 (workflow) -----------------------------------------------------------
    def proposals(
        self,
        vacancy_id: str | None = None,
        candidate_id: str | None = None,
        state: ProposalState | None = None,
    ) -> list[ProposalRecord]:
        """The tenant's proposals, optionally of one vacancy, candidate or state, by
        vacancy (in order of storing) then rank (unranked last) then creation."""
        stmt = self._select_proposals().order_by(
            ProposalRow.vacancy_id, ProposalRow.rank.is_(None), ProposalRow.rank, ProposalRow.id
        )
        if vacancy_id is not None:
            stmt = stmt.where(VacancyRow.ext_id == vacancy_id)
        if candidate_id is not None:
            stmt = stmt.where(CandidateRow.ext_id == candidate_id)
        if state is not None:
            stmt = stmt.where(ProposalRow.state == state.value)
        return self._records(stmt)

    def save_proposal(self, proposal: Proposal, read_version: int) -> int:
        """Write a workflow step (state, reason, note) if the stored version is still
        ``read_version``; returns the new version, else raises ``StaleRecord``."""
        row = self._proposal_row(proposal.vacancy_id, proposal.candidate_id)
        label = proposal_label(proposal.vacancy_id, proposal.candidate_id)
        if row is None:
            raise NotFound(f"{label}: not stored")
        values = {
            "state": proposal.state.value,
            "reason": None if proposal.reason is None else proposal.reason.value,
            "note": proposal.note,
            "updated_at": utc_now(),
        }
        return update_if_current(self._session, ProposalRow, row.id, read_version, values,
                                 label)
