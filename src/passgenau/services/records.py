"""Use cases on a Jobcenter's records: import and export of the caseload, KldB titles,
caseload figures.

Each use case receives a unit of work that is not yet entered, enters it and commits on
success (see :mod:`passgenau.services.unit_of_work`); an error anywhere writes nothing.
The helpers :func:`import_into`, :func:`dataset_of` and :func:`kldb_titles` work inside
a unit of work another service has entered (the matching reads the caseload with them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

from passgenau.domain.audit import FieldChange
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import Dataset
from passgenau.domain.routing import RoutingRules, Team
from passgenau.services.unit_of_work import (
    EXT_ID_LENGTH,
    AuditAction,
    Changes,
    KldbTitleEntry,
    UnitOfWork,
)

# -- import --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Counts:
    """What an import did to one record type. ``deleted`` is only ever non-zero for
    households dissolved because their members moved to households in the file."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @classmethod
    def of(cls, changes: Changes) -> Counts:
        return cls(
            len(changes.created), len(changes.updated), len(changes.unchanged), len(changes.deleted)
        )


@dataclass(frozen=True, slots=True)
class ImportSummary:
    employers: Counts
    vacancies: Counts
    candidates: Counts
    households: Counts
    settings_changed: tuple[str, ...]  # names of the match settings that changed

    @property
    def changed(self) -> bool:
        """Whether the import wrote anything besides its own audit entry."""
        counts = (self.employers, self.vacancies, self.candidates, self.households)
        return bool(self.settings_changed) or any(
            c.created or c.updated or c.deleted for c in counts
        )


def _where(section: str, index: int, ext_id: str) -> str:
    shown = ext_id if len(ext_id) <= EXT_ID_LENGTH else ext_id[:EXT_ID_LENGTH] + "…"
    return f'{section}[{index}] (id "{shown}")'


def _id_problems(section: str, ids: Sequence[str]) -> list[Problem]:
    problems = []
    first: dict[str, int] = {}
    for i, ext_id in enumerate(ids):
        where = _where(section, i, ext_id)
        if not ext_id:
            problems.append(Problem(where, "id", "must not be empty"))
        elif len(ext_id) > EXT_ID_LENGTH:
            problems.append(Problem(where, "id", f"longer than {EXT_ID_LENGTH} characters"))
        if ext_id in first:
            problems.append(Problem(where, "id", f"repeats the id of {section}[{first[ext_id]}]"))
        first.setdefault(ext_id, i)
    return problems


def _problems(uow: UnitOfWork, dataset: Dataset) -> list[Problem]:
    """Everything that would make the import fail, found before anything is written.

    References may point into the file or to records the tenant already has.
    """
    problems: list[Problem] = []
    problems += _id_problems("employers", [e.id for e in dataset.employers])
    problems += _id_problems("vacancies", [v.id for v in dataset.vacancies])
    problems += _id_problems("candidates", [c.id for c in dataset.candidates])
    problems += _id_problems("households", [h.id for h in dataset.households])

    employer_ids = {e.id for e in dataset.employers}
    wanted = {v.employer_id for v in dataset.vacancies} - employer_ids
    employer_ids |= uow.employers.existing(wanted)
    for i, vacancy in enumerate(dataset.vacancies):
        if vacancy.employer_id not in employer_ids:
            problems.append(
                Problem(
                    _where("vacancies", i, vacancy.id),
                    "employer_id",
                    f'no employer with id "{vacancy.employer_id}" in the file or the database',
                )
            )

    candidate_ids = {c.id for c in dataset.candidates}
    wanted = {m for h in dataset.households for m in h.members} - candidate_ids
    candidate_ids |= uow.candidates.existing(wanted)
    household_of: dict[str, str] = {}
    for i, household in enumerate(dataset.households):
        where = _where("households", i, household.id)
        for j, member in enumerate(household.members):
            field = f"members[{j}]"
            if member not in candidate_ids:
                message = f'no candidate with id "{member}" in the file or the database'
                problems.append(Problem(where, field, message))
            elif member in household_of and household_of[member] != household.id:
                message = (
                    f'candidate "{member}" is already a member of household '
                    f'"{household_of[member]}" in the file'
                )
                problems.append(Problem(where, field, message))
            household_of.setdefault(member, household.id)
    return problems


def import_dataset(uow: UnitOfWork, dataset: Dataset) -> ImportSummary:
    """Upsert a dataset into the unit of work's tenant, by id, in one transaction.

    See :func:`import_into`; a bad dataset writes nothing.
    """
    with uow:
        summary = import_into(uow, dataset)
        uow.commit()
    return summary


