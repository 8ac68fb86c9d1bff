"""Value objects: German levels, KldB codes, time windows and the SCHEDULE rule."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passgenau.domain import GermanLevel, KldbCode, RequirementLevel, ShiftOption, TimeWindow
from passgenau.domain.schedule import Weekday, fits_availability, format_clock, parse_clock


def test_german_levels_are_ordered() -> None:
    """A0 < A1 < A2 < B1 < B2 < C1 < C2, parsed case-insensitively."""
    names = ["a0", "A1", "A2", "B1", "b2", "C1", "C2"]
    assert sorted(GermanLevel, key=int) == [GermanLevel.parse(x) for x in names]
    with pytest.raises(ValueError, match=r"'B3' is not one of A0\.\.C2"):
        GermanLevel.parse("B3")


def test_kldb_hierarchy_and_level() -> None:
    """The 5th digit is the requirement level; prefixes are the groups."""
    code = KldbCode("62102")
    assert code.requirement_level is RequirementLevel.SKILLED
    assert code.berufsgruppe == "621" and code.berufsuntergruppe == "6210"
    assert code.shared_prefix(KldbCode("62101")) == 4
    assert code.shared_prefix(KldbCode("51312")) == 0
    assert KldbCode("01104").code == "01104"  # leading zeros are kept


@pytest.mark.parametrize("bad", ["6210", "621021", "6210x", "62100", "62105"])
def test_kldb_rejects_malformed_codes(bad: str) -> None:
    """Exactly five digits with a requirement level 1..4."""
    with pytest.raises(ValueError):
        KldbCode(bad)


@given(st.integers(0, 1440))
def test_clock_round_trip(minutes: int) -> None:
    """Every minute of the day, 24:00 included, formats and parses back."""
    assert parse_clock(format_clock(minutes)) == minutes


@pytest.mark.parametrize("bad", ["24:01", "7:00", "07:60", "ab:cd", "25:00"])
def test_clock_rejects_bad_times(bad: str) -> None:
    """Only HH:MM, 24 h, and 24:00 as the day's end."""
    with pytest.raises(ValueError):
        parse_clock(bad)


def test_window_needs_from_before_to() -> None:
    """A window that ends before it starts is refused."""
    with pytest.raises(ValueError, match="before"):
        TimeWindow.of("mon", "13:00", "08:00")


CHILDCARE = (TimeWindow.of("mon tue wed thu fri", "07:30", "13:30"),)
EARLY = ShiftOption((TimeWindow.of("mon tue wed thu fri", "08:00", "12:00"),), "Früh")
LATE = ShiftOption((TimeWindow.of("mon tue wed thu fri", "14:00", "18:00"),), "Spät")


def test_schedule_rule_widens_the_shift_by_the_commute() -> None:
    """A mother free 07:30–13:30 can work 08:00–12:00 with 30 min commute, not 31."""
    assert fits_availability(EARLY, CHILDCARE, 30)
    assert not fits_availability(EARLY, CHILDCARE, 31)
    assert not fits_availability(LATE, CHILDCARE, 0)


def test_schedule_rule_checks_every_day() -> None:
    """A Saturday window needs Saturday availability."""
    saturday = ShiftOption((TimeWindow.of("sat", "08:00", "12:00"),))
    assert not fits_availability(saturday, CHILDCARE, 0)


def test_complementary_shifts_do_not_overlap() -> None:
    """Early and late shifts let a couple share childcare; two early shifts do not."""
    assert not EARLY.overlaps(LATE)
    assert EARLY.overlaps(EARLY)
    assert Weekday.parse("fri") is Weekday.FRI
