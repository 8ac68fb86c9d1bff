"""Whole casework stories through the services on SQLite and PostgreSQL: a candidate
moving IBA-Team -> Regelteam -> Projektteam as certificates arrive; follow-ups due and
overdue per team and officer; recognition, partners and employer contacts stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine

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
from passgenau.domain.followups import FollowUpPolicy
from passgenau.domain.model import Dataset
from passgenau.domain.partners import (
    EmployerContact,
    EmployerContactKind,
    FundingProgramme,
    Partner,
    PartnerContact,
    PartnerKind,
    Referral,
    ReferralStatus,
)
from passgenau.services import casework, followups, partners
from passgenau.services.records import import_dataset
from passgenau.services.unit_of_work import UnitOfWork
from passgenau.store.unit_of_work import SqlUnitOfWork

from .datasets import candidate, employer

RULES = RoutingRules()
POLICY = FollowUpPolicy(weeks=6, after_course_days=7)
New = Callable[[], UnitOfWork]


@pytest.fixture
def new(engine: Engine) -> New:
    """Amira (C1, 1990, A2, Frau Keller), Jonas (C2, 2002, B1, Frau Keller), Tarek (C3,
    1985, B2, welder awaiting recognition, Herr Öz)."""
    def make() -> UnitOfWork:
        return SqlUnitOfWork(engine)
    import_dataset(make(), Dataset(employers=(employer("E1"),), candidates=(
        candidate("C1", birth_year=1990),
        candidate("C2", birth_year=2002, german_level=GermanLevel.B1),
        candidate("C3", birth_year=1985, german_level=GermanLevel.B2,
                  occupations=(Occupation(KldbCode("24412"), 6.0, Recognition.NONE),)),
    )))
    for cid, officer in (("C1", "Frau Keller"), ("C2", "Frau Keller"), ("C3", "Herr Öz")):
        casework.assign_officer(make(), cid, officer)
    return make


def test_iba_regel_projekt_as_certificates_arrive(new: New) -> None:
    """Integration course with DTZ B1, then a JOB-BSK B2 final test: two team changes,
    each with its date and reason, and the level history."""
    course = casework.add_course(new(), Course(
        "C1", CourseKind.INTEGRATION, provider="VHS Backnang", start=date(2025, 9, 1),
        expected_end=date(2026, 3, 31), status=CourseStatus.RUNNING))
    casework.finish_course(new(), RULES, POLICY, course, CourseStatus.COMPLETED,
                           date(2026, 3, 27), GermanLevel.B1)
    result = casework.certify(new(), RULES, "C1", GermanLevel.B2, CertificateTest.JOB_BSK,
                              date(2026, 10, 9))
    assert result.team is Team.PROJEKT
    view = casework.candidate_overview(new(), RULES, "C1", date(2026, 10, 9))
    assert (view.german_level, view.team) == (GermanLevel.B2, Team.PROJEKT)
    assert view.version >= 1  # 1 until the workflow's version column counts changes
    assert [(c.from_team, c.to_team, c.reason, c.changed_on) for c in view.team_history] == [
        (None, Team.IBA, TeamChangeReason.INITIAL, date(2026, 3, 27)),
        (Team.IBA, Team.REGEL, TeamChangeReason.GERMAN_LEVEL, date(2026, 3, 27)),
        (Team.REGEL, Team.PROJEKT, TeamChangeReason.GERMAN_LEVEL, date(2026, 10, 9)),
    ]
    assert [(c.test, c.level) for c in view.certificates] == [
        (CertificateTest.DTZ, GermanLevel.B1), (CertificateTest.JOB_BSK, GermanLevel.B2)]
    assert view.courses[0].course.result is GermanLevel.B1
    assert view.next_follow_up == date(2026, 4, 3)  # a week after the course ended
    with new() as uow:
        entries = uow.audit_log.entries(ext_id="C1")  # type: ignore[attr-defined]
    assert {"certificate", "team_change", "case_file", "candidate", "course",
            "follow_up"} <= {e.entity for e in entries}


def test_turning_25_is_listed_as_due_and_rerouted(new: New) -> None:
    casework.reroute(new(), RULES, date(2026, 12, 1))
    review = casework.team_review(new(), RULES, date(2027, 1, 4))
    due = [(e.candidate_id, e.from_team, e.to_team, e.reason) for e in review
           if e.status == "due"]
    assert due == [("C2", Team.U25, Team.REGEL, TeamChangeReason.AGE)]
    casework.reroute(new(), RULES, date(2027, 1, 4))
    review = casework.team_review(new(), RULES, date(2027, 1, 4))
    assert [(e.candidate_id, e.status) for e in review] == [("C2", "changed")]


def test_follow_ups_due_and_overdue_per_team_and_officer(new: New) -> None:
    followups.record_contact(new(), POLICY, "C1", date(2026, 1, 5))  # due 02-16
    followups.record_contact(new(), POLICY, "C2", date(2026, 1, 19))  # due 03-02
    followups.record_contact(new(), POLICY, "C3", date(2026, 2, 2))  # due 03-16
    on = date(2026, 3, 16)
    everyone = followups.due_follow_ups(new(), RULES, on)
    assert [(d.officer, d.team, d.candidate_id, d.days_overdue) for d in everyone] == [
        ("Frau Keller", "iba", "C1", 28), ("Frau Keller", "u25", "C2", 14),
        ("Herr Öz", "projekt", "C3", 0)]
    assert [d.candidate_id for d in followups.due_follow_ups(
        new(), RULES, on, officer="Herr Öz")] == ["C3"]
    assert [d.candidate_id for d in followups.due_follow_ups(
        new(), RULES, on, team=Team.U25)] == ["C2"]
    assert followups.due_follow_ups(new(), RULES, date(2026, 2, 15)) == ()
    assert followups.plan(new(), POLICY, on) == ()


def test_recognition_partners_and_employer_contacts_are_stored(new: New) -> None:
    number = casework.add_recognition(new(), RecognitionProcedure(
        "C3", KldbCode("24412"), authority="HWK Region Stuttgart", applied_on=date(2026, 1, 8)))
    casework.decide_recognition(new(), number, RecognitionStatus.GRANTED, date(2026, 4, 20))
    with new() as uow:
        assert uow.candidates.get("C3").occupations[0].recognition is Recognition.FULL
    partners.save_partner(new(), Partner(
        "P1", PartnerKind.VOLUNTEER_GROUP, "Helferkreis Backnang",
        contacts=(PartnerContact("B. Roth", "Koordination", "roth@example.org"),)))
    ref = partners.refer(new(), Referral("C1", "P1", date(2026, 4, 2), purpose="Patenschaft"))
    partners.answer_referral(new(), ref, ReferralStatus.COMPLETED, date(2026, 6, 30))
    partners.add_employer_contact(new(), EmployerContact(
        "E1", date(2026, 5, 5), EmployerContactKind.EVENT, staff="Herr Brandt",
        needs="Produktionshelfer:innen", funding=(FundingProgramme.EINGLIEDERUNGSZUSCHUSS,),
        next_step="Stellen schicken", next_step_on=date(2026, 5, 12)))
    assert partners.list_partners(new())[0].contacts[0].email == "roth@example.org"
    assert partners.referrals(new(), partner_id="P1")[0].referral.status is (
        ReferralStatus.COMPLETED)
    history = partners.employer_contacts(new(), "E1")
    assert history[0].contact.funding == (FundingProgramme.EINGLIEDERUNGSZUSCHUSS,)
    assert history[0].contact.next_step_on == date(2026, 5, 12)
