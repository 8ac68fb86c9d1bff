"""What the services need from storage: the :class:`UnitOfWork` protocol.

Use cases are written against this protocol, not against the SQL implementation: the
SQL unit of work (:class:`passgenau.store.unit_of_work.SqlUnitOfWork`, handed out by
:class:`passgenau.services.runtime.Runtime`) implements it for the command line and later
the web, and ``tests/services/fakes.py`` implements it with dictionaries, so that the use
cases are tested without a database.

The convention every service follows: it receives a unit of work that is NOT yet entered,
enters it itself (``with uow:``), and commits on success. Leaving the block without a
commit rolls back, so a service that fails half-way writes nothing. Entry points never
enter or commit. Helpers that work inside an open unit of work (e.g.
:func:`passgenau.services.records.dataset_of`) take an entered one.

The small value types the repositories return are defined in :mod:`passgenau.store.values`
(free of SQLAlchemy, so importing this protocol stays cheap) and re-exported here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self, TypeVar

from passgenau.domain.accounts import StoredUser, User
from passgenau.domain.audit import AuditRecord, FieldChange
from passgenau.domain.casework import (
    CaseFile,
    Certificate,
    Course,
    CourseRecord,
    RecognitionProcedure,
    RecognitionRecord,
    TeamChange,
)
from passgenau.domain.consent import Consent, ConsentRecord
from passgenau.domain.events import Event, Invitation, InvitationStatus, Lead
from passgenau.domain.followups import StoredFollowUp
from passgenau.domain.model import Candidate, Employer, Household, MatchSettings, Vacancy
from passgenau.domain.partners import (
    EmployerContact,
    EmployerContactRecord,
    Partner,
    Referral,
    ReferralRecord,
)
from passgenau.domain.personal_data import StoredRows
from passgenau.domain.placement import Proposal, ProposalSource, ProposalState
from passgenau.domain.tokens import StoredToken
from passgenau.geo.places import MunicipalityEntry, PostcodeEntry
from passgenau.store.values import (
    EXT_ID_LENGTH,
    AuditAction,
    CandidateBrief,
    Changes,
    EmployerBrief,
    FollowUpBrief,
    InvitationRecord,
    KldbTitleEntry,
    LeadRecord,
    MatchRunEntry,
    PlaceCounts,
    PositionCounts,
    ProposalBrief,
    ProposalRecord,
    StateChange,
    VacancyBrief,
)

__all__ = [
    "EXT_ID_LENGTH",
    "AuditAction",
    "CandidateBrief",
    "CaseloadQueries",
    "CaseworkRepository",
    "Changes",
    "ConsentRepository",
    "EmployerBrief",
    "EventRepository",
    "FollowUpBrief",
    "FollowUpRepository",
    "InvitationRecord",
    "KldbTitleEntry",
    "KldbTitleRepository",
    "LeadRecord",
    "ListingQueries",
    "MatchRunEntry",
    "PartnerRepository",
    "PlaceCounts",
    "PlaceRepository",
    "PlacementRepository",
    "PositionCounts",
    "PrivacyRepository",
    "ProposalBrief",
    "ProposalRecord",
    "RecordRepository",
    "RecordVersions",
    "ReportQueries",
    "StateChange",
    "UnitOfWork",
    "VacancyBrief",
]

RecordT = TypeVar("RecordT", Employer, Vacancy, Candidate, Household)


# -- repositories ----------------------------------------------------------------------


class RecordRepository(Protocol[RecordT]):
    """get / list / upsert for one record type of one tenant, in domain records.

    ``list`` gives the records in the order they were first stored. ``upsert`` creates
    new records, updates changed ones and reports what it did by id, field names only.
    """

    entity: str  # singular, as in messages and the audit log ("candidate")

    def get(self, ext_id: str) -> RecordT: ...
    def list(self) -> list[RecordT]: ...
    def count(self) -> int: ...
    def existing(self, ext_ids: Iterable[str]) -> set[str]: ...
    def upsert(self, records: Sequence[RecordT]) -> Changes: ...


class PlacementRepository(Protocol):
    """Proposals of the placement workflow, identified by (vacancy, candidate)."""

    def add_proposal(self, proposal: Proposal, reasons: Sequence[str] = ()) -> None: ...
    def get_proposal(self, vacancy_id: str, candidate_id: str) -> ProposalRecord: ...
    def list_proposals(self) -> list[ProposalRecord]: ...
    def replace_suggested(self, proposals: Sequence[tuple[Proposal, Sequence[str]]]) -> int: ...

    # issue 10 (workflow)
    def proposals(
        self,
        vacancy_id: str | None = None,
        candidate_id: str | None = None,
        state: ProposalState | None = None,
    ) -> list[ProposalRecord]:
        """Filtered, by vacancy (in order of storing), rank (unranked last), creation."""
        ...

    def save_proposal(self, proposal: Proposal, read_version: int) -> int:
        """Write state, reason and note if the version is still ``read_version``; the new
        version. A stale one raises :class:`passgenau.domain.concurrency.StaleRecord`."""
        ...


# -- issue 10 (workflow): consents and record versions ---------------------------------


class ConsentRepository(Protocol):
    """A candidate's consents, kept after withdrawal; numbered within the tenant."""

    def add(self, consent: Consent) -> int: ...
    def for_candidate(self, candidate_id: str) -> list[ConsentRecord]: ...
    def withdraw(self, numbers: Sequence[int], on: date) -> None: ...


