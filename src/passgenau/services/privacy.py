"""The data-protection duties (GDPR, SGB X): the complete information about one
candidate (Art. 15), erasure on request (Art. 17) and after the retention period.

Erasure blanks every column classified as the candidate's personal data in every table
and replaces their id by a random pseudonym (in the audit trail too); proposals, their
outcomes and the counts built on them stay, so a hire keeps counting. The pseudonym is
random, not derived from the id, so it cannot be traced back by trying ids.
"""

from __future__ import annotations

import dataclasses
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime

from passgenau.domain.casework import CaseFile
from passgenau.domain.errors import PassgenauError
from passgenau.domain.personal_data import (
    DataClass,
    StoredRows,
    columns_of,
    retention_cutoff,
)
from passgenau.services.unit_of_work import AuditAction, UnitOfWork

PSEUDONYM_PREFIX = "erased-"


@dataclass(frozen=True, slots=True)
class CandidateInformation:
    """Everything stored about one candidate (Art. 15), table by table."""

    candidate_id: str
    tenant: str
    generated_at: datetime
    records: tuple[StoredRows, ...]

    def rows(self, table: str) -> tuple[object, ...]:
        for section in self.records:
            if section.table == table:
                return section.rows
        return ()


@dataclass(frozen=True, slots=True)
class Erasure:
    """What erasing one candidate did (or would do, in a dry run)."""

    candidate_id: str  # the id before erasure
    ended_on: date | None
    pseudonym: str | None  # None in a dry run
    tables: tuple[tuple[str, int], ...]  # (table, rows changed); empty in a dry run


@dataclass(frozen=True, slots=True)
class RetentionRun:
    on: date
    cutoff: date  # cases that ended on or before this day are erased
    dry_run: bool
    erasures: tuple[Erasure, ...]


def candidate_information(uow: UnitOfWork, candidate_id: str) -> CandidateInformation:
    """Every stored record about the candidate: their record, household, proposals,
    courses, certificates, team history, follow-ups, referrals, consents, audit entries."""
    with uow:
        uow.candidates.get(candidate_id)
        # the information is itself a view of personal data: logged, and listed in it
        uow.audit(AuditAction.VIEW, "candidate", candidate_id, ("information",))
        uow.flush()  # so that the audit entries this transaction made are included
        records = uow.privacy.records_of(candidate_id)
        uow.commit()
    return CandidateInformation(candidate_id, uow.tenant_key, datetime.now(UTC), records)


def _erase_in(uow: UnitOfWork, candidate_id: str, on: date) -> Erasure:
    case = uow.casework.case_file(candidate_id)
    uow.flush()  # pending audit entries about the candidate are pseudonymised too
    pseudonym = PSEUDONYM_PREFIX + secrets.token_hex(8)
    tables = uow.privacy.erase(candidate_id, pseudonym)
    uow.casework.save_case_file(dataclasses.replace(
        case, candidate_id=pseudonym, erased=True, ended_on=case.ended_on or on))
    erased = columns_of("candidates", DataClass.CANDIDATE)
    uow.audit(AuditAction.DELETE, "candidate", pseudonym, ("ext_id", *erased))
    return Erasure(candidate_id, case.ended_on, pseudonym, tables)


def erase_candidate(uow: UnitOfWork, candidate_id: str, on: date) -> Erasure:
    """Erase the candidate's personal data on request; the case ends if it had not."""
    with uow:
        uow.candidates.get(candidate_id)
        if uow.casework.case_file(candidate_id).erased:  # named by its pseudonym
            raise PassgenauError(f'candidate "{candidate_id}" is erased already')
        erasure = _erase_in(uow, candidate_id, on)
        uow.commit()
    return erasure


def due_for_erasure(cases: list[CaseFile], cutoff: date) -> list[CaseFile]:
    return [c for c in cases
            if not c.erased and c.ended_on is not None and c.ended_on <= cutoff]


def run_retention(uow: UnitOfWork, months: int, on: date, *,
                  dry_run: bool = False) -> RetentionRun:
    """Erase every candidate whose case ended ``months`` or more before ``on``, in one
    transaction; a dry run lists them and changes nothing."""
    cutoff = retention_cutoff(on, months)
    with uow:
        due = due_for_erasure(uow.casework.case_files(), cutoff)
        if dry_run:
            erasures = tuple(Erasure(c.candidate_id, c.ended_on, None, ()) for c in due)
        else:
            erasures = tuple(_erase_in(uow, c.candidate_id, on) for c in due)
            uow.commit()
    return RetentionRun(on, cutoff, dry_run, erasures)
