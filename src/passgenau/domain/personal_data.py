"""Which stored columns hold personal data: the one list erasure and information use.

Every column of every table is classified here (a test fails when a table gains a column
that is not), so that a new column cannot escape the GDPR duties unnoticed:

- ``CANDIDATE``: the candidate's personal data. Erasure (on request or after the
  retention period) blanks it in every row that belongs to the candidate.
- ``CANDIDATE_KEY``: the candidate's id (the Jobcenter's case number). Erasure replaces
  it by a random pseudonym, so proposals, outcomes and the audit trail stay countable
  and in order without naming the person.
- ``OTHER_PERSON``: personal data of someone else (an employer's or partner's contact
  person, a member of staff). Not the candidate's, so their erasure leaves it alone.
- ``NONE``: no personal data once the candidate's identifying fields are gone
  (levels, hours, states, dates of the workflow, keys): kept for the statistics.

The classification names tables and columns as the store spells them; the domain itself
stays free of the store.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType


class DataClass(StrEnum):
    CANDIDATE = "candidate"
    CANDIDATE_KEY = "candidate_key"
    OTHER_PERSON = "other_person"
    NONE = "none"


_C = DataClass.CANDIDATE
_K = DataClass.CANDIDATE_KEY
_O = DataClass.OTHER_PERSON


def _table(none: str, **special: DataClass) -> Mapping[str, DataClass]:
    """A table's columns: those in ``none`` (space-separated) hold no personal data."""
    columns = dict.fromkeys(none.split(), DataClass.NONE)
    overlap = columns.keys() & special.keys()
    if overlap:
        raise ValueError(f"classified twice: {sorted(overlap)}")
    return MappingProxyType({**columns, **special})


_KEYS = "id tenant_id"

COLUMNS: Mapping[str, Mapping[str, DataClass]] = MappingProxyType({
    "tenants": _table("id key name max_proposals_per_candidate grace_days"),
    "employers": _table(
        f"{_KEYS} ext_id name lat lon postcode municipality sector onsite_interviews "
        "trial_work",
        contact_name=_O, contact_email=_O, contact_phone=_O,
    ),
    "vacancies": _table(
        f"{_KEYS} ext_id employer_id title kldb hours lat lon postcode municipality positions "
        "shortlist_size german_level_min shifts driving_licence_required "
        "recognition_required start_date version"
    ),
    "candidates": _table(
        f"{_KEYS} german_level wishes hours_min hours_max modes driving_licence "
        "max_commute_minutes work_permit motivation version",
        ext_id=_K, name=_C, birth_year=_C, home_lat=_C, home_lon=_C, home_postcode=_C,
        home_municipality=_C, availability=_C, languages=_C, email=_C, phone=_C,
        available_from=_C, unemployed_since=_C,
        gender=_C, citizenship=_C,  # issue 13: statistics and the fairness audit only
    ),
    "candidate_occupations": _table("id candidate_id position kldb years recognition"),
    "households": _table(f"{_KEYS} ext_id place_together"),
    "household_members": _table("id household_id candidate_id position"),
    "proposals": _table(
        f"{_KEYS} vacancy_id candidate_id state score rank shift household_id created_at "
        "updated_at reason version source event_id",
        reasons=_C,  # explanation sentences name the home place and the commute
        note=_C,  # the officer's free text about the step
    ),
    "follow_ups": _table(
        f"{_KEYS} candidate_id proposal_id vacancy_id due done_at created_at version "
        "employed",
        note=_C,
    ),
    # ``changes`` holds old -> new values of non-personal fields only (domain.audit)
    "audit_log": _table(f"{_KEYS} at action entity fields changes", ext_id=_K, actor=_O),
    # -- workflow (migration 0003) ------------------------------------------------------
    "consents": _table(
        f"{_KEYS} candidate_id vacancy_id employer_id given_on withdrawn_on created_at "
        "purpose",
        scope=_C,
    ),
    "kldb_titles": _table("code level title short_title"),
    "place_municipalities": _table("ags name district_name postcode lat lon population"),
    "place_postcodes": _table("source postcode place district lat lon organisation"),
    # -- casework (migration 0004) ------------------------------------------------------
    "candidate_cases": _table(f"{_KEYS} candidate_id team ended_on erased_at", officer=_O),
    "team_changes": _table(
        f"{_KEYS} candidate_id changed_on from_team to_team reason created_at"
    ),
    "certificates": _table(
        f"{_KEYS} candidate_id test level taken_on previous_level created_at"
    ),
    "courses": _table(
        f"{_KEYS} candidate_id kind provider module start expected_end status ended_on "
        "result_level created_at"
    ),
    "recognition_procedures": _table(
        f"{_KEYS} candidate_id kldb authority status applied_on decided_on created_at"
    ),
    "partners": _table(f"{_KEYS} ext_id kind name municipality note", contacts=_O),
    "employer_contacts": _table(
        f"{_KEYS} employer_id contacted_on kind funding next_step_on created_at",
        staff=_O, summary=_O, needs=_O, next_step=_O,  # free text may name contact persons
    ),
    "referrals": _table(
        f"{_KEYS} candidate_id partner_id referred_on status answered_on created_at",
        purpose=_C, answer=_C,
    ),
    # -- events (migration 0008) ---------------------------------------------------------
    "events": _table(
        f"{_KEYS} ext_id title kind day start_time end_time lat lon postcode municipality venue "
        "capacity bring created_at version"
    ),
    "event_employers": _table("id event_id employer_id position"),
    "event_invitations": _table(
        f"{_KEYS} event_id candidate_id status invited_on registered_on checked_in_at "
        "rules letter_sent_on created_at"
    ),
    "event_leads": _table(
        f"{_KEYS} event_id candidate_id employer_id vacancy_id proposal_id format outcome "
        "recorded_on created_at",
        note=_C,
    ),
    # -- staff accounts of the web (migration 0005) -------------------------------------
    "users": _table(
        "id tenant_id password_hash role failed_sign_ins locked_until created_at",
        username=_O,
    ),
    # -- bearer tokens of the JSON API (migration 0006): hashes and keys only -------------
    "api_tokens": _table(
        "id tenant_id user_id token_hash created_at expires_at revoked_at last_used_at"
    ),
    # -- the decision log of matching runs (migration 0009): hashes, settings, counts --
    "match_runs": _table(
        f"{_KEYS} at reference_date input_sha256 result_sha256 settings travel_model "
        "version summary",
        actor=_O,
    ),
})
"""Table -> column -> class, for every table of the schema."""