class RecordVersions(Protocol):
    """Versions of ``candidate`` and ``vacancy`` records by external id."""

    def of(self, entity: str, ext_id: str) -> int: ...
    def bump(self, entity: str, ext_id: str, read: int | None = None) -> int:
        """Count up (only if still ``read``, when given; else ``StaleRecord``)."""
        ...


class KldbTitleRepository(Protocol):
    """KldB 2010 occupation titles: global reference data, shared by all tenants."""

    def upsert(self, entries: Iterable[KldbTitleEntry]) -> int: ...
    def titles(
        self, codes: Iterable[str] | None = None, *, short: bool = False
    ) -> dict[str, str]: ...


class CaseloadQueries(Protocol):
    """Counts over the tenant's caseload for management, without loading records."""

    def employers(self) -> int: ...
    def positions(self) -> PositionCounts: ...
    def candidates_by_level_and_birth_year(self) -> dict[tuple[str, int | None], int]: ...
    def households(self) -> tuple[int, int]: ...


class ListingQueries(Protocol):
    """Light rows of the web's list pages and dashboard figures (issue 11): only the
    columns shown, counted in SQL, never whole records."""

    def candidates(
        self, *, level: str | None = None, municipality: str | None = None,
        officer: str | None = None, ids: Collection[str] | None = None,
        partner_id: str | None = None, partner_statuses: Collection[str] = (),
        active_only: bool = True, offset: int = 0, limit: int | None = None,
    ) -> list[CandidateBrief]: ...
    def count_candidates(
        self, *, level: str | None = None, municipality: str | None = None,
        officer: str | None = None, ids: Collection[str] | None = None,
        partner_id: str | None = None, partner_statuses: Collection[str] = (),
        active_only: bool = True,
    ) -> int: ...
    def due_follow_ups(self, on: date, officer: str | None = None) -> list[FollowUpBrief]: ...
    def candidate_municipalities(self) -> list[str]: ...
    def vacancies(self, *, municipality: str | None = None, kldb: str | None = None,
                  employer_id: str | None = None) -> list[VacancyBrief]: ...
    def vacancy_municipalities(self) -> list[str]: ...
    def employers(self) -> list[EmployerBrief]: ...
    def proposals_by_state(self, officer: str | None = None) -> dict[str, int]: ...
    def proposal_briefs(self, state: str, vacancy_id: str | None = None,
                        limit: int | None = None) -> list[ProposalBrief]: ...
    def proposal_counts(self, vacancy_id: str | None = None) -> dict[str, int]: ...
    def open_proposals(self, officer: str, limit: int) -> list[tuple[str, str, str, str]]:
        """(vacancy id, title, candidate id, state) of the officer's open proposals."""
        ...


