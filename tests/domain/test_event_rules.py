"""The event rules as invariants: invitation rules only narrow the selection and do not
depend on their order; a lead walks a proposal only through moves the workflow allows."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from passgenau.domain.events import (
    CandidateFacts,
    InviteRule,
    RuleKind,
    select_candidates,
    steps_towards,
)
from passgenau.domain.levels import GermanLevel
from passgenau.domain.placement import ProposalState, can_move
from passgenau.domain.routing import Team

ON = date(2027, 2, 1)

facts = st.builds(
    CandidateFacts,
    candidate_id=st.sampled_from(["C1", "C2", "C3", "C4", "C5", "C6"]),
    team=st.sampled_from(list(Team)),
    municipality=st.sampled_from(["Schorndorf", "Welzheim", "Backnang"]),
    german_level=st.sampled_from(list(GermanLevel)),
    languages=st.lists(st.sampled_from(["uk", "ar", "fa", "tr"]), max_size=2).map(tuple),
    course_ends=st.lists(st.integers(-30, 200).map(lambda d: ON + timedelta(days=d)),
                         max_size=2).map(tuple),
    active=st.booleans(),
)
#: a caseload: each candidate once
caseloads = st.lists(facts, max_size=8, unique_by=lambda f: f.candidate_id)
rules = st.one_of(
    st.integers(0, 20).map(lambda w: InviteRule(RuleKind.COURSE_ENDS_WITHIN_WEEKS, str(w))),
    st.sampled_from(list(Team)).map(lambda t: InviteRule(RuleKind.TEAM, t.value)),
    st.sampled_from(["Schorndorf", "Welzheim"]).map(
        lambda m: InviteRule(RuleKind.MUNICIPALITY, m)),
    st.sampled_from(list(GermanLevel)).map(
        lambda lv: InviteRule(RuleKind.LEVEL_AT_LEAST, lv.name)),
    st.sampled_from(["uk", "ar", "fa"]).map(lambda c: InviteRule(RuleKind.LANGUAGE, c)),
)


@given(caseloads, st.lists(rules, max_size=3), rules)
def test_another_rule_never_invites_more(people, chosen, extra) -> None:  # type: ignore[no-untyped-def]
    """Rules are AND-ed: adding one keeps a subset, in the same order."""
    before = select_candidates(people, chosen, ON)
    after = select_candidates(people, [*chosen, extra], ON)
    assert set(after) <= set(before)
    assert [c for c in before if c in after] == list(after)


@given(caseloads, st.lists(rules, max_size=3))
def test_the_order_of_the_rules_does_not_matter(people, chosen) -> None:  # type: ignore[no-untyped-def]
    assert select_candidates(people, chosen, ON) == select_candidates(
        people, list(reversed(chosen)), ON)


@given(caseloads, st.lists(rules, max_size=3))
def test_closed_cases_are_never_invited(people, chosen) -> None:  # type: ignore[no-untyped-def]
    closed = {f.candidate_id for f in people if not f.active}
    open_ = {f.candidate_id for f in people if f.active}
    assert not (set(select_candidates(people, chosen, ON)) & (closed - open_))


@given(st.sampled_from(list(ProposalState)),
       st.sampled_from([ProposalState.INTERVIEW, ProposalState.TRIAL_WORK,
                        ProposalState.HIRED]))
def test_a_lead_walks_only_through_allowed_moves(current, target) -> None:  # type: ignore[no-untyped-def]
    """Each step is one the workflow allows, the walk ends at the target, and nothing
    moves a proposal that has ended or is there already."""
    path = steps_towards(current, target)
    state = current
    for step in path:
        assert can_move(state, step), (state, step)
        state = step
    if path:
        assert state is target
    if current.is_final or current is target:
        assert path == ()


def test_the_rules_of_the_issue_parse_as_written() -> None:
    assert [str(InviteRule.parse(t)) for t in (
        "course-ends-within=8", "team=Regel", "municipality=Schorndorf", "level>=b1",
        "language=UK")] == [
        "course-ends-within=8", "team=regel", "municipality=Schorndorf", "level>=B1",
        "language=uk"]
