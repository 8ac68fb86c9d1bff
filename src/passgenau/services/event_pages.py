"""Use cases behind the web's event pages: what the pages show besides
:mod:`passgenau.services.events` (names on the list, the employers' vacancies for the
lead form, a preview of an invitation by rules), and the timetables on the stored
caseload: a speed-dating of an event's employers, an interview day of a vacancy's
stored proposals.

Every result that carries a candidate's name is logged as a ``view`` in the audit log
(who saw which record, when), like :mod:`passgenau.services.directory`; nothing else is
written here. No German text: codes and typed values, the templates word them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from passgenau.domain.errors import NotFound
from passgenau.domain.events import (
    EventKind,
    InvitationStatus,
    InviteRule,
    select_candidates,
)
from passgenau.domain.model import Location
from passgenau.domain.routing import RoutingRules
from passgenau.domain.workflow import is_open
from passgenau.geo.travel import TravelModel
from passgenau.services.events import EventDetail, candidate_facts, show_event
from passgenau.services.letters import Letter, invitation_letter
from passgenau.services.places import gazetteer_of
from passgenau.services.records import dataset_of
from passgenau.services.scheduling import (
    MINUTES_PER_DAY,
    EventTime,
    InterviewDayRun,
    SchedulingRequestError,
    SpeedDatingRun,
    interview_day_of,
    speed_dating,
)
from passgenau.services.unit_of_work import AuditAction, UnitOfWork

VIEW = AuditAction.VIEW

#: Prefixes of generated event ids (the staff may also give their own).
ID_PREFIX = {EventKind.JOB_FAIR: "JM", EventKind.SPEED_DATING: "SD",
             EventKind.INFO_SESSION: "GI"}


@dataclass(frozen=True, slots=True)
class EmployerChoice:
    """An employer to pick, with its vacancies (id, title) for the lead form."""

    employer_id: str
    name: str
    vacancies: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class EventPage:
    detail: EventDetail
    names: Mapping[str, str]  # candidate id -> name, for everyone on the list or in a lead
    employers: tuple[EmployerChoice, ...]  # the event's, with their vacancies


def employer_choices(uow: UnitOfWork) -> tuple[EmployerChoice, ...]:
    """The tenant's employers by id (the create form's choice)."""
    with uow:
        return tuple(EmployerChoice(e.id, e.name)
                     for e in sorted(uow.employers.list(), key=lambda e: e.id))


def event_page(detail_uow: UnitOfWork, names_uow: UnitOfWork, event_id: str) -> EventPage:
    """One event with the names of its candidates (logged as viewed) and its employers'
    vacancies; another tenant's event is ``NotFound``."""
    detail = show_event(detail_uow, event_id)
    with names_uow:
        ids = dict.fromkeys([i.candidate_id for i in detail.invitations]
                            + [lead.candidate_id for lead in detail.leads])
        names = _names(names_uow, tuple(ids))
        for candidate_id in ids:
            names_uow.audit(VIEW, "candidate", candidate_id, ("name",))
        by_employer: dict[str, list[tuple[str, str]]] = {}
        for vacancy in names_uow.vacancies.list():
            by_employer.setdefault(vacancy.employer_id, []).append((vacancy.id, vacancy.title))
        employers = tuple(EmployerChoice(e, name, tuple(sorted(by_employer.get(e, ()))))
                          for e, name in detail.employers)
        names_uow.commit()
    return EventPage(detail, names, employers)


#: Above this many names one read of all candidates beats one read per candidate.
ONE_BY_ONE = 100


def _names(uow: UnitOfWork, ids: tuple[str, ...]) -> dict[str, str]:
    """The names of ``ids`` (inside an entered unit of work)."""
    if len(ids) <= ONE_BY_ONE:
        return {i: uow.candidates.get(i).name for i in ids}
    wanted = set(ids)
    return {c.id: c.name for c in uow.candidates.list() if c.id in wanted}