class PlaceRepository(Protocol):
    """Imported municipalities and postcode centroids: global reference data."""

    def upsert_municipalities(self, entries: Iterable[MunicipalityEntry]) -> PlaceCounts: ...
    def upsert_postcodes(self, entries: Iterable[PostcodeEntry]) -> PlaceCounts: ...
    def municipalities(self) -> list[MunicipalityEntry]: ...
    def postcodes(self) -> list[PostcodeEntry]: ...


# -- casework (issue 10: teams, courses, follow-ups, partners, privacy) ------------------


class CaseworkRepository(Protocol):
    """Case files (officer, recorded team, end), team history, certificates, courses and
    recognition procedures, by the candidate's id; courses and procedures by number."""

    def case_file(self, candidate_id: str) -> CaseFile: ...
    def version(self, candidate_id: str) -> int:
        """The candidate record's version (optimistic locking)."""
        ...
    def case_files(self) -> list[CaseFile]: ...
    def save_case_file(self, case: CaseFile) -> None: ...
    def add_team_change(self, change: TeamChange) -> None: ...
    def team_changes(
        self, candidate_id: str | None = None, since: date | None = None
    ) -> list[TeamChange]: ...
    def add_certificate(self, certificate: Certificate) -> None: ...
    def certificates(self, candidate_id: str) -> list[Certificate]: ...
    def add_course(self, course: Course) -> int: ...
    def update_course(self, number: int, course: Course) -> None: ...
    def courses(self, candidate_id: str | None = None) -> list[CourseRecord]: ...
    def course(self, number: int) -> CourseRecord: ...
    def add_recognition(self, procedure: RecognitionProcedure) -> int: ...
    def update_recognition(self, number: int, procedure: RecognitionProcedure) -> None: ...
    def recognitions(self, candidate_id: str | None = None) -> list[RecognitionRecord]: ...
    def recognition(self, number: int) -> RecognitionRecord: ...


class FollowUpRepository(Protocol):
    """Follow-ups (Wiedervorlagen), by number; open ones unless ``include_done``."""

    def add(self, candidate_id: str, due: date, note: str = "",
            vacancy_id: str | None = None) -> int: ...
    def reschedule(self, number: int, due: date) -> None: ...
    def mark_done(self, number: int, on: date) -> None: ...
    def list(self, candidate_id: str | None = None, *, include_done: bool = False,
             due_by: date | None = None) -> list[StoredFollowUp]: ...
    def record_employment(self, number: int, on: date, employed: bool) -> None:
        """Done on ``on``, recording whether the candidate still works there (issue 13)."""
        ...


class PartnerRepository(Protocol):
    """Partners by id; employer contacts and referrals by number."""

    def save_partner(self, partner: Partner) -> bool: ...
    def get_partner(self, partner_id: str) -> Partner: ...
    def list_partners(self) -> list[Partner]: ...
    def add_employer_contact(self, contact: EmployerContact) -> int: ...
    def employer_contacts(
        self, employer_id: str | None = None
    ) -> list[EmployerContactRecord]: ...
    def add_referral(self, referral: Referral) -> int: ...
    def update_referral(self, number: int, referral: Referral) -> None: ...
    def referrals(self, candidate_id: str | None = None,
                  partner_id: str | None = None) -> list[ReferralRecord]: ...
    def referral(self, number: int) -> ReferralRecord: ...


class PrivacyRepository(Protocol):
    """Everything stored about a candidate (Art. 15), and its erasure in every table."""

    def records_of(self, candidate_id: str) -> tuple[StoredRows, ...]: ...
    def erase(self, candidate_id: str, pseudonym: str) -> tuple[tuple[str, int], ...]: ...


# -- events (issue 12: job fairs, speed-datings, information sessions) -------------------


class EventRepository(Protocol):
    """Events by id, their invitation lists (by candidate) and leads (by number)."""

    def add(self, event: Event) -> None: ...
    def get(self, event_id: str) -> Event: ...
    def list(self) -> list[Event]: ...
    def invitations(self, event_id: str) -> list[InvitationRecord]: ...
    def invitation(self, event_id: str, candidate_id: str) -> InvitationRecord | None: ...
    def save_invitation(self, invitation: Invitation, registered_on: date | None = None,
                        checked_in_at: datetime | None = None) -> None: ...
    def count(self, event_id: str, statuses: tuple[InvitationStatus, ...]) -> int: ...
    def add_lead(self, lead: Lead, format: ProposalSource, proposal: bool) -> int: ...
    def leads(self, event_id: str | None = None) -> list[LeadRecord]: ...


