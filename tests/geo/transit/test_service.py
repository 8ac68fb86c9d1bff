"""The feed service and ``passgenau transit import``: cache by content, German summary."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from passgenau.cli import app
from passgenau.domain.errors import InvalidInput
from passgenau.presentation.transit import feed_text
from passgenau.services import transit
from passgenau.services.transit import CACHE_FORMAT, feed_digest, import_feed, load_timetable

from .feeds import Feed, random_feed


def test_cache_round_trip_is_exact(tmp_path: Path) -> None:
    """The cached timetable equals the parsed one array for array, and is used."""
    path = random_feed(3).zip(tmp_path / "feed.zip")
    parsed, first = load_timetable(path, tmp_path / "cache")
    cached, second = load_timetable(path, tmp_path / "cache")
    assert (first, second) == (False, True)
    for name, value in parsed.to_arrays().items():
        assert np.array_equal(value, cached.to_arrays()[name]), name
    files = list((tmp_path / "cache").iterdir())
    assert [f.name for f in files] == [f"{feed_digest(path)}-v{CACHE_FORMAT}.npz"]


def test_a_changed_feed_or_format_is_parsed_again(tmp_path: Path, monkeypatch) -> None:
    """The key is the file's content and the format version, not its name."""
    path = random_feed(1).zip(tmp_path / "feed.zip")
    load_timetable(path, tmp_path / "c")
    random_feed(2).zip(path)
    assert load_timetable(path, tmp_path / "c")[1] is False
    monkeypatch.setattr(transit, "CACHE_FORMAT", CACHE_FORMAT + 1)
    assert load_timetable(path, tmp_path / "c")[1] is False


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path) -> None:
    """A cache file that cannot be read is parsed again, not an error."""
    path = random_feed(1).zip(tmp_path / "feed.zip")
    _, _ = load_timetable(path, tmp_path / "c")
    (cache_file,) = (tmp_path / "c").iterdir()
    cache_file.write_bytes(b"not a zip")
    timetable, from_cache = load_timetable(path, tmp_path / "c")
    assert not from_cache and timetable.n_trips > 0


def test_import_summary(tmp_path: Path) -> None:
    """The German summary counts stops, trips and hops and gives the validity."""
    feed = Feed()
    feed.service(start="20240101", end="20240630")
    feed.stop("A")
    feed.stop("B")
    feed.trip("t", "1", [("A", "07:00"), ("B", "07:30")])
    summary = import_feed(feed.zip(tmp_path / "f.zip"), tmp_path / "c")
    text = feed_text(summary)
    assert "Haltestellen: 2 (2 mit Fahrten)" in text
    assert "Fahrten:      1" in text and "Verbindungen: 1" in text
    assert "Gültigkeit:   01.01.2024 bis 30.06.2024" in text


def test_cli_import_then_bad_feed(tmp_path: Path) -> None:
    """`passgenau transit import`: exit 0 with the summary, twice (cache); a bad feed
    exits 2 with its problems."""
    path = random_feed(0).zip(tmp_path / "feed.zip")
    runner = CliRunner()
    args = ["transit", "import", str(path), "--cache-dir", str(tmp_path / "c")]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "Fahrplan neu eingelesen" in first.output and "Verbindungen:" in first.output
    second = runner.invoke(app, args)
    assert "Fahrplan aus dem Cache" in second.output
    files = Feed().files()
    files["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon\nA,A,91,9.4\n"
    from .feeds import write_zip

    bad = runner.invoke(app, ["transit", "import", str(write_zip(tmp_path / "b.zip", files)),
                              "--cache-dir", str(tmp_path / "c")])
    assert bad.exit_code == 2
    assert "stops.txt Zeile 2: stop_lat: '91' liegt nicht zwischen -90 und 90" in bad.output


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    """A feed path that does not exist is bad input (exit 2), not a crash."""
    with pytest.raises(InvalidInput):
        import_feed(tmp_path / "none.zip", tmp_path / "c")