def free_event_id(uow: UnitOfWork, kind: EventKind, day: date) -> str:
    """A new id for an event of ``kind`` on ``day``: ``SD-2027-03-04``, then ``-2``, …"""
    base = f"{ID_PREFIX[kind]}-{day.isoformat()}"
    with uow:
        taken = {e.id for e in uow.events.list()}
    number = 1
    chosen = base
    while chosen in taken:
        number += 1
        chosen = f"{base}-{number}"
    return chosen


def event_place(uow: UnitOfWork, postcode: str, municipality: str) -> Location | None:
    """The venue's coordinates from its postcode or municipality (shipped and imported
    places); None when neither finds one place."""
    with uow:
        found = gazetteer_of(uow).resolve(postcode, municipality)
    if not found.resolved:
        return None
    assert found.lat is not None and found.lon is not None
    return Location(found.lat, found.lon, postcode.strip(), municipality.strip())


# -- invitation by rules: the preview ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PreviewLine:
    candidate_id: str
    name: str
    on_list: bool  # on the event's list already (inviting leaves them as they are)


#: How many of the chosen the preview names (all of them are counted).
PREVIEW_SHOWN = 100


@dataclass(frozen=True, slots=True)
class InvitePreview:
    event_id: str
    rules: tuple[InviteRule, ...]
    considered: int
    chosen: int  # meet every rule
    new: int  # of those, not yet on the list
    lines: tuple[PreviewLine, ...]  # the first PREVIEW_SHOWN of the chosen, by id


def invite_preview(uow: UnitOfWork, routing_rules: RoutingRules, event_id: str,
                   rules: Sequence[InviteRule], on: date) -> InvitePreview:
    """Who an invitation with ``rules`` would put on the list (nothing is invited; the
    names shown are logged as viewed)."""
    with uow:
        uow.events.get(event_id)
        facts = candidate_facts(uow, routing_rules, on)
        chosen = sorted(select_candidates(facts, rules, on) if rules else ())
        listed = {r.invitation.candidate_id for r in uow.events.invitations(event_id)}
        shown = tuple(chosen[:PREVIEW_SHOWN])
        names = _names(uow, shown)
        lines = []
        for candidate_id in shown:
            lines.append(PreviewLine(candidate_id, names[candidate_id],
                                     candidate_id in listed))
            uow.audit(VIEW, "candidate", candidate_id, ("name",))
        uow.commit()
        return InvitePreview(event_id, tuple(rules), len(facts), len(chosen),
                             sum(c not in listed for c in chosen), tuple(lines))


# -- letters --------------------------------------------------------------------------
def letter_download(letter_uow: UnitOfWork, log_uow: UnitOfWork, event_id: str,
                    candidate_id: str, travel: TravelModel,
                    language: str | None = None) -> Letter:
    """One candidate's invitation as a PDF to download; the download is logged as a view
    of the candidate's letter (it carries the name)."""
    letter = invitation_letter(letter_uow, event_id, candidate_id, travel, language)
    with log_uow:
        log_uow.audit(VIEW, "candidate", candidate_id, ("invitation_letter",))
        log_uow.commit()
    return letter


# -- timetables on the stored caseload ---------------------------------------------------
@dataclass(frozen=True, slots=True)
class EventTimetable:
    event_id: str
    employer_names: Mapping[str, str]
    run: SpeedDatingRun


class Among(StrEnum):
    """Whom a speed-dating's timetable seats: the whole stored caseload (what
    ``passgenau speed-dating`` does with an export), the event's list, or those who
    registered (or came)."""

    CASELOAD = "caseload"
    LIST = "list"
    REGISTERED = "registered"