# -- issue 13 (reports) -------------------------------------------------------------------


class ReportQueries(Protocol):
    """The workflow's recorded steps and the decision log of matching runs."""

    def state_changes(self) -> list[StateChange]:
        """Every recorded state change of the tenant's proposals, oldest first."""
        ...
    def add_match_run(self, entry: MatchRunEntry) -> int: ...
    def match_runs(self, since: date | None = None,
                   until: date | None = None) -> list[MatchRunEntry]: ...
    def purge_match_runs(self, before: date) -> int: ...


# -- the unit of work -------------------------------------------------------------------


class UnitOfWork(Protocol):
    """One transaction on one tenant's records (and the global reference data).

    Repositories are available inside ``with uow:``; what was not committed when the
    block ends is rolled back, on success as on error.
    """

    employers: RecordRepository[Employer]
    vacancies: RecordRepository[Vacancy]
    candidates: RecordRepository[Candidate]
    households: RecordRepository[Household]
    placements: PlacementRepository
    kldb_titles: KldbTitleRepository
    caseload: CaseloadQueries
    listing: ListingQueries  # issue 11 (web)
    places: PlaceRepository
    tenant_key: str
    # issue 10 (workflow)
    consents: ConsentRepository
    versions: RecordVersions
    # -- casework (issue 10) --
    casework: CaseworkRepository
    followups: FollowUpRepository
    partners: PartnerRepository
    privacy: PrivacyRepository
    # -- events (issue 12) --
    events: EventRepository
    # -- issue 13 (reports) --
    reports: ReportQueries

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def settings(self) -> MatchSettings:
        """The tenant's match settings (the exchange document's ``settings``)."""
        ...

    def update_settings(self, settings: MatchSettings) -> tuple[str, ...]:
        """Store new settings; returns the names of the settings that changed."""
        ...

    def audit(
        self,
        action: AuditAction | str,
        entity: str,
        ext_id: str | None,
        fields: Iterable[str] = (),
    ) -> None:
        """Log an action on a record by the unit of work's actor: field NAMES only."""
        ...

    # issue 10 (workflow)
    def audit_changes(
        self,
        action: AuditAction | str,
        entity: str,
        ext_id: str | None,
        changes: Sequence[FieldChange],
    ) -> None:
        """Log a change with old and new values; a personal field's by name only."""
        ...

    def audit_trail(self, entity: str, ext_id: str) -> list[AuditRecord]:
        """One record's audit entries, oldest first."""
        ...

    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def flush(self) -> None:
        """Send pending writes now, so that a violated constraint raises here."""
        ...


# -- staff accounts of the web (issue 11) ------------------------------------------------


class UserRepository(Protocol):
    """Staff accounts by user name (global: an account names its tenant)."""

    def get(self, username: str) -> StoredUser | None: ...
    def add(self, user: User, password_hash: str) -> None: ...
    def set_password_hash(self, username: str, password_hash: str) -> None: ...
    def record_failure(self, username: str, failed: int,
                       locked_until: datetime | None) -> None: ...
    def record_success(self, username: str) -> None: ...


class TokenRepository(Protocol):
    """Bearer tokens of the JSON API, found by the hash of the token (global, like users)."""

    def add(self, username: str, token_hash: str, created_at: datetime,
            expires_at: datetime) -> int: ...
    def find(self, token_hash: str) -> StoredToken | None: ...
    def revoke_all(self, username: str, now: datetime) -> int:
        """Revoke the user's usable tokens; how many."""
        ...
    def touch(self, number: int, now: datetime) -> None:
        """Note when the token was last used."""
        ...


class AccountsUnitOfWork(Protocol):
    """One transaction on the staff accounts; rolled back unless committed."""

    users: UserRepository
    tokens: TokenRepository

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
