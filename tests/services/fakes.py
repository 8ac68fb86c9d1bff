"""An in-memory unit of work for the service tests: hand-written, dict-backed, no database.

It keeps the promises of :class:`passgenau.services.unit_of_work.UnitOfWork` that the
services rely on: one tenant per unit of work (an unknown one is refused), records in
the order they were first stored, upserts that report what they did by id and field
name, households that keep a candidate in one household only (and dissolve when fewer
than two members stay), and transactions: work happens on a copy that only ``commit``
makes the database's, so leaving the block without a commit changes nothing.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

from passgenau.domain.audit import AuditRecord, FieldChange, audit_value, is_personal
from passgenau.domain.concurrency import StaleRecord
from passgenau.domain.consent import Consent, ConsentRecord
from passgenau.domain.errors import InvalidInput, NotFound, Problem
from passgenau.domain.model import Candidate, Employer, Household, MatchSettings, Vacancy
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.geo.places import MunicipalityEntry, PostcodeEntry
from passgenau.services.unit_of_work import (
    AuditAction,
    Changes,
    KldbTitleEntry,
    MatchRunEntry,
    PlaceCounts,
    PositionCounts,
    ProposalRecord,
)

from .fakes_casework import (
    CaseworkData,
    FakeCasework,
    FakeFollowUps,
    FakePartners,
    FakePrivacy,
)
from .fakes_reports import FakeReports

RecordT = TypeVar("RecordT", Employer, Vacancy, Candidate, Household)

_FIELD_NAME = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*")


@dataclass(frozen=True, slots=True)
class AuditLine:
    actor: str
    action: AuditAction
    entity: str
    ext_id: str | None
    fields: tuple[str, ...]
    changes: tuple[FieldChange, ...] = ()  # issue 10: every field, values if not personal
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass
class TenantData:
    name: str
    settings: MatchSettings = field(default_factory=MatchSettings)
    employers: dict[str, Employer] = field(default_factory=dict)
    vacancies: dict[str, Vacancy] = field(default_factory=dict)
    candidates: dict[str, Candidate] = field(default_factory=dict)
    households: dict[str, Household] = field(default_factory=dict)
    proposals: dict[tuple[str, str], ProposalRecord] = field(default_factory=dict)
    audit: list[AuditLine] = field(default_factory=list)
    # issue 10 (workflow)
    consents: list[ConsentRecord] = field(default_factory=list)
    versions: dict[tuple[str, str], int] = field(default_factory=dict)  # (entity, id)
    casework: CaseworkData = field(default_factory=CaseworkData)  # issue 10
    match_runs: list[MatchRunEntry] = field(default_factory=list)  # issue 13


@dataclass
class DatabaseState:
    tenants: dict[str, TenantData] = field(
        default_factory=lambda: {"default": TenantData("default")}
    )
    kldb: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    municipalities: dict[str, MunicipalityEntry] = field(default_factory=dict)
    postcodes: dict[tuple[str, str], PostcodeEntry] = field(default_factory=dict)
    consent_numbers: int = 0  # issue 10: the last consent number handed out


class FakeDatabase:
    """What the fake units of work commit to; ``commits`` counts the commits."""

    def __init__(self) -> None:
        self.state = DatabaseState()
        self.commits = 0

    def add_tenant(self, key: str, name: str = "") -> None:
        self.state.tenants.setdefault(key, TenantData(name or key))

    def unit_of_work(self, tenant: str = "default", actor: str = "test") -> FakeUnitOfWork:
        return FakeUnitOfWork(self, tenant, actor)

    def tenant(self, key: str = "default") -> TenantData:
        """The committed data of a tenant, to assert on."""
        return self.state.tenants[key]


# -- repositories ----------------------------------------------------------------------


def _changed_fields(old: object, new: object) -> tuple[str, ...]:
    return tuple(
        f.name for f in dataclasses.fields(old)  # type: ignore[arg-type]
        if getattr(old, f.name) != getattr(new, f.name)
    )


def _recorded_fields(record: object) -> tuple[str, ...]:
    names = []
    for f in dataclasses.fields(record):  # type: ignore[arg-type]
        if f.name == "id":
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required or getattr(record, f.name) != f.default:
            names.append(f.name)
    return tuple(names)


class FakeRecordRepository(Generic[RecordT]):
    def __init__(
        self,
        records: dict[str, RecordT],
        entity: str,
        versions: dict[tuple[str, str], int] | None = None,
    ) -> None:
        self._records = records
        self.entity = entity
        self._versions = versions if versions is not None else {}

    def get(self, ext_id: str) -> RecordT:
        if ext_id not in self._records:
            raise NotFound(f'no {self.entity} with id "{ext_id}"')
        return self._records[ext_id]

    def list(self) -> list[RecordT]:
        return list(self._records.values())

    def count(self) -> int:
        return len(self._records)

    def existing(self, ext_ids: Iterable[str]) -> set[str]:
        return {i for i in ext_ids if i in self._records}

    def upsert(self, records: Sequence[RecordT]) -> Changes:
        changes = Changes()
        for record in records:
            old = self._records.get(record.id)
            if old is None:
                changes.created[record.id] = _recorded_fields(record)
                names = changes.created[record.id]
                changes.values[record.id] = tuple((n, None, getattr(record, n)) for n in names)
            elif changed := _changed_fields(old, record):
                changes.updated[record.id] = changed
                changes.values[record.id] = tuple(
                    (n, getattr(old, n), getattr(record, n)) for n in changed
                )
            else:
                changes.unchanged.append(record.id)
                continue
            self._records[record.id] = record
            key = (self.entity, record.id)
            self._versions[key] = self._versions.get(key, 0) + 1  # as the SQL one counts
        return changes


class FakeHouseholdRepository(FakeRecordRepository[Household]):
    """A candidate is in one household at most; one left with a single member dissolves."""

    def __init__(self, records: dict[str, Household], candidates: dict[str, Candidate]) -> None:
        super().__init__(records, "household")
        self._candidates = candidates

    def upsert(self, records: Sequence[Household]) -> Changes:
        missing = sorted({m for h in records for m in h.members} - self._candidates.keys())
        if missing:
            raise NotFound(f'no candidate with id "{missing[0]}"')
        changes = super().upsert(records)
        given = {h.id for h in records}
        moved = {m for h in records for m in h.members}
        for other in list(self._records.values()):
            if other.id in given or not moved & set(other.members):
                continue
            staying = tuple(m for m in other.members if m not in moved)
            if len(staying) >= 2:
                self._records[other.id] = dataclasses.replace(other, members=staying)
                changes.updated[other.id] = ("members",)
            else:
                del self._records[other.id]
                changes.deleted.append(other.id)
        return changes


class FakePlacementRepository:
    def __init__(self, tenant: TenantData) -> None:
        self._tenant = tenant

    def add_proposal(self, proposal: Proposal, reasons: Sequence[str] = ()) -> None:
        if proposal.vacancy_id not in self._tenant.vacancies:
            raise NotFound(f'no vacancy with id "{proposal.vacancy_id}"')
        if proposal.candidate_id not in self._tenant.candidates:
            raise NotFound(f'no candidate with id "{proposal.candidate_id}"')
        key = (proposal.vacancy_id, proposal.candidate_id)
        if key in self._tenant.proposals:
            pair = f'vacancy "{proposal.vacancy_id}", candidate "{proposal.candidate_id}"'
            raise InvalidInput([Problem(f"proposal ({pair})", "", "exists already")])
        now = datetime.now(UTC)
        self._tenant.proposals[key] = ProposalRecord(proposal, tuple(reasons), now, now, 1)

    def get_proposal(self, vacancy_id: str, candidate_id: str) -> ProposalRecord:
        try:
            return self._tenant.proposals[(vacancy_id, candidate_id)]
        except KeyError:
            raise NotFound(
                f'no proposal of candidate "{candidate_id}" for vacancy "{vacancy_id}"'
            ) from None

    def list_proposals(self) -> list[ProposalRecord]:
        return list(self._tenant.proposals.values())

    def replace_suggested(self, proposals: Sequence[tuple[Proposal, Sequence[str]]]) -> int:
        self._tenant.proposals = {
            key: record for key, record in self._tenant.proposals.items()
            if record.proposal.state is not ProposalState.SUGGESTED
        }
        for proposal, reasons in proposals:
            self.add_proposal(proposal, reasons)
        return len(proposals)


    # -- issue 10 (workflow) ------------------------------------------------------------
    def proposals(
        self,
        vacancy_id: str | None = None,
        candidate_id: str | None = None,
        state: ProposalState | None = None,
    ) -> list[ProposalRecord]:
        order = {v: i for i, v in enumerate(self._tenant.vacancies)}
        found = [
            (order.get(r.proposal.vacancy_id, 0), r.proposal.rank is None,
             r.proposal.rank or 0, i, r)
            for i, r in enumerate(self._tenant.proposals.values())
            if vacancy_id in (None, r.proposal.vacancy_id)
            and candidate_id in (None, r.proposal.candidate_id)
            and state in (None, r.proposal.state)
        ]
        return [item[-1] for item in sorted(found, key=lambda item: item[:-1])]

    def save_proposal(self, proposal: Proposal, read_version: int) -> int:
        key = (proposal.vacancy_id, proposal.candidate_id)
        stored = self.get_proposal(*key)
        if stored.version != read_version:
            label = (f'proposal (vacancy "{proposal.vacancy_id}", '
                     f'candidate "{proposal.candidate_id}")')
            raise StaleRecord(label, read_version, stored.version)
        kept = dataclasses.replace(
            stored.proposal, state=proposal.state, reason=proposal.reason, note=proposal.note
        )
        self._tenant.proposals[key] = dataclasses.replace(
            stored, proposal=kept, updated_at=datetime.now(UTC), version=read_version + 1
        )
        return read_version + 1


class FakeConsents:
    """Consents numbered across the fake database, as the SQL keys are."""

    def __init__(self, tenant: TenantData, state: DatabaseState) -> None:
        self._tenant = tenant
        self._state = state

    def add(self, consent: Consent) -> int:
        for entity, ext_id, known in (
            ("candidate", consent.candidate_id, self._tenant.candidates),
            ("vacancy", consent.vacancy_id, self._tenant.vacancies),
            ("employer", consent.employer_id, self._tenant.employers),
        ):
            if ext_id is not None and ext_id not in known:
                raise NotFound(f'no {entity} with id "{ext_id}"')
        self._state.consent_numbers += 1
        number = self._state.consent_numbers
        self._tenant.consents.append(ConsentRecord(number, consent))
        return number

    def for_candidate(self, candidate_id: str) -> list[ConsentRecord]:
        if candidate_id not in self._tenant.candidates:
            raise NotFound(f'no candidate with id "{candidate_id}"')
        return [r for r in self._tenant.consents if r.consent.candidate_id == candidate_id]

    def withdraw(self, numbers: Sequence[int], on: date) -> None:
        by_number = {r.number: i for i, r in enumerate(self._tenant.consents)}
        for number in numbers:
            if number not in by_number:
                raise NotFound(f"no consent with number {number}")
            i = by_number[number]
            record = self._tenant.consents[i]
            self._tenant.consents[i] = ConsentRecord(
                number, dataclasses.replace(record.consent, withdrawn_on=on)
            )


class FakeVersions:
    def __init__(self, tenant: TenantData) -> None:
        self._tenant = tenant

    def _records(self, entity: str) -> dict[str, Any]:
        return {"candidate": self._tenant.candidates, "vacancy": self._tenant.vacancies}[entity]

    def of(self, entity: str, ext_id: str) -> int:
        if ext_id not in self._records(entity):
            raise NotFound(f'no {entity} with id "{ext_id}"')
        return self._tenant.versions.get((entity, ext_id), 1)

    def bump(self, entity: str, ext_id: str, read: int | None = None) -> int:
        current = self.of(entity, ext_id)
        if read is not None and read != current:
            raise StaleRecord(f'{entity} "{ext_id}"', read, current)
        self._tenant.versions[(entity, ext_id)] = current + 1
        return current + 1


class FakeKldbTitles:
    def __init__(self, titles: dict[str, tuple[int, str, str]]) -> None:
        self._titles = titles

    def upsert(self, entries: Iterable[KldbTitleEntry]) -> int:
        given = list(entries)
        for code, level, title, short in given:
            self._titles[code] = (level, title, short or "")
        return len(given)

    def titles(self, codes: Iterable[str] | None = None, *, short: bool = False) -> dict[str, str]:
        wanted = sorted(self._titles) if codes is None else sorted(set(codes) & set(self._titles))
        return {c: (self._titles[c][2] if short else "") or self._titles[c][1] for c in wanted}


class FakeCaseload:
    def __init__(self, tenant: TenantData) -> None:
        self._tenant = tenant

    def employers(self) -> int:
        return len(self._tenant.employers)

    def positions(self) -> PositionCounts:
        hired: dict[str, int] = {}
        for (vacancy_id, _), record in self._tenant.proposals.items():
            if record.proposal.state is ProposalState.HIRED:
                hired[vacancy_id] = hired.get(vacancy_id, 0) + 1
        vacancies = self._tenant.vacancies.values()
        return PositionCounts(
            vacancies=len(vacancies),
            positions=sum(v.positions for v in vacancies),
            open_positions=sum(max(0, v.positions - hired.get(v.id, 0)) for v in vacancies),
        )

    def candidates_by_level_and_birth_year(self) -> dict[tuple[str, int | None], int]:
        counts: dict[tuple[str, int | None], int] = {}
        for c in self._tenant.candidates.values():
            key = (c.german_level.name, c.birth_year)
            counts[key] = counts.get(key, 0) + 1
        return counts

    def households(self) -> tuple[int, int]:
        households = self._tenant.households.values()
        return len(households), sum(h.place_together for h in households)


class FakePlaces:
    def __init__(self, state: DatabaseState) -> None:
        self._state = state

    def upsert_municipalities(self, entries: Iterable[MunicipalityEntry]) -> PlaceCounts:
        return self._upsert(self._state.municipalities, {m.ags: m for m in entries})

    def upsert_postcodes(self, entries: Iterable[PostcodeEntry]) -> PlaceCounts:
        return self._upsert(self._state.postcodes, {(p.source, p.postcode): p for p in entries})

    @staticmethod
    def _upsert(stored: dict[Any, Any], given: dict[Any, Any]) -> PlaceCounts:
        created = updated = unchanged = 0
        for key, entry in given.items():
            old = stored.get(key)
            created += old is None
            updated += old is not None and old != entry
            unchanged += old == entry
            stored[key] = entry
        return PlaceCounts(created, updated, unchanged)

    def municipalities(self) -> list[MunicipalityEntry]:
        return [self._state.municipalities[k] for k in sorted(self._state.municipalities)]

    def postcodes(self) -> list[PostcodeEntry]:
        return [self._state.postcodes[k] for k in sorted(self._state.postcodes)]

    def counts(self) -> tuple[int, int]:
        return len(self._state.municipalities), len(self._state.postcodes)


# -- the unit of work ------------------------------------------------------------------


class FakeUnitOfWork:
    """One transaction on a :class:`FakeDatabase`: a working copy, kept only on commit."""

    def __init__(self, database: FakeDatabase, tenant: str = "default", actor: str = "test"):
        self._database = database
        self.tenant_key = tenant
        self.actor = actor
        self._work: DatabaseState | None = None

    @property
    def entered(self) -> bool:
        return self._work is not None

    def __enter__(self) -> Self:
        if self._work is not None:
            raise RuntimeError("this unit of work is entered already")
        if self.tenant_key not in self._database.state.tenants:
            raise NotFound(f'no tenant with key "{self.tenant_key}"')
        self._begin()
        return self

    def _begin(self) -> None:
        self._work = copy.deepcopy(self._database.state)
        tenant = self._work.tenants[self.tenant_key]
        self._tenant = tenant
        self.employers = FakeRecordRepository(tenant.employers, "employer")
        self.vacancies = FakeRecordRepository(tenant.vacancies, "vacancy", tenant.versions)
        self.candidates = FakeRecordRepository(tenant.candidates, "candidate", tenant.versions)
        self.households = FakeHouseholdRepository(tenant.households, tenant.candidates)
        self.placements = FakePlacementRepository(tenant)
        self.kldb_titles = FakeKldbTitles(self._work.kldb)
        self.caseload = FakeCaseload(tenant)
        self.places = FakePlaces(self._work)
        # issue 10 (workflow)
        self.consents = FakeConsents(tenant, self._work)
        self.versions = FakeVersions(tenant)
        # -- casework (issue 10) --
        self.casework = FakeCasework(tenant)
        self.followups = FakeFollowUps(tenant)
        self.partners = FakePartners(tenant)
        self.privacy = FakePrivacy(tenant)
        # -- issue 13 (reports) --
        self.reports = FakeReports(tenant)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._work = None

    def _require(self) -> DatabaseState:
        if self._work is None:
            raise RuntimeError("use the unit of work in a 'with' block")
        return self._work

    def commit(self) -> None:
        self._database.state = self._require()
        self._database.commits += 1
        self._begin()

    def rollback(self) -> None:
        self._require()
        self._begin()

    def flush(self) -> None:
        self._require()

    def settings(self) -> MatchSettings:
        return self._tenant.settings

    def update_settings(self, settings: MatchSettings) -> tuple[str, ...]:
        changed = _changed_fields(self._tenant.settings, settings)
        self._tenant.settings = settings
        return changed

    def audit(
        self,
        action: AuditAction | str,
        entity: str,
        ext_id: str | None,
        fields: Iterable[str] = (),
    ) -> None:
        names = tuple(fields)
        if not all(_FIELD_NAME.fullmatch(n) for n in names):
            raise ValueError("audit fields must be field names like 'german_level'")
        self._tenant.audit.append(AuditLine(self.actor, AuditAction(action), entity, ext_id, names))

    # -- issue 10 (workflow) ----------------------------------------------------------
    def audit_changes(
        self,
        action: AuditAction | str,
        entity: str,
        ext_id: str | None,
        changes: Sequence[FieldChange],
    ) -> None:
        kept = tuple(
            FieldChange(c.field, personal=True) if c.personal or is_personal(entity, c.field)
            else FieldChange(c.field, audit_value(c.old), audit_value(c.new))
            for c in changes
        )
        names = tuple(c.field for c in kept)
        if not all(_FIELD_NAME.fullmatch(n) for n in names):
            raise ValueError("audit fields must be field names like 'german_level'")
        self._tenant.audit.append(
            AuditLine(self.actor, AuditAction(action), entity, ext_id, names, kept)
        )

    def audit_trail(self, entity: str, ext_id: str) -> list[AuditRecord]:
        return [
            AuditRecord(
                line.at, line.actor, line.action.value, line.entity, line.ext_id,
                line.changes or tuple(
                    FieldChange(n, personal=is_personal(entity, n)) for n in line.fields
                ),
            )
            for line in self._tenant.audit
            if line.entity == entity and line.ext_id == ext_id
        ]


# -- staff accounts of the web (issue 11) ------------------------------------------------


class FakeUserRepository:
    """Accounts in a dict; the tenant keys that exist are given."""

    def __init__(self, store: dict[str, Any], tenants: set[str]) -> None:
        self._store = store
        self._tenants = tenants

    def get(self, username: str) -> Any:
        return self._store.get(username)

    def add(self, user: Any, password_hash: str) -> None:
        from passgenau.domain.accounts import StoredUser

        if user.tenant not in self._tenants:
            raise NotFound(f'no tenant with key "{user.tenant}"')
        if user.username in self._store:
            raise InvalidInput([Problem("user", "username", "exists already")])
        self._store[user.username] = StoredUser(user, password_hash, 0, None)

    def set_password_hash(self, username: str, password_hash: str) -> None:
        self._store[username] = dataclasses.replace(self._store[username],
                                                    password_hash=password_hash)

    def record_failure(self, username: str, failed: int, locked_until: datetime | None) -> None:
        self._store[username] = dataclasses.replace(
            self._store[username], failed_sign_ins=failed, locked_until=locked_until)

    def record_success(self, username: str) -> None:
        self.record_failure(username, 0, None)


class FakeAccountsUnitOfWork:
    """The accounts' unit of work on dictionaries: changes are kept only on commit."""

    def __init__(self, tenants: Iterable[str] = ("default",)) -> None:
        self.committed: dict[str, Any] = {}
        self.tenants = set(tenants)
        self.commits = 0

    def __enter__(self) -> Self:
        self._working = dict(self.committed)
        self.users = FakeUserRepository(self._working, self.tenants)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        del self.users

    def commit(self) -> None:
        self.committed = dict(self._working)
        self.commits += 1
