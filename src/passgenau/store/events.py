"""Repository for events: the events, their employers, invitation lists and leads.

Addressed by external ids (an event's id, candidates' and employers' ids); leads by the
number :meth:`EventRepository.add_lead` returns. The rules (who may register, what a lead
does to a proposal) belong to :mod:`passgenau.services.events`; this stores and reads,
always inside one tenant.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from passgenau.domain.errors import InvalidInput, NotFound, Problem
from passgenau.domain.events import (
    BringItem,
    Event,
    EventKind,
    Invitation,
    InvitationStatus,
    Lead,
    LeadOutcome,
)
from passgenau.domain.model import Location
from passgenau.domain.placement import ProposalSource
from passgenau.store.casework import CandidateKeys
from passgenau.store.tables import (
    CandidateRow,
    EmployerRow,
    EventEmployerRow,
    EventInvitationRow,
    EventLeadRow,
    EventRow,
    ProposalRow,
    VacancyRow,
)
from passgenau.store.values import InvitationRecord, LeadRecord


class EventRepository:
    def __init__(self, session: Session, tenant_id: int, keys: CandidateKeys) -> None:
        self._session = session
        self._tenant_id = tenant_id
        self._keys = keys

    # -- look-ups ---------------------------------------------------------------------
    def _row(self, event_id: str) -> EventRow:
        row = self._session.scalar(select(EventRow).where(
            EventRow.tenant_id == self._tenant_id, EventRow.ext_id == event_id))
        if row is None:
            raise NotFound(f'no event with id "{event_id}"')
        return row

    def _pk(self, row_type: Any, entity: str, ext_id: str) -> int:
        pk = self._session.scalar(select(row_type.id).where(
            row_type.tenant_id == self._tenant_id, row_type.ext_id == ext_id))
        if pk is None:
            raise NotFound(f'no {entity} with id "{ext_id}"')
        return int(pk)

    # -- events -----------------------------------------------------------------------
    def add(self, event: Event) -> None:
        """Store a new event; an id in use is refused."""
        exists = self._session.scalar(select(EventRow.id).where(
            EventRow.tenant_id == self._tenant_id, EventRow.ext_id == event.id))
        if exists is not None:
            raise InvalidInput([Problem(f'event "{event.id}"', "id", "exists already")])
        employers = [self._pk(EmployerRow, "employer", e) for e in event.employer_ids]
        row = EventRow(
            tenant_id=self._tenant_id, ext_id=event.id, title=event.title,
            kind=event.kind.value, day=event.day, start_time=event.start,
            end_time=event.end, lat=event.place.lat, lon=event.place.lon,
            postcode=event.place.postcode, municipality=event.place.municipality,
            venue=event.venue, capacity=event.capacity,
            bring=[b.value for b in event.bring],
        )
        self._session.add(row)
        self._session.flush()
        for position, pk in enumerate(employers):
            self._session.add(EventEmployerRow(event_id=row.id, employer_id=pk,
                                               position=position))

    def get(self, event_id: str) -> Event:
        return self._event(self._row(event_id))

    def list(self) -> list[Event]:
        """The tenant's events by day, start, id."""
        rows = self._session.scalars(select(EventRow).where(
            EventRow.tenant_id == self._tenant_id).order_by(
            EventRow.day, EventRow.start_time, EventRow.ext_id))
        return [self._event(row) for row in rows]

    def _event(self, row: EventRow) -> Event:
        employers = tuple(self._session.scalars(
            select(EmployerRow.ext_id)
            .join(EventEmployerRow, EventEmployerRow.employer_id == EmployerRow.id)
            .where(EventEmployerRow.event_id == row.id)
            .order_by(EventEmployerRow.position)))
        return Event(
            id=row.ext_id, title=row.title, kind=EventKind(row.kind), day=row.day,
            start=row.start_time, end=row.end_time,
            place=Location(row.lat, row.lon, row.postcode, row.municipality),
            venue=row.venue, employer_ids=employers, capacity=row.capacity,
            bring=tuple(BringItem(b) for b in row.bring),
        )

    # -- invitation lists --------------------------------------------------------------
    def _invitation_stmt(self, event_id: str) -> Any:
        return (
            select(EventInvitationRow, CandidateRow.ext_id)
            .join(CandidateRow, EventInvitationRow.candidate_id == CandidateRow.id)
            .where(EventInvitationRow.tenant_id == self._tenant_id,
                   EventInvitationRow.event_id == self._row(event_id).id)
        )

    @staticmethod
    def _invitation(event_id: str, row: EventInvitationRow, candidate: str) -> InvitationRecord:
        return InvitationRecord(
            Invitation(event_id, candidate, InvitationStatus(row.status), row.invited_on,
                       row.rules, row.letter_sent_on),
            row.registered_on, row.checked_in_at,
        )

    def invitations(self, event_id: str) -> list[InvitationRecord]:
        """The event's list in the order candidates were put on it."""
        stmt = self._invitation_stmt(event_id).order_by(EventInvitationRow.id)
        return [self._invitation(event_id, row, cand) for row, cand in
                self._session.execute(stmt)]

    def invitation(self, event_id: str, candidate_id: str) -> InvitationRecord | None:
        stmt = self._invitation_stmt(event_id).where(CandidateRow.ext_id == candidate_id)
        found = self._session.execute(stmt).first()
        return None if found is None else self._invitation(event_id, found[0], found[1])

    def save_invitation(self, invitation: Invitation, registered_on: date | None = None,
                        checked_in_at: datetime | None = None) -> None:
        """Create or update the candidate's entry on the event's list."""
        event_pk = self._row(invitation.event_id).id
        candidate_pk = self._keys.pk(invitation.candidate_id)
        row = self._session.scalar(select(EventInvitationRow).where(
            EventInvitationRow.event_id == event_pk,
            EventInvitationRow.candidate_id == candidate_pk))
        if row is None:
            row = EventInvitationRow(tenant_id=self._tenant_id, event_id=event_pk,
                                     candidate_id=candidate_pk)
            self._session.add(row)
        row.status = invitation.status.value
        row.invited_on = invitation.invited_on
        row.rules = invitation.rules
        row.letter_sent_on = invitation.letter_sent_on
        row.registered_on = registered_on if registered_on is not None else row.registered_on
        row.checked_in_at = checked_in_at if checked_in_at is not None else row.checked_in_at

    def count(self, event_id: str, statuses: tuple[InvitationStatus, ...]) -> int:
        return self._session.scalar(select(func.count()).select_from(EventInvitationRow).where(
            EventInvitationRow.event_id == self._row(event_id).id,
            EventInvitationRow.status.in_([s.value for s in statuses]))) or 0

    # -- leads ------------------------------------------------------------------------
    def add_lead(self, lead: Lead, format: ProposalSource, proposal: bool) -> int:
        """Store a lead; ``proposal``: link it to the (stored) proposal of its vacancy and
        candidate. Returns its number."""
        candidate_pk = self._keys.pk(lead.candidate_id)
        vacancy_pk = proposal_pk = None
        if lead.vacancy_id is not None:
            vacancy_pk = self._pk(VacancyRow, "vacancy", lead.vacancy_id)
            if proposal:
                proposal_pk = self._session.scalar(select(ProposalRow.id).where(
                    ProposalRow.vacancy_id == vacancy_pk,
                    ProposalRow.candidate_id == candidate_pk))
        row = EventLeadRow(
            tenant_id=self._tenant_id, event_id=self._row(lead.event_id).id,
            candidate_id=candidate_pk,
            employer_id=self._pk(EmployerRow, "employer", lead.employer_id),
            vacancy_id=vacancy_pk, proposal_id=proposal_pk, format=format.value,
            outcome=lead.outcome.value, recorded_on=lead.recorded_on, note=lead.note,
        )
        self._session.add(row)
        self._session.flush()
        return row.id

    def leads(self, event_id: str | None = None) -> list[LeadRecord]:
        """Leads in the order recorded, of one event or of all."""
        event, vacancy, proposal_vacancy = aliased(EventRow), aliased(VacancyRow), \
            aliased(VacancyRow)
        stmt = (
            select(EventLeadRow, event.ext_id, CandidateRow.ext_id, EmployerRow.ext_id,
                   vacancy.ext_id, proposal_vacancy.ext_id)
            .join(event, EventLeadRow.event_id == event.id)
            .join(CandidateRow, EventLeadRow.candidate_id == CandidateRow.id)
            .join(EmployerRow, EventLeadRow.employer_id == EmployerRow.id)
            .outerjoin(vacancy, EventLeadRow.vacancy_id == vacancy.id)
            .outerjoin(ProposalRow, EventLeadRow.proposal_id == ProposalRow.id)
            .outerjoin(proposal_vacancy, ProposalRow.vacancy_id == proposal_vacancy.id)
            .where(EventLeadRow.tenant_id == self._tenant_id)
            .order_by(EventLeadRow.id)
        )
        if event_id is not None:
            stmt = stmt.where(EventLeadRow.event_id == self._row(event_id).id)
        return [
            LeadRecord(
                row.id,
                Lead(ev, cand, emp, LeadOutcome(row.outcome), row.recorded_on, vac, row.note),
                ProposalSource(row.format), prop,
            )
            for row, ev, cand, emp, vac, prop in self._session.execute(stmt)
        ]
