"""Repository for partners (organisations with contacts), the employers' contact history
and referrals of candidates to partners.

Partners have an external id like the caseload records; contacts and referrals are
addressed by the number (surrogate key) their add methods return.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from passgenau.domain.errors import NotFound
from passgenau.domain.partners import (
    EmployerContact,
    EmployerContactKind,
    EmployerContactRecord,
    FundingProgramme,
    Partner,
    PartnerContact,
    PartnerKind,
    Referral,
    ReferralRecord,
    ReferralStatus,
)
from passgenau.store.casework import CandidateKeys
from passgenau.store.tables import (
    CandidateRow,
    EmployerContactRow,
    EmployerRow,
    PartnerRow,
    ReferralRow,
)


def _contacts_to_json(contacts: tuple[PartnerContact, ...]) -> list[dict[str, Any]]:
    return [{"name": c.name, "role": c.role, "email": c.email, "phone": c.phone}
            for c in contacts]


class PartnerRepository:
    def __init__(self, session: Session, tenant_id: int, keys: CandidateKeys) -> None:
        self._session = session
        self._tenant_id = tenant_id
        self._keys = keys

    # -- partners ----------------------------------------------------------------------
    def _partner_row(self, partner_id: str) -> PartnerRow | None:
        return self._session.scalar(select(PartnerRow).where(
            PartnerRow.tenant_id == self._tenant_id, PartnerRow.ext_id == partner_id))

    @staticmethod
    def _partner(row: PartnerRow) -> Partner:
        return Partner(
            id=row.ext_id, kind=PartnerKind(row.kind), name=row.name,
            municipality=row.municipality, note=row.note,
            contacts=tuple(PartnerContact(**c) for c in row.contacts),
        )

    def save_partner(self, partner: Partner) -> bool:
        """Create or overwrite a partner; True if it was new."""
        row = self._partner_row(partner.id)
        created = row is None
        if row is None:
            row = PartnerRow(tenant_id=self._tenant_id, ext_id=partner.id)
            self._session.add(row)
        row.kind = partner.kind.value
        row.name = partner.name
        row.municipality = partner.municipality
        row.contacts = _contacts_to_json(partner.contacts)
        row.note = partner.note
        self._session.flush()
        return created

    def get_partner(self, partner_id: str) -> Partner:
        row = self._partner_row(partner_id)
        if row is None:
            raise NotFound(f'no partner with id "{partner_id}"')
        return self._partner(row)

    def list_partners(self) -> list[Partner]:
        stmt = select(PartnerRow).where(PartnerRow.tenant_id == self._tenant_id)
        return [self._partner(r) for r in self._session.scalars(stmt.order_by(PartnerRow.id))]

    # -- employer contacts -------------------------------------------------------------
    def add_employer_contact(self, contact: EmployerContact) -> int:
        employer_pk = self._session.scalar(select(EmployerRow.id).where(
            EmployerRow.tenant_id == self._tenant_id, EmployerRow.ext_id == contact.employer_id))
        if employer_pk is None:
            raise NotFound(f'no employer with id "{contact.employer_id}"')
        row = EmployerContactRow(
            tenant_id=self._tenant_id, employer_id=employer_pk,
            contacted_on=contact.contacted_on, kind=contact.kind.value, staff=contact.staff,
            summary=contact.summary, needs=contact.needs,
            funding=[f.value for f in contact.funding], next_step=contact.next_step,
            next_step_on=contact.next_step_on,
        )
        self._session.add(row)
        self._session.flush()
        return row.id

    def employer_contacts(self, employer_id: str | None = None) -> list[EmployerContactRecord]:
        """The contact history by date (then as recorded), of one employer or all."""
        stmt = (
            select(EmployerContactRow, EmployerRow.ext_id)
            .join(EmployerRow, EmployerContactRow.employer_id == EmployerRow.id)
            .where(EmployerContactRow.tenant_id == self._tenant_id)
            .order_by(EmployerContactRow.contacted_on, EmployerContactRow.id)
        )
        if employer_id is not None:
            stmt = stmt.where(EmployerRow.ext_id == employer_id)
        return [
            EmployerContactRecord(row.id, EmployerContact(
                employer_id=ext_id, contacted_on=row.contacted_on,
                kind=EmployerContactKind(row.kind), staff=row.staff, summary=row.summary,
                needs=row.needs, funding=tuple(FundingProgramme(f) for f in row.funding),
                next_step=row.next_step, next_step_on=row.next_step_on,
            ))
            for row, ext_id in self._session.execute(stmt)
        ]

    # -- referrals ---------------------------------------------------------------------
    def add_referral(self, referral: Referral) -> int:
        partner = self._partner_row(referral.partner_id)
        if partner is None:
            raise NotFound(f'no partner with id "{referral.partner_id}"')
        row = ReferralRow(tenant_id=self._tenant_id,
                          candidate_id=self._keys.pk(referral.candidate_id),
                          partner_id=partner.id)
        self._fill_referral(row, referral)
        self._session.add(row)
        self._session.flush()
        return row.id

    def update_referral(self, number: int, referral: Referral) -> None:
        row = self._session.get(ReferralRow, number)
        if row is None or row.tenant_id != self._tenant_id:
            raise NotFound(f"no referral with number {number}")
        self._fill_referral(row, referral)

    @staticmethod
    def _fill_referral(row: ReferralRow, referral: Referral) -> None:
        row.referred_on = referral.referred_on
        row.purpose = referral.purpose
        row.status = referral.status.value
        row.answered_on = referral.answered_on
        row.answer = referral.answer

    def referrals(self, candidate_id: str | None = None,
                  partner_id: str | None = None) -> list[ReferralRecord]:
        stmt = (
            select(ReferralRow, CandidateRow.ext_id, PartnerRow.ext_id)
            .join(CandidateRow, ReferralRow.candidate_id == CandidateRow.id)
            .join(PartnerRow, ReferralRow.partner_id == PartnerRow.id)
            .where(ReferralRow.tenant_id == self._tenant_id)
            .order_by(ReferralRow.referred_on, ReferralRow.id)
        )
        if candidate_id is not None:
            stmt = stmt.where(CandidateRow.ext_id == candidate_id)
        if partner_id is not None:
            stmt = stmt.where(PartnerRow.ext_id == partner_id)
        return [
            ReferralRecord(row.id, Referral(
                candidate_id=cand, partner_id=partner, referred_on=row.referred_on,
                purpose=row.purpose, status=ReferralStatus(row.status),
                answered_on=row.answered_on, answer=row.answer,
            ))
            for row, cand, partner in self._session.execute(stmt)
        ]

    def referral(self, number: int) -> ReferralRecord:
        for record in self.referrals():
            if record.number == number:
                return record
        raise NotFound(f"no referral with number {number}")
