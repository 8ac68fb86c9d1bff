"""In-memory repositories of the casework part of the unit of work (issue 10): case
files and team history, certificates, courses, recognition procedures, follow-ups,
partners, referrals, and the privacy repository's information and erasure.

They work on :class:`CaseworkData`, which a fake tenant carries; ``fakes.py`` wires them
into :class:`~tests.services.fakes.FakeUnitOfWork`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from passgenau.domain.casework import (
    CaseFile,
    Certificate,
    Course,
    CourseRecord,
    RecognitionProcedure,
    RecognitionRecord,
    TeamChange,
)
from passgenau.domain.errors import NotFound
from passgenau.domain.followups import StoredFollowUp
from passgenau.domain.model import Location
from passgenau.domain.partners import (
    EmployerContact,
    EmployerContactRecord,
    Partner,
    Referral,
    ReferralRecord,
)
from passgenau.domain.personal_data import StoredRows, names_candidate, pseudonymised

if TYPE_CHECKING:
    from .fakes import TenantData


@dataclass
class CaseworkData:
    cases: dict[str, CaseFile] = field(default_factory=dict)
    team_changes: list[TeamChange] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    courses: dict[int, Course] = field(default_factory=dict)
    recognitions: dict[int, RecognitionProcedure] = field(default_factory=dict)
    follow_ups: dict[int, StoredFollowUp] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    employer_contacts: dict[int, EmployerContact] = field(default_factory=dict)
    referrals: dict[int, Referral] = field(default_factory=dict)
    last_number: int = 0

    def number(self) -> int:
        self.last_number += 1
        return self.last_number


class _OnTenant:
    def __init__(self, tenant: TenantData) -> None:
        self._tenant = tenant
        self._data: CaseworkData = tenant.casework

    def _candidate(self, candidate_id: str) -> None:
        if candidate_id not in self._tenant.candidates:
            raise NotFound(f'no candidate with id "{candidate_id}"')


def _get(items: dict[int, Any], number: int, what: str) -> Any:
    if number not in items:
        raise NotFound(f"no {what} with number {number}")
    return items[number]


class FakeCasework(_OnTenant):
    def case_file(self, candidate_id: str) -> CaseFile:
        self._candidate(candidate_id)
        return self._data.cases.get(candidate_id, CaseFile(candidate_id))

    def version(self, candidate_id: str) -> int:
        self._candidate(candidate_id)
        return self._tenant.versions.get(("candidate", candidate_id), 1)

    def case_files(self) -> list[CaseFile]:
        return list(self._data.cases.values())

    def save_case_file(self, case: CaseFile) -> None:
        self._candidate(case.candidate_id)
        self._data.cases[case.candidate_id] = case

    def add_team_change(self, change: TeamChange) -> None:
        self._candidate(change.candidate_id)
        self._data.team_changes.append(change)

    def team_changes(self, candidate_id: str | None = None,
                     since: date | None = None) -> list[TeamChange]:
        found = [c for c in self._data.team_changes
                 if candidate_id in (None, c.candidate_id) and (since is None
                                                               or c.changed_on >= since)]
        return sorted(found, key=lambda c: c.changed_on)

    def add_certificate(self, certificate: Certificate) -> None:
        self._candidate(certificate.candidate_id)
        self._data.certificates.append(certificate)

    def certificates(self, candidate_id: str) -> list[Certificate]:
        return sorted((c for c in self._data.certificates if c.candidate_id == candidate_id),
                      key=lambda c: c.taken_on)

    def add_course(self, course: Course) -> int:
        self._candidate(course.candidate_id)
        number = self._data.number()
        self._data.courses[number] = course
        return number

    def update_course(self, number: int, course: Course) -> None:
        _get(self._data.courses, number, "course")
        self._data.courses[number] = course

    def courses(self, candidate_id: str | None = None) -> list[CourseRecord]:
        return [CourseRecord(n, c) for n, c in self._data.courses.items()
                if candidate_id in (None, c.candidate_id)]

    def course(self, number: int) -> CourseRecord:
        return CourseRecord(number, _get(self._data.courses, number, "course"))

    def add_recognition(self, procedure: RecognitionProcedure) -> int:
        self._candidate(procedure.candidate_id)
        number = self._data.number()
        self._data.recognitions[number] = procedure
        return number

    def update_recognition(self, number: int, procedure: RecognitionProcedure) -> None:
        _get(self._data.recognitions, number, "recognition procedure")
        self._data.recognitions[number] = procedure

    def recognitions(self, candidate_id: str | None = None) -> list[RecognitionRecord]:
        return [RecognitionRecord(n, p) for n, p in self._data.recognitions.items()
                if candidate_id in (None, p.candidate_id)]

    def recognition(self, number: int) -> RecognitionRecord:
        return RecognitionRecord(
            number, _get(self._data.recognitions, number, "recognition procedure"))


class FakeFollowUps(_OnTenant):
    def add(self, candidate_id: str, due: date, note: str = "",
            vacancy_id: str | None = None) -> int:
        self._candidate(candidate_id)
        if vacancy_id is not None and vacancy_id not in self._tenant.vacancies:
            raise NotFound(f'no vacancy with id "{vacancy_id}"')
        number = self._data.number()
        self._data.follow_ups[number] = StoredFollowUp(number, candidate_id, due, note,
                                                       vacancy_id)
        return number

    def reschedule(self, number: int, due: date) -> None:
        old = _get(self._data.follow_ups, number, "follow-up")
        self._data.follow_ups[number] = dataclasses.replace(old, due=due)

    def mark_done(self, number: int, on: date) -> None:
        old = _get(self._data.follow_ups, number, "follow-up")
        self._data.follow_ups[number] = dataclasses.replace(old, done_on=on)

    def record_employment(self, number: int, on: date, employed: bool) -> None:
        old = _get(self._data.follow_ups, number, "follow-up")
        self._data.follow_ups[number] = dataclasses.replace(old, done_on=on, employed=employed)

    def list(self, candidate_id: str | None = None, *, include_done: bool = False,
             due_by: date | None = None) -> list[StoredFollowUp]:
        found = [f for f in self._data.follow_ups.values()
                 if candidate_id in (None, f.candidate_id)
                 and (include_done or f.done_on is None)
                 and (due_by is None or f.due <= due_by)]
        return sorted(found, key=lambda f: (f.due, f.number))


class FakePartners(_OnTenant):
    def save_partner(self, partner: Partner) -> bool:
        created = partner.id not in self._data.partners
        self._data.partners[partner.id] = partner
        return created

    def get_partner(self, partner_id: str) -> Partner:
        if partner_id not in self._data.partners:
            raise NotFound(f'no partner with id "{partner_id}"')
        return self._data.partners[partner_id]

    def list_partners(self) -> list[Partner]:
        return list(self._data.partners.values())

    def add_employer_contact(self, contact: EmployerContact) -> int:
        if contact.employer_id not in self._tenant.employers:
            raise NotFound(f'no employer with id "{contact.employer_id}"')
        number = self._data.number()
        self._data.employer_contacts[number] = contact
        return number

    def employer_contacts(self, employer_id: str | None = None) -> list[EmployerContactRecord]:
        found = [EmployerContactRecord(n, c) for n, c in self._data.employer_contacts.items()
                 if employer_id in (None, c.employer_id)]
        return sorted(found, key=lambda r: (r.contact.contacted_on, r.number))

    def add_referral(self, referral: Referral) -> int:
        self._candidate(referral.candidate_id)
        self.get_partner(referral.partner_id)
        number = self._data.number()
        self._data.referrals[number] = referral
        return number

    def update_referral(self, number: int, referral: Referral) -> None:
        _get(self._data.referrals, number, "referral")
        self._data.referrals[number] = referral

    def referrals(self, candidate_id: str | None = None,
                  partner_id: str | None = None) -> list[ReferralRecord]:
        found = [ReferralRecord(n, r) for n, r in self._data.referrals.items()
                 if candidate_id in (None, r.candidate_id)
                 and partner_id in (None, r.partner_id)]
        return sorted(found, key=lambda r: (r.referral.referred_on, r.number))

    def referral(self, number: int) -> ReferralRecord:
        return ReferralRecord(number, _get(self._data.referrals, number, "referral"))


def _rows(items: Any) -> tuple[dict[str, object], ...]:
    return tuple(dataclasses.asdict(i) for i in items)


class FakePrivacy(_OnTenant):
    """The same duties on the in-memory records (sections named like the tables)."""

    def records_of(self, candidate_id: str) -> tuple[StoredRows, ...]:
        self._candidate(candidate_id)
        t, d = self._tenant, self._data
        mine = [
            ("candidates", [t.candidates[candidate_id]]),
            ("candidate_cases", [c for c in d.cases.values() if c.candidate_id == candidate_id]),
            ("proposals", [r.proposal for (_, c), r in t.proposals.items() if c == candidate_id]),
            ("follow_ups", [f for f in d.follow_ups.values() if f.candidate_id == candidate_id]),
            ("team_changes", [c for c in d.team_changes if c.candidate_id == candidate_id]),
            ("certificates", [c for c in d.certificates if c.candidate_id == candidate_id]),
            ("courses", [c for c in d.courses.values() if c.candidate_id == candidate_id]),
            ("recognition_procedures",
             [p for p in d.recognitions.values() if p.candidate_id == candidate_id]),
            ("referrals", [r for r in d.referrals.values() if r.candidate_id == candidate_id]),
            ("households", [h for h in t.households.values() if candidate_id in h.members]),
            ("audit_log", [a for a in t.audit
                           if names_candidate(a.entity, a.ext_id, candidate_id)]),
        ]
        return tuple(StoredRows(table, _rows(items)) for table, items in mine if items)

    def erase(self, candidate_id: str, pseudonym: str) -> tuple[tuple[str, int], ...]:
        self._candidate(candidate_id)
        t, d = self._tenant, self._data
        old = t.candidates.pop(candidate_id)
        t.candidates[pseudonym] = dataclasses.replace(
            old, id=pseudonym, name="", birth_year=None, home=Location(0.0, 0.0),
            availability=(), languages=(), email="", phone="", available_from=None,
            unemployed_since=None)
        touched = [("candidates", 1)]

        def rename(items: dict[Any, Any], table: str, **blank: object) -> None:
            n = 0
            for key, item in list(items.items()):
                if item.candidate_id == candidate_id:
                    items[key] = dataclasses.replace(item, candidate_id=pseudonym, **blank)
                    n += 1
            if n:
                touched.append((table, n))

        rename(d.follow_ups, "follow_ups", note="")
        rename(d.referrals, "referrals", purpose="", answer="")
        rename(d.courses, "courses")
        rename(d.recognitions, "recognition_procedures")
        d.team_changes = [dataclasses.replace(c, candidate_id=pseudonym)
                          if c.candidate_id == candidate_id else c for c in d.team_changes]
        d.certificates = [dataclasses.replace(c, candidate_id=pseudonym)
                          if c.candidate_id == candidate_id else c for c in d.certificates]
        d.cases.pop(candidate_id, None)
        for (vacancy_id, cand), record in list(t.proposals.items()):
            if cand == candidate_id:
                del t.proposals[(vacancy_id, cand)]
                proposal = dataclasses.replace(record.proposal, candidate_id=pseudonym)
                t.proposals[(vacancy_id, pseudonym)] = dataclasses.replace(
                    record, proposal=proposal, reasons=())
        for household in list(t.households.values()):
            if candidate_id in household.members:
                staying = tuple(m for m in household.members if m != candidate_id)
                if len(staying) >= 2:
                    t.households[household.id] = dataclasses.replace(household, members=staying)
                else:
                    del t.households[household.id]
                touched.append(("household_members", 1))
        t.audit[:] = [
            dataclasses.replace(a, ext_id=pseudonymised(a.entity, a.ext_id or "", candidate_id,
                                                        pseudonym))
            if names_candidate(a.entity, a.ext_id, candidate_id) else a
            for a in t.audit
        ]
        return tuple(touched)
