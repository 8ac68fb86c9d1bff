"""Use cases of the case file: certificates that move candidates between teams, the
team review, officers, the end of a case, courses and recognition procedures.

Teams follow the German level by the configured :class:`RoutingRules`: a certified level
raises the candidate's level (never lowers it: a weaker result does not undo an earlier
certificate) and re-routes the team; every team change is recorded with date and reason.
Every change is audited, field names only; records owned by a candidate are audited under
the candidate's id, so that erasure pseudonymises them with the candidate.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from passgenau.domain.casework import (
    CaseFile,
    Certificate,
    CertificateTest,
    Course,
    CourseKind,
    CourseRecord,
    CourseStatus,
    RecognitionProcedure,
    RecognitionRecord,
    RecognitionStatus,
    TeamChange,
    TeamChangeReason,
)
from passgenau.domain.errors import InvalidInput, PassgenauError, Problem
from passgenau.domain.followups import FollowUpPolicy
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import Candidate, Occupation, Recognition
from passgenau.domain.routing import RoutingRules, Team
from passgenau.services.followups import bring_forward
from passgenau.services.unit_of_work import AuditAction, UnitOfWork

# -- results ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CandidateOverview:
    """A candidate's case at a glance: level, team and their histories."""

    candidate_id: str
    german_level: GermanLevel
    team: Team  # the recorded team, or the routed one if none is recorded yet
    team_recorded: bool
    version: int
    officer: str
    active: bool
    ended_on: date | None
    certificates: tuple[Certificate, ...]  # the level history, oldest first
    team_history: tuple[TeamChange, ...]  # oldest first
    courses: tuple[CourseRecord, ...]
    recognitions: tuple[RecognitionRecord, ...]
    next_follow_up: date | None


@dataclass(frozen=True, slots=True)
class Certification:
    """What one certificate did."""

    certificate: Certificate
    german_level: GermanLevel  # the candidate's level afterwards
    team: Team  # the team afterwards
    team_changes: tuple[TeamChange, ...]  # recorded by this certificate (may be empty)


class ReviewStatus:
    CHANGED = "changed"  # the team changed in the period looked at
    DUE = "due"  # the recorded team is not the one the rules give
    UPCOMING = "upcoming"  # will be due within the days looked ahead (turning 25)


@dataclass(frozen=True, slots=True)
class TeamReviewEntry:
    candidate_id: str
    status: str  # ReviewStatus.CHANGED or .DUE
    from_team: Team | None
    to_team: Team
    reason: TeamChangeReason
    on: date  # the day of the change, or the day looked at for a due one
    officer: str


# -- helpers inside an entered unit of work ----------------------------------------------


def _refuse_inactive(case: CaseFile) -> None:
    if case.erased:
        raise PassgenauError(f'candidate "{case.candidate_id}": the record is erased')


def _move_team(
    uow: UnitOfWork, routing: RoutingRules, candidate: Candidate, case: CaseFile,
    on: date, reason: TeamChangeReason, before: Candidate | None = None,
) -> tuple[CaseFile, tuple[TeamChange, ...]]:
    """Record the team the rules give ``candidate`` on ``on``, if it is not the recorded
    one. A candidate without a recorded team first gets the team they had ``before`` the
    change (reason ``initial``), so that the history shows where they came from."""
    changes: list[TeamChange] = []
    current = case.team
    if current is None:
        start = before or candidate
        current = routing.team_for(start.german_level, start.birth_year, on)
        changes.append(TeamChange(candidate.id, on, None, current, TeamChangeReason.INITIAL))
    target = routing.team_for(candidate.german_level, candidate.birth_year, on)
    if target is not current:
        changes.append(TeamChange(candidate.id, on, current, target, reason))
    for change in changes:
        uow.casework.add_team_change(change)
        uow.audit(AuditAction.CREATE, "team_change", candidate.id,
                  ("changed_on", "from_team", "to_team", "reason"))
    if changes:
        case = dataclasses.replace(case, team=target)
        uow.casework.save_case_file(case)
        uow.audit(AuditAction.UPDATE, "case_file", candidate.id, ("team",))
    return case, tuple(changes)


def _certify_in(
    uow: UnitOfWork, routing: RoutingRules, candidate_id: str, level: GermanLevel,
    test: CertificateTest, on: date,
) -> Certification:
    candidate = uow.candidates.get(candidate_id)
    case = uow.casework.case_file(candidate_id)
    _refuse_inactive(case)
    certificate = Certificate(candidate_id, test, level, on, candidate.german_level)
    uow.casework.add_certificate(certificate)
    uow.audit(AuditAction.CREATE, "certificate", candidate_id,
              ("test", "level", "taken_on", "previous_level"))
    updated = candidate
    if level > candidate.german_level:
        updated = dataclasses.replace(candidate, german_level=level)
        for ext_id, fields in uow.candidates.upsert([updated]).updated.items():
            uow.audit(AuditAction.UPDATE, "candidate", ext_id, fields)
    case, changes = _move_team(uow, routing, updated, case, on,
                               TeamChangeReason.GERMAN_LEVEL, before=candidate)
    team = case.team or routing.team_for(updated.german_level, updated.birth_year, on)
    return Certification(certificate, updated.german_level, team, changes)


