"""The on-site interview day: a mother whose childcare ends at 13:00 and who rides the
bus 35 minutes each way fits in a morning slot that gets her home by 13:00; a day that
starts too late for her is blocked, naming her and the SCHEDULE rule."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from passgenau.domain import Location, TravelMode
from passgenau.domain.schedule import Weekday, parse_clock
from passgenau.geo.transit.travel import TimetableTravelModel
from passgenau.geo.travel import reference_model
from passgenau.scheduling.interview_day import (
    COMMUTE,
    NO_FREE_SLOT,
    SCHEDULE,
    InterviewDayRequest,
    Interviewee,
    plan_interview_day,
)
from tests.geo.transit.feeds import Feed
from tests.matching.instances import REFERENCE_DATE, WAIBLINGEN, point_at

ALL_DAY = ((0, 24 * 60),)
#: 5.6 km: by the reference model's bus 5.6 × 1.3 / 22 × 60 + 15 = 34.85 → 35 minutes
MOTHER_HOME = point_at(WAIBLINGEN, 5.6)


def mother(cid: str = "M", until: str = "13:00") -> Interviewee:
    return Interviewee(cid, MOTHER_HOME, (TravelMode.TRANSIT,), 60,
                       ((parse_clock("08:00"), parse_clock(until)),))


def neighbour(cid: str) -> Interviewee:
    """Lives next to the employer, free all day."""
    return Interviewee(cid, point_at(WAIBLINGEN, 0.3), (TravelMode.WALK,), 60, ALL_DAY)


def day(people: tuple[Interviewee, ...], start: str, end: str,
        slot: int = 30) -> InterviewDayRequest:
    return InterviewDayRequest(WAIBLINGEN, Weekday.TUE, parse_clock(start), parse_clock(end),
                               slot, people)


def test_the_day_fits_the_mother_home_by_one_oclock() -> None:
    """Four slots 11:00–13:00 for her and three neighbours: only the 11:00 and 11:30
    slots end by 12:25, so she gets one of them, and is home by 13:00."""
    people = (neighbour("N1"), mother(), neighbour("N2"), neighbour("N3"))
    plan = plan_interview_day(day(people, "11:00", "13:00"), reference_model())
    assert plan.fits
    slot = next(s for s in plan.slots if s.candidate_id == "M")
    assert slot.commute_minutes == 35
    assert slot.there_minutes == slot.home_minutes == 35
    assert slot.end + 35 <= parse_clock("13:00")
    assert slot.back_home <= parse_clock("13:00")
    assert slot.start - 35 >= parse_clock("08:00")
    starts = sorted(s.start for s in plan.slots)
    assert starts == [parse_clock(t) for t in ("11:00", "11:30", "12:00", "12:30")]


def test_a_day_too_late_for_her_is_blocked_by_her_schedule() -> None:
    """From 12:30 every slot ends after 12:25: she cannot be home by 13:00."""
    people = (neighbour("N1"), mother(), neighbour("N2"))
    plan = plan_interview_day(day(people, "12:30", "16:00"), reference_model())
    assert not plan.fits
    (blocked,) = plan.blocked
    assert blocked.candidate_id == "M"
    assert blocked.rule == SCHEDULE
    assert blocked.commute_minutes == 35
    assert blocked.windows == ((parse_clock("08:00"), parse_clock("13:00")),)


def test_two_mothers_and_one_early_slot_block_the_second() -> None:
    """Only the 11:00–11:30 slot of an 11:00–13:00 day with 60-minute slots (11:00,
    12:00) fits a mother; two mothers cannot both have it."""
    people = (mother("M1"), mother("M2"))
    plan = plan_interview_day(day(people, "11:00", "13:00", slot=60), reference_model())
    assert [b.rule for b in plan.blocked] == [NO_FREE_SLOT]
    assert [s.candidate_id for s in plan.slots] in (["M1"], ["M2"])


def test_out_of_reach_is_blocked_by_the_commute() -> None:
    far = Interviewee("F", point_at(WAIBLINGEN, 40.0), (TravelMode.TRANSIT,), 60, ALL_DAY)
    plan = plan_interview_day(day((far,), "09:00", "12:00"), reference_model())
    (blocked,) = plan.blocked
    assert (blocked.candidate_id, blocked.rule) == ("F", COMMUTE)
    assert blocked.commute_minutes == 157  # 40 × 1.3 / 22 × 60 + 15 = 156.8


def test_interviews_are_back_to_back_when_they_can_be() -> None:
    """Three neighbours on a day of eight slots take three consecutive ones."""
    people = (neighbour("A"), neighbour("B"), neighbour("C"))
    plan = plan_interview_day(day(people, "09:00", "13:00"), reference_model())
    starts = sorted(s.start for s in plan.slots)
    assert starts[1] - starts[0] == starts[2] - starts[1] == 30


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0.2, 8.0), st.sampled_from(["10:00", "12:00", "13:00",
                                                                  "15:00", "24:00"])),
                min_size=1, max_size=6),
       st.sampled_from(["08:00", "10:00", "12:00"]), st.integers(15, 60))
def test_every_slot_is_reachable_inside_availability_and_nobody_shares_one(
        people, start, slot) -> None:
    interviewees = tuple(
        Interviewee(f"C{k}", point_at(WAIBLINGEN, km), (TravelMode.TRANSIT, TravelMode.WALK),
                    60, ((parse_clock("07:00"), parse_clock(until)),))
        for k, (km, until) in enumerate(people))
    request = day(interviewees, start, "16:00", slot)
    plan = plan_interview_day(request, reference_model())
    placed = [s.candidate_id for s in plan.slots]
    blocked = [b.candidate_id for b in plan.blocked]
    assert sorted(placed + blocked) == sorted(p.candidate_id for p in interviewees)
    assert len({s.start for s in plan.slots}) == len(plan.slots)
    by_id = {p.candidate_id: p for p in interviewees}
    for s in plan.slots:
        assert s.start in request.slot_starts and s.end == s.start + slot
        (low, high), = by_id[s.candidate_id].windows
        assert low <= s.leave_home and s.back_home <= high
        assert s.commute_minutes <= 60


# -- with a timetable: the real trips -------------------------------------------------
STATION = Location(48.8300, 9.3170, "71332", "Waiblingen")
FIRM = Location(48.8060, 9.5270, "73614", "Schorndorf")


def hourly_bus(tmp_path: Path) -> TimetableTravelModel:
    """Bus 204 Waiblingen Bf → Schorndorf at :12 (36 min), back at :10 (36 min)."""
    feed = Feed()
    feed.stop("WN", STATION.lat, STATION.lon, "Waiblingen Bf")
    feed.stop("SD", FIRM.lat, FIRM.lon - 0.001, "Schorndorf")
    feed.service("WK", start="20260101", end="20261231")
    for hour in range(6, 15):
        feed.trip(f"t{hour}", "204", [("WN", f"{hour:02d}:12"), ("SD", f"{hour:02d}:48")])
        feed.trip(f"b{hour}", "204", [("SD", f"{hour:02d}:10"), ("WN", f"{hour:02d}:46")])
    return TimetableTravelModel.of(feed.timetable(tmp_path), REFERENCE_DATE)


def test_the_timetable_decides_and_names_the_buses(tmp_path: Path) -> None:
    """Slots 11:30 and 12:00 (Tuesday). After 12:00–12:30 the next bus home is 13:10,
    too late for her childcare; after 11:30–12:00 the 12:10 bus gets her home at 12:46
    (plus the walk from the stop). The plan names both buses."""
    rider = Interviewee("M", STATION, (TravelMode.TRANSIT,), 90,
                        ((parse_clock("08:00"), parse_clock("13:00")),))
    request = InterviewDayRequest(FIRM, Weekday.TUE, parse_clock("11:30"),
                                  parse_clock("12:30"), 30, (rider,))
    plan = plan_interview_day(request, hourly_bus(tmp_path))
    (slot,) = plan.slots
    assert slot.start == parse_clock("11:30")
    assert slot.back_home <= parse_clock("13:00")
    assert slot.trips is not None
    assert slot.trips.there is not None and "Bus 204 ab Waiblingen Bf 10:12" in slot.trips.there
    assert slot.trips.home is not None and "Bus 204 ab Schorndorf 12:10" in slot.trips.home
    late = InterviewDayRequest(FIRM, Weekday.TUE, parse_clock("12:00"), parse_clock("12:30"),
                               30, (rider,))
    (blocked,) = plan_interview_day(late, hourly_bus(tmp_path)).blocked
    assert blocked.rule == SCHEDULE