def event_speed_dating(uow: UnitOfWork, event_id: str, rounds: int, minutes: int,
                       travel: TravelModel, among: Among = Among.CASELOAD) -> EventTimetable:
    """The optimal speed-dating timetable of a stored speed-dating event: its employers
    at one table each (in the event's order), the stored caseload (or only the event's
    list, or its registered), the commute to the event's place, rounds of ``minutes``
    from the event's start on its day.

    Refused with :class:`SchedulingRequestError`: ``NOT_SPEED_DATING`` (another kind of
    event), ``NO_EMPLOYERS``, ``ROUNDS``, ``ROUND_MINUTES``, ``PAST_EVENT_END`` (the
    rounds do not fit between the event's start and end; value: the minutes there are).
    """
    with uow:
        event = uow.events.get(event_id)
        dataset = dataset_of(uow)
        names = {e: uow.employers.get(e).name for e in event.employer_ids}
        if among is not Among.CASELOAD:
            wanted = (InvitationStatus.REGISTERED, InvitationStatus.ATTENDED)
            seated = {r.invitation.candidate_id for r in uow.events.invitations(event_id)
                      if among is Among.LIST or r.invitation.status in wanted}
            dataset = replace(dataset, households=(), candidates=tuple(
                c for c in dataset.candidates if c.id in seated))
    if event.kind is not EventKind.SPEED_DATING:
        raise SchedulingRequestError("NOT_SPEED_DATING", event.kind.value)
    if rounds < 1:
        raise SchedulingRequestError("ROUNDS", str(rounds))
    if minutes < 1:
        raise SchedulingRequestError("ROUND_MINUTES", str(minutes))
    start, end = event.minutes
    if rounds * minutes > end - start:
        raise SchedulingRequestError("PAST_EVENT_END", str(end - start))
    run = speed_dating(dataset, event.employer_ids, rounds, travel, place=event.place,
                       time=EventTime(event.day, start, minutes))
    return EventTimetable(event_id, names, run)


def vacancy_interview_day(uow: UnitOfWork, vacancy_id: str, day: date, *, start: int,
                          end: int, slot_minutes: int,
                          travel: TravelModel) -> InterviewDayRun:
    """The on-site interview day of a vacancy's stored open proposals (by rank, then
    candidate id) on ``day`` between ``start`` and ``end`` (minutes after midnight).
    The candidates planned are logged as viewed (their availability and commute are
    shown). Refused like :func:`passgenau.services.scheduling.interview_day`."""
    if not 0 <= start < MINUTES_PER_DAY or not 0 < end <= MINUTES_PER_DAY:
        raise SchedulingRequestError("DAY_ENDS_BEFORE_START")
    with uow:
        uow.vacancies.get(vacancy_id)  # another tenant's: NotFound
        records = [r for r in uow.placements.proposals(vacancy_id=vacancy_id)
                   if is_open(r.proposal.state)]
        records.sort(key=lambda r: (r.proposal.rank is None, r.proposal.rank or 0,
                                    r.proposal.candidate_id))
        shortlist = tuple(r.proposal.candidate_id for r in records)
        dataset = dataset_of(uow)
        for candidate_id in shortlist:
            uow.audit(VIEW, "candidate", candidate_id, ("interview_day",))
        uow.commit()
    if not any(v.id == vacancy_id for v in dataset.vacancies):
        raise NotFound(f'vacancy "{vacancy_id}"')
    return interview_day_of(dataset, vacancy_id, shortlist, day, start=start, end=end,
                            slot_minutes=slot_minutes, travel=travel)


@dataclass(frozen=True, slots=True)
class VacancyHeading:
    vacancy_id: str
    title: str
    employer_id: str
    employer_name: str
    onsite_interviews: bool


def vacancy_heading(uow: UnitOfWork, vacancy_id: str) -> VacancyHeading:
    """What the interview day's page names the vacancy by (another tenant's: NotFound)."""
    with uow:
        vacancy = uow.vacancies.get(vacancy_id)
        employer = uow.employers.get(vacancy.employer_id)
        return VacancyHeading(vacancy.id, vacancy.title, employer.id, employer.name,
                              employer.onsite_interviews)
