"""Use cases of consents (Einwilligungen): record one, withdraw, list a candidate's.

Moving a proposal to ``proposed`` needs a consent in force that covers it
(:func:`passgenau.domain.workflow.consent_covers`). A withdrawal keeps the record and
dates its end. Every change is audited under the entity ``consent`` with the candidate's
id as the record (``passgenau audit consent:C1``); the scope text only as "changed".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from passgenau.domain.audit import FieldChange
from passgenau.domain.consent import Consent, ConsentPurpose, ConsentRecord
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.services.unit_of_work import AuditAction, UnitOfWork


@dataclass(frozen=True, slots=True)
class ConsentView:
    number: int
    candidate_id: str
    scope: str
    given_on: date
    vacancy_id: str | None
    employer_id: str | None
    withdrawn_on: date | None
    purpose: ConsentPurpose = ConsentPurpose.PROFILE


def _view(record: ConsentRecord) -> ConsentView:
    c = record.consent
    return ConsentView(record.number, c.candidate_id, c.scope, c.given_on, c.vacancy_id,
                       c.employer_id, c.withdrawn_on, c.purpose)


def parse_purpose(text: str) -> ConsentPurpose:
    try:
        return ConsentPurpose(text)
    except ValueError:
        known = ", ".join(p.value for p in ConsentPurpose)
        raise InvalidInput([Problem("consent", "purpose", f"{text!r} is not one of {known}")]) \
            from None


def add_consent(
    uow: UnitOfWork,
    candidate_id: str,
    scope: str,
    on: date,
    vacancy_id: str | None = None,
    employer_id: str | None = None,
    purpose: ConsentPurpose = ConsentPurpose.PROFILE,
) -> ConsentView:
    """Record a consent given on ``on`` (general unless limited to a vacancy/employer);
    ``purpose`` says what it allows (sending the profile, or a success story)."""
    if not scope.strip():
        where = f'consent of candidate "{candidate_id}"'
        raise InvalidInput([Problem(where, "scope", "must not be empty")])
    with uow:
        consent = Consent(candidate_id, scope.strip(), on, vacancy_id, employer_id,
                          purpose=purpose)
        number = uow.consents.add(consent)
        uow.audit_changes(AuditAction.CREATE, "consent", candidate_id, [
            FieldChange.of("consent", "number", None, number),
            FieldChange.of("consent", "scope", None, consent.scope),
            FieldChange.of("consent", "given_on", None, on),
            FieldChange.of("consent", "vacancy_id", None, vacancy_id),
            FieldChange.of("consent", "employer_id", None, employer_id),
            FieldChange.of("consent", "purpose", None, purpose),
        ])
        uow.commit()
        return ConsentView(number, candidate_id, consent.scope, on, vacancy_id, employer_id,
                           None, purpose)


def withdraw_consent(
    uow: UnitOfWork,
    candidate_id: str,
    on: date,
    vacancy_id: str | None = None,
    employer_id: str | None = None,
) -> tuple[ConsentView, ...]:
    """Withdraw, from ``on``, the candidate's consents not withdrawn yet: all of them, or
    only those limited to ``vacancy_id`` / ``employer_id``. Refused if none matches."""
    with uow:
        matching = [
            r for r in uow.consents.for_candidate(candidate_id)
            if r.consent.withdrawn_on is None
            and vacancy_id in (None, r.consent.vacancy_id)
            and employer_id in (None, r.consent.employer_id)
        ]
        if not matching:
            limit = "".join(
                f' for {kind} "{value}"'
                for kind, value in (("vacancy", vacancy_id), ("employer", employer_id))
                if value is not None
            )
            raise InvalidInput([Problem(f'candidate "{candidate_id}"', "consent",
                                        f"no consent{limit} to withdraw")])
        uow.consents.withdraw([r.number for r in matching], on)
        for record in matching:
            uow.audit_changes(AuditAction.UPDATE, "consent", candidate_id, [
                FieldChange.of("consent", "number", record.number, record.number),
                FieldChange.of("consent", "withdrawn_on", None, on),
            ])
        uow.commit()
        return tuple(
            _view(ConsentRecord(r.number, Consent(
                r.consent.candidate_id, r.consent.scope, r.consent.given_on,
                r.consent.vacancy_id, r.consent.employer_id, on, r.consent.purpose)))
            for r in matching
        )


def list_consents(uow: UnitOfWork, candidate_id: str) -> tuple[ConsentView, ...]:
    """The candidate's consents, withdrawn ones included, in the order recorded."""
    with uow:
        return tuple(_view(r) for r in uow.consents.for_candidate(candidate_id))
