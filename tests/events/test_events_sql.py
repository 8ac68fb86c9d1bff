"""Events on SQL: create, invite by rules, register within capacity, check in, and leads
that make or move proposals with the event's format (SQLite, and PostgreSQL when set)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from passgenau.domain.errors import InvalidInput, NotFound
from passgenau.domain.events import InvitationStatus, InviteRule, Lead, LeadOutcome
from passgenau.domain.placement import ProposalSource, ProposalState
from passgenau.domain.routing import RoutingRules
from passgenau.services.audit import record_trail
from passgenau.services.events import (
    EventFull,
    NotAttended,
    check_in,
    invite,
    list_events,
    record_lead,
    register,
    show_event,
)
from passgenau.services.workflow import list_proposals
from passgenau.store import SqlUnitOfWork

from .conftest import FAIR, TODAY, NewUow

ROUTING = RoutingRules()


def rules(*texts: str) -> list[InviteRule]:
    return [InviteRule.parse(t) for t in texts]


def invited(make_uow: NewUow, *texts: str) -> tuple[str, ...]:
    return invite(make_uow(), ROUTING, "JM-1", rules(*texts), TODAY).invited


@pytest.mark.parametrize(("texts", "expected"), [
    (("course-ends-within=8",), ("C1", "C5")),  # C2's ends in 12 weeks, C4's was aborted
    (("course-ends-within=8w", "municipality=schorndorf"), ("C1",)),
    (("team=regel",), ("C2",)),  # C3 is recorded in the Projektteam
    (("team=projekt",), ("C3", "C4")),
    (("level>=B1", "language=ar"), ("C2",)),
    (("language=fa",), ("C3",)),  # Dari is written "fa" in the exchange format
])
def test_invite_by_rules_selects_the_right_candidates(make_uow: NewUow, texts: tuple[str, ...],
                                                      expected: tuple[str, ...]) -> None:
    """Every rule of the issue picks exactly the candidates the caseload says."""
    assert invited(make_uow, *texts) == expected


def test_inviting_again_keeps_the_list_and_names_who_was_on_it(make_uow: NewUow) -> None:
    invited(make_uow, "course-ends-within=8")
    again = invite(make_uow(), ROUTING, "JM-1", rules("municipality=Schorndorf"), TODAY)
    assert again.invited == ("C2", "C4") and again.already == ("C1",)
    assert [line.status for line in show_event(make_uow(), "JM-1").invitations] == [
        InvitationStatus.INVITED] * 4


def test_registration_stops_at_capacity_and_check_in_admits_walk_ins(make_uow: NewUow) -> None:
    """Capacity 3: the fourth registration is refused; a walk-in can still be checked in."""
    for c in ("C1", "C2", "C3"):
        assert register(make_uow(), "JM-1", c, TODAY).status is InvitationStatus.REGISTERED
    assert register(make_uow(), "JM-1", "C1", TODAY).status is InvitationStatus.REGISTERED
    with pytest.raises(EventFull, match="all 3 places"):
        register(make_uow(), "JM-1", "C4", TODAY)
    line = check_in(make_uow(), "JM-1", "C5", datetime(2027, 3, 4, 8, 55, tzinfo=UTC))
    assert line.status is InvitationStatus.ATTENDED and line.invited_on is None
    summary = list_events(make_uow())[0]
    assert (summary.event.title, summary.invited, summary.registered, summary.attended) == (
        FAIR.title, 4, 4, 1)


def test_a_lead_makes_a_proposal_with_the_events_format(make_uow: NewUow) -> None:
    """An interview agreed at the fair becomes a proposal at 'interview' whose source is
    job_fair and whose event is JM-1; a lead without a vacancy makes none."""
    check_in(make_uow(), "JM-1", "C1", datetime(2027, 3, 4, 9, 5, tzinfo=UTC))
    result = record_lead(make_uow(), Lead("JM-1", "C1", "E1", LeadOutcome.INTERVIEW,
                                          date(2027, 3, 4), vacancy_id="V1"))
    assert result.proposal_created and result.format is ProposalSource.JOB_FAIR
    (view,) = list_proposals(make_uow(), vacancy_id="V1")
    assert (view.candidate_id, view.state, view.source, view.event_id) == (
        "C1", ProposalState.INTERVIEW, ProposalSource.JOB_FAIR, "JM-1")
    record_lead(make_uow(), Lead("JM-1", "C1", "E2", LeadOutcome.NO_INTEREST, date(2027, 3, 4)))
    leads = show_event(make_uow(), "JM-1").leads
    assert [(lead.employer_id, lead.outcome, lead.format, lead.proposal) for lead in leads] == [
        ("E1", LeadOutcome.INTERVIEW, ProposalSource.JOB_FAIR, True),
        ("E2", LeadOutcome.NO_INTEREST, ProposalSource.JOB_FAIR, False),
    ]
    trail = record_trail(make_uow(), "event_lead:C1")
    assert ("outcome", "interview") in [(t.field, t.new) for t in trail]


def test_a_hire_at_the_fair_moves_the_shortlist_proposal_through_the_workflow(
        make_uow: NewUow) -> None:
    """A proposal from the shortlist already at the employer ('proposed') is moved to
    interview and hired; it stays counted under its own source (shortlist), the lead under
    the fair; the vacancy's only position is filled."""
    from passgenau.domain.placement import Proposal

    with make_uow() as uow:
        uow.placements.add_proposal(Proposal("V1", "C2", ProposalState.PROPOSED))
        uow.commit()
    check_in(make_uow(), "JM-1", "C2", datetime(2027, 3, 4, 9, 5, tzinfo=UTC))
    result = record_lead(make_uow(), Lead("JM-1", "C2", "E1", LeadOutcome.HIRED,
                                          date(2027, 3, 4), vacancy_id="V1"))
    assert not result.proposal_created
    assert [(s.old, s.new) for s in result.steps] == [
        (ProposalState.PROPOSED, ProposalState.INTERVIEW),
        (ProposalState.INTERVIEW, ProposalState.HIRED),
    ]
    (view,) = list_proposals(make_uow(), vacancy_id="V1")
    assert (view.state, view.source) == (ProposalState.HIRED, ProposalSource.SHORTLIST)


