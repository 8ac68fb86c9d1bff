"""Use cases of events: create, invite by rules, register, check in, record leads.

A lead (candidate × employer at an event) that names a vacancy makes or moves a proposal
of the workflow in the same transaction: a new proposal starts at ``interview`` (candidate
and employer met in person at the event, no profile was sent), carries the event's
format as its ``source`` and the event's id; an existing open proposal is moved along
the workflow step by step through :func:`passgenau.services.workflow.move_within` (so
its rules hold: consent before ``proposed``, households, open positions on a hire). "No
interest" ends an open proposal that had reached the employer as ``rejected``
(``employer_declined``). Every change is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from passgenau.domain.audit import FieldChange
from passgenau.domain.casework import Course
from passgenau.domain.errors import InvalidInput, PassgenauError, Problem
from passgenau.domain.events import (
    CandidateFacts,
    Event,
    Invitation,
    InvitationStatus,
    InviteRule,
    Lead,
    LeadOutcome,
    open_course_ends,
    select_candidates,
    steps_towards,
)
from passgenau.domain.placement import Proposal, ProposalSource, ProposalState, ReasonCode
from passgenau.domain.routing import RoutingRules
from passgenau.services.unit_of_work import AuditAction, UnitOfWork
from passgenau.services.workflow import Step, move_within


class EventFull(PassgenauError):
    """Registration beyond the event's capacity."""

    def __init__(self, event_id: str, capacity: int) -> None:
        super().__init__(f'event "{event_id}": capacity: all {capacity} places are taken')


class NotAttended(PassgenauError):
    """A lead for a candidate who did not check in at the event."""

    def __init__(self, event_id: str, candidate_id: str) -> None:
        super().__init__(f'event "{event_id}", candidate "{candidate_id}": did not check in '
                         "(record the check-in first: 'passgenau event check-in')")


@dataclass(frozen=True, slots=True)
class EventSummary:
    """An event as listed, with its list's counts."""

    event: Event
    invited: int  # on the list in any status
    registered: int  # registered or attended
    attended: int
    leads: int


@dataclass(frozen=True, slots=True)
class InvitationLine:
    candidate_id: str
    status: InvitationStatus
    invited_on: date | None
    registered_on: date | None
    checked_in_at: datetime | None
    letter_sent_on: date | None


@dataclass(frozen=True, slots=True)
class LeadLine:
    number: int
    candidate_id: str
    employer_id: str
    vacancy_id: str | None
    outcome: LeadOutcome
    format: ProposalSource
    recorded_on: date
    proposal: bool  # linked to a proposal of the workflow


@dataclass(frozen=True, slots=True)
class EventDetail:
    event: Event
    employers: tuple[tuple[str, str], ...]  # (id, name)
    invitations: tuple[InvitationLine, ...]
    leads: tuple[LeadLine, ...]


@dataclass(frozen=True, slots=True)
class InviteOutcome:
    event_id: str
    rules: tuple[str, ...]
    considered: int  # candidates looked at
    invited: tuple[str, ...]  # newly on the list
    already: tuple[str, ...]  # met the rules but were on the list already


@dataclass(frozen=True, slots=True)
class LeadResult:
    number: int
    lead: Lead
    format: ProposalSource
    proposal_created: bool
    steps: tuple[Step, ...]  # workflow steps the lead made (households and hires included)


def _label(event_id: str) -> str:
    return f'event "{event_id}"'


# -- events -----------------------------------------------------------------------------


def create_event(uow: UnitOfWork, event: Event) -> Event:
    """Store a new event (its employers must exist)."""
    with uow:
        uow.events.add(event)
        uow.audit_changes(AuditAction.CREATE, "event", event.id, [
            FieldChange.of("event", name, None, value) for name, value in (
                ("title", event.title), ("kind", event.kind), ("day", event.day),
                ("start", event.start.isoformat("minutes")),
                ("end", event.end.isoformat("minutes")),
                ("municipality", event.place.municipality), ("venue", event.venue),
                ("employers", event.employer_ids), ("capacity", event.capacity),
            )
        ])
        uow.commit()
        return event


def _summary(uow: UnitOfWork, event: Event) -> EventSummary:
    lines = uow.events.invitations(event.id)
    statuses = [r.invitation.status for r in lines]
    return EventSummary(
        event, len(lines),
        sum(s in (InvitationStatus.REGISTERED, InvitationStatus.ATTENDED) for s in statuses),
        statuses.count(InvitationStatus.ATTENDED), len(uow.events.leads(event.id)),
    )


def list_events(uow: UnitOfWork) -> tuple[EventSummary, ...]:
    """The tenant's events by day with the counts of their lists."""
    with uow:
        return tuple(_summary(uow, e) for e in uow.events.list())