def import_into(uow: UnitOfWork, dataset: Dataset) -> ImportSummary:
    """Upsert a dataset into the tenant of the entered ``uow``, by id; the caller commits.

    New records are created, changed ones updated, unchanged ones left untouched (and not
    audited); records missing from the file are kept. A household's membership becomes the
    file's; a candidate may move from one household to another (see
    :class:`~passgenau.store.repository.HouseholdRepository` for what happens to the one
    left behind). The document's settings become the tenant's.

    Every problem (duplicate ids, references to records neither in the file nor stored) is
    raised at once as one :class:`InvalidInput` before anything is written.
    """
    problems = _problems(uow, dataset)
    if problems:
        raise InvalidInput(problems)

    changes = {
        "employers": uow.employers.upsert(dataset.employers),
        "vacancies": uow.vacancies.upsert(dataset.vacancies),
        "candidates": uow.candidates.upsert(dataset.candidates),
        "households": uow.households.upsert(dataset.households),
    }
    settings_changed = uow.update_settings(dataset.settings)

    entities = {
        "employers": uow.employers.entity,
        "vacancies": uow.vacancies.entity,
        "candidates": uow.candidates.entity,
        "households": uow.households.entity,
    }
    for section, change in changes.items():
        entity = entities[section]
        for action, done in ((AuditAction.CREATE, change.created),
                             (AuditAction.UPDATE, change.updated)):
            for ext_id, fields in done.items():
                values = change.values.get(ext_id)
                if values is None:
                    uow.audit(action, entity, ext_id, fields)
                else:  # old -> new kept for non-personal fields (domain.audit)
                    uow.audit_changes(action, entity, ext_id, [
                        FieldChange.of(entity, name, old, new) for name, old, new in values
                    ])
        for ext_id in change.deleted:
            uow.audit(AuditAction.DELETE, entity, ext_id)
    if settings_changed:
        uow.audit(AuditAction.UPDATE, "settings", uow.tenant_key, settings_changed)
    touched = [s for s, c in changes.items() if c.created or c.updated or c.deleted]
    if settings_changed:
        touched.append("settings")
    uow.audit(AuditAction.IMPORT, "dataset", None, touched)
    uow.flush()  # a violated constraint raises here, inside the service

    return ImportSummary(
        employers=Counts.of(changes["employers"]),
        vacancies=Counts.of(changes["vacancies"]),
        candidates=Counts.of(changes["candidates"]),
        households=Counts.of(changes["households"]),
        settings_changed=settings_changed,
    )


# -- export --------------------------------------------------------------------------


def export_dataset(uow: UnitOfWork) -> Dataset:
    """All records of the tenant with its settings, ready to write as ``passgenau/1``."""
    with uow:
        return dataset_of(uow)


def dataset_of(uow: UnitOfWork) -> Dataset:
    """All records of the tenant of the entered ``uow`` with its settings.

    Records are in the order they were first stored (so a file imported into an empty
    tenant comes back in its own order); ``reference_date`` is None, i.e. "today".
    """
    return Dataset(
        employers=tuple(uow.employers.list()),
        vacancies=tuple(uow.vacancies.list()),
        candidates=tuple(uow.candidates.list()),
        households=tuple(uow.households.list()),
        settings=uow.settings(),
        reference_date=None,
    )


# -- KldB titles ---------------------------------------------------------------------


def store_kldb_titles(uow: UnitOfWork, entries: Iterable[KldbTitleEntry]) -> int:
    """Upsert (code, level, title, short_title) entries; returns how many were given.

    The titles are global reference data, shared by all tenants. Every bad entry is
    reported at once (:class:`InvalidInput`) before anything is written.
    """
    given = list(entries)
    problems = _kldb_problems(given)
    if problems:
        raise InvalidInput(problems)
    with uow:
        count = uow.kldb_titles.upsert(given)
        uow.commit()
    return count


def import_kldb_file(uow: UnitOfWork, source: Path) -> int:
    """Read the official KldB 2010 list (CSV) and store all its titles; see
    :func:`store_kldb_titles`. A file that cannot be read changes nothing."""
    from passgenau.reference.kldb import parse_official_kldb

    return store_kldb_titles(uow, parse_official_kldb(source))


def _kldb_problems(entries: list[KldbTitleEntry]) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for i, (code, level, title, _short) in enumerate(entries):
        where = f'kldb entry {i} (code "{code}")'
        if not (isinstance(code, str) and 1 <= len(code) <= 5 and code.isdigit()):
            problems.append(Problem(where, "code", "must be 1 to 5 digits"))
        if not (isinstance(level, int) and 1 <= level <= 5):
            problems.append(Problem(where, "level", "must be 1..5"))
        if not (isinstance(title, str) and title.strip()):
            problems.append(Problem(where, "title", "must not be empty"))
        if code in seen:
            problems.append(Problem(where, "code", f"repeats kldb entry {seen[code]}"))
        seen.setdefault(code, i)
    return problems


def kldb_titles(uow: UnitOfWork, codes: Iterable[str] | None = None) -> dict[str, str]:
    """Code -> title for ``codes`` (unknown ones left out), or for every stored code,
    read in the entered ``uow``."""
    return uow.kldb_titles.titles(codes)


# -- caseload figures ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseloadSummary:
    """Management's overview of one Jobcenter's caseload on a day."""

    on: date
    employers: int
    vacancies: int
    positions: int  # people to hire over all vacancies
    open_positions: int  # of those, not yet filled by a hired proposal
    candidates: int
    candidates_by_team: Mapping[Team, int]  # every team, zero included (read-only)
    candidates_by_german_level: Mapping[GermanLevel, int]  # every level, zero included
    households: int
    households_place_together: int  # households asking to be placed together


def caseload_summary(uow: UnitOfWork, routing: RoutingRules, on: date) -> CaseloadSummary:
    """Counts for management, by aggregate queries (no records are loaded)."""
    with uow:
        return _caseload_summary(uow, routing, on)


def _caseload_summary(uow: UnitOfWork, routing: RoutingRules, on: date) -> CaseloadSummary:
    by_team = dict.fromkeys(Team, 0)
    by_level = dict.fromkeys(GermanLevel, 0)
    for (level_name, birth_year), n in uow.caseload.candidates_by_level_and_birth_year().items():
        level = GermanLevel[level_name]
        by_level[level] += n
        by_team[routing.team_for(level, birth_year, on)] += n
    positions = uow.caseload.positions()
    households, place_together = uow.caseload.households()
    return CaseloadSummary(
        on=on,
        employers=uow.caseload.employers(),
        vacancies=positions.vacancies,
        positions=positions.positions,
        open_positions=positions.open_positions,
        candidates=sum(by_level.values()),
        candidates_by_team=MappingProxyType(by_team),
        candidates_by_german_level=MappingProxyType(by_level),
        households=households,
        households_place_together=place_together,
    )