# -- use cases -------------------------------------------------------------------------


def certify(
    uow: UnitOfWork, routing: RoutingRules, candidate_id: str, level: GermanLevel,
    test: CertificateTest, on: date,
) -> Certification:
    """Record a certified German level (DTZ, telc, Goethe, JOB-BSK final test) and
    re-route the candidate's team by the rules."""
    with uow:
        result = _certify_in(uow, routing, candidate_id, level, test, on)
        uow.commit()
    return result


def candidate_overview(uow: UnitOfWork, routing: RoutingRules, candidate_id: str,
                       on: date) -> CandidateOverview:
    with uow:
        candidate = uow.candidates.get(candidate_id)
        case = uow.casework.case_file(candidate_id)
        routed = routing.team_for(candidate.german_level, candidate.birth_year, on)
        open_follow_ups = uow.followups.list(candidate_id)
        return CandidateOverview(
            candidate_id=candidate_id,
            german_level=candidate.german_level,
            team=case.team or routed,
            team_recorded=case.team is not None,
            version=uow.casework.version(candidate_id),
            officer=case.officer,
            active=case.active,
            ended_on=case.ended_on,
            certificates=tuple(uow.casework.certificates(candidate_id)),
            team_history=tuple(uow.casework.team_changes(candidate_id)),
            courses=tuple(uow.casework.courses(candidate_id)),
            recognitions=tuple(uow.casework.recognitions(candidate_id)),
            next_follow_up=open_follow_ups[0].due if open_follow_ups else None,
        )


def _due_reason(recorded: Team, target: Team) -> TeamChangeReason:
    return (TeamChangeReason.AGE if Team.U25 in (recorded, target)
            else TeamChangeReason.GERMAN_LEVEL)


def team_review(uow: UnitOfWork, routing: RoutingRules, on: date,
                since: date | None = None, within_days: int = 0) -> tuple[TeamReviewEntry, ...]:
    """Candidates whose team changed since ``since`` (default: the 30 days up to ``on``)
    and active ones whose recorded team is not the one the rules give on ``on`` (they
    turned 25, or a level was recorded that the team does not reflect); with
    ``within_days``, also those whose team will be due by then (age counts by birth year,
    so a change for age comes on 1 January)."""
    since = since or on - timedelta(days=30)
    until = on + timedelta(days=within_days)
    with uow:
        cases = {c.candidate_id: c for c in uow.casework.case_files()}
        entries = [
            TeamReviewEntry(ch.candidate_id, ReviewStatus.CHANGED, ch.from_team, ch.to_team,
                            ch.reason, ch.changed_on, cases[ch.candidate_id].officer
                            if ch.candidate_id in cases else "")
            for ch in uow.casework.team_changes(since=since)
            if ch.changed_on <= on and ch.reason is not TeamChangeReason.INITIAL
        ]
        for candidate in uow.candidates.list():
            case = cases.get(candidate.id)
            if case is None or case.team is None or not case.active:
                continue
            target = routing.team_for(candidate.german_level, candidate.birth_year, on)
            if target is not case.team:
                entries.append(TeamReviewEntry(
                    candidate.id, ReviewStatus.DUE, case.team, target,
                    _due_reason(case.team, target), on, case.officer))
                continue
            later = routing.team_for(candidate.german_level, candidate.birth_year, until)
            if later is not case.team:
                entries.append(TeamReviewEntry(
                    candidate.id, ReviewStatus.UPCOMING, case.team, later,
                    TeamChangeReason.AGE, date(until.year, 1, 1), case.officer))
    return tuple(entries)


def reroute(uow: UnitOfWork, routing: RoutingRules, on: date) -> tuple[TeamChange, ...]:
    """Record every active candidate's team by the rules on ``on``: the first team for
    those without one, a change for those whose recorded team is out of date."""
    changes: list[TeamChange] = []
    with uow:
        cases = {c.candidate_id: c for c in uow.casework.case_files()}
        for candidate in uow.candidates.list():
            case = cases.get(candidate.id) or CaseFile(candidate.id)
            if not case.active:
                continue
            target = routing.team_for(candidate.german_level, candidate.birth_year, on)
            reason = (TeamChangeReason.REVIEW if case.team is None
                      else _due_reason(case.team, target))
            changes += _move_team(uow, routing, candidate, case, on, reason)[1]
        uow.commit()
    return tuple(changes)


def assign_officer(uow: UnitOfWork, candidate_id: str, officer: str) -> None:
    """Make ``officer`` the candidate's responsible placement officer."""
    if not officer.strip() or len(officer) > 200:
        raise InvalidInput([Problem(f'candidate "{candidate_id}"', "officer",
                                    "must be 1 to 200 characters")])
    with uow:
        case = uow.casework.case_file(candidate_id)
        _refuse_inactive(case)
        uow.casework.save_case_file(dataclasses.replace(case, officer=officer.strip()))
        uow.audit(AuditAction.UPDATE, "case_file", candidate_id, ("officer",))
        uow.commit()


