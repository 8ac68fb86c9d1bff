"""Case files on the in-memory unit of work: certificates move teams, with history; the
team review; courses that certify and bring the next contact forward; recognition."""

from __future__ import annotations

from datetime import date

import pytest

from passgenau.domain import GermanLevel, KldbCode, Occupation, Recognition, RoutingRules, Team
from passgenau.domain.casework import (
    CertificateTest,
    Course,
    CourseKind,
    CourseStatus,
    RecognitionProcedure,
    RecognitionStatus,
    TeamChangeReason,
)
from passgenau.domain.errors import InvalidInput, NotFound
from passgenau.domain.followups import FollowUpPolicy
from passgenau.domain.model import Dataset
from passgenau.services import casework, followups
from passgenau.services.records import import_dataset

from ..store.datasets import candidate
from .fakes import FakeDatabase

RULES = RoutingRules()
SPRING = date(2026, 3, 2)
AUTUMN = date(2026, 9, 14)


@pytest.fixture
def db() -> FakeDatabase:
    """Amira (C1, born 1990, A2), Jonas (C2, born 2002: U25 in 2026), Tarek (C3)."""
    database = FakeDatabase()
    import_dataset(database.unit_of_work(), Dataset(candidates=(
        candidate("C1", birth_year=1990),
        candidate("C2", birth_year=2002, german_level=GermanLevel.B1),
        candidate("C3", birth_year=1985, occupations=(Occupation(KldbCode("81302"), 4.0,
                                                                 Recognition.NONE),)),
    )))
    return database


def test_certificates_move_the_candidate_iba_regel_projekt_with_history(
        db: FakeDatabase) -> None:
    """A2 -> B1 (DTZ) -> B2 (JOB-BSK): IBA-Team -> Regelteam -> Projektteam, every step
    recorded with its date and reason, the level history kept."""
    first = casework.certify(db.unit_of_work(), RULES, "C1", GermanLevel.B1,
                             CertificateTest.DTZ, SPRING)
    assert (first.german_level, first.team) == (GermanLevel.B1, Team.REGEL)
    second = casework.certify(db.unit_of_work(), RULES, "C1", GermanLevel.B2,
                              CertificateTest.JOB_BSK, AUTUMN)
    assert second.team is Team.PROJEKT

    view = casework.candidate_overview(db.unit_of_work(), RULES, "C1", AUTUMN)
    assert view.german_level is GermanLevel.B2 and view.team is Team.PROJEKT
    assert [(c.from_team, c.to_team, c.reason, c.changed_on) for c in view.team_history] == [
        (None, Team.IBA, TeamChangeReason.INITIAL, SPRING),
        (Team.IBA, Team.REGEL, TeamChangeReason.GERMAN_LEVEL, SPRING),
        (Team.REGEL, Team.PROJEKT, TeamChangeReason.GERMAN_LEVEL, AUTUMN),
    ]
    assert [(c.test, c.previous_level, c.level) for c in view.certificates] == [
        (CertificateTest.DTZ, GermanLevel.A2, GermanLevel.B1),
        (CertificateTest.JOB_BSK, GermanLevel.B1, GermanLevel.B2),
    ]
    assert db.tenant().candidates["C1"].german_level is GermanLevel.B2
    audited = {(a.entity, a.fields) for a in db.tenant().audit if a.ext_id == "C1"}
    assert ("candidate", ("german_level",)) in audited
    assert ("case_file", ("team",)) in audited


def test_a_lower_certificate_is_kept_but_does_not_lower_the_level(db: FakeDatabase) -> None:
    """A weaker result does not undo what the candidate has: recorded, level unchanged."""
    casework.certify(db.unit_of_work(), RULES, "C2", GermanLevel.A2, CertificateTest.TELC,
                     SPRING)
    view = casework.candidate_overview(db.unit_of_work(), RULES, "C2", SPRING)
    assert view.german_level is GermanLevel.B1
    assert [c.level for c in view.certificates] == [GermanLevel.A2]


def test_unknown_candidate_is_refused_and_nothing_written(db: FakeDatabase) -> None:
    with pytest.raises(NotFound):
        casework.certify(db.unit_of_work(), RULES, "C9", GermanLevel.B1,
                         CertificateTest.DTZ, SPRING)
    assert not db.tenant().casework.certificates