def columns_of(table: str, data_class: DataClass) -> tuple[str, ...]:
    """The columns of ``table`` in ``data_class`` (none for an unclassified table)."""
    return tuple(c for c, k in COLUMNS.get(table, {}).items() if k is data_class)


def tables_with(data_class: DataClass) -> tuple[str, ...]:
    return tuple(t for t, columns in COLUMNS.items() if data_class in columns.values())


@dataclass(frozen=True, slots=True)
class StoredRows:
    """The rows of one table that are about a person (GDPR Art. 15), column -> value.

    Values are plain (str, int, float, bool, None, dates, lists and dicts of those);
    references to other records are given by those records' ids, surrogate keys left out.
    """

    table: str
    rows: tuple[Mapping[str, object], ...]


def retention_cutoff(on: date, months: int) -> date:
    """The day ``months`` before ``on``: a case that ended on or before it is due for
    erasure (the day is clamped to the month's end, 31 March - 1 month = 28/29 Feb)."""
    index = on.year * 12 + (on.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(on.day, last))


CANDIDATE_AUDIT_ENTITIES = frozenset({
    "candidate", "case_file", "certificate", "team_change", "course", "recognition",
    "follow_up", "referral", "consent", "event_invitation", "event_lead",
})
"""Audit-log entities whose ``ext_id`` is the candidate's id (records a candidate owns
are audited under it). A ``proposal`` names its pair as ``VACANCY/CANDIDATE``. Ids of
other entities (an employer, a vacancy) may look the same but are another namespace."""


def names_candidate(entity: str, ext_id: str | None, candidate_id: str) -> bool:
    """Whether an audit entry (entity, ext_id) is about the candidate ``candidate_id``."""
    if ext_id is None:
        return False
    if entity == "proposal":
        return ext_id.rpartition("/")[2] == candidate_id
    return entity in CANDIDATE_AUDIT_ENTITIES and ext_id == candidate_id


def pseudonymised(entity: str, ext_id: str, candidate_id: str, pseudonym: str) -> str:
    """The audit entry's ``ext_id`` with the candidate's id replaced by ``pseudonym``."""
    if entity == "proposal":
        vacancy, _, _ = ext_id.rpartition("/")
        return f"{vacancy}/{pseudonym}"
    return pseudonym
