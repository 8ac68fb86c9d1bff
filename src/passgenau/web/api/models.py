"""The JSON API's shapes: Pydantic models, so that the OpenAPI document says exactly what
each answer holds (schemathesis holds the answers against it).

Field names are English and stable (scripts read them); codes are the domain's own
values (``"prepared"``, ``"iba"``, ``"B1"``). Made from the services' typed results by
the ``of`` class methods, never from the store.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from passgenau.domain.accounts import Role
from passgenau.domain.casework import CertificateTest, TeamChangeReason
from passgenau.domain.followups import DueFollowUp
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import Candidate, Employer, Vacancy
from passgenau.domain.placement import ProposalState, ReasonCode
from passgenau.domain.routing import Team
from passgenau.matching.result import MatchSummary
from passgenau.services.casework import CandidateOverview
from passgenau.services.consent import ConsentView
from passgenau.services.directory import CandidateLine, CandidateList, ShortlistEntry, VacancyPage
from passgenau.services.listings import ProposalDetail, VacancyLine
from passgenau.services.workflow import MoveOutcome, ProposalView

Level = Literal["A0", "A1", "A2", "B1", "B2", "C1", "C2"]
assert get_args(Level) == tuple(level.name for level in GermanLevel)

#: A calendar day of the years 1900..2199 as YYYY-MM-DD, exactly the valid ones (month
#: lengths and leap days included), so that the OpenAPI document and the check agree and
#: no far-off day (9999-12-31 plus six weeks) overflows a computation.
DAY_PATTERN = (
    r"^(?:(?:19|20|21)[0-9]{2}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:19|20|21)(?:0[48]|[2468][048]|[13579][26])-02-29|2000-02-29)$"
)
_DAY = re.compile(DAY_PATTERN)


def _day(value: object) -> object:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise ValueError("expected a day YYYY-MM-DD of the years 1900..2199")
    return date.fromisoformat(value)


Day = Annotated[date, BeforeValidator(_day),
                WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN})]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# -- errors ------------------------------------------------------------------------------


class ProblemOut(Model):
    field: str = Field(description="The request field, dotted ('body.version'), or ''.")
    message: str


class ErrorBody(Model):
    code: str = Field(description="Stable, for scripts: unauthorized, forbidden, "
                      "not_found, stale_version, illegal_move, consent_missing, "
                      "no_open_position, run_in_progress, invalid, unavailable, "
                      "internal_error.")
    message: str = Field(description="One German sentence for people.")
    problems: list[ProblemOut] = Field(default_factory=list)


class ErrorOut(Model):
    error: ErrorBody


# -- the signed-in user ------------------------------------------------------------------


class MeOut(Model):
    username: str
    role: Role
    tenant: str


# -- candidates --------------------------------------------------------------------------


class CandidateLineOut(Model):
    candidate_id: str
    name: str
    german_level: Level
    team: Team
    municipality: str

    @classmethod
    def of(cls, line: CandidateLine) -> CandidateLineOut:
        return cls(candidate_id=line.candidate_id, name=line.name,
                   german_level=line.german_level.name,  # type: ignore[arg-type]
                   team=line.team, municipality=line.municipality)


class CandidateListOut(Model):
    total: int = Field(description="Active candidates matching the filter.")
    items: list[CandidateLineOut] = Field(description="The first 100 of them, by id.")
    municipalities: list[str] = Field(description="Home municipalities to filter by.")

    @classmethod
    def of(cls, found: CandidateList) -> CandidateListOut:
        return cls(total=found.total, items=[CandidateLineOut.of(x) for x in found.lines],
                   municipalities=list(found.municipalities))


class OccupationOut(Model):
    kldb: str
    years: float
    recognition: str


class CertificateOut(Model):
    test: CertificateTest
    level: Level
    taken_on: date
    previous_level: Level


class TeamChangeOut(Model):
    changed_on: date
    from_team: Team | None
    to_team: Team
    reason: TeamChangeReason


class ConsentOut(Model):
    number: int
    scope: str
    given_on: date
    vacancy_id: str | None
    employer_id: str | None
    withdrawn_on: date | None

    @classmethod
    def of(cls, c: ConsentView) -> ConsentOut:
        return cls(number=c.number, scope=c.scope, given_on=c.given_on,
                   vacancy_id=c.vacancy_id, employer_id=c.employer_id,
                   withdrawn_on=c.withdrawn_on)


class ProposalOut(Model):
    vacancy_id: str
    candidate_id: str
    state: ProposalState
    version: int = Field(description="Name it when moving the proposal.")
    household_id: str | None
    reason: ReasonCode | None
    score: float | None
    rank: int | None
    has_note: bool

    @classmethod
    def of(cls, v: ProposalView) -> ProposalOut:
        return cls(vacancy_id=v.vacancy_id, candidate_id=v.candidate_id, state=v.state,
                   version=v.version, household_id=v.household_id, reason=v.reason,
                   score=v.score, rank=v.rank, has_note=v.has_note)


class CandidateOut(Model):
    candidate_id: str
    name: str
    birth_year: int | None
    municipality: str
    postcode: str
    german_level: Level
    team: Team
    team_recorded: bool = Field(description="False: the team the rules give, none recorded.")
    officer: str
    active: bool
    ended_on: date | None
    next_follow_up: date | None
    version: int
    occupations: list[OccupationOut]
    wishes: list[str] = Field(description="KldB codes the candidate wishes to work in.")
    hours_min: float
    hours_max: float
    max_commute_minutes: int
    driving_licence: bool
    languages: list[str]
    available_from: date | None
    certificates: list[CertificateOut]
    team_history: list[TeamChangeOut]
    proposals: list[ProposalOut]
    consents: list[ConsentOut]

    @classmethod
    def of(cls, c: Candidate, o: CandidateOverview, proposals: tuple[ProposalView, ...],
           consents: tuple[ConsentView, ...]) -> CandidateOut:
        return cls(
            candidate_id=c.id, name=c.name, birth_year=c.birth_year,
            municipality=c.home.municipality, postcode=c.home.postcode,
            german_level=o.german_level.name,  # type: ignore[arg-type]
            team=o.team, team_recorded=o.team_recorded, officer=o.officer, active=o.active,
            ended_on=o.ended_on, next_follow_up=o.next_follow_up, version=o.version,
            occupations=[OccupationOut(kldb=x.kldb.code, years=x.years,
                                       recognition=x.recognition.value)
                         for x in c.occupations],
            wishes=[w.code for w in c.wishes], hours_min=c.hours_min, hours_max=c.hours_max,
            max_commute_minutes=c.max_commute_minutes, driving_licence=c.driving_licence,
            languages=list(c.languages), available_from=c.available_from,
            certificates=[CertificateOut(test=x.test, level=x.level.name,  # type: ignore[arg-type]
                                         taken_on=x.taken_on,
                                         previous_level=x.previous_level.name)  # type: ignore[arg-type]
                          for x in o.certificates],
            team_history=[TeamChangeOut(changed_on=t.changed_on, from_team=t.from_team,
                                        to_team=t.to_team, reason=t.reason)
                          for t in o.team_history],
            proposals=[ProposalOut.of(p) for p in proposals],
            consents=[ConsentOut.of(x) for x in consents],
        )


# -- vacancies ---------------------------------------------------------------------------


class VacancyLineOut(Model):
    vacancy_id: str
    title: str
    employer_id: str
    employer_name: str
    kldb: str
    municipality: str
    positions: int
    hired: int
    shortlist_size: int
    open_proposals: int

    @classmethod
    def of(cls, v: VacancyLine) -> VacancyLineOut:
        return cls(vacancy_id=v.vacancy_id, title=v.title, employer_id=v.employer_id,
                   employer_name=v.employer_name, kldb=v.kldb, municipality=v.municipality,
                   positions=v.positions, hired=v.hired, shortlist_size=v.shortlist_size,
                   open_proposals=v.open_proposals)


class EmployerOut(Model):
    employer_id: str
    name: str
    municipality: str
    sector: str

    @classmethod
    def of(cls, e: Employer) -> EmployerOut:
        return cls(employer_id=e.id, name=e.name, municipality=e.location.municipality,
                   sector=e.sector)


class ShortlistEntryOut(Model):
    candidate_id: str
    name: str
    state: ProposalState
    version: int
    rank: int | None
    score: float | None
    reasons: list[str] = Field(description="The matching's explanation, German sentences.")

    @classmethod
    def of(cls, e: ShortlistEntry) -> ShortlistEntryOut:
        return cls(candidate_id=e.candidate_id, name=e.name, state=e.state,
                   version=e.version, rank=e.rank, score=e.score, reasons=list(e.reasons))


class VacancyOut(Model):
    vacancy_id: str
    title: str
    kldb: str
    hours: float
    municipality: str
    positions: int
    hired: int
    shortlist_size: int
    german_level_min: Level
    driving_licence_required: bool
    start_date: date | None
    employer: EmployerOut
    shortlist: list[ShortlistEntryOut]

    @classmethod
    def of(cls, page: VacancyPage) -> VacancyOut:
        v: Vacancy = page.vacancy
        place = v.location or page.employer.location
        return cls(
            vacancy_id=v.id, title=v.title, kldb=v.kldb.code, hours=v.hours,
            municipality=place.municipality, positions=v.positions, hired=page.hired,
            shortlist_size=v.shortlist_size,
            german_level_min=v.german_level_min.name,  # type: ignore[arg-type]
            driving_licence_required=v.driving_licence_required, start_date=v.start_date,
            employer=EmployerOut.of(page.employer),
            shortlist=[ShortlistEntryOut.of(e) for e in page.shortlist],
        )


# -- proposals ---------------------------------------------------------------------------


class ProposalDetailOut(Model):
    vacancy_id: str
    candidate_id: str
    state: ProposalState
    version: int = Field(description="Name it when moving the proposal.")
    household_id: str | None
    reason: ReasonCode | None
    score: float | None
    rank: int | None
    shift: str | None
    note: str
    reasons: list[str]
    created_at: datetime
    updated_at: datetime
    next_states: list[ProposalState] = Field(description="The moves the workflow allows.")

    @classmethod
    def of(cls, d: ProposalDetail, next_states: tuple[ProposalState, ...]) -> ProposalDetailOut:
        return cls(vacancy_id=d.vacancy_id, candidate_id=d.candidate_id, state=d.state,
                   version=d.version, household_id=d.household_id, reason=d.reason,
                   score=d.score, rank=d.rank, shift=d.shift, note=d.note,
                   reasons=list(d.reasons), created_at=d.created_at, updated_at=d.updated_at,
                   next_states=list(next_states))


class MoveIn(Model):
    """A move of a proposal: the target state and the version read."""

    target: ProposalState
    version: int = Field(ge=1, le=2**31 - 1, description="The version read; a proposal "
                         "changed since is refused with 409 (stale_version).")
    reason: ReasonCode | None = Field(default=None, description="Required for rejected "
                                      "and withdrawn.")
    note: str = Field(default="", max_length=2000, pattern=r"^[^\x00]*$")


class StepOut(Model):
    vacancy_id: str
    candidate_id: str
    old: ProposalState
    new: ProposalState
    reason: ReasonCode | None
    version: int
    cause: Literal["asked", "household", "placed_elsewhere", "vacancy_filled"]


class OpenPositionsOut(Model):
    vacancy_id: str
    before: int
    after: int


class MoveOut(Model):
    steps: list[StepOut] = Field(description="The asked proposal first, then what moved "
                                 "with it.")
    positions: list[OpenPositionsOut]

    @classmethod
    def of(cls, outcome: MoveOutcome) -> MoveOut:
        return cls(
            steps=[StepOut(vacancy_id=s.vacancy_id, candidate_id=s.candidate_id, old=s.old,
                           new=s.new, reason=s.reason, version=s.version,
                           cause=s.cause)  # type: ignore[arg-type]
                   for s in outcome.steps],
            positions=[OpenPositionsOut(vacancy_id=p.vacancy_id, before=p.before,
                                        after=p.after) for p in outcome.positions],
        )


# -- follow-ups --------------------------------------------------------------------------


class FollowUpOut(Model):
    number: int
    candidate_id: str
    due: date
    officer: str
    team: Team
    note: str
    vacancy_id: str | None
    days_overdue: int

    @classmethod
    def of(cls, f: DueFollowUp) -> FollowUpOut:
        return cls(number=f.number, candidate_id=f.candidate_id, due=f.due, officer=f.officer,
                   team=Team(f.team), note=f.note, vacancy_id=f.vacancy_id,
                   days_overdue=f.days_overdue)


class FollowUpIn(Model):
    candidate_id: str = Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")
    due: Day
    note: str = Field(default="", max_length=2000, pattern=r"^[^\x00]*$")
    vacancy_id: str | None = Field(default=None, min_length=1, max_length=64,
                                   pattern=r"^[^\x00-\x1f\x7f]+$")


class FollowUpCreatedOut(Model):
    number: int


class ContactIn(Model):
    on: Day | None = Field(default=None, description="The day of the contact; default "
                           "today.")


class ContactOut(Model):
    candidate_id: str
    next_follow_up: date


# -- match runs --------------------------------------------------------------------------


class MatchSummaryOut(Model):
    candidates: int
    vacancies: int
    feasible_pairs: int
    proposals: int
    vacancies_reaching_minimum: int
    coverage: int
    total_score: float
    joint_household_proposals: int
    candidates_without_proposal: int

    @classmethod
    def of(cls, s: MatchSummary) -> MatchSummaryOut:
        return cls(candidates=s.candidates, vacancies=s.vacancies,
                   feasible_pairs=s.feasible_pairs, proposals=s.proposals,
                   vacancies_reaching_minimum=s.vacancies_reaching_minimum,
                   coverage=s.coverage, total_score=s.total_score,
                   joint_household_proposals=s.joint_household_proposals,
                   candidates_without_proposal=s.candidates_without_proposal)


class MatchRunOut(Model):
    run_id: str
    state: Literal["running", "done", "failed"]
    started_by: str
    started_at: datetime
    finished_at: datetime | None
    reference_date: date
    summary: MatchSummaryOut | None = Field(description="When done.")
    shortfalls: int | None = Field(description="Vacancies whose shortlist stayed short.")
    notes: list[str]
    error: str | None = Field(description="When failed: what went wrong (German).")
