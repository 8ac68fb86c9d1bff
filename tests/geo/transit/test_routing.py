"""Hand-made feeds with answers worked out by hand: what a caseworker would notice."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from passgenau.geo.transit import NO_CONNECTION, TransitModel, arrive_by_minutes
from passgenau.geo.transit.matrix import depart_at_minutes

from .feeds import TUESDAY, Feed

SUNDAY = date(2024, 3, 10)


def _minutes(model: TransitModel, feed: Feed, home: str, work: str, deadline: int,
             day: date = TUESDAY) -> int:
    (hl, ho), (wl, wo) = feed.where(home), feed.where(work)
    return int(model.arrive_by_minutes([hl], [ho], [wl], [wo], deadline, day)[0, 0])


def _home_minutes(model: TransitModel, feed: Feed, home: str, work: str, start: int,
                  day: date = TUESDAY) -> int:
    (hl, ho), (wl, wo) = feed.where(home), feed.where(work)
    return int(model.depart_at_minutes([hl], [ho], [wl], [wo], start, day)[0, 0])


@pytest.fixture
def line(tmp_path: Path) -> tuple[Feed, TransitModel]:
    """Bus 1 from A to B (22 km) at 06:00 and 06:30, 20 minutes; back at 16:05."""
    feed = Feed()
    feed.service()
    feed.stop("A", name="Waiblingen Bf")
    feed.stop("B", name="Schorndorf")
    feed.trip("t1", "1", [("A", "06:00"), ("B", "06:20")])
    feed.trip("t2", "1", [("A", "06:30"), ("B", "06:50")])
    feed.trip("t3", "1", [("B", "16:05"), ("A", "16:25")])
    return feed, TransitModel(feed.timetable(tmp_path))


def test_arriving_one_minute_too_late_takes_the_earlier_bus(line) -> None:
    """Shift at 06:49: the 06:30 bus arrives 06:50, so the candidate must take the 06:00
    bus and waits at work; the travel time counts from leaving home to the shift."""
    feed, model = line
    assert _minutes(model, feed, "A", "B", 6 * 60 + 50) == 20
    assert _minutes(model, feed, "A", "B", 6 * 60 + 49) == 49


def test_shift_before_the_first_bus_has_no_connection(line) -> None:
    """A 06:00 shift: no bus arrives by then and walking 22 km is out of reach."""
    feed, model = line
    assert _minutes(model, feed, "A", "B", 6 * 60) == NO_CONNECTION
    assert _minutes(model, feed, "A", "B", 6 * 60 + 19) == NO_CONNECTION
    assert _minutes(model, feed, "A", "B", 6 * 60 + 20) == 20


def test_no_service_at_night_or_on_sunday(line) -> None:
    """Nothing runs at 02:00 nor on a Sunday (the weekday service only)."""
    feed, model = line
    assert _minutes(model, feed, "A", "B", 2 * 60) == NO_CONNECTION
    assert _minutes(model, feed, "A", "B", 7 * 60, SUNDAY) == NO_CONNECTION


def test_the_horizon_bounds_waiting(line) -> None:
    """A shift at 11:00 would need the 06:30 bus: 4 h 30 min, beyond the horizon."""
    feed, model = line
    assert _minutes(model, feed, "A", "B", 10 * 60 + 30) == 240
    assert _minutes(model, feed, "A", "B", 11 * 60) == NO_CONNECTION


def test_way_home_after_the_shift(line) -> None:
    """Leaving work at 16:00, the 16:05 bus gets home at 16:25; at 16:06 it is gone."""
    feed, model = line
    assert _home_minutes(model, feed, "A", "B", 16 * 60) == 25
    assert _home_minutes(model, feed, "A", "B", 16 * 60 + 6) == NO_CONNECTION


def test_journey_names_line_stops_and_times(line) -> None:
    """The explanation says which bus from where at what time."""
    feed, model = line
    (hl, ho), (wl, wo) = feed.where("A"), feed.where("B")
    journey = model.journey_to_work(hl, ho, wl, wo, 6 * 60 + 55, TUESDAY)
    assert journey is not None
    assert [leg.describe() for leg in journey.rides] == [
        "Bus 1 ab Waiblingen Bf 06:30, an Schorndorf 06:50, 20 min"]
    assert journey.minutes == 25
    assert "5 min vor Beginn" in journey.describe()
    back = model.journey_home(hl, ho, wl, wo, 16 * 60, TUESDAY)
    assert back is not None and back.minutes == 25
    assert back.rides[0].describe() == "Bus 1 ab Schorndorf 16:05, an Waiblingen Bf 16:25, " \
        "20 min"
    assert model.journey_to_work(hl, ho, wl, wo, 6 * 60, TUESDAY) is None


def test_calendar_dates_remove_a_holiday_and_add_a_sunday(tmp_path: Path) -> None:
    """The weekday bus does not run on 3 October (removed); a Sunday service runs only on
    the date calendar_dates adds."""
    feed = Feed()
    feed.service()
    feed.exception("WK", "20241003", 2)
    feed.exception("FEST", "20240310", 1)
    feed.stop("A")
    feed.stop("B")
    feed.trip("t1", "1", [("A", "07:00"), ("B", "07:30")])
    feed.trip("t2", "2", [("A", "09:00"), ("B", "09:40")], service="FEST")
    model = TransitModel(feed.timetable(tmp_path))
    assert _minutes(model, feed, "A", "B", 8 * 60, date(2024, 10, 3)) == NO_CONNECTION
    assert _minutes(model, feed, "A", "B", 8 * 60, date(2024, 10, 10)) == 60
    assert _minutes(model, feed, "A", "B", 10 * 60, SUNDAY) == 60
    assert _minutes(model, feed, "A", "B", 10 * 60, date(2024, 3, 17)) == NO_CONNECTION


def test_times_past_midnight_belong_to_the_service_day_before(tmp_path: Path) -> None:
    """A weekday night bus at 24:30 (Friday's runs early on Saturday): it serves a
    Tuesday shift at 25:00 and a Saturday shift at 01:00, but not a Monday at 01:00
    (Sunday has no service)."""
    feed = Feed()
    feed.service()
    feed.stop("A")
    feed.stop("B")
    feed.trip("n1", "N1", [("A", "24:30:00"), ("B", "24:50:00")])
    model = TransitModel(feed.timetable(tmp_path))
    assert _minutes(model, feed, "A", "B", 25 * 60, TUESDAY) == 30
    assert _minutes(model, feed, "A", "B", 60, date(2024, 3, 9)) == 30  # Saturday
    assert _minutes(model, feed, "A", "B", 60, date(2024, 3, 6)) == 30  # Wednesday
    assert _minutes(model, feed, "A", "B", 60, date(2024, 3, 11)) == NO_CONNECTION  # Mon
    journey = model.journey_to_work(*feed.where("A"), *feed.where("B"), 60, date(2024, 3, 9))
    assert journey is not None
    assert journey.rides[0].describe() == "Bus N1 ab A 00:30, an B 00:50, 20 min"


def _transfer_feed(transfer_s: int | None, kind: int = 2) -> Feed:
    """Bus 1 A→B arrives 07:00; Bus 2 leaves C, 300 m from B, at 07:05 and 07:35."""
    feed = Feed()
    feed.service()
    feed.stop("A")
    b_lat, b_lon = feed.stop("B")
    feed.stop("C", b_lat + 0.0027, b_lon)  # 300 m north: beyond a 200 m radius
    feed.stop("D", b_lat + 0.2, b_lon)
    feed.trip("t1", "1", [("A", "06:40"), ("B", "07:00")])
    feed.trip("t2", "2", [("C", "07:05"), ("D", "07:30")])
    feed.trip("t3", "2", [("C", "07:35"), ("D", "08:00")])
    if transfer_s is not None or kind == 3:
        feed.transfer("B", "C", transfer_s, kind)
    return feed


def test_transfer_with_a_footpath_from_transfers_txt(tmp_path: Path) -> None:
    """transfers.txt: 4 minutes from B to C; 07:00 + 4 min catches the 07:05 bus."""
    feed = _transfer_feed(240)
    model = TransitModel(feed.timetable(tmp_path))
    assert _minutes(model, feed, "A", "D", 7 * 60 + 30) == 50
    journey = model.journey_to_work(*feed.where("A"), *feed.where("D"), 7 * 60 + 30,
                                    TUESDAY)
    assert journey is not None
    assert [leg.kind for leg in journey.legs] == ["walk", "ride", "walk", "ride", "walk"]
    assert journey.legs[2].minutes == 4


def test_transfer_fails_when_the_transfer_time_is_too_short(tmp_path: Path) -> None:
    """transfers.txt: 6 minutes from B to C; the 07:05 bus is gone, the 07:35 one is
    the first to take, so a 07:30 shift cannot be reached and an 08:00 one takes 80 min."""
    feed = _transfer_feed(360)
    model = TransitModel(feed.timetable(tmp_path))
    assert _minutes(model, feed, "A", "D", 7 * 60 + 30) == NO_CONNECTION
    assert _minutes(model, feed, "A", "D", 8 * 60) == 80
    assert _home_minutes(model, feed, "D", "A", 6 * 60 + 30) == 90  # forward: 08:00


def test_without_a_footpath_there_is_no_transfer(tmp_path: Path) -> None:
    """Without a transfers.txt row, B and C (300 m apart, not one station, beyond the
    walking radius of 200 m asked here) are not linked; a forbidden transfer (type 3)
    is not either."""
    for feed in (_transfer_feed(None), _transfer_feed(None, kind=3)):
        model = TransitModel(feed.timetable(tmp_path, footpath_radius_km=0.2))
        assert _minutes(model, feed, "A", "D", 8 * 60) == NO_CONNECTION


def _station_feed(with_parent: bool) -> Feed:
    """Bus 1 A→P1 arrives 07:00; Bus 2 leaves P2, 300 m away, at 07:10 for D."""
    feed = Feed()
    feed.service()
    feed.stop("A")
    lat, lon = feed.stop("P", name="Bahnhof", location_type="1")
    extra = {"parent_station": "P"} if with_parent else {}
    feed.stop("P1", lat, lon, name="Bahnhof Gleis 1", **extra)
    feed.stop("P2", lat + 0.0027, lon, name="Bahnhof Bussteig", **extra)
    feed.stop("D", lat + 0.2, lon)
    feed.trip("t1", "1", [("A", "06:40"), ("P1", "07:00")])
    feed.trip("t2", "2", [("P2", "07:10"), ("D", "07:30")])
    return feed


def test_platforms_of_one_station_are_linked(tmp_path: Path) -> None:
    """Two platforms of one parent station 300 m apart: changing works (walk 5.2 min);
    the same stops without the parent station are not linked (beyond a walking radius
    of 200 m)."""
    feed = _station_feed(with_parent=True)
    tt = feed.timetable(tmp_path)
    assert tt.stop_parent[list(tt.stop_ids).index("P2")] == list(tt.stop_ids).index("P")
    model = TransitModel(tt)
    assert _minutes(model, feed, "A", "D", 7 * 60 + 30) == 50
    journey = model.journey_to_work(*feed.where("A"), *feed.where("D"), 7 * 60 + 30,
                                    TUESDAY)
    assert journey is not None
    assert journey.legs[2].from_name == "Bahnhof Gleis 1"
    assert journey.legs[2].to_name == "Bahnhof Bussteig"
    feed = _station_feed(with_parent=False)
    model = TransitModel(feed.timetable(tmp_path, footpath_radius_km=0.2))
    assert _minutes(model, feed, "A", "D", 7 * 60 + 30) == NO_CONNECTION


def test_walking_further_to_a_better_stop_wins(tmp_path: Path) -> None:
    """Home 300 m from stop N (whose bus goes elsewhere) and 900 m from stop F (bus to
    work): the router walks to F, which only the nearest stop would have missed."""
    feed = Feed()
    feed.service()
    home_lat, home_lon = 48.8, 9.4
    feed.stop("N", home_lat + 0.0027, home_lon)  # ~300 m
    feed.stop("F", home_lat - 0.0081, home_lon)  # ~900 m
    feed.stop("X", home_lat + 0.3, home_lon)
    feed.stop("W", home_lat - 0.3, home_lon)
    feed.trip("t1", "5", [("N", "07:00"), ("X", "07:20")])
    feed.trip("t2", "6", [("F", "07:00"), ("W", "07:25")])
    model = TransitModel(feed.timetable(tmp_path))
    w_lat, w_lon = feed.where("W")
    got = model.arrive_by_minutes([home_lat], [home_lon], [w_lat], [w_lon], 7 * 60 + 30,
                                  TUESDAY)[0, 0]
    f_lat, _ = feed.where("F")
    walk_s = math.ceil(6371.0 * math.radians(home_lat - f_lat) * 1.3 / 4.5 * 3600)
    assert got == math.ceil((30 * 60 + walk_s) / 60) == 46
    journey = model.journey_to_work(home_lat, home_lon, w_lat, w_lon, 7 * 60 + 30, TUESDAY)
    assert journey is not None and journey.rides[0].route == "6"


def test_a_short_walk_beats_the_bus(tmp_path: Path) -> None:
    """Home and work 1 km apart: walking (17.4 min) counts when the bus is slower."""
    feed = Feed()
    feed.service()
    feed.stop("A", 48.8, 9.4)
    feed.stop("B", 48.809, 9.4)
    feed.trip("t1", "1", [("A", "06:00"), ("B", "06:20")])
    model = TransitModel(feed.timetable(tmp_path))
    assert _minutes(model, feed, "A", "B", 7 * 60) == 18
    journey = model.journey_to_work(*feed.where("A"), *feed.where("B"), 7 * 60, TUESDAY)
    assert journey is not None and journey.rides == () and journey.minutes == 18


def test_no_boarding_where_pickup_is_forbidden(tmp_path: Path) -> None:
    """pickup_type 1 at A: the bus calls there but cannot be boarded."""
    feed = Feed()
    feed.service()
    feed.stop("A")
    feed.stop("B")
    feed.trip("t1", "1", [("A", "07:00"), ("B", "07:20")], A={"pickup_type": "1"})
    model = TransitModel(feed.timetable(tmp_path))
    assert _minutes(model, feed, "A", "B", 8 * 60) == NO_CONNECTION


def test_matrix_shape_duplicates_and_module_functions(line) -> None:
    """Rows follow the workplaces as given (duplicates included), columns the homes;
    the module-level functions give the model's answers."""
    feed, model = line
    (al, ao), (bl, bo) = feed.where("A"), feed.where("B")
    tt = model.timetable
    got = arrive_by_minutes(tt, [al, bl], [ao, bo], [bl, al, bl], [bo, ao, bo], 7 * 60,
                            TUESDAY)
    assert got.dtype == np.int32 and got.shape == (3, 2)
    assert got.tolist() == [[30, 0], [0, -1], [30, 0]]
    back = depart_at_minutes(tt, [al], [ao], [bl], [bo], 16 * 60, TUESDAY)
    assert back.tolist() == [[25]]
