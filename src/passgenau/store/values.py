"""The plain values repositories return: what an upsert did, counts, stored proposals.

Free of SQLAlchemy, so that the services' protocol
(:mod:`passgenau.services.unit_of_work`) and an in-memory unit of work can use them
without loading the database machinery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from passgenau.domain.events import Invitation, Lead
from passgenau.domain.placement import Proposal, ProposalSource

EXT_ID_LENGTH = 64
"""Longest external id the store keeps (the import checks it before writing)."""

KldbTitleEntry = tuple[str, int, str, str | None]
"""(code, level, title, short_title): code of 1 to 5 digits, level 1..5."""


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    IMPORT = "import"
    MATCH = "match"  # a matching run replaced the suggested proposals
    VIEW = "view"  # personal data was shown (issue 11: who saw which record, when)


@dataclass
class Changes:
    """What an upsert did, by external id: field names, and in ``values`` the old and new
    values for the audit log (which drops those of personal fields)."""

    created: dict[str, tuple[str, ...]] = field(default_factory=dict)
    updated: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    # issue 10: (field, old, new) per created or updated id, as domain values; the service
    # hands them to the audit log, which keeps those of non-personal fields only
    values: dict[str, tuple[tuple[str, Any, Any], ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PositionCounts:
    vacancies: int
    positions: int  # people to hire, over all vacancies
    open_positions: int  # positions not yet filled by a hired proposal


@dataclass(frozen=True, slots=True)
class PlaceCounts:
    """What one upsert of places did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class ProposalRecord:
    """A stored proposal with what the domain object does not carry."""

    proposal: Proposal
    reasons: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    version: int = 1  # issue 10: optimistic locking, counted up on every change


# -- issue 11 (web): light rows of the list pages -----------------------------------------


@dataclass(frozen=True, slots=True)
class CandidateBrief:
    """One line of the candidate list: only the columns shown and those that route the
    candidate to a team, read without loading the record."""

    candidate_id: str
    name: str
    german_level: str  # the level's name, e.g. "B1"
    birth_year: int | None
    municipality: str
    officer: str  # "" when none is assigned
    team: str | None  # the recorded team; None: the routing rules decide
    active: bool


@dataclass(frozen=True, slots=True)
class VacancyBrief:
    """One line of the vacancy list, with its proposals counted in SQL."""

    vacancy_id: str
    title: str
    employer_id: str
    employer_name: str
    municipality: str
    kldb: str
    positions: int
    shortlist_size: int
    open_proposals: int  # proposals in an open state of the workflow
    hired: int

    @property
    def shortlist_full(self) -> bool:
        """Filled, or as many open proposals as the shortlist asks for."""
        return self.hired >= self.positions or self.open_proposals >= self.shortlist_size


@dataclass(frozen=True, slots=True)
class EmployerBrief:
    """One line of the employer list."""

    employer_id: str
    name: str
    municipality: str
    sector: str
    vacancies: int
    positions: int


@dataclass(frozen=True, slots=True)
class FollowUpBrief:
    """An open follow-up due by a day, with the light row of its (active) candidate."""

    number: int
    due: date
    note: str
    vacancy_id: str | None
    candidate: CandidateBrief


@dataclass(frozen=True, slots=True)
class ProposalBrief:
    """A proposal as the board shows it: who, where, which state, which version."""

    vacancy_id: str
    candidate_id: str
    state: str
    version: int


# -- events (issue 12) -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvitationRecord:
    """An invitation as stored, with the time of the check-in (UTC)."""

    invitation: Invitation
    registered_on: date | None
    checked_in_at: datetime | None


@dataclass(frozen=True, slots=True)
class LeadRecord:
    """A stored lead: its number, the format it counts under, whether it made or moved a
    proposal (and that proposal's vacancy)."""

    number: int
    lead: Lead
    format: ProposalSource
    proposal_vacancy_id: str | None


# -- issue 13 (reports) ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StateChange:
    """One workflow step of a proposal as the audit log recorded it (UTC timestamp)."""

    vacancy_id: str
    candidate_id: str
    at: datetime
    old: str | None
    new: str


@dataclass(frozen=True, slots=True)
class MatchRunEntry:
    """One matching run in the decision log (no personal data: hashes and counts)."""

    at: datetime
    actor: str
    reference_date: date
    input_sha256: str
    result_sha256: str
    settings: dict[str, Any]
    travel_model: str
    version: str
    summary: dict[str, Any]
    number: int = 0  # the store's number; 0 before it is stored
