"""The unit of work on SQL: one transaction on one tenant's records.

Implements :class:`passgenau.services.unit_of_work.UnitOfWork`. A service enters it
(``with uow: ...; uow.commit()``); whatever was not committed is rolled back when the
block ends, on success as on error, so a service that fails half-way leaves nothing
behind. A unit of work is entered once at a time: entering it again inside its own block
is a programming error and raises.

A unit of work is bound to one tenant (a Jobcenter) for all its repositories; an unknown
tenant key is refused with :class:`NotFound` rather than created, so that a typo cannot
start an empty caseload (:func:`passgenau.store.database.ensure_tenant` creates tenants).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import TracebackType

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from passgenau.domain.audit import AuditRecord, FieldChange
from passgenau.domain.errors import NotFound
from passgenau.domain.model import MatchSettings
from passgenau.store.audit import AuditLog
from passgenau.store.caseload import CaseloadQueries
from passgenau.store.casework import CandidateKeys, CaseworkRepository
from passgenau.store.consents import ConsentRepository
from passgenau.store.events import EventRepository
from passgenau.store.followups import FollowUpRepository
from passgenau.store.kldb_titles import KldbTitleRepository
from passgenau.store.listing import ListingQueries
from passgenau.store.partners import PartnerRepository
from passgenau.store.placements import PlacementRepository
from passgenau.store.places import PlaceRepository
from passgenau.store.privacy import PrivacyRepository
from passgenau.store.reports import ReportQueries
from passgenau.store.repository import (
    CandidateRepository,
    EmployerRepository,
    HouseholdRepository,
    VacancyRepository,
    changed_fields,
)
from passgenau.store.tables import TenantRow
from passgenau.store.values import AuditAction
from passgenau.store.versions import RecordVersions, count_versions_up


class SqlUnitOfWork:
    """One transaction on one tenant; repositories are available inside ``with``."""

    employers: EmployerRepository
    vacancies: VacancyRepository
    candidates: CandidateRepository
    households: HouseholdRepository
    placements: PlacementRepository
    kldb_titles: KldbTitleRepository
    audit_log: AuditLog
    caseload: CaseloadQueries
    listing: ListingQueries  # issue 11: light rows of the web's list pages
    places: PlaceRepository
    # issue 10 (workflow)
    consents: ConsentRepository
    versions: RecordVersions
    # -- casework (issue 10: teams, courses, follow-ups, partners, privacy) --
    casework: CaseworkRepository
    followups: FollowUpRepository
    partners: PartnerRepository
    privacy: PrivacyRepository
    # -- events (issue 12) --
    events: EventRepository
    # -- issue 13 (reports): workflow steps from the audit log, the decision log --
    reports: ReportQueries

    def __init__(self, engine: Engine, tenant: str = "default", actor: str = "system") -> None:
        self._engine = engine
        self.tenant_key = tenant
        self.actor = actor
        self._session: Session | None = None

    def __enter__(self) -> SqlUnitOfWork:
        if self._session is not None:
            raise RuntimeError("this unit of work is entered already")
        session = Session(self._engine, expire_on_commit=False)
        try:
            tenant = session.scalar(select(TenantRow).where(TenantRow.key == self.tenant_key))
        except BaseException:
            session.close()
            raise
        if tenant is None:
            session.close()
            raise NotFound(f'no tenant with key "{self.tenant_key}"')
        self._session = session
        self._tenant = tenant
        self.employers = EmployerRepository(session, tenant.id)
        self.vacancies = VacancyRepository(session, tenant.id, self.employers)
        self.candidates = CandidateRepository(session, tenant.id)
        self.households = HouseholdRepository(session, tenant.id, self.candidates)
        self.placements = PlacementRepository(session, tenant.id)
        self.kldb_titles = KldbTitleRepository(session)
        self.audit_log = AuditLog(session, tenant.id, self.actor)
        self.caseload = CaseloadQueries(session, tenant.id)
        self.listing = ListingQueries(session, tenant.id)
        self.places = PlaceRepository(session)
        # -- issue 10 (workflow): versions counted up on every ORM update; consents
        event.listen(session, "before_flush", count_versions_up)
        self.consents = ConsentRepository(session, tenant.id)
        self.versions = RecordVersions(session, tenant.id)
        # -- casework (issue 10) --
        keys = CandidateKeys(session, tenant.id)
        self.casework = CaseworkRepository(session, tenant.id, keys)
        self.followups = FollowUpRepository(session, tenant.id, keys)
        self.partners = PartnerRepository(session, tenant.id, keys)
        self.privacy = PrivacyRepository(session, tenant.id, keys)
        # -- events (issue 12) --
        self.events = EventRepository(session, tenant.id, keys)
        # -- issue 13 (reports) --
        self.reports = ReportQueries(session, tenant.id)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        if session is not None:
            self.audit_log.discard_pending()
            try:
                session.rollback()
            finally:
                session.close()

    @property
    def entered(self) -> bool:
        """Whether a ``with`` block on this unit of work is open."""
        return self._session is not None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work in a 'with' block")
        return self._session

    def commit(self) -> None:
        session = self.session
        self.audit_log.write_pending()
        session.commit()

    def rollback(self) -> None:
        session = self.session
        self.audit_log.discard_pending()
        session.rollback()

    def flush(self) -> None:
        """Send pending writes now, so that a violated constraint raises here."""
        session = self.session
        self.audit_log.write_pending()
        session.flush()

    # -- the tenant --------------------------------------------------------------------
    @property
    def tenant_name(self) -> str:
        return self._tenant.name

    def settings(self) -> MatchSettings:
        """The tenant's match settings (the exchange document's ``settings``)."""
        return MatchSettings(
            max_proposals_per_candidate=self._tenant.max_proposals_per_candidate,
            grace_days=self._tenant.grace_days,
        )

    def update_settings(self, settings: MatchSettings) -> tuple[str, ...]:
        """Store new settings; returns the names of the settings that changed."""
        changed = changed_fields(self.settings(), settings)
        self._tenant.max_proposals_per_candidate = settings.max_proposals_per_candidate
        self._tenant.grace_days = settings.grace_days
        return changed

    # -- audit -------------------------------------------------------------------------
    def audit(
        self,
        action: AuditAction | str,
        entity: str,
        ext_id: str | None,
        fields: Iterable[str] = (),
    ) -> None:
        """Log an action on a record by this unit of work's actor: field NAMES only."""
        self.audit_log.record(action, entity, ext_id, fields)

    # -- issue 10 (workflow): audit with values, a record's trail ----------------------
    def audit_changes(
        self,
        action: AuditAction | str,
        entity: str,
        ext_id: str | None,
        changes: Sequence[FieldChange],
    ) -> None:
        """Log a change with old and new values; personal fields by name only."""
        self.audit_log.record(action, entity, ext_id, changes=changes)

    def audit_trail(self, entity: str, ext_id: str) -> list[AuditRecord]:
        """One record's audit entries, oldest first."""
        return self.audit_log.trail(entity, ext_id)


# -- staff accounts of the web (issue 11) ------------------------------------------------


class SqlAccountsUnitOfWork:
    """One transaction on the staff accounts, which belong to no single tenant (the
    sign-in learns the tenant from the account)."""

    def __init__(self, engine: Engine) -> None:
        from passgenau.store.tokens import TokenRepository
        from passgenau.store.users import UserRepository

        self._engine = engine
        self._session: Session | None = None
        self._repository = UserRepository
        self._tokens = TokenRepository
        self.users: UserRepository
        self.tokens: TokenRepository

    def __enter__(self) -> SqlAccountsUnitOfWork:
        if self._session is not None:
            raise RuntimeError("this unit of work is entered already")
        self._session = Session(self._engine, expire_on_commit=False)
        self.users = self._repository(self._session)
        self.tokens = self._tokens(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        if session is not None:
            session.rollback()
            session.close()

    def commit(self) -> None:
        assert self._session is not None, "enter the unit of work first"
        self._session.commit()
