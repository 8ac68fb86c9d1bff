"""Follow-ups due and overdue per officer and team; partners, employer contacts and
referrals; all on the in-memory unit of work."""

from __future__ import annotations

from datetime import date

import pytest

from passgenau.domain import GermanLevel, RoutingRules, Team
from passgenau.domain.errors import InvalidInput, NotFound
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

from ..store.datasets import candidate, employer
from .fakes import FakeDatabase

RULES = RoutingRules()
POLICY = FollowUpPolicy(weeks=6)


@pytest.fixture
def db() -> FakeDatabase:
    """C1 (IBA, Frau Keller), C2 (Regelteam, Frau Keller), C3 (Projektteam, Herr Öz)."""
    database = FakeDatabase()
    import_dataset(database.unit_of_work(), Dataset(
        employers=(employer("E1"),),
        candidates=(
            candidate("C1", birth_year=1990),
            candidate("C2", birth_year=1988, german_level=GermanLevel.B1),
            candidate("C3", birth_year=1979, german_level=GermanLevel.B2),
        )))
    for cid, officer in (("C1", "Frau Keller"), ("C2", "Frau Keller"), ("C3", "Herr Öz")):
        casework.assign_officer(database.unit_of_work(), cid, officer)
    return database


def test_due_and_overdue_per_officer_and_team(db: FakeDatabase) -> None:
    """Contacts schedule the next one six weeks later; on the day looked at, earlier ones
    are overdue by so many days, later ones not listed; filters by officer and team."""
    followups.record_contact(db.unit_of_work(), POLICY, "C1", date(2026, 1, 5))  # 02-16
    followups.record_contact(db.unit_of_work(), POLICY, "C2", date(2026, 1, 19))  # 03-02
    followups.record_contact(db.unit_of_work(), POLICY, "C3", date(2026, 2, 2))  # 03-16
    on = date(2026, 3, 2)
    due = followups.due_follow_ups(db.unit_of_work(), RULES, on)
    assert [(d.candidate_id, d.due, d.days_overdue, d.overdue, d.team) for d in due] == [
        ("C1", date(2026, 2, 16), 14, True, Team.IBA.value),
        ("C2", date(2026, 3, 2), 0, False, Team.REGEL.value),
    ]
    keller = followups.due_follow_ups(db.unit_of_work(), RULES, date(2026, 3, 20),
                                      officer="Frau Keller")
    assert [d.candidate_id for d in keller] == ["C1", "C2"]
    projekt = followups.due_follow_ups(db.unit_of_work(), RULES, date(2026, 3, 20),
                                       team=Team.PROJEKT)
    assert [(d.candidate_id, d.officer) for d in projekt] == [("C3", "Herr Öz")]


def test_a_contact_settles_the_open_follow_up(db: FakeDatabase) -> None:
    followups.schedule(db.unit_of_work(), "C1", date(2026, 2, 1))
    nxt = followups.record_contact(db.unit_of_work(), POLICY, "C1", date(2026, 2, 3))
    assert nxt == date(2026, 3, 17)
    open_ones = db.tenant().casework.follow_ups.values()
    assert [f.due for f in open_ones if f.done_on is None] == [date(2026, 3, 17)]


def test_plan_gives_every_active_candidate_a_next_contact(db: FakeDatabase) -> None:
    followups.schedule(db.unit_of_work(), "C1", date(2026, 2, 1))
    casework.end_case(db.unit_of_work(), "C3", date(2026, 1, 31))
    assert followups.plan(db.unit_of_work(), POLICY, date(2026, 2, 2)) == ("C2",)
    assert followups.plan(db.unit_of_work(), POLICY, date(2026, 2, 2)) == ()
    ended = followups.due_follow_ups(db.unit_of_work(), RULES, date(2027, 1, 1))
    assert "C3" not in {d.candidate_id for d in ended}


def test_employer_contact_history(db: FakeDatabase) -> None:
    """Visits and calls with needs, funding made known and the next step, oldest first."""
    partners.add_employer_contact(db.unit_of_work(), EmployerContact(
        "E1", date(2026, 3, 4), EmployerContactKind.CALL, staff="Herr Brandt",
        next_step="Besuch", next_step_on=date(2026, 3, 10)))
    partners.add_employer_contact(db.unit_of_work(), EmployerContact(
        "E1", date(2026, 3, 10), EmployerContactKind.VISIT, staff="Herr Brandt",
        needs="2 Lagerhelfer:innen ab Mai",
        funding=(FundingProgramme.EINGLIEDERUNGSZUSCHUSS,)))
    history = partners.employer_contacts(db.unit_of_work(), "E1")
    assert [r.contact.kind for r in history] == [EmployerContactKind.CALL,
                                                 EmployerContactKind.VISIT]
    assert history[1].contact.funding == (FundingProgramme.EINGLIEDERUNGSZUSCHUSS,)
    with pytest.raises(NotFound):
        partners.add_employer_contact(db.unit_of_work(), EmployerContact(
            "E9", date(2026, 3, 4), EmployerContactKind.CALL))


def test_referral_to_a_partner_and_the_answer(db: FakeDatabase) -> None:
    coach = Partner("P1", PartnerKind.COACHING_PROVIDER, "Coaching Rems",
                    contacts=(PartnerContact("A. Berg", "Leitung"),))
    assert partners.save_partner(db.unit_of_work(), coach) is True
    assert partners.save_partner(db.unit_of_work(), coach) is False
    number = partners.refer(db.unit_of_work(), Referral("C1", "P1", date(2026, 4, 1),
                                                        purpose="Bewerbungscoaching"))
    with pytest.raises(InvalidInput):
        partners.answer_referral(db.unit_of_work(), number, ReferralStatus.OPEN,
                                 date(2026, 4, 8))
    answered = partners.answer_referral(db.unit_of_work(), number, ReferralStatus.ACCEPTED,
                                        date(2026, 4, 8), "Start am 15.4.")
    assert answered.referral.status is ReferralStatus.ACCEPTED
    assert [r.referral.partner_id for r in partners.referrals(db.unit_of_work(), "C1")] == [
        "P1"]
    with pytest.raises(NotFound):
        partners.refer(db.unit_of_work(), Referral("C1", "P9", date(2026, 4, 1)))
