"""The four-fifths flag on constructed cases: who is flagged, who is too small to say."""

from __future__ import annotations

from datetime import date

from passgenau.reports.fairness import MIN_GROUP, PersonOutcome, age_band, audit
from passgenau.reports.rows import CandidateFacts

ON = date(2026, 11, 24)


def people(gender: str, n: int, proposed: int, start: int = 0) -> list[PersonOutcome]:
    return [PersonOutcome(CandidateFacts(f"{gender}{start + i}", gender=gender), i < proposed)
            for i in range(n)]


def by_group(result, attribute: str = "gender") -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    return {g.group: (g.candidates, g.count, g.ratio_to_best, g.flag)
            for g in result.groups if g.attribute == attribute}


def test_a_group_below_four_fifths_of_the_best_is_flagged() -> None:
    """Men 30 of 50 proposed (60 %), women 20 of 50 (40 %): 0.40/0.60 = 0.667 < 0.8."""
    result = audit(people("m", 50, 30) + people("f", 50, 20), ON)
    groups = by_group(result)
    assert groups["m"][:2] == (50, 30) and groups["m"][3] is False
    assert groups["f"][:2] == (50, 20)
    assert abs(groups["f"][2] - 2 / 3) < 1e-9
    assert groups["f"][3] is True


def test_a_flag_is_clear_only_beyond_the_noise() -> None:
    """40 % of 50 against 60 % of 50 is below 4/5 but within the noise (Wilson 95 %:
    27.6 %-53.8 % against 46.2 %-72.4 %; 53.8 % is not below 0.8 x 46.2 % = 37 %);
    30 of 100 (upper end 39.6 %) against 90 of 100 (lower end 82.6 %) is clearly below."""
    noisy = next(g for g in audit(people("m", 50, 30) + people("f", 50, 20), ON).groups
             if g.group == "f")
    assert noisy.flag and not noisy.clear
    clear = next(g for g in audit(people("m", 100, 90) + people("f", 100, 30), ON).groups
             if g.group == "f")
    assert clear.flag and clear.clear


def test_at_four_fifths_exactly_no_flag() -> None:
    """40 % against 50 %: the ratio is 0.8, not below it."""
    groups = by_group(audit(people("m", 50, 25) + people("f", 50, 20), ON))
    assert abs(groups["f"][2] - 0.8) < 1e-9 and groups["f"][3] is False


def test_small_groups_are_listed_but_never_flagged() -> None:
    """A group of 29 (below the minimum of 30) with 0 % is shown, not flagged; and a
    small group cannot be the best one either."""
    assert MIN_GROUP == 30
    result = audit(people("m", 50, 30) + people("d", 29, 0) + people("x", 5, 5), ON)
    groups = by_group(result)
    assert groups["d"] == (29, 0, 0.0, False)
    assert groups["x"][2] == 1 / 0.6 and groups["x"][3] is False
    assert groups["m"][2] == 1.0


def test_unknown_is_nobodys_group() -> None:
    """Candidates without the attribute form "unknown": never flagged, never the best."""
    result = audit(people("", 100, 90) + people("f", 40, 10), ON)
    groups = by_group(result)
    assert groups["unknown"][3] is False
    assert groups["f"][2] == 1.0  # the only known group is its own best


def test_age_bands_follow_the_routing_boundary() -> None:
    """24 in the reference year is under 25 (the youth team's), 25 is not."""
    assert [age_band(y, ON) for y in (2002, 2001, 1992, 1982, 1972, 1971, None)] == [
        "under_25", "25_34", "25_34", "35_44", "45_54", "55_plus", "unknown"]
