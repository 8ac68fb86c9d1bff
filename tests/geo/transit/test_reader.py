"""Reading GTFS: the real VVS subset, the format's corners, and bad feeds reported well."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from passgenau.domain.errors import InvalidInput
from passgenau.geo.transit import Timetable, read_feed, route_type_word
from passgenau.geo.transit.timetable import BOARD, DEFAULT_CHANGE_S

from .feeds import Feed, write_zip
from .test_oracle import VVS


def _read(path: Path) -> Timetable:
    with zipfile.ZipFile(path) as archive:
        return read_feed(archive)


def _problems(path: Path) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        _read(path)
    return [str(p) for p in caught.value.problems]


def _ids(values: np.ndarray) -> list[str]:
    return [str(v) for v in values]


def test_vvs_subset_is_read_completely() -> None:
    """The real feed: every stop, trip and hop; its validity; its transfer times."""
    if not VVS.is_file():
        pytest.skip(f"shared test data not here: {VVS}")
    tt = _read(VVS)
    assert (tt.n_stops, tt.n_trips) == (9427, 501)
    assert tt.n_connections == 6430 - 501  # one hop less than calls per trip
    assert (tt.valid_from, tt.valid_until) == (date(2021, 6, 15), date(2021, 9, 15))
    assert int(tt.served_stops().sum()) == 101
    assert sorted(set(_ids(tt.route_short_names))) == ["773", "779", "780", "782"]
    assert np.all(np.diff(tt.conn_dep) >= 0)
    assert np.all(tt.conn_arr >= tt.conn_dep)
    # "de:08115:4512:5:E" -> "de:08115:7021:1:3": type 2, 180 s in transfers.txt
    ids = _ids(tt.stop_ids)
    a, b = ids.index("de:08115:4512:5:E"), ids.index("de:08115:7021:1:3")
    targets = tt.foot_to[tt.foot_start[a]:tt.foot_start[a + 1]].tolist()
    assert tt.foot_s[tt.foot_start[a] + targets.index(b)] == 180
    assert tt.active_trips(date(2021, 6, 22)).sum() > 100
    assert tt.active_trips(date(2021, 6, 20)).sum() < tt.active_trips(date(2021, 6, 22)).sum()


def test_bom_quotes_crlf_column_order_and_missing_optional_columns(tmp_path: Path) -> None:
    """Files as spreadsheets and other tools write them: a BOM, quoted fields with
    commas, CRLF, columns in any order, no optional columns, extra unknown columns."""
    files = {
        "stops.txt": '\ufeffstop_lon,stop_id,stop_name,stop_lat,zone\r\n'
                     '9.4,"A","Waiblingen, Bahnhof",48.8,\r\n'
                     '9.4,B,"Schorndorf ""Mitte""",49.0,\r\n',
        "routes.txt": "route_id,route_type,route_long_name\r\nR,3,Schnellbus\r\n",
        "trips.txt": "\ufefftrip_id,route_id,service_id\r\nT,R,S\r\n",
        "stop_times.txt": "trip_id,stop_id,stop_sequence,arrival_time,departure_time\r\n"
                          "T,B,20,7:20:00,7:20:00\r\nT,A,10,07:00:00,07:00:00\r\n\r\n",
        "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,"
                        "sunday,start_date,end_date\r\nS,1,1,1,1,1,0,0,20240101,20241231\r\n",
    }
    tt = _read(write_zip(tmp_path / "f.zip", files))
    assert _ids(tt.stop_names) == ["Waiblingen, Bahnhof", 'Schorndorf "Mitte"']
    assert _ids(tt.route_short_names) == ["Schnellbus"]  # long name when no short name
    assert (tt.conn_dep.tolist(), tt.conn_arr.tolist()) == ([7 * 3600], [7 * 3600 + 1200])
    assert _ids(tt.stop_ids[tt.conn_dep_stop]) == ["A"]  # ordered by stop_sequence
    assert tt.stop_change_s.tolist() == [DEFAULT_CHANGE_S] * 2


def test_feed_with_only_calendar_dates(tmp_path: Path) -> None:
    """No calendar.txt: the services are the listed dates."""
    feed = Feed()
    feed.stop("A")
    feed.stop("B")
    feed.trip("t", "1", [("A", "07:00"), ("B", "07:30")], service="X")
    feed.exception("X", "20240305", 1)
    feed.exception("X", "20240312", 1)
    tt = feed.timetable(tmp_path)
    assert "calendar.txt" not in feed.files()
    assert tt.active_trips(date(2024, 3, 5)).tolist() == [True]
    assert tt.active_trips(date(2024, 3, 6)).tolist() == [False]
    assert (tt.valid_from, tt.valid_until) == (date(2024, 3, 5), date(2024, 3, 12))


def test_times_past_midnight_and_interpolated_stops(tmp_path: Path) -> None:
    """25:10:00 stays 90600 s of the same service day; a stop without times lies evenly
    between its timed neighbours; pickup_type 1 forbids boarding."""
    feed = Feed()
    feed.service()
    for s in "ABC":
        feed.stop(s)
    feed.trip("t", "N", [("A", "24:50:00"), ("B", ""), ("C", "25:10:00")],
              B={"pickup_type": "1"})
    tt = feed.timetable(tmp_path)
    assert tt.conn_dep.tolist() == [89400, 90000]
    assert tt.conn_arr.tolist() == [90000, 90600]
    assert (tt.conn_flags & BOARD).tolist() == [BOARD, 0]


