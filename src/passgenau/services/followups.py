"""Use cases of follow-ups (Wiedervorlagen): every active candidate has a next contact
date; contacts settle the open one and schedule the next after the default interval;
due and overdue lists per officer and team.
"""

from __future__ import annotations

from datetime import date

from passgenau.domain.casework import CaseFile
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.followups import DueFollowUp, FollowUpPolicy
from passgenau.domain.routing import RoutingRules, Team
from passgenau.services.unit_of_work import AuditAction, UnitOfWork

_FIELDS = ("due", "note", "vacancy_id")


def bring_forward(uow: UnitOfWork, candidate_id: str, due: date) -> None:
    """Inside an entered ``uow``: make the candidate's next contact no later than ``due``
    (the earliest open follow-up moves up, or a new one is added)."""
    open_ones = uow.followups.list(candidate_id)
    if not open_ones:
        uow.followups.add(candidate_id, due)
        uow.audit(AuditAction.CREATE, "follow_up", candidate_id, ("due",))
    elif open_ones[0].due > due:
        uow.followups.reschedule(open_ones[0].number, due)
        uow.audit(AuditAction.UPDATE, "follow_up", candidate_id, ("due",))


def schedule(uow: UnitOfWork, candidate_id: str, due: date, note: str = "",
             vacancy_id: str | None = None) -> int:
    """Add a follow-up for the candidate (optionally about a vacancy); returns its number."""
    with uow:
        uow.candidates.get(candidate_id)
        if not uow.casework.case_file(candidate_id).active:
            raise InvalidInput([Problem(f'candidate "{candidate_id}"', "",
                                        "the case has ended: no follow-up")])
        number = uow.followups.add(candidate_id, due, note, vacancy_id)
        uow.audit(AuditAction.CREATE, "follow_up", candidate_id,
                  tuple(f for f, v in zip(_FIELDS, (due, note, vacancy_id), strict=True) if v))
        uow.commit()
    return number


def record_contact(uow: UnitOfWork, policy: FollowUpPolicy, candidate_id: str,
                   on: date) -> date:
    """The candidate was seen on ``on``: their open general follow-ups (those not about a
    vacancy) are done, and the next contact is the default interval later. Returns it."""
    with uow:
        uow.candidates.get(candidate_id)
        for follow_up in uow.followups.list(candidate_id):
            if follow_up.vacancy_id is None:
                uow.followups.mark_done(follow_up.number, on)
                uow.audit(AuditAction.UPDATE, "follow_up", candidate_id, ("done_at",))
        due = policy.next_after_contact(on)
        uow.followups.add(candidate_id, due)
        uow.audit(AuditAction.CREATE, "follow_up", candidate_id, ("due",))
        uow.commit()
    return due


def plan(uow: UnitOfWork, policy: FollowUpPolicy, on: date) -> tuple[str, ...]:
    """Give every active candidate without an open follow-up one, the default interval
    after ``on``. Returns the ids of those who got one."""
    with uow:
        cases = {c.candidate_id: c for c in uow.casework.case_files()}
        planned = {f.candidate_id for f in uow.followups.list()}
        given = []
        for candidate in uow.candidates.list():
            if candidate.id in planned or not cases.get(candidate.id,
                                                         CaseFile(candidate.id)).active:
                continue
            uow.followups.add(candidate.id, policy.next_after_contact(on))
            uow.audit(AuditAction.CREATE, "follow_up", candidate.id, ("due",))
            given.append(candidate.id)
        uow.commit()
    return tuple(given)


def due_follow_ups(
    uow: UnitOfWork, routing: RoutingRules, on: date, *, team: Team | None = None,
    officer: str | None = None,
) -> tuple[DueFollowUp, ...]:
    """Open follow-ups of active candidates due on ``on`` or before (overdue), by
    officer, team and due date; optionally of one team or one officer only."""
    with uow:
        cases = {c.candidate_id: c for c in uow.casework.case_files()}
        candidates = {c.id: c for c in uow.candidates.list()}
        entries = []
        for follow_up in uow.followups.list(due_by=on):
            case = cases.get(follow_up.candidate_id, CaseFile(follow_up.candidate_id))
            candidate = candidates.get(follow_up.candidate_id)
            if candidate is None or not case.active:
                continue
            their_team = case.team or routing.team_for(
                candidate.german_level, candidate.birth_year, on)
            if (team is not None and their_team is not team) or (
                    officer is not None and case.officer != officer):
                continue
            entries.append(DueFollowUp(
                number=follow_up.number, candidate_id=follow_up.candidate_id,
                due=follow_up.due, officer=case.officer, team=their_team.value,
                note=follow_up.note, vacancy_id=follow_up.vacancy_id,
                days_overdue=(on - follow_up.due).days,
            ))
    entries.sort(key=lambda e: (e.officer, e.team, e.due, e.number))
    return tuple(entries)