def show_event(uow: UnitOfWork, event_id: str) -> EventDetail:
    with uow:
        event = uow.events.get(event_id)
        employers = tuple((e, uow.employers.get(e).name) for e in event.employer_ids)
        invitations = tuple(
            InvitationLine(r.invitation.candidate_id, r.invitation.status,
                           r.invitation.invited_on, r.registered_on, r.checked_in_at,
                           r.invitation.letter_sent_on)
            for r in uow.events.invitations(event_id))
        leads = tuple(
            LeadLine(r.number, r.lead.candidate_id, r.lead.employer_id, r.lead.vacancy_id,
                     r.lead.outcome, r.format, r.lead.recorded_on,
                     r.proposal_vacancy_id is not None)
            for r in uow.events.leads(event_id))
        return EventDetail(event, employers, invitations, leads)


# -- the list: invite, register, check in ------------------------------------------------


def candidate_facts(uow: UnitOfWork, routing: RoutingRules, on: date) -> list[CandidateFacts]:
    """What the invitation rules look at, for every candidate (inside an entered unit of
    work): the recorded team (else the routing rules'), home municipality, level,
    languages, the expected ends of integration courses still running, the case open."""
    cases = {c.candidate_id: c for c in uow.casework.case_files()}
    courses: dict[str, list[Course]] = {}
    for record in uow.casework.courses():
        courses.setdefault(record.course.candidate_id, []).append(record.course)
    facts = []
    for candidate in uow.candidates.list():
        case = cases.get(candidate.id)
        team = (case.team if case is not None and case.team is not None
                else routing.team_for(candidate.german_level, candidate.birth_year, on))
        facts.append(CandidateFacts(
            candidate_id=candidate.id, team=team,
            municipality=candidate.home.municipality, german_level=candidate.german_level,
            languages=tuple(code.lower() for code in candidate.languages),
            course_ends=open_course_ends(courses.get(candidate.id, ())),
            active=case is None or case.active,
        ))
    return facts


def invite(uow: UnitOfWork, routing: RoutingRules, event_id: str,
           rules: Sequence[InviteRule], on: date) -> InviteOutcome:
    """Put every active candidate who meets all ``rules`` on the event's list (status
    ``invited``); those on it already stay as they are."""
    if not rules:
        raise InvalidInput([Problem("--rule", "", "give at least one rule")])
    with uow:
        uow.events.get(event_id)
        facts = candidate_facts(uow, routing, on)
        chosen = select_candidates(facts, rules, on)
        text = "; ".join(str(r) for r in rules)
        invited, already = [], []
        for candidate_id in chosen:
            if uow.events.invitation(event_id, candidate_id) is not None:
                already.append(candidate_id)
                continue
            uow.events.save_invitation(Invitation(event_id, candidate_id,
                                                  InvitationStatus.INVITED, on, text))
            _audit_status(uow, event_id, candidate_id, None, InvitationStatus.INVITED)
            invited.append(candidate_id)
        uow.commit()
        return InviteOutcome(event_id, tuple(str(r) for r in rules), len(facts),
                             tuple(invited), tuple(already))


def _audit_status(uow: UnitOfWork, event_id: str, candidate_id: str,
                  old: InvitationStatus | None, new: InvitationStatus) -> None:
    uow.audit_changes(
        AuditAction.CREATE if old is None else AuditAction.UPDATE, "event_invitation",
        candidate_id, [FieldChange.of("event_invitation", "event", event_id, event_id),
                       FieldChange.of("event_invitation", "status", old, new)])


def _line(uow: UnitOfWork, event_id: str, candidate_id: str) -> InvitationLine:
    record = uow.events.invitation(event_id, candidate_id)
    assert record is not None
    i = record.invitation
    return InvitationLine(candidate_id, i.status, i.invited_on, record.registered_on,
                          record.checked_in_at, i.letter_sent_on)


def register(uow: UnitOfWork, event_id: str, candidate_id: str, on: date) -> InvitationLine:
    """Register a candidate (invited or not) while places are left; registering twice
    changes nothing."""
    with uow:
        event = uow.events.get(event_id)
        uow.candidates.get(candidate_id)
        record = uow.events.invitation(event_id, candidate_id)
        old = None if record is None else record.invitation.status
        if old in (InvitationStatus.REGISTERED, InvitationStatus.ATTENDED):
            return _line(uow, event_id, candidate_id)
        taken = uow.events.count(event_id, (InvitationStatus.REGISTERED,
                                            InvitationStatus.ATTENDED))
        if event.capacity is not None and taken >= event.capacity:
            raise EventFull(event_id, event.capacity)
        base = (record.invitation if record is not None
                else Invitation(event_id, candidate_id, InvitationStatus.INVITED))
        uow.events.save_invitation(Invitation(
            event_id, candidate_id, InvitationStatus.REGISTERED, base.invited_on, base.rules,
            base.letter_sent_on), registered_on=on)
        _audit_status(uow, event_id, candidate_id, old, InvitationStatus.REGISTERED)
        uow.commit()
        return _line(uow, event_id, candidate_id)


