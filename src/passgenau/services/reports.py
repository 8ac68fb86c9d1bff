"""Use cases of the reports: the monthly Job-Turbo report, the funnels per format, the
fairness audit (on the stored workflow or on a matching run of a document), the
pseudonymised statistics export, and the facts of a success story.

Reads the stored workflow through the unit of work into the plain rows of
:mod:`passgenau.reports.rows` and hands them to the pure computations; returns typed
results (the German text, the tables and the plots are the entry points' business).
A proposal's format is ``shortlist`` (the matching's) unless the proposal itself says
otherwise (the events' proposals carry ``source`` or ``format`` when they land).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from passgenau.domain.casework import CaseFile, CourseKind, TeamChange
from passgenau.domain.consent import ConsentPurpose
from passgenau.domain.errors import InvalidInput, NotFound, Problem
from passgenau.domain.model import Candidate, Dataset
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.domain.routing import RoutingRules
from passgenau.geo.travel import TravelModel
from passgenau.reports.fairness import FairnessAudit, PersonOutcome, age_band, audit
from passgenau.reports.fairness import household_type as household_kind
from passgenau.reports.figures import MonthFigures, monthly_figures, period_figures
from passgenau.reports.funnel import Funnel, funnels
from passgenau.reports.rows import (
    CandidateFacts,
    FollowUpFacts,
    Format,
    ProposalFacts,
    complete_reached,
)
from passgenau.services.unit_of_work import ProposalRecord, StateChange, UnitOfWork

S = ProposalState


@dataclass(frozen=True, slots=True)
class WorkflowRows:
    proposals: tuple[ProposalFacts, ...]
    candidates: tuple[CandidateFacts, ...]
    follow_ups: tuple[FollowUpFacts, ...]


@dataclass(frozen=True, slots=True)
class MonthlyReport:
    """The report of ``passgenau report``: figures per month (and team) and funnels."""

    start: date
    end: date
    team: str | None
    tenant: str
    months: tuple[MonthFigures, ...]
    funnels: tuple[Funnel, ...]
    total: MonthFigures  # the whole window at once (``month`` is "total")


def proposal_format(proposal: Proposal) -> Format:
    """The format a proposal came from: its ``source``/``format`` if it has one (the
    events' records), else the matching's ``shortlist``."""
    for name in ("source", "format"):
        value = getattr(proposal, name, None)
        if value:
            try:
                return Format(getattr(value, "value", value))
            except ValueError:
                continue
    return Format.SHORTLIST


def team_on(history: Sequence[TeamChange], case: CaseFile, candidate: Candidate,
            routing: RoutingRules, day: date) -> str:
    """The candidate's team on ``day``: by the recorded team changes, else the recorded
    team, else the routing rules."""
    before = [c for c in history if c.changed_on <= day]
    if before:
        return before[-1].to_team.value
    if history and history[0].from_team is not None:
        return history[0].from_team.value
    if case.team is not None and not history:
        return case.team.value
    return routing.team_for(candidate.german_level, candidate.birth_year, day).value


def _reached(record: ProposalRecord, steps: Sequence[StateChange]) -> dict[ProposalState, date]:
    reached: dict[ProposalState, date] = {}
    for step in steps:
        try:
            state = S(step.new)
        except ValueError:
            continue
        reached.setdefault(state, step.at.date())
    current = record.proposal.state
    if not current.is_final or current is S.HIRED:
        reached.setdefault(current, record.updated_at.date())
    reached.pop(S.REJECTED, None)
    reached.pop(S.WITHDRAWN, None)
    return complete_reached(reached, record.created_at.date())


def workflow_rows(uow: UnitOfWork, routing: RoutingRules, on: date) -> WorkflowRows:
    """Inside an entered ``uow``: the tenant's workflow as the reports' rows."""
    candidates = {c.id: c for c in uow.candidates.list()}
    cases = {c.candidate_id: c for c in uow.casework.case_files()}
    history: dict[str, list[TeamChange]] = {}
    for change in sorted(uow.casework.team_changes(), key=lambda c: c.changed_on):
        history.setdefault(change.candidate_id, []).append(change)
    households = {m: h.place_together for h in uow.households.list() for m in h.members}
    course_ends: dict[str, list[date]] = {}
    for record in uow.casework.courses():
        course = record.course
        if course.kind is CourseKind.INTEGRATION and course.ended_on is not None \
                and course.status.ended:
            course_ends.setdefault(course.candidate_id, []).append(course.ended_on)
    steps: dict[tuple[str, str], list[StateChange]] = {}
    for step in uow.reports.state_changes():
        steps.setdefault((step.vacancy_id, step.candidate_id), []).append(step)

    def team(candidate_id: str, day: date) -> str:
        candidate = candidates.get(candidate_id)
        if candidate is None:
            return ""
        return team_on(history.get(candidate_id, ()), cases.get(candidate_id,
                       CaseFile(candidate_id)), candidate, routing, day)

    proposals = []
    for record in uow.placements.list_proposals():
        p = record.proposal
        made = record.created_at.date()
        proposals.append(ProposalFacts(
            vacancy_id=p.vacancy_id, candidate_id=p.candidate_id, made_on=made,
            state=p.state, format=proposal_format(p), team=team(p.candidate_id, made),
            officer=cases.get(p.candidate_id, CaseFile(p.candidate_id)).officer,
            reached=_reached(record, steps.get((p.vacancy_id, p.candidate_id), ())),
        ))
    people = []
    for cid, candidate in candidates.items():
        case = cases.get(cid, CaseFile(cid))
        people.append(CandidateFacts(
            candidate_id=cid, team=team(cid, on), officer=case.officer,
            birth_year=candidate.birth_year, gender=candidate.gender or "",
            citizenship=candidate.citizenship or "",
            household=household_kind(cid, households),
            active=case.active and not case.erased,
            german_level=candidate.german_level.name,
            municipality=candidate.home.municipality,
            integration_course_ends=tuple(sorted(course_ends.get(cid, ()))),
        ))
    follow_ups = tuple(
        FollowUpFacts(
            candidate_id=f.candidate_id, due=f.due, done_on=f.done_on,
            vacancy_id=f.vacancy_id, employed=f.employed, team=team(f.candidate_id, f.due),
            officer=cases.get(f.candidate_id, CaseFile(f.candidate_id)).officer,
        )
        for f in uow.followups.list(include_done=True)
        if f.candidate_id in candidates
    )
    return WorkflowRows(tuple(proposals), tuple(people), follow_ups)


def monthly_report(
    uow: UnitOfWork,
    routing: RoutingRules,
    start: date,
    end: date,
    *,
    today: date,
    team: str | None = None,
) -> MonthlyReport:
    """The Job-Turbo figures of every month from ``start`` to ``end`` and the funnels
    of the proposals made in that time; only ``team``'s candidates if given."""
    if start > end:
        raise InvalidInput([Problem("report", "--from", "must not be after --to")])
    with uow:
        rows = workflow_rows(uow, routing, today)
        tenant = uow.tenant_key
    months = monthly_figures(rows.proposals, rows.candidates, rows.follow_ups, start, end,
                             today=today, team=team)
    total = period_figures(rows.proposals, rows.candidates, rows.follow_ups, start, end,
                           today=today, team=team)
    made = [p for p in rows.proposals if start <= p.made_on <= end
            and (team is None or p.team == team)]
    return MonthlyReport(start, end, team, tenant, months, funnels(made), total)


# -- the fairness audit ---------------------------------------------------------------------
def fairness_stored(uow: UnitOfWork, routing: RoutingRules, on: date) -> FairnessAudit:
    """Proposal, interview and hire rates by group over the stored workflow: every
    candidate of the tenant, and what their proposals reached."""
    with uow:
        rows = workflow_rows(uow, routing, on)
    reached: dict[str, set[ProposalState]] = {}
    for p in rows.proposals:
        reached.setdefault(p.candidate_id, set()).update(p.reached)
    people = [
        PersonOutcome(c, c.candidate_id in reached,
                      S.INTERVIEW in reached.get(c.candidate_id, ()),
                      S.HIRED in reached.get(c.candidate_id, ()))
        for c in rows.candidates
    ]
    return audit(people, on, outcomes=("proposed", "interviewed", "hired"))


def fairness_of_run(dataset: Dataset, proposed: set[str], on: date) -> FairnessAudit:
    """The proposal rates by group of one matching run on a document."""
    households = {m: h.place_together for h in dataset.households for m in h.members}
    people = [
        PersonOutcome(CandidateFacts(
            candidate_id=c.id, birth_year=c.birth_year, gender=c.gender or "",
            citizenship=c.citizenship or "", household=household_kind(c.id, households)),
            c.id in proposed)
        for c in dataset.candidates
    ]
    return audit(people, on)


def fairness_of_document(dataset: Dataset, travel: TravelModel) -> FairnessAudit:
    """Run the matching on a document's dataset and audit its proposals."""
    from passgenau.services.matching import match_dataset

    run = match_dataset(dataset, travel)
    proposed = {line.candidate_id for _, line in run.outcome.lines()}
    return fairness_of_run(dataset, proposed, run.outcome.reference_date)


# -- the pseudonymised statistics export ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StatisticsRow:
    """One proposal without the person: a pseudonym instead of the id, the age band
    instead of the birth year; no name, no contact, no address beyond the municipality."""

    pseudonym: str
    age_band: str
    household: str
    german_level: str
    team: str
    municipality: str
    vacancy_id: str
    format: str
    made_on: date
    state: str
    consented_on: date | None
    sent_on: date | None
    interview_on: date | None
    trial_work_on: date | None
    hired_on: date | None


def statistics_export(uow: UnitOfWork, routing: RoutingRules, on: date, key: str
                      ) -> tuple[StatisticsRow, ...]:
    """Every proposal with its candidate pseudonymised: a keyed hash (``key``, kept by the
    Jobcenter, never exported) stands for the id, so rows of one person stay linked
    inside one export and cannot be traced back without the key."""
    import hashlib
    import hmac

    if len(key) < 16:
        raise InvalidInput([Problem("statistics export", "key",
                                    "needs at least 16 characters")])
    with uow:
        rows = workflow_rows(uow, routing, on)
    people = {c.candidate_id: c for c in rows.candidates}

    def pseudonym(candidate_id: str) -> str:
        digest = hmac.new(key.encode(), candidate_id.encode(), hashlib.sha256).hexdigest()
        return digest[:16]

    result = []
    for p in rows.proposals:
        c = people.get(p.candidate_id, CandidateFacts(p.candidate_id))
        result.append(StatisticsRow(
            pseudonym(p.candidate_id), age_band(c.birth_year, on), c.household,
            c.german_level, p.team, c.municipality, p.vacancy_id, p.format.value, p.made_on,
            p.state.value, p.on(S.CONSENTED), p.on(S.PROPOSED), p.on(S.INTERVIEW),
            p.on(S.TRIAL_WORK), p.on(S.HIRED)))
    return tuple(result)


# -- employment after a hire -------------------------------------------------------------------
def record_employment(uow: UnitOfWork, candidate_id: str, vacancy_id: str, on: date,
                      employed: bool) -> int:
    """At a follow-up after the hire on ``vacancy_id``: whether the candidate still works
    there. The open follow-up about that vacancy is done with it (or a done one is
    added). Returns the follow-up's number. Refused unless the proposal was a hire."""
    from passgenau.services.unit_of_work import AuditAction

    with uow:
        record = uow.placements.get_proposal(vacancy_id, candidate_id)
        if record.proposal.state is not S.HIRED:
            raise InvalidInput([Problem(
                f'proposal (vacancy "{vacancy_id}", candidate "{candidate_id}")', "state",
                f"is {record.proposal.state.value}, not hired: no employment to check")])
        open_ones = [f for f in uow.followups.list(candidate_id) if f.vacancy_id == vacancy_id]
        number = open_ones[0].number if open_ones else uow.followups.add(
            candidate_id, on, "", vacancy_id)
        uow.followups.record_employment(number, on, employed)
        uow.audit(AuditAction.UPDATE, "follow_up", candidate_id, ("done_at", "employed"))
        uow.commit()
    return number


# -- success stories ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StoryPerson:
    candidate_id: str
    name: str  # shown in the story: the person consented to it in writing
    language: str  # the first language of the candidate's letters ("" none)
    vacancy_title: str
    hours: float
    shift: str | None


@dataclass(frozen=True, slots=True)
class SuccessStory:
    """The facts of a success story: the people (with their written consent), the
    employer, the day of the hire and where they came from."""

    employer_name: str
    employer_sector: str
    municipality: str
    hired_on: date
    people: tuple[StoryPerson, ...]
    language: str  # the community's language for the second half ("" none: German only)


class ConsentToStoryMissing(InvalidInput):
    """A success story of someone without a written consent to it in force."""


def success_story(uow: UnitOfWork, proposal_ids: Sequence[str], on: date) -> SuccessStory:
    """The story of the hires ``VACANCY/CANDIDATE`` (one or more at one employer), each
    candidate with a ``success_story`` consent in force on ``on``; refused otherwise."""
    if not proposal_ids:
        raise InvalidInput([Problem("story", "PROPOSAL_ID", "name at least one proposal")])
    with uow:
        people = []
        employers = set()
        hired_days = []
        missing = []
        steps = {}
        for step in uow.reports.state_changes():
            if step.new == S.HIRED.value:
                steps.setdefault((step.vacancy_id, step.candidate_id), step.at.date())
        for text in proposal_ids:
            vacancy_id, sep, candidate_id = text.partition("/")
            if not sep or not vacancy_id or not candidate_id:
                raise InvalidInput([Problem(f'proposal "{text}"', "",
                                            "write it as VACANCY/CANDIDATE, e.g. V1/C1")])
            record = uow.placements.get_proposal(vacancy_id, candidate_id)
            label = f'proposal (vacancy "{vacancy_id}", candidate "{candidate_id}")'
            if record.proposal.state is not S.HIRED:
                raise InvalidInput([Problem(label, "state", "is not a hire: no story")])
            consents = uow.consents.for_candidate(candidate_id)
            if not any(r.consent.purpose is ConsentPurpose.SUCCESS_STORY
                       and r.consent.in_force(on) for r in consents):
                missing.append(Problem(
                    f'candidate "{candidate_id}"', "consent",
                    "no written consent to a success story in force (record one with "
                    "'passgenau consent add … --purpose success_story')"))
                continue
            vacancy = uow.vacancies.get(vacancy_id)
            candidate = uow.candidates.get(candidate_id)
            employers.add(vacancy.employer_id)
            hired_days.append(steps.get((vacancy_id, candidate_id),
                                        record.updated_at.date()))
            people.append(StoryPerson(candidate_id, candidate.name,
                                      candidate.languages[0] if candidate.languages else "",
                                      vacancy.title, vacancy.hours, record.proposal.shift))
        if missing:
            raise ConsentToStoryMissing(missing)
        if len(employers) != 1:
            raise InvalidInput([Problem("story", "PROPOSAL_ID",
                                        "the hires of one story are at one employer")])
        try:
            employer = uow.employers.get(employers.pop())
        except NotFound:  # pragma: no cover - a vacancy always names its employer
            raise
        languages = [p.language for p in people if p.language and p.language != "de"]
    return SuccessStory(employer.name, employer.sector, employer.location.municipality,
                        min(hired_days), tuple(people), languages[0] if languages else "")
