"""The Job-Turbo figures and the funnel of a small workflow built through the services
on a real database (SQLite, and PostgreSQL when configured), against hand counts
(``workflow.py`` tells the story)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from passgenau.domain.routing import RoutingRules
from passgenau.reports.figures import Figures
from passgenau.services.reports import MonthlyReport, monthly_report
from passgenau.store import SqlUnitOfWork

from .workflow import Clock, build

TODAY = date(2027, 6, 30)


@pytest.fixture
def make_uow(engine: Engine, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def make() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, actor="fachkraft-7")

    build(make, Clock(monkeypatch))
    return make


def report(make_uow, team: str | None = None) -> MonthlyReport:  # type: ignore[no-untyped-def]
    return monthly_report(make_uow(), RoutingRules(), date(2026, 9, 1), date(2026, 12, 31),
                          today=TODAY, team=team)


def test_monthly_figures_match_the_hand_count(make_uow) -> None:  # type: ignore[no-untyped-def]
    """Sep: 6 made, C1+C2 consented; Oct: C3 consented, the couple sent and interviewed;
    Nov: C3 sent, the couple on trial work and hired (C1 checked employed after six
    months, C2's check came too early; course end to job 81 and 50 days: median 65.5);
    overdue follow-ups at each month's end: 1, 3, 2, 3."""
    months = {m.month: m.figures for m in report(make_uow).months}
    assert list(months) == ["2026-09", "2026-10", "2026-11", "2026-12"]
    assert months["2026-09"] == Figures(proposals_made=6, consented=2, follow_ups_overdue=1)
    assert months["2026-10"] == Figures(consented=1, sent=2, interviews=2,
                                        follow_ups_overdue=3)
    assert months["2026-11"] == Figures(sent=1, trial_work=2, hires=2, checked_6m=1,
                                        still_employed_6m=1, course_to_job=2,
                                        course_to_job_days=65.5, follow_ups_overdue=2)
    assert months["2026-12"] == Figures(follow_ups_overdue=3)


def test_per_team_and_workload_per_officer(make_uow) -> None:  # type: ignore[no-untyped-def]
    """The couple and C6 are in the IBA-Team, C3 in U25; in October anna's two cases
    moved twice and had one follow-up due, ben's one case moved once, one due."""
    october = next(m for m in report(make_uow).months if m.month == "2026-10")
    teams = {t.team: t.figures for t in october.teams}
    assert teams["iba"].sent == 2 and teams["u25"].consented == 1
    assert teams["regel"] == Figures() and teams["projekt"] == Figures()
    loads = {o.officer: (o.cases, o.follow_ups_due, o.proposals_moved)
             for o in october.officers}
    assert loads == {"anna": (2, 1, 2), "ben": (1, 1, 1)}
    iba = {m.month: m.figures for m in report(make_uow, team="iba").months}
    assert iba["2026-09"].proposals_made == 3 and iba["2026-11"].hires == 2


def test_shortlist_funnel_with_wilson_intervals(make_uow) -> None:  # type: ignore[no-untyped-def]
    """6 contacts, 3 consented (C1, C2, C3), 3 sent, 2 interviews, 2 hires; the other
    formats have none yet. 2 of 3 reads as 20.8 %–93.9 % (Wilson, 95 %)."""
    funnels = {f.format.value: f for f in report(make_uow).funnels}
    assert list(funnels) == ["shortlist", "job_fair", "speed_dating", "info_session"]
    shortlist = funnels["shortlist"]
    assert [(s.step, s.count) for s in shortlist.steps] == [
        ("contact", 6), ("consented", 3), ("sent", 3), ("interview", 2), ("hired", 2)]
    interview = shortlist.steps[3].conversion
    assert interview is not None and (interview.successes, interview.trials) == (2, 3)
    assert interview.low == pytest.approx(0.2077, abs=1e-4)
    assert interview.high == pytest.approx(0.9385, abs=1e-4)
    assert (shortlist.overall.successes, shortlist.overall.trials) == (2, 6)
    assert shortlist.trial_work == 2
    assert all(s.count == 0 for s in funnels["job_fair"].steps)


def test_an_events_proposal_counts_in_its_own_formats_funnel(make_uow) -> None:  # type: ignore[no-untyped-def]
    """A proposal from a speed-dating (its ``source``) lands in that funnel, not in the
    shortlist's."""
    from passgenau.domain.placement import Proposal, ProposalSource, ProposalState
    from passgenau.services.workflow import move_proposal

    uow = make_uow()
    with uow:
        uow.placements.add_proposal(Proposal("V4", "C5", source=ProposalSource.SPEED_DATING))
        uow.commit()
    move_proposal(make_uow(), "V4", "C5", ProposalState.PREPARED, on=date(2026, 12, 5))
    funnels = {f.format.value: f for f in monthly_report(
        make_uow(), RoutingRules(), date(2026, 9, 1), date(2099, 12, 31), today=TODAY).funnels}
    assert [s.count for s in funnels["speed_dating"].steps] == [1, 0, 0, 0, 0]
    assert funnels["shortlist"].steps[0].count == 6
