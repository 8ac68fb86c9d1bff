"""Team routing (Teams nach Phase), as the interview describes it."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passgenau.domain import GermanLevel, RoutingRules, Team

ON = date(2026, 11, 24)
RULES = RoutingRules()


@pytest.mark.parametrize(
    ("level", "birth_year", "team"),
    [
        (GermanLevel.A0, 1980, Team.IBA),
        (GermanLevel.A2, 1980, Team.IBA),
        (GermanLevel.B1, 1980, Team.REGEL),
        (GermanLevel.B2, 1980, Team.PROJEKT),
        (GermanLevel.C2, 1980, Team.PROJEKT),
        (GermanLevel.A1, 2005, Team.U25),
        (GermanLevel.B2, 2005, Team.U25),
        (GermanLevel.A2, None, Team.IBA),
        (GermanLevel.B1, None, Team.REGEL),
    ],
)
def test_default_rules(level: GermanLevel, birth_year: int | None, team: Team) -> None:
    """IBA below B1, Regelteam at B1, Projektteam from B2, U25 for under-25s."""
    assert RULES.team_for(level, birth_year, ON) is team


def test_age_boundary_counts_by_birth_year() -> None:
    """Born 2001: 25 in 2026, so no longer U25; born 2002 still is."""
    assert RULES.team_for(GermanLevel.A1, 2001, ON) is Team.IBA
    assert RULES.team_for(GermanLevel.A1, 2002, ON) is Team.U25


def test_rules_are_configurable() -> None:
    """Another Jobcenter cuts the Projektteam at C1 and the youth team at 27."""
    rules = RoutingRules(youth_age_limit=27, projekt_from=GermanLevel.C1)
    assert rules.team_for(GermanLevel.B2, 1980, ON) is Team.REGEL
    assert rules.team_for(GermanLevel.C1, 1980, ON) is Team.PROJEKT
    assert rules.team_for(GermanLevel.C1, 2000, ON) is Team.U25


def test_inconsistent_rules_are_refused() -> None:
    """A Projektteam threshold below the Regelteam threshold makes no sense."""
    with pytest.raises(ValueError, match="projekt_from"):
        RoutingRules(regel_from=GermanLevel.B2, projekt_from=GermanLevel.B1)


@given(
    level=st.sampled_from(GermanLevel),
    birth_year=st.one_of(st.none(), st.integers(1940, 2010)),
)
def test_routing_is_monotone_in_language(level: GermanLevel, birth_year: int | None) -> None:
    """Better German never moves an adult back to an earlier team."""
    order = [Team.IBA, Team.REGEL, Team.PROJEKT]
    team = RULES.team_for(level, birth_year, ON)
    if team is Team.U25:
        assert birth_year is not None and ON.year - birth_year < 25
        return
    for better in GermanLevel:
        if better >= level:
            assert order.index(RULES.team_for(better, birth_year, ON)) >= order.index(team)
