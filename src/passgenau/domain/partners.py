"""Employers' contact history and the Jobcenter's partners.

The company-acquisition staff (Arbeitgeberservice) keep a history of their contacts with
each employer: visits, calls, events, the needs noted and the funding programmes made
known, with the next step. Partners are organisations the Jobcenter works with (course
providers, integration managers, coaching providers, volunteer groups); candidates are
referred to them and the partner's answer is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class EmployerContactKind(StrEnum):
    VISIT = "visit"
    CALL = "call"
    EVENT = "event"  # a job fair, a network meeting the employer attended
    EMAIL = "email"
    LETTER = "letter"


class FundingProgramme(StrEnum):
    """Funding a Jobcenter makes known to employers (SGB II/III)."""

    EINGLIEDERUNGSZUSCHUSS = "eingliederungszuschuss"  # EGZ, § 88 SGB III
    PROBEBESCHAEFTIGUNG = "probebeschaeftigung"  # § 46 SGB III
    MAG = "mag"  # Maßnahme bei einem Arbeitgeber, § 45 SGB III
    TEILHABE = "teilhabe"  # Teilhabe am Arbeitsmarkt, § 16i SGB II
    EINGLIEDERUNG_LANGZEITARBEITSLOSER = "eingliederung_langzeitarbeitsloser"  # § 16e SGB II
    WEITERBILDUNG = "weiterbildung"  # Qualifizierungschancengesetz, § 82 SGB III
    JOB_BSK = "job_bsk"  # Berufssprachkurse alongside work


@dataclass(frozen=True, slots=True)
class EmployerContact:
    employer_id: str
    contacted_on: date
    kind: EmployerContactKind
    staff: str = ""  # who of the acquisition staff
    summary: str = ""
    needs: str = ""  # staffing needs noted
    funding: tuple[FundingProgramme, ...] = ()  # programmes made known
    next_step: str = ""
    next_step_on: date | None = None


class PartnerKind(StrEnum):
    COURSE_PROVIDER = "course_provider"  # Bildungsträger
    INTEGRATION_MANAGER = "integration_manager"  # Integrationsmanagement
    COACHING_PROVIDER = "coaching_provider"  # Coaching / AVGS
    VOLUNTEER_GROUP = "volunteer_group"  # Ehrenamt, Helferkreis


@dataclass(frozen=True, slots=True)
class PartnerContact:
    name: str = field(default="", repr=False)  # a person: never in logs
    role: str = ""
    email: str = field(default="", repr=False)
    phone: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class Partner:
    id: str
    kind: PartnerKind
    name: str
    municipality: str = ""
    contacts: tuple[PartnerContact, ...] = ()
    note: str = ""


class ReferralStatus(StrEnum):
    OPEN = "open"  # sent, no answer yet
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"  # the partner reports the support as finished

    @property
    def answered(self) -> bool:
        return self is not ReferralStatus.OPEN


@dataclass(frozen=True, slots=True)
class Referral:
    """A candidate referred to a partner (Zuweisung) and the partner's answer."""

    candidate_id: str
    partner_id: str
    referred_on: date
    purpose: str = ""
    status: ReferralStatus = ReferralStatus.OPEN
    answered_on: date | None = None
    answer: str = ""


@dataclass(frozen=True, slots=True)
class ReferralRecord:
    number: int
    referral: Referral


@dataclass(frozen=True, slots=True)
class EmployerContactRecord:
    number: int
    contact: EmployerContact