def test_team_review_lists_changes_and_teams_due(db: FakeDatabase) -> None:
    """Jonas turns 25 in 2027: on 2 January his recorded U25-Team is due to change; the
    certificate's change shows as changed in the period."""
    casework.reroute(db.unit_of_work(), RULES, date(2026, 12, 1))
    assert db.tenant().casework.cases["C2"].team is Team.U25
    ahead = casework.team_review(db.unit_of_work(), RULES, date(2026, 12, 1), within_days=45)
    assert [(e.candidate_id, e.status, e.to_team, e.on) for e in ahead] == [
        ("C2", "upcoming", Team.REGEL, date(2027, 1, 1))]
    assert casework.team_review(db.unit_of_work(), RULES, date(2026, 12, 1)) == ()
    casework.certify(db.unit_of_work(), RULES, "C1", GermanLevel.B1, CertificateTest.GOETHE,
                     date(2026, 12, 20))
    review = casework.team_review(db.unit_of_work(), RULES, date(2027, 1, 2))
    by_id = {(e.candidate_id, e.status): e for e in review}
    assert by_id[("C1", "changed")].to_team is Team.REGEL
    due = by_id[("C2", "due")]
    assert (due.from_team, due.to_team, due.reason) == (Team.U25, Team.REGEL,
                                                         TeamChangeReason.AGE)
    changes = casework.reroute(db.unit_of_work(), RULES, date(2027, 1, 2))
    assert [(c.candidate_id, c.to_team) for c in changes] == [("C2", Team.REGEL)]
    assert not [e for e in casework.team_review(db.unit_of_work(), RULES, date(2027, 1, 2))
                if e.status == "due"]


def test_a_completed_integration_course_certifies_and_brings_the_contact_forward(
        db: FakeDatabase) -> None:
    """The DTZ result of an integration course is a certificate; the next contact comes a
    week after the course's end instead of the six weeks after the last contact."""
    policy = FollowUpPolicy(weeks=6, after_course_days=7)
    followups.record_contact(db.unit_of_work(), policy, "C1", date(2026, 6, 1))
    number = casework.add_course(db.unit_of_work(), Course(
        "C1", CourseKind.INTEGRATION, provider="VHS Waiblingen", start=date(2026, 1, 12),
        expected_end=date(2026, 6, 30), status=CourseStatus.RUNNING))
    record, certification = casework.finish_course(
        db.unit_of_work(), RULES, policy, number, CourseStatus.COMPLETED, date(2026, 6, 26),
        GermanLevel.B1)
    assert record.course.result is GermanLevel.B1
    assert certification is not None and certification.certificate.test is CertificateTest.DTZ
    view = casework.candidate_overview(db.unit_of_work(), RULES, "C1", date(2026, 7, 1))
    assert view.team is Team.REGEL
    assert view.next_follow_up == date(2026, 7, 3)


def test_a_course_result_needs_a_completed_course(db: FakeDatabase) -> None:
    number = casework.add_course(db.unit_of_work(), Course("C1", CourseKind.JOB_BSK,
                                                           module="B2"))
    with pytest.raises(InvalidInput):
        casework.finish_course(db.unit_of_work(), RULES, FollowUpPolicy(), number,
                               CourseStatus.RUNNING, date(2026, 5, 1), GermanLevel.B2)


def test_a_granted_recognition_updates_the_occupation(db: FakeDatabase) -> None:
    """Pending while the procedure runs, full when granted: what RECOGNITION reads."""
    number = casework.add_recognition(db.unit_of_work(), RecognitionProcedure(
        "C3", KldbCode("81302"), authority="Regierungspräsidium Stuttgart",
        applied_on=date(2026, 2, 1)))
    assert db.tenant().candidates["C3"].occupations[0].recognition is Recognition.PENDING
    casework.decide_recognition(db.unit_of_work(), number, RecognitionStatus.GRANTED,
                                date(2026, 5, 4))
    occupation = db.tenant().candidates["C3"].occupations[0]
    assert occupation.recognition is Recognition.FULL and occupation.years == 4.0


def test_assign_officer_and_end_case(db: FakeDatabase) -> None:
    casework.assign_officer(db.unit_of_work(), "C1", "Frau Keller")
    casework.end_case(db.unit_of_work(), "C1", date(2026, 8, 31))
    case = db.tenant().casework.cases["C1"]
    assert (case.officer, case.ended_on, case.active) == ("Frau Keller", date(2026, 8, 31),
                                                          False)
    with pytest.raises(InvalidInput):
        casework.assign_officer(db.unit_of_work(), "C2", " ")
