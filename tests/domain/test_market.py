"""Who stays in the market for a new stored run (``domain/market.open_market``)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from passgenau.domain.casework import CaseFile
from passgenau.domain.market import open_market
from passgenau.domain.model import Household
from passgenau.domain.placement import Proposal, ProposalState
from tests.matching.instances import candidate, dataset, vacancy

DAY = date(2026, 12, 1)


def test_a_couple_losing_a_member_is_no_longer_a_household() -> None:
    """C1 is hired: the couple C1+C2 cannot be placed together any more; C2 stays alone,
    the trio C3+C4+C5 keeps its two members still looking."""
    ds = dataset(
        (vacancy("V1", positions=3),),
        tuple(candidate(f"C{k}") for k in range(1, 6)),
        households=(Household("H1", ("C1", "C2"), True),
                    Household("H2", ("C3", "C4", "C5"), True)),
    )
    hired = [Proposal("V1", "C1", ProposalState.HIRED), Proposal("V1", "C5", ProposalState.HIRED)]
    opened, aside = open_market(ds, hired, (), DAY)
    assert [c.id for c in opened.candidates] == ["C2", "C3", "C4"]
    assert [(h.id, h.members) for h in opened.households] == [("H2", ("C3", "C4"))]
    assert opened.vacancies[0].positions == 1
    assert aside.placed == ("C1", "C5") and aside.filled == ()


def test_a_case_ending_after_the_day_still_counts() -> None:
    ds = dataset((vacancy("V1"),), (candidate("C1"), candidate("C2")))
    cases = [CaseFile("C1", ended_on=date(2027, 1, 1)), CaseFile("C2", ended_on=DAY)]
    opened, aside = open_market(ds, (), cases, DAY)
    assert [c.id for c in opened.candidates] == ["C1"]
    assert aside.case_ended == ("C2",)


states = st.sampled_from(list(ProposalState))


@given(st.lists(st.tuples(st.integers(1, 4), st.integers(1, 6), states), max_size=12))
def test_nobody_hired_and_no_filled_vacancy_is_left_in_the_market(rows) -> None:
    ds = dataset(
        tuple(vacancy(f"V{j}", positions=1 + j % 2) for j in range(1, 5)),
        tuple(candidate(f"C{k}") for k in range(1, 7)),
    )
    proposals = [Proposal(f"V{j}", f"C{k}", s) for j, k, s in rows]
    opened, aside = open_market(ds, proposals, (), DAY)
    hired = [p for p in proposals if p.state is ProposalState.HIRED]
    assert not {p.candidate_id for p in hired} & {c.id for c in opened.candidates}
    for v in ds.vacancies:
        hires = sum(p.vacancy_id == v.id for p in hired)
        left = [o for o in opened.vacancies if o.id == v.id]
        assert (left[0].positions == v.positions - hires) if hires < v.positions else not left
    assert len(opened.candidates) + len(aside.placed) == len(ds.candidates)
