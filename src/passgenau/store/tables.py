"""The database tables, as SQLAlchemy 2 declarative rows.

The domain stays ORM-free: these rows are converted to and from the frozen domain
dataclasses in :mod:`passgenau.store.conversion`. Every business table has an integer
surrogate key (what foreign keys use), a ``tenant_id`` (one Jobcenter) and the record's
external id (``ext_id``, the exchange format's ``id``), unique per tenant. Value objects
that are never queried (shift options, availability windows, modes, languages, wishes)
are JSON columns in the exchange format's own spelling; occupations get a child table
because the matching looks candidates up by KldB code.

Only portable types are used so that SQLite and PostgreSQL behave the same; the schema is
created by the Alembic migrations in ``migrations/``, never by ``metadata.create_all``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from passgenau.store.values import EXT_ID_LENGTH

# Deterministic constraint names: Alembic needs names to alter constraints later, and the
# migrations spell out these same names.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database.

    SQLite keeps no zone and hands back naive values; PostgreSQL hands them back in the
    session's zone. Both come back as UTC-aware datetimes, and naive input is refused so
    that a local time can never be stored by mistake.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timestamps timezone-aware (UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy's documented class attribute)
        datetime: UtcDateTime(),
        date: Date(),
        float: Double(),
        str: Text(),
        bool: Boolean(),
        int: Integer(),
        time: Time(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


def _tenant_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("tenants.id"), nullable=False)


def _ext_id() -> Mapped[str]:
    return mapped_column(String(EXT_ID_LENGTH), nullable=False)


def _version_column() -> Mapped[int]:
    """A record's version for optimistic locking (issue 10): 1 when created, also by the
    bulk ``INSERT``s of imports and matching runs, which bypass the ORM. Every ORM update
    counts it up (:func:`passgenau.store.versions.count_versions_up`, so imports do too);
    a change that names the version it read goes through
    :func:`passgenau.store.versions.update_if_current`. Not SQLAlchemy's ``version_id_col``:
    that would make every versioned update a statement of its own on SQLite, and an
    import of thousands of changed records thousands of statements."""
    return mapped_column(nullable=False, default=1, server_default=text("1"))


class TenantRow(Base):
    """A Jobcenter. Carries its match settings (the exchange document's ``settings``)."""

    __tablename__ = "tenants"
    __table_args__ = (
        CheckConstraint("max_proposals_per_candidate >= 1", name="max_proposals"),
        CheckConstraint("grace_days >= 0", name="grace_days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(EXT_ID_LENGTH), unique=True)
    name: Mapped[str]
    max_proposals_per_candidate: Mapped[int] = mapped_column(default=2)
    grace_days: Mapped[int] = mapped_column(default=28)


class EmployerRow(Base):
    __tablename__ = "employers"
    __table_args__ = (UniqueConstraint("tenant_id", "ext_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    ext_id: Mapped[str] = _ext_id()
    name: Mapped[str]
    lat: Mapped[float]
    lon: Mapped[float]
    postcode: Mapped[str]
    municipality: Mapped[str]
    sector: Mapped[str]
    onsite_interviews: Mapped[bool]
    trial_work: Mapped[bool]
    contact_name: Mapped[str]
    contact_email: Mapped[str]
    contact_phone: Mapped[str]


class VacancyRow(Base):
    """A Stelle. ``lat`` NULL means "at the employer's location" (the format's default)."""

    __tablename__ = "vacancies"
    __table_args__ = (
        UniqueConstraint("tenant_id", "ext_id"),
        CheckConstraint("positions >= 1", name="positions"),
        CheckConstraint("shortlist_size BETWEEN 1 AND 10", name="shortlist_size"),
        CheckConstraint("hours > 0", name="hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    ext_id: Mapped[str] = _ext_id()
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), index=True)
    title: Mapped[str]
    kldb: Mapped[str] = mapped_column(String(5), index=True)
    hours: Mapped[float]
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    postcode: Mapped[str | None]
    municipality: Mapped[str | None]
    positions: Mapped[int]
    shortlist_size: Mapped[int]
    german_level_min: Mapped[str] = mapped_column(String(2))
    shifts: Mapped[list[Any]]
    driving_licence_required: Mapped[bool]
    recognition_required: Mapped[bool]
    start_date: Mapped[date | None]
    # issue 10 (workflow): optimistic locking (see _version_column)
    version: Mapped[int] = _version_column()

    employer: Mapped[EmployerRow] = relationship(lazy="raise")


class CandidateRow(Base):
    __tablename__ = "candidates"
    __table_args__ = (
        UniqueConstraint("tenant_id", "ext_id"),
        CheckConstraint("motivation BETWEEN 1 AND 5", name="motivation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    ext_id: Mapped[str] = _ext_id()
    name: Mapped[str]
    birth_year: Mapped[int | None]
    home_lat: Mapped[float]
    home_lon: Mapped[float]
    home_postcode: Mapped[str]
    home_municipality: Mapped[str]
    german_level: Mapped[str] = mapped_column(String(2))
    wishes: Mapped[list[Any]]
    hours_min: Mapped[float]
    hours_max: Mapped[float]
    availability: Mapped[list[Any]]
    modes: Mapped[list[Any]]
    driving_licence: Mapped[bool]
    max_commute_minutes: Mapped[int]
    work_permit: Mapped[str] = mapped_column(String(20))
    available_from: Mapped[date | None]
    motivation: Mapped[int]
    unemployed_since: Mapped[date | None]
    languages: Mapped[list[Any]]
    email: Mapped[str]
    phone: Mapped[str]
    # issue 10 (workflow): optimistic locking (see _version_column)
    version: Mapped[int] = _version_column()
    # issue 13 (reports): statistics and the fairness audit only (NULL: not given)
    gender: Mapped[str | None] = mapped_column(String(1))
    citizenship: Mapped[str | None] = mapped_column(String(2))

    occupations: Mapped[list[CandidateOccupationRow]] = relationship(
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="CandidateOccupationRow.position",
        passive_deletes=True,
    )


class CandidateOccupationRow(Base):
    """One occupation of a candidate; a table of its own so it can be queried by KldB."""

    __tablename__ = "candidate_occupations"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]  # order within the candidate's list, so export matches import
    kldb: Mapped[str] = mapped_column(String(5), index=True)
    years: Mapped[float]
    recognition: Mapped[str] = mapped_column(String(20))


class HouseholdRow(Base):
    __tablename__ = "households"
    __table_args__ = (UniqueConstraint("tenant_id", "ext_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    ext_id: Mapped[str] = _ext_id()
    place_together: Mapped[bool]

    members: Mapped[list[HouseholdMemberRow]] = relationship(
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="HouseholdMemberRow.position",
        passive_deletes=True,
        back_populates="household",
    )


class HouseholdMemberRow(Base):
    """A candidate's membership; unique per candidate: nobody is in two households."""

    __tablename__ = "household_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), unique=True
    )
    position: Mapped[int]

    household: Mapped[HouseholdRow] = relationship(lazy="raise", back_populates="members")
    candidate: Mapped[CandidateRow] = relationship(lazy="raise")


class ProposalRow(Base):
    """A Vermittlungsvorschlag: one candidate on one vacancy's shortlist."""

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("vacancy_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    state: Mapped[str] = mapped_column(String(20))
    score: Mapped[float | None]
    rank: Mapped[int | None]
    shift: Mapped[str | None]
    household_id: Mapped[int | None] = mapped_column(
        ForeignKey("households.id", ondelete="SET NULL"), index=True
    )
    reasons: Mapped[list[Any]]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    # issue 10 (workflow): why it ended, the officer's note (personal), the version
    reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(default="", server_default="")
    # issue 10 (workflow): optimistic locking (see _version_column)
    version: Mapped[int] = _version_column()
    # issue 12 (events): the format it came from, and the event (migration 0008)
    source: Mapped[str] = mapped_column(String(16), default="shortlist",
                                        server_default="shortlist")
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )

    vacancy: Mapped[VacancyRow] = relationship(lazy="raise")
    candidate: Mapped[CandidateRow] = relationship(lazy="raise")
    household: Mapped[HouseholdRow | None] = relationship(lazy="raise")


class FollowUpRow(Base):
    """A Wiedervorlage: when to contact a candidate next, optionally about a proposal."""

    __tablename__ = "follow_ups"
    __table_args__ = (Index(None, "tenant_id", "due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"), index=True
    )
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id"), index=True)
    due: Mapped[date]
    note: Mapped[str]
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # issue 10 (workflow): optimistic locking (see _version_column)
    version: Mapped[int] = _version_column()
    # issue 13 (reports): at a follow-up after a hire, whether the candidate still works
    # there (NULL: not asked); the "still employed after 6 months" figure counts these
    employed: Mapped[bool | None]

    candidate: Mapped[CandidateRow] = relationship(lazy="raise")
    vacancy: Mapped[VacancyRow | None] = relationship(lazy="raise")


class AuditRow(Base):
    """Who changed which record when. Holds field NAMES only: the values are social data."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index(None, "tenant_id", "at"),
        Index(None, "tenant_id", "entity", "ext_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(32))
    ext_id: Mapped[str | None] = mapped_column(String(200))
    fields: Mapped[list[Any]]
    # issue 10 (workflow): [[field, old, new], ...] of the NON-personal fields only
    # (domain.audit.PERSONAL_FIELDS); NULL for entries written before it existed.
    changes: Mapped[list[Any] | None]


class KldbTitleRow(Base):
    """Reference data: the KldB 2010 titles, global (the same for every Jobcenter)."""

    __tablename__ = "kldb_titles"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    level: Mapped[int]
    title: Mapped[str]
    short_title: Mapped[str]


class PlaceMunicipalityRow(Base):
    """Reference data: a Gemeinde of the imported municipality register (global).

    Imported from the Destatis Gemeindeverzeichnis for offline geocoding by name; see
    :mod:`passgenau.geo.places`. ``postcode`` is "" for areas without one.
    """

    __tablename__ = "place_municipalities"

    ags: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str]
    district_name: Mapped[str]
    postcode: Mapped[str] = mapped_column(String(5))
    lat: Mapped[float]
    lon: Mapped[float]
    population: Mapped[int | None]


class PlacePostcodeRow(Base):
    """Reference data: a PLZ centroid of one imported postcode table (global).

    Keyed by table and PLZ, so that OpenGeoDB and GeoNames can both be imported and each
    re-imported on its own; the resolver prefers one by
    :data:`passgenau.geo.places.SOURCE_ORDER`.
    """

    __tablename__ = "place_postcodes"

    source: Mapped[str] = mapped_column(String(16), primary_key=True)
    postcode: Mapped[str] = mapped_column(String(5), primary_key=True)
    place: Mapped[str]
    district: Mapped[str] = mapped_column(String(5))
    lat: Mapped[float]
    lon: Mapped[float]
    organisation: Mapped[bool]


# -- issue 10 (workflow): consents -----------------------------------------------------


class ConsentRow(Base):
    """A candidate's consent (Einwilligung) to pass their profile on; kept after withdrawal.

    ``vacancy_id`` / ``employer_id`` limit it; both NULL is a general consent whose
    ``scope`` text says what it covers.
    """

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id"), index=True)
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employers.id"), index=True)
    scope: Mapped[str]
    given_on: Mapped[date]
    withdrawn_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # issue 13 (reports): what it allows: "profile" (send the profile to an employer) or
    # "success_story" (a published success story)
    purpose: Mapped[str] = mapped_column(String(24), default="profile",
                                         server_default="profile")


# == casework (issue 10: teams, courses, follow-ups, partners; migration 0004) ==========


def _candidate_fk() -> Mapped[int]:
    """A candidate's row; deleting the candidate deletes these rows with it."""
    return mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)


class CandidateCaseRow(Base):
    """The case file of a candidate: officer, recorded team, end of the case, erasure."""

    __tablename__ = "candidate_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), unique=True
    )
    officer: Mapped[str] = mapped_column(String(200))
    team: Mapped[str | None] = mapped_column(String(16))
    ended_on: Mapped[date | None]
    erased_at: Mapped[datetime | None]


class TeamChangeRow(Base):
    __tablename__ = "team_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    candidate_id: Mapped[int] = _candidate_fk()
    changed_on: Mapped[date]
    from_team: Mapped[str | None] = mapped_column(String(16))
    to_team: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class CertificateRow(Base):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    candidate_id: Mapped[int] = _candidate_fk()
    test: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(2))
    taken_on: Mapped[date]
    previous_level: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class CourseRow(Base):
    """An integration course or a job language course (module) of a candidate."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    candidate_id: Mapped[int] = _candidate_fk()
    kind: Mapped[str] = mapped_column(String(16))
    provider: Mapped[str]
    module: Mapped[str]
    start: Mapped[date | None]
    expected_end: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16))
    ended_on: Mapped[date | None]
    result_level: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class RecognitionProcedureRow(Base):
    __tablename__ = "recognition_procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    candidate_id: Mapped[int] = _candidate_fk()
    kldb: Mapped[str] = mapped_column(String(5))
    authority: Mapped[str]
    status: Mapped[str] = mapped_column(String(16))
    applied_on: Mapped[date | None]
    decided_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class PartnerRow(Base):
    """An organisation the Jobcenter works with; ``contacts`` its contact persons."""

    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("tenant_id", "ext_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    ext_id: Mapped[str] = _ext_id()
    kind: Mapped[str] = mapped_column(String(24))
    name: Mapped[str]
    municipality: Mapped[str]
    contacts: Mapped[list[Any]]
    note: Mapped[str]


class EmployerContactRow(Base):
    """One contact of the company-acquisition staff with an employer."""

    __tablename__ = "employer_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    contacted_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(16))
    staff: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str]
    needs: Mapped[str]
    funding: Mapped[list[Any]]
    next_step: Mapped[str]
    next_step_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class ReferralRow(Base):
    """A candidate referred to a partner, and the partner's answer."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    candidate_id: Mapped[int] = _candidate_fk()
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    referred_on: Mapped[date]
    purpose: Mapped[str]
    status: Mapped[str] = mapped_column(String(16))
    answered_on: Mapped[date | None]
    answer: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


# == events (issue 12: job fairs, speed-datings, information sessions; migration 0008) ===


class EventRow(Base):
    """An event of the Jobcenter; its place has coordinates (the trip is planned to it)."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("tenant_id", "ext_id"),
        CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    ext_id: Mapped[str] = _ext_id()
    title: Mapped[str]
    kind: Mapped[str] = mapped_column(String(16))
    day: Mapped[date]
    start_time: Mapped[time]
    end_time: Mapped[time]
    lat: Mapped[float]
    lon: Mapped[float]
    postcode: Mapped[str]
    municipality: Mapped[str]
    venue: Mapped[str]
    capacity: Mapped[int | None]
    bring: Mapped[list[Any]]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    version: Mapped[int] = _version_column()


class EventEmployerRow(Base):
    """An employer taking part in an event."""

    __tablename__ = "event_employers"
    __table_args__ = (UniqueConstraint("event_id", "employer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), index=True)
    position: Mapped[int]


class EventInvitationRow(Base):
    """A candidate on an event's list: invited, registered, attended."""

    __tablename__ = "event_invitations"
    __table_args__ = (UniqueConstraint("event_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = _candidate_fk()
    status: Mapped[str] = mapped_column(String(16))
    invited_on: Mapped[date | None]
    registered_on: Mapped[date | None]
    checked_in_at: Mapped[datetime | None]
    rules: Mapped[str]
    letter_sent_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class EventLeadRow(Base):
    """A lead of an event (candidate × employer) and its outcome; ``format`` is the
    event's kind, ``proposal_id`` the proposal it made or moved."""

    __tablename__ = "event_leads"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    candidate_id: Mapped[int] = _candidate_fk()
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), index=True)
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"), index=True
    )
    format: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    recorded_on: Mapped[date]
    note: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


# -- staff accounts of the web (migration 0005) ------------------------------------------


class UserRow(Base):
    """A member of staff who signs in to the web; the user name is unique across tenants
    (the sign-in form does not ask for the Jobcenter)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    username: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    failed_sign_ins: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


# -- bearer tokens of the JSON API (migration 0006) ----------------------------------------


class ApiTokenRow(Base):
    """A bearer token of the JSON API: only its SHA-256 hash is kept. It belongs to one
    user and carries that user's tenant, so a token is looked up by its hash alone."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


# -- issue 13 (reports): the decision log of matching runs (migration 0009) -------------


class MatchRunRow(Base):
    """One matching run on the stored caseload, for oversight (EU AI Act Art. 12, 26):
    the input's and result's SHA-256, the settings, the travel model, the version, and
    a summary of the result. No personal data: ids and names stay out."""

    __tablename__ = "match_runs"
    __table_args__ = (Index(None, "tenant_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    reference_date: Mapped[date]
    input_sha256: Mapped[str] = mapped_column(String(64))
    result_sha256: Mapped[str] = mapped_column(String(64))
    settings: Mapped[dict[str, Any]]
    travel_model: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(40))
    summary: Mapped[dict[str, Any]]
