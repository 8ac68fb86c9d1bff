"""Use cases of the employers' contact history and of partners and referrals.

Partners' contact persons are personal data (not the candidates'): audited by field name
only, like everything. Referrals belong to the candidate and are audited under the
candidate's id, so that erasure pseudonymises them with the candidate.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.partners import (
    EmployerContact,
    EmployerContactRecord,
    Partner,
    Referral,
    ReferralRecord,
    ReferralStatus,
)
from passgenau.services.unit_of_work import EXT_ID_LENGTH, AuditAction, UnitOfWork


def _set_fields(record: object, skip: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record)  # type: ignore[arg-type]
                 if f.name not in skip and getattr(record, f.name) not in (None, "", ()))


def save_partner(uow: UnitOfWork, partner: Partner) -> bool:
    """Create or update a partner organisation; True if it was new."""
    if not partner.id or len(partner.id) > EXT_ID_LENGTH:
        raise InvalidInput([Problem(f'partner "{partner.id[:EXT_ID_LENGTH]}"', "id",
                                    f"must be 1 to {EXT_ID_LENGTH} characters")])
    if not partner.name.strip():
        raise InvalidInput([Problem(f'partner "{partner.id}"', "name", "must not be empty")])
    with uow:
        created = uow.partners.save_partner(partner)
        action = AuditAction.CREATE if created else AuditAction.UPDATE
        uow.audit(action, "partner", partner.id, _set_fields(partner, ("id",)))
        uow.commit()
    return created


def list_partners(uow: UnitOfWork) -> tuple[Partner, ...]:
    with uow:
        return tuple(uow.partners.list_partners())


def add_employer_contact(uow: UnitOfWork, contact: EmployerContact) -> int:
    """Record a contact of the acquisition staff with an employer; returns its number."""
    with uow:
        number = uow.partners.add_employer_contact(contact)
        uow.audit(AuditAction.CREATE, "employer_contact", contact.employer_id,
                  _set_fields(contact, ("employer_id",)))
        uow.commit()
    return number


def employer_contacts(uow: UnitOfWork,
                      employer_id: str | None = None) -> tuple[EmployerContactRecord, ...]:
    """The contact history, oldest first, of one employer or all."""
    with uow:
        if employer_id is not None:
            uow.employers.get(employer_id)
        return tuple(uow.partners.employer_contacts(employer_id))


def refer(uow: UnitOfWork, referral: Referral) -> int:
    """Refer a candidate to a partner; returns the referral's number."""
    with uow:
        uow.candidates.get(referral.candidate_id)
        number = uow.partners.add_referral(referral)
        uow.audit(AuditAction.CREATE, "referral", referral.candidate_id,
                  _set_fields(referral, ("candidate_id",)))
        uow.commit()
    return number


def answer_referral(uow: UnitOfWork, number: int, status: ReferralStatus, on: date,
                    answer: str = "") -> ReferralRecord:
    """Record the partner's answer to a referral."""
    if not status.answered:
        raise InvalidInput([Problem(f"referral {number}", "status",
                                    "an answer is accepted, declined or completed")])
    with uow:
        record = uow.partners.referral(number)
        if on < record.referral.referred_on:
            raise InvalidInput([Problem(f"referral {number}", "answered_on",
                                        "must not be before the referral")])
        referral = dataclasses.replace(record.referral, status=status, answered_on=on,
                                       answer=answer)
        uow.partners.update_referral(number, referral)
        uow.audit(AuditAction.UPDATE, "referral", referral.candidate_id,
                  ("status", "answered_on", *(("answer",) if answer else ())))
        uow.commit()
    return ReferralRecord(number, referral)


def referrals(uow: UnitOfWork, candidate_id: str | None = None,
              partner_id: str | None = None) -> tuple[ReferralRecord, ...]:
    with uow:
        return tuple(uow.partners.referrals(candidate_id, partner_id))