def end_case(uow: UnitOfWork, candidate_id: str, on: date) -> None:
    """Close the candidate's case on ``on`` (the retention period starts)."""
    with uow:
        case = uow.casework.case_file(candidate_id)
        _refuse_inactive(case)
        uow.casework.save_case_file(dataclasses.replace(case, ended_on=on))
        uow.audit(AuditAction.UPDATE, "case_file", candidate_id, ("ended_on",))
        uow.commit()


# -- courses ---------------------------------------------------------------------------

_COURSE_TEST = {CourseKind.INTEGRATION: CertificateTest.DTZ,
                CourseKind.JOB_BSK: CertificateTest.JOB_BSK}


def add_course(uow: UnitOfWork, course: Course) -> int:
    """Record an integration course or a JOB-BSK module; returns its number."""
    with uow:
        uow.candidates.get(course.candidate_id)
        _refuse_inactive(uow.casework.case_file(course.candidate_id))
        number = uow.casework.add_course(course)
        uow.audit(AuditAction.CREATE, "course", course.candidate_id,
                  tuple(f.name for f in dataclasses.fields(course)
                        if f.name != "candidate_id" and getattr(course, f.name) not in
                        (None, "")))
        uow.commit()
    return number


def finish_course(
    uow: UnitOfWork, routing: RoutingRules, policy: FollowUpPolicy, number: int,
    status: CourseStatus, ended_on: date, result: GermanLevel | None = None,
) -> tuple[CourseRecord, Certification | None]:
    """End a course (completed or aborted). A completed course's result is a certified
    level (DTZ for an integration course, the JOB-BSK final test for a module) and counts
    as a certificate; the next contact moves up to shortly after the end."""
    if not status.ended:
        raise InvalidInput([Problem(f"course {number}", "status",
                                    "must be completed or aborted to end a course")])
    with uow:
        record = uow.casework.course(number)
        try:
            course = dataclasses.replace(record.course, status=status, ended_on=ended_on,
                                         result=result)
        except ValueError as exc:
            raise InvalidInput([Problem(f"course {number}", "result", str(exc))]) from None
        uow.casework.update_course(number, course)
        uow.audit(AuditAction.UPDATE, "course", course.candidate_id,
                  ("status", "ended_on", *(("result",) if result else ())))
        certification = None
        if result is not None:
            certification = _certify_in(uow, routing, course.candidate_id, result,
                                        _COURSE_TEST[course.kind], ended_on)
        bring_forward(uow, course.candidate_id, policy.next_after_course(ended_on))
        uow.commit()
    return CourseRecord(number, course), certification


# -- recognition -----------------------------------------------------------------------


def add_recognition(uow: UnitOfWork, procedure: RecognitionProcedure) -> int:
    """Record a recognition procedure (Anerkennungsverfahren); returns its number. The
    occupation's recognition state becomes ``pending`` while it runs."""
    with uow:
        uow.candidates.get(procedure.candidate_id)
        number = uow.casework.add_recognition(procedure)
        uow.audit(AuditAction.CREATE, "recognition", procedure.candidate_id,
                  ("kldb", "authority", "status", "applied_on"))
        _apply_recognition(uow, procedure)
        uow.commit()
    return number


def decide_recognition(uow: UnitOfWork, number: int, status: RecognitionStatus,
                       decided_on: date) -> RecognitionRecord:
    """Record the decision; a granted (or partial) recognition updates the candidate's
    occupation, which the matching's RECOGNITION rule reads."""
    with uow:
        record = uow.casework.recognition(number)
        procedure = dataclasses.replace(record.procedure, status=status, decided_on=decided_on)
        uow.casework.update_recognition(number, procedure)
        uow.audit(AuditAction.UPDATE, "recognition", procedure.candidate_id,
                  ("status", "decided_on"))
        _apply_recognition(uow, procedure)
        uow.commit()
    return RecognitionRecord(number, procedure)


def _apply_recognition(uow: UnitOfWork, procedure: RecognitionProcedure) -> None:
    candidate = uow.candidates.get(procedure.candidate_id)
    state = procedure.status.recognition
    occupations = list(candidate.occupations)
    found = [i for i, o in enumerate(occupations) if o.kldb == procedure.kldb]
    if found:
        for i in found:
            occupations[i] = dataclasses.replace(occupations[i], recognition=state)
    elif state in (Recognition.FULL, Recognition.PARTIAL, Recognition.PENDING):
        occupations.append(Occupation(procedure.kldb, 0.0, state))
    updated = dataclasses.replace(candidate, occupations=tuple(occupations))
    for ext_id, fields in uow.candidates.upsert([updated]).updated.items():
        uow.audit(AuditAction.UPDATE, "candidate", ext_id, fields)
