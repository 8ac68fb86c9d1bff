"""Events: job fairs, speed-datings and group information sessions (pure, no I/O).

The seed interview names three formats besides the hand-picked shortlist: fairs
(*Formate mit Messecharakter*), speed-datings and *Gruppeninformationen* for graduates of
the integration courses. Each event invites candidates chosen by rules, registers and
checks them in, and records the leads that came out of it (candidate × employer) with
their outcome, so that management can see which format brings interviews, trial work and
hires. A lead that names a vacancy becomes (or moves) a proposal of the workflow, carrying
the event's format as its :class:`~passgenau.domain.placement.ProposalSource`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum

from passgenau.domain.casework import Course, CourseKind
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import Location
from passgenau.domain.placement import ProposalSource, ProposalState
from passgenau.domain.routing import Team


class EventKind(StrEnum):
    JOB_FAIR = "job_fair"  # Jobmesse, Format mit Messecharakter
    SPEED_DATING = "speed_dating"
    INFO_SESSION = "info_session"  # Gruppeninformation

    @property
    def german(self) -> str:
        return {"job_fair": "Jobmesse", "speed_dating": "Speed-Dating",
                "info_session": "Gruppeninformation"}[self.value]

    @property
    def source(self) -> ProposalSource:
        """The format a proposal made at such an event is counted under."""
        return ProposalSource(self.value)


class BringItem(StrEnum):
    """What a candidate should bring; coded, so the letter says it in every language."""

    ID_DOCUMENT = "id_document"  # Ausweis, Pass oder Aufenthaltstitel
    CV = "cv"  # Lebenslauf
    CERTIFICATES = "certificates"  # Zeugnisse und Nachweise
    LANGUAGE_CERTIFICATE = "language_certificate"
    INVITATION = "invitation"  # this letter

    @property
    def german(self) -> str:
        return {
            "id_document": "Ausweis, Pass oder Aufenthaltstitel",
            "cv": "Lebenslauf",
            "certificates": "Zeugnisse und Nachweise",
            "language_certificate": "Sprachzertifikat",
            "invitation": "diese Einladung",
        }[self.value]


DEFAULT_BRING = (BringItem.ID_DOCUMENT, BringItem.CV, BringItem.CERTIFICATES,
                 BringItem.INVITATION)


@dataclass(frozen=True, slots=True)
class Event:
    """One event of a Jobcenter at one place on one day."""

    id: str
    title: str
    kind: EventKind
    day: date
    start: time
    end: time
    place: Location  # where it takes place, with coordinates (the trip is planned to it)
    venue: str = ""  # the building and street, e.g. "Bürgerhaus, Marktplatz 1"
    employer_ids: tuple[str, ...] = ()  # the employers taking part
    capacity: int | None = None  # how many candidates may register; None: no limit
    bring: tuple[BringItem, ...] = DEFAULT_BRING

    def __post_init__(self) -> None:
        where = f'event "{self.id}"'
        problems = []
        if not self.id.strip():
            problems.append(Problem("event", "id", "must not be empty"))
        if not self.title.strip():
            problems.append(Problem(where, "title", "must not be empty"))
        if self.end <= self.start:
            problems.append(Problem(where, "end", f"must be after the start "
                                    f"{self.start:%H:%M}, not {self.end:%H:%M}"))
        if self.capacity is not None and self.capacity < 1:
            problems.append(Problem(where, "capacity", "must be at least 1"))
        if len(set(self.employer_ids)) != len(self.employer_ids):
            problems.append(Problem(where, "employers", "an employer is listed twice"))
        if not (-90 <= self.place.lat <= 90 and -180 <= self.place.lon <= 180):
            problems.append(Problem(where, "place", "coordinates out of range"))
        if problems:
            raise InvalidInput(problems)

    @property
    def minutes(self) -> tuple[int, int]:
        """Start and end as minutes after midnight (what travel models take)."""
        return (self.start.hour * 60 + self.start.minute, self.end.hour * 60 + self.end.minute)


class InvitationStatus(StrEnum):
    INVITED = "invited"
    REGISTERED = "registered"  # said they will come (Anmeldung)
    ATTENDED = "attended"  # checked in on the day

    @property
    def german(self) -> str:
        return {"invited": "eingeladen", "registered": "angemeldet",
                "attended": "teilgenommen"}[self.value]


@dataclass(frozen=True, slots=True)
class Invitation:
    """A candidate's place on an event's list: invited, registered or present."""

    event_id: str
    candidate_id: str
    status: InvitationStatus
    invited_on: date | None = None  # None: registered without an invitation
    rules: str = ""  # the rules that chose them, as given (for the statistics)
    letter_sent_on: date | None = None


class LeadOutcome(StrEnum):
    """What came of a meeting of a candidate and an employer at an event."""

    INTERVIEW = "interview"  # a Kennenlerngespräch is agreed or was held
    TRIAL_WORK = "trial_work"  # Erprobung, Praktikum, Probearbeit
    HIRED = "hired"
    NO_INTEREST = "no_interest"

    @property
    def german(self) -> str:
        return {"interview": "Kennenlerngespräch", "trial_work": "Erprobung/Praktikum",
                "hired": "Einstellung", "no_interest": "kein Interesse"}[self.value]

    @property
    def state(self) -> ProposalState | None:
        """The proposal state this outcome reaches; None for no interest (which ends an
        open proposal as rejected instead, see :func:`lead_target`)."""
        return {"interview": ProposalState.INTERVIEW, "trial_work": ProposalState.TRIAL_WORK,
                "hired": ProposalState.HIRED}.get(self.value)


@dataclass(frozen=True, slots=True)
class Lead:
    """A lead of an event: candidate × employer, optionally on one vacancy."""

    event_id: str
    candidate_id: str
    employer_id: str
    outcome: LeadOutcome
    recorded_on: date
    vacancy_id: str | None = None
    note: str = ""  # free text: personal, never logged by value


# -- the order of the workflow a lead walks a proposal along ----------------------------

WORKFLOW_PATH = (
    ProposalState.SUGGESTED, ProposalState.PREPARED, ProposalState.CONSENTED,
    ProposalState.PROPOSED, ProposalState.INTERVIEW, ProposalState.TRIAL_WORK,
    ProposalState.HIRED,
)
"""The workflow's forward path. A lead moves an existing proposal along it step by step
(each step through the workflow's own rules), skipping trial work on the way to a hire."""


def steps_towards(current: ProposalState, target: ProposalState) -> tuple[ProposalState, ...]:
    """The states a proposal passes from ``current`` to ``target`` (empty if it is there
    or beyond, or ended): trial work is skipped on the way to a hire (the workflow allows
    the hire straight after the interview)."""
    if current.is_final or current not in WORKFLOW_PATH or target not in WORKFLOW_PATH:
        return ()
    here, there = WORKFLOW_PATH.index(current), WORKFLOW_PATH.index(target)
    if there <= here:
        return ()
    path = list(WORKFLOW_PATH[here + 1:there + 1])
    if target is ProposalState.HIRED and current is not ProposalState.TRIAL_WORK:
        path.remove(ProposalState.TRIAL_WORK)
    return tuple(path)


# -- invitation rules -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CandidateFacts:
    """What the invitation rules look at, for one candidate on one day."""

    candidate_id: str
    team: Team
    municipality: str
    german_level: GermanLevel
    languages: tuple[str, ...]
    course_ends: tuple[date, ...]  # expected ends of integration courses not yet ended
    active: bool = True  # the case has not ended


def open_course_ends(courses: Iterable[Course]) -> tuple[date, ...]:
    """The expected ends of the integration courses still planned or running."""
    return tuple(sorted(
        c.expected_end for c in courses
        if c.kind is CourseKind.INTEGRATION and not c.status.ended
        and c.expected_end is not None
    ))


class RuleKind(StrEnum):
    COURSE_ENDS_WITHIN_WEEKS = "course-ends-within"  # course-ends-within=8 (weeks)
    TEAM = "team"  # team=regel
    MUNICIPALITY = "municipality"  # municipality=Schorndorf
    LEVEL_AT_LEAST = "level"  # level>=A2
    LANGUAGE = "language"  # language=uk


@dataclass(frozen=True, slots=True)
class InviteRule:
    """One condition on a candidate; an invitation takes the candidates that meet all."""

    kind: RuleKind
    value: str

    def __str__(self) -> str:
        op = ">=" if self.kind is RuleKind.LEVEL_AT_LEAST else "="
        return f"{self.kind.value}{op}{self.value}"

    @classmethod
    def parse(cls, text: str) -> InviteRule:
        """``course-ends-within=8``, ``team=regel``, ``municipality=Schorndorf``,
        ``level>=B1``, ``language=uk``; values are checked here."""
        problem = _rule_problem(text)
        if ">=" in text:
            key, value = (part.strip() for part in text.split(">=", 1))
            if key != RuleKind.LEVEL_AT_LEAST.value:
                raise InvalidInput([problem])
        elif "=" in text:
            key, value = (part.strip() for part in text.split("=", 1))
            if key == RuleKind.LEVEL_AT_LEAST.value:
                raise InvalidInput([problem])
        else:
            raise InvalidInput([problem])
        try:
            kind = RuleKind(key)
        except ValueError:
            raise InvalidInput([problem]) from None
        _check_value(kind, value, text)
        if kind is RuleKind.LEVEL_AT_LEAST:
            value = value.upper()
        if kind in (RuleKind.TEAM, RuleKind.LANGUAGE):
            value = value.lower()
        if kind is RuleKind.COURSE_ENDS_WITHIN_WEEKS:
            value = value.rstrip("wW")
        return cls(kind, value)

    def holds(self, facts: CandidateFacts, on: date) -> bool:
        if self.kind is RuleKind.COURSE_ENDS_WITHIN_WEEKS:
            until = on + timedelta(weeks=int(self.value))
            return any(on <= end <= until for end in facts.course_ends)
        if self.kind is RuleKind.TEAM:
            return facts.team.value == self.value
        if self.kind is RuleKind.MUNICIPALITY:
            return facts.municipality.casefold() == self.value.casefold()
        if self.kind is RuleKind.LEVEL_AT_LEAST:
            return facts.german_level >= GermanLevel.parse(self.value)
        return self.value in facts.languages


def _rule_problem(text: str, why: str = "") -> Problem:
    known = ("course-ends-within=WEEKS, team=iba|regel|projekt|u25, municipality=NAME, "
             "level>=A0..C2, language=CODE")
    return Problem("--rule", "", f"{text!r}: {why or 'not a rule'} (known: {known})")


def _check_value(kind: RuleKind, value: str, text: str) -> None:
    why = ""
    if not value:
        why = "no value"
    elif kind is RuleKind.COURSE_ENDS_WITHIN_WEEKS:
        weeks = value.rstrip("wW")
        if not weeks.isdigit() or not 0 <= int(weeks) <= 104:
            why = "weeks must be a whole number 0..104"
    elif kind is RuleKind.TEAM and value.lower() not in {t.value for t in Team}:
        why = "unknown team"
    elif kind is RuleKind.LEVEL_AT_LEAST:
        try:
            GermanLevel.parse(value)
        except ValueError:
            why = "unknown German level"
    elif kind is RuleKind.LANGUAGE and not (value.isalpha() and 2 <= len(value) <= 3):
        why = "a language is an ISO 639 code such as uk, ar, fa"
    if why:
        raise InvalidInput([_rule_problem(text, why)])


def select_candidates(
    facts: Iterable[CandidateFacts], rules: Sequence[InviteRule], on: date
) -> tuple[str, ...]:
    """The ids of the active candidates that meet every rule, in the order given."""
    return tuple(f.candidate_id for f in facts
                 if f.active and all(rule.holds(f, on) for rule in rules))
