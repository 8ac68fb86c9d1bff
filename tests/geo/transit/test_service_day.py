"""Choosing the date a weekly shift is routed on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from passgenau.geo.transit import Timetable, choose_service_day

from .feeds import Feed


@pytest.fixture
def timetable(tmp_path: Path) -> Timetable:
    """Weekday buses March–June 2024; the Easter-holiday week (25–29 March) has only
    the ferial service, Monday 1 April (Easter Monday) none."""
    feed = Feed()
    feed.service("WK", start="20240301", end="20240630")
    feed.service("FERIEN", start="20240325", end="20240329")
    for day in range(25, 30):
        feed.exception("WK", f"202403{day}", 2)
    feed.exception("WK", "20240401", 2)
    feed.stop("A")
    feed.stop("B")
    for k in range(4):
        feed.trip(f"w{k}", "1", [("A", f"0{6 + k}:00"), ("B", f"0{6 + k}:30")])
    feed.trip("f", "1", [("A", "07:00"), ("B", "07:30")], service="FERIEN")
    return feed.timetable(tmp_path)


def test_the_weekday_of_the_reference_week(timetable: Timetable) -> None:
    """Reference Thursday 14 March, shift on Tuesday: Tuesday 12 March, no warning."""
    chosen = choose_service_day(timetable, 1, date(2024, 3, 14))
    assert (chosen.day, chosen.trips, chosen.warning) == (date(2024, 3, 12), 4, None)


def test_a_holiday_week_is_replaced_by_a_school_week(timetable: Timetable) -> None:
    """In the Easter holidays a Wednesday shift is routed on the nearest regular
    Wednesday, and the warning says why."""
    chosen = choose_service_day(timetable, 2, date(2024, 3, 26))
    assert chosen.day == date(2024, 3, 20)  # a week before and after tie: the earlier
    assert chosen.warning is not None and "weniger Fahrten" in chosen.warning
    monday = choose_service_day(timetable, 0, date(2024, 4, 1))
    assert monday.day in (date(2024, 3, 18), date(2024, 4, 8)) and monday.trips == 4


def test_an_expired_feed_still_answers_with_a_warning(timetable: Timetable) -> None:
    """Reference date 2025: a Tuesday inside the validity, and a German warning."""
    chosen = choose_service_day(timetable, 1, date(2025, 2, 4))
    assert chosen.day.weekday() == 1 and timetable.covers(chosen.day)
    assert chosen.trips == 4
    assert chosen.warning is not None
    assert chosen.warning.startswith("Der Fahrplan gilt vom 01.03.2024 bis 30.06.2024")
    assert "04.02.2025" in chosen.warning


def test_a_weekday_without_any_service(timetable: Timetable) -> None:
    """Sundays: nothing runs, and the warning says so."""
    chosen = choose_service_day(timetable, 6, date(2024, 3, 14))
    assert chosen.trips == 0
    assert chosen.warning == "Laut Fahrplan fährt am Sonntag nichts."