def test_leads_need_a_check_in_a_taking_part_employer_and_its_own_vacancy(
        make_uow: NewUow) -> None:
    with pytest.raises(NotAttended):
        record_lead(make_uow(), Lead("JM-1", "C1", "E1", LeadOutcome.INTERVIEW, TODAY))
    check_in(make_uow(), "JM-1", "C1", datetime(2027, 3, 4, 9, 5, tzinfo=UTC))
    with pytest.raises(InvalidInput, match="does not take part"):
        record_lead(make_uow(), Lead("JM-1", "C1", "E3", LeadOutcome.INTERVIEW, TODAY))
    with pytest.raises(InvalidInput, match='"V2" is not a vacancy of employer "E1"'):
        record_lead(make_uow(), Lead("JM-1", "C1", "E1", LeadOutcome.INTERVIEW, TODAY,
                                     vacancy_id="V2"))
    assert show_event(make_uow(), "JM-1").leads == ()


def test_events_stay_inside_their_tenant(make_uow: NewUow, engine) -> None:  # type: ignore[no-untyped-def]
    from passgenau.store.database import ensure_tenant

    ensure_tenant(engine, "other", "Jobcenter Anderswo")
    other = SqlUnitOfWork(engine, tenant="other")
    assert list_events(other) == ()
    with pytest.raises(NotFound, match='no event with id "JM-1"'):
        show_event(SqlUnitOfWork(engine, tenant="other"), "JM-1")


def test_bad_rules_are_refused_with_the_known_ones() -> None:
    for text in ("team=blau", "level>=Z9", "course-ends-within=acht", "colour=red", "level=B1"):
        with pytest.raises(InvalidInput, match="--rule"):
            InviteRule.parse(text)


def test_information_and_erasure_cover_the_event_lists_and_leads(make_uow: NewUow) -> None:
    """Art. 15 shows a candidate's invitations and leads; erasure blanks the lead's note
    and keeps the lead countable under a pseudonym (the format comparison stays right)."""
    from passgenau.services.privacy import candidate_information, erase_candidate

    check_in(make_uow(), "JM-1", "C1", datetime(2027, 3, 4, 9, 5, tzinfo=UTC))
    record_lead(make_uow(), Lead("JM-1", "C1", "E1", LeadOutcome.TRIAL_WORK,
                                 date(2027, 3, 4), vacancy_id="V1", note="Kinder bis 13 Uhr"))
    info = candidate_information(make_uow(), "C1")
    assert [row["status"] for row in info.rows("event_invitations")] == ["attended"]
    assert [(row["outcome"], row["format"], row["note"])
            for row in info.rows("event_leads")] == [
        ("trial_work", "job_fair", "Kinder bis 13 Uhr")]
    erasure = erase_candidate(make_uow(), "C1", date(2027, 5, 1))
    assert ("event_leads", 1) in erasure.tables
    (lead,) = show_event(make_uow(), "JM-1").leads
    assert (lead.candidate_id, lead.outcome, lead.format) == (
        erasure.pseudonym, LeadOutcome.TRIAL_WORK, ProposalSource.JOB_FAIR)