def check_in(uow: UnitOfWork, event_id: str, candidate_id: str, at: datetime) -> InvitationLine:
    """Record that a candidate came (also one who walked in without registering)."""
    with uow:
        uow.events.get(event_id)
        uow.candidates.get(candidate_id)
        record = uow.events.invitation(event_id, candidate_id)
        old = None if record is None else record.invitation.status
        if old is InvitationStatus.ATTENDED:
            return _line(uow, event_id, candidate_id)
        base = (record.invitation if record is not None
                else Invitation(event_id, candidate_id, InvitationStatus.INVITED))
        uow.events.save_invitation(Invitation(
            event_id, candidate_id, InvitationStatus.ATTENDED, base.invited_on, base.rules,
            base.letter_sent_on), checked_in_at=at)
        _audit_status(uow, event_id, candidate_id, old, InvitationStatus.ATTENDED)
        uow.commit()
        return _line(uow, event_id, candidate_id)


# -- leads ------------------------------------------------------------------------------


def record_lead(uow: UnitOfWork, lead: Lead) -> LeadResult:
    """Record a lead of a candidate who checked in, with an employer taking part; with a
    vacancy of that employer, make or move its proposal (see the module)."""
    with uow:
        event = uow.events.get(lead.event_id)
        where = _label(lead.event_id)
        uow.candidates.get(lead.candidate_id)
        uow.employers.get(lead.employer_id)
        if lead.employer_id not in event.employer_ids:
            raise InvalidInput([Problem(where, "employer", f'"{lead.employer_id}" does not '
                                        "take part in this event")])
        record = uow.events.invitation(lead.event_id, lead.candidate_id)
        if record is None or record.invitation.status is not InvitationStatus.ATTENDED:
            raise NotAttended(lead.event_id, lead.candidate_id)
        steps: list[Step] = []
        created = False
        if lead.vacancy_id is not None:
            vacancy = uow.vacancies.get(lead.vacancy_id)
            if vacancy.employer_id != lead.employer_id:
                raise InvalidInput([Problem(where, "vacancy", f'"{lead.vacancy_id}" is not a '
                                            f'vacancy of employer "{lead.employer_id}"')])
            created, steps = _to_workflow(uow, lead, event.kind.source)
        number = uow.events.add_lead(lead, event.kind.source, lead.vacancy_id is not None)
        uow.audit_changes(AuditAction.CREATE, "event_lead", lead.candidate_id, [
            FieldChange.of("event_lead", name, None, value) for name, value in (
                ("number", number), ("event", lead.event_id), ("employer", lead.employer_id),
                ("vacancy", lead.vacancy_id), ("outcome", lead.outcome),
                ("format", event.kind.source), ("note", lead.note),
            ) if name != "note" or value
        ])
        uow.commit()
        return LeadResult(number, lead, event.kind.source, created, tuple(steps))


def _to_workflow(uow: UnitOfWork, lead: Lead,
                 source: ProposalSource) -> tuple[bool, list[Step]]:
    """Make or move the lead's proposal; (whether one was made, the steps)."""
    assert lead.vacancy_id is not None
    existing = uow.placements.proposals(lead.vacancy_id, lead.candidate_id)
    target = lead.outcome.state
    steps: list[Step] = []
    if not existing:
        if target is None:  # no interest and no proposal: the lead alone is the record
            return False, steps
        proposal = Proposal(lead.vacancy_id, lead.candidate_id, ProposalState.INTERVIEW,
                            source=source, event_id=lead.event_id)
        uow.placements.add_proposal(proposal)
        uow.flush()
        uow.audit_changes(AuditAction.CREATE, "proposal",
                          f"{lead.vacancy_id}/{lead.candidate_id}", [
                              FieldChange.of("proposal", "state", None, proposal.state),
                              FieldChange.of("proposal", "source", None, source),
                              FieldChange.of("proposal", "event", None, lead.event_id)])
        current = ProposalState.INTERVIEW
        created = True
    else:
        current = existing[0].proposal.state
        created = False
    if target is None:
        if current in (ProposalState.PROPOSED, ProposalState.INTERVIEW,
                       ProposalState.TRIAL_WORK):
            outcome = move_within(uow, lead.vacancy_id, lead.candidate_id,
                                  ProposalState.REJECTED, on=lead.recorded_on,
                                  reason=ReasonCode.EMPLOYER_DECLINED)
            steps.extend(outcome.steps)
        return created, steps
    for state in steps_towards(current, target):
        outcome = move_within(uow, lead.vacancy_id, lead.candidate_id, state,
                              on=lead.recorded_on)
        steps.extend(outcome.steps)
    return created, steps