def test_zip_with_a_folder_and_a_directory_feed(tmp_path: Path) -> None:
    """Feeds zipped with their folder, or unpacked into one, read the same."""
    from passgenau.services.transit import DirectoryFeed

    feed = Feed()
    feed.service()
    feed.stop("A")
    feed.stop("B")
    feed.trip("t", "1", [("A", "07:00"), ("B", "07:30")])
    nested = write_zip(tmp_path / "n.zip", {f"gtfs/{k}": v for k, v in feed.files().items()})
    folder = tmp_path / "dir"
    folder.mkdir()
    for name, text in feed.files().items():
        (folder / name).write_text(text, encoding="utf-8")
    a, b = _read(nested), read_feed(DirectoryFeed(folder))
    assert a.conn_dep.tolist() == b.conn_dep.tolist() == [7 * 3600]


def test_bad_feed_names_file_line_and_field(tmp_path: Path) -> None:
    """Every problem at once, each with its file, line and field, in German."""
    feed = Feed()
    feed.service()
    feed.stop("A")
    feed.stop("B")
    feed.trip("t1", "1", [("A", "07:00"), ("B", "07:6")])
    feed.trip("t2", "1", [("A", "08:00"), ("Z", "08:30")])
    feed.trip("t3", "1", [("A", "09:00"), ("B", "08:30")])
    problems = _problems(feed.zip(tmp_path / "bad.zip"))
    assert "stop_times.txt Zeile 3: arrival_time: '07:6:00' ist keine Uhrzeit HH:MM:SS" \
        in problems
    assert "stop_times.txt Zeile 5: stop_id: 'Z' steht nicht in stops.txt" in problems


def test_times_going_backwards_are_reported(tmp_path: Path) -> None:
    """A trip arriving before it left the previous stop is an error, with its line."""
    feed = Feed()
    feed.service()
    feed.stop("A")
    feed.stop("B")
    feed.trip("t3", "1", [("A", "09:00"), ("B", "08:30")])
    assert _problems(feed.zip(tmp_path / "bad.zip")) == [
        "stop_times.txt Zeile 3: arrival_time: liegt vor der Abfahrt an der Haltestelle "
        "davor"]


def test_missing_files_columns_and_bad_calendar_values(tmp_path: Path) -> None:
    """Missing stop_times.txt, a missing column, a bad date and exception type."""
    files = Feed().files()
    files["stops.txt"] = "stop_id,stop_name,stop_lat\nA,A,48.8\n"
    files["routes.txt"] = "route_id,route_type\nR,3\n"
    files["trips.txt"] = "route_id,service_id,trip_id\nR,S,T\nQ,S,T2\n"
    files["calendar_dates.txt"] = "service_id,date,exception_type\nS,2024-03-05,1\nS,20240305,3\n"
    problems = _problems(write_zip(tmp_path / "bad.zip", files))
    assert "stop_times.txt: Datei fehlt im Fahrplan" not in problems  # reported after
    assert "stops.txt Zeile 2: stop_lon: fehlt" in problems
    assert "calendar_dates.txt Zeile 2: date: '2024-03-05' ist kein Datum JJJJMMTT" in problems
    assert "calendar_dates.txt Zeile 3: exception_type: '3' ist nicht 1 oder 2" in problems
    assert "trips.txt Zeile 3: route_id: 'Q' steht nicht in routes.txt" in problems
    files["calendar_dates.txt"] = "service_id,date,exception_type\nS,20240305,1\n"
    files["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon\nA,A,48.8,9.4\n"
    files["trips.txt"] = "route_id,service_id,trip_id\nR,S,T\n"
    assert _problems(write_zip(tmp_path / "bad2.zip", files)) == [
        "stop_times.txt: Datei fehlt im Fahrplan"]
    files["stop_times.txt"] = "trip_id,stop_id,arrival_time\n"
    assert _problems(write_zip(tmp_path / "bad3.zip", files)) == [
        "stop_times.txt Zeile 1: departure_time: Spalte fehlt",
        "stop_times.txt Zeile 1: stop_sequence: Spalte fehlt"]


def test_not_utf8_and_no_calendar_at_all(tmp_path: Path) -> None:
    """A Latin-1 stops.txt and a feed with neither calendar file."""
    files: dict[str, str | bytes] = dict(Feed().files())
    files["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon\nA,Gärtringen,48.8,9.4\n" \
        .encode("latin-1")
    problems = _problems(write_zip(tmp_path / "bad.zip", files))
    assert "stops.txt: ist nicht in UTF-8 kodiert" in problems
    assert "calendar.txt: Datei fehlt (calendar_dates.txt auch)" in problems


def test_route_type_words() -> None:
    """The words an explanation uses for GTFS route types, basic and extended."""
    assert [route_type_word(t) for t in (3, 0, 1, 2, 109, 700, 106, 900, 1234567)] == [
        "Bus", "Straßenbahn", "U-Bahn", "Zug", "S-Bahn", "Bus", "Zug", "Straßenbahn",
        "Linie"]
