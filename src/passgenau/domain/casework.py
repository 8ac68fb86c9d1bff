"""A candidate's case file (Fallakte) beyond the caseload record: the officer, the team
the candidate is served by and its history, German certificates, courses, recognition
procedures, the case's end.

The team is *recorded* (not only computed), because a team change is an act with a date
and a reason that the Jobcenter must be able to show: the routing rules
(:class:`~passgenau.domain.routing.RoutingRules`) say which team a candidate *should* be
in, the recorded team says which one they *are* in, and a difference is a change due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from passgenau.domain.kldb import KldbCode
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import Recognition
from passgenau.domain.routing import Team


class CertificateTest(StrEnum):
    """The certified German tests the Jobcenter accepts as proof of a level."""

    DTZ = "dtz"  # Deutsch-Test für Zuwanderer (end of the integration course)
    TELC = "telc"
    GOETHE = "goethe"
    JOB_BSK = "job_bsk"  # final test of a Berufssprachkurs (DeuFöV)

    @classmethod
    def parse(cls, text: str) -> CertificateTest:
        """``"DTZ"``, ``"telc"``, ``"JOB-BSK"``, ``"job_bsk"`` …; ValueError names the allowed."""
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return cls(key)
        except ValueError:
            allowed = ", ".join(t.value for t in cls)
            raise ValueError(f"{text!r} is not one of {allowed}") from None


class TeamChangeReason(StrEnum):
    INITIAL = "initial"  # the first team recorded for the candidate
    GERMAN_LEVEL = "german_level"  # a certified level moved them
    AGE = "age"  # they reached the youth age limit
    REVIEW = "review"  # a re-routing run found the recorded team out of date


@dataclass(frozen=True, slots=True)
class Certificate:
    candidate_id: str
    test: CertificateTest
    level: GermanLevel
    taken_on: date
    previous_level: GermanLevel  # the candidate's level before this certificate


@dataclass(frozen=True, slots=True)
class TeamChange:
    candidate_id: str
    changed_on: date
    from_team: Team | None  # None for the first team recorded
    to_team: Team
    reason: TeamChangeReason


@dataclass(frozen=True, slots=True)
class CaseFile:
    """The case's own facts; a candidate without a stored one has the default."""

    candidate_id: str
    officer: str = ""  # the responsible placement officer (staff, not the candidate)
    team: Team | None = None  # None: never recorded, the routing rules decide
    ended_on: date | None = None  # the case ended (hire, move away …): retention counts
    erased: bool = False

    @property
    def active(self) -> bool:
        return self.ended_on is None and not self.erased


class CourseKind(StrEnum):
    INTEGRATION = "integration"  # Integrationskurs (BAMF), ends with the DTZ
    JOB_BSK = "job_bsk"  # Berufssprachkurs (Job-BSK), module by module


class CourseStatus(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    COMPLETED = "completed"
    ABORTED = "aborted"

    @property
    def ended(self) -> bool:
        return self in (CourseStatus.COMPLETED, CourseStatus.ABORTED)


@dataclass(frozen=True, slots=True)
class Course:
    """An integration course or a job language course (module) of one candidate."""

    candidate_id: str
    kind: CourseKind
    provider: str = ""
    module: str = ""  # JOB-BSK: e.g. "B2" or "Zusatzmodul Gewerbe-Technik"
    start: date | None = None
    expected_end: date | None = None
    status: CourseStatus = CourseStatus.PLANNED
    ended_on: date | None = None
    result: GermanLevel | None = None  # the DTZ / final test's certified level

    def __post_init__(self) -> None:
        if self.start and self.expected_end and self.expected_end < self.start:
            raise ValueError("expected_end must not be before start")
        if self.result is not None and self.status is not CourseStatus.COMPLETED:
            raise ValueError("only a completed course has a result")


class RecognitionStatus(StrEnum):
    APPLIED = "applied"
    IN_PROGRESS = "in_progress"
    GRANTED = "granted"  # full equivalence (volle Gleichwertigkeit)
    PARTIAL = "partial"  # partial equivalence, adaptation measures needed
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"

    @property
    def recognition(self) -> Recognition:
        """What the procedure means for the occupation's recognition state."""
        return {
            RecognitionStatus.GRANTED: Recognition.FULL,
            RecognitionStatus.PARTIAL: Recognition.PARTIAL,
            RecognitionStatus.REFUSED: Recognition.NONE,
            RecognitionStatus.WITHDRAWN: Recognition.NONE,
        }.get(self, Recognition.PENDING)


@dataclass(frozen=True, slots=True)
class RecognitionProcedure:
    """An Anerkennungsverfahren for a foreign qualification in one occupation."""

    candidate_id: str
    kldb: KldbCode
    authority: str = ""  # the competent body, e.g. "IHK FOSA", "Regierungspräsidium"
    status: RecognitionStatus = RecognitionStatus.APPLIED
    applied_on: date | None = None
    decided_on: date | None = None


@dataclass(frozen=True, slots=True)
class CourseRecord:
    """A stored course with the store's number, by which services address it."""

    number: int
    course: Course


@dataclass(frozen=True, slots=True)
class RecognitionRecord:
    number: int
    procedure: RecognitionProcedure
