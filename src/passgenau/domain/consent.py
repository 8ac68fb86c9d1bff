"""A candidate's consent (Einwilligung) to pass their profile on, and its withdrawal.

Social data may only go to an employer with the person's consent (SGB X, GDPR Art. 6/7).
A consent has a date, a scope in the officer's words (e.g. "Profil an Arbeitgeber X"),
and optionally the vacancy or the employer it is limited to; without either it is a
general consent whose scope text says what it covers. A withdrawal ends it from its date
on; the record itself is kept (it proves what was allowed when).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ConsentPurpose(StrEnum):
    """What a consent allows: sending the profile to an employer (the workflow's
    ``proposed`` step needs one), or publishing a success story about the person
    (issue 13: one page for employers and communities, only with written consent)."""

    PROFILE = "profile"
    SUCCESS_STORY = "success_story"


@dataclass(frozen=True, slots=True)
class Consent:
    candidate_id: str
    scope: str  # free text: personal, audited only as "changed"
    given_on: date
    vacancy_id: str | None = None  # limited to this vacancy
    employer_id: str | None = None  # limited to this employer's vacancies
    withdrawn_on: date | None = None
    purpose: ConsentPurpose = ConsentPurpose.PROFILE

    def in_force(self, on: date) -> bool:
        """Given by ``on`` and not withdrawn by then."""
        return self.given_on <= on and (self.withdrawn_on is None or on < self.withdrawn_on)

    def covers(self, vacancy_id: str, employer_id: str, on: date) -> bool:
        """Whether it allows sending the profile for ``vacancy_id`` of ``employer_id``."""
        if not self.in_force(on) or self.purpose is not ConsentPurpose.PROFILE:
            return False
        if self.vacancy_id is not None and self.vacancy_id != vacancy_id:
            return False
        return self.employer_id is None or self.employer_id == employer_id


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """A stored consent; ``number`` identifies it within the Jobcenter."""

    number: int
    consent: Consent
