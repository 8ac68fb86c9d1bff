"""Figures on hand-made rows: the six-month check's boundary and the funnel's implied
steps (a hire passed the interview, not necessarily trial work)."""

from __future__ import annotations

from datetime import date

from passgenau.domain.placement import ProposalState
from passgenau.reports.figures import add_months, monthly_figures
from passgenau.reports.funnel import funnel
from passgenau.reports.rows import FollowUpFacts, Format, ProposalFacts, complete_reached

S = ProposalState
HIRED = date(2026, 1, 31)


def hire(candidate: str) -> ProposalFacts:
    reached = complete_reached({S.HIRED: HIRED}, date(2026, 1, 5))
    return ProposalFacts("V1", candidate, date(2026, 1, 5), S.HIRED, reached=reached)


def check(candidate: str, on: date, employed: bool) -> FollowUpFacts:
    return FollowUpFacts(candidate, on, done_on=on, vacancy_id="V1", employed=employed)


def test_six_calendar_months_after_the_last_of_january_is_the_last_of_july() -> None:
    assert add_months(HIRED, 6) == date(2026, 7, 31)
    rows = [hire("C1"), hire("C2"), hire("C3")]
    checks = [check("C1", date(2026, 7, 30), True),  # a day early: not a 6-month check
              check("C2", date(2026, 7, 31), True),
              check("C3", date(2026, 8, 15), True), check("C3", date(2026, 9, 1), False)]
    january = monthly_figures(rows, [], checks, date(2026, 1, 1), date(2026, 1, 31))[0]
    assert (january.figures.hires, january.figures.checked_6m,
            january.figures.still_employed_6m) == (3, 2, 1)  # C3's latest check: left


def test_a_hire_implies_the_steps_before_the_interview_but_not_trial_work() -> None:
    reached = complete_reached({S.HIRED: HIRED}, date(2026, 1, 5))
    assert set(reached) == {S.SUGGESTED, S.PREPARED, S.CONSENTED, S.PROPOSED, S.INTERVIEW,
                            S.HIRED}
    made = ProposalFacts("V2", "C9", date(2026, 1, 5), S.SUGGESTED,
                         reached=complete_reached({}, date(2026, 1, 5)))
    f = funnel(Format.SHORTLIST, [hire("C1"), made])
    assert [s.count for s in f.steps] == [2, 1, 1, 1, 1] and f.trial_work == 0
