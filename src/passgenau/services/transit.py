"""Opening GTFS feeds and caching their timetables.

Parsing a regional feed takes seconds; loading its arrays back takes milliseconds. So a
parsed timetable is stored as a compressed ``.npz`` named after the SHA-256 of the feed
file and :data:`CACHE_FORMAT` (a new reader or array layout gets a new version, and old
files are simply not found again). The cache lies in a folder the caller names, by
default ``transit`` in the user cache directory (``platformdirs``). Files are written
to a temporary name and renamed, so a crash never leaves a half-written cache that
would be read later; an unreadable cache file is rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

import numpy as np
from platformdirs import user_cache_dir

from passgenau.config import APP_NAME
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.geo.transit.gtfs_reader import read_feed
from passgenau.geo.transit.timetable import Timetable

#: Bump when the reader's output or the Timetable's fields change.
CACHE_FORMAT = 2


class FeedUnreadable(InvalidInput):
    """The feed's file is missing (:attr:`MISSING`) or no ZIP archive (:attr:`NOT_ZIP`);
    ``presentation.transit`` says so in German, the message here is the plain fallback."""

    MISSING = "file not found"
    NOT_ZIP = "not a ZIP file (a GTFS feed expected)"

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__([Problem(str(path), "", reason)])


class DirectoryFeed:
    """A feed unpacked into a folder of ``.txt`` files."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def open_member(self, name: str) -> IO[bytes] | None:
        path = self.directory / name
        return path.open("rb") if path.is_file() else None


def default_cache_dir() -> Path:
    return Path(user_cache_dir(APP_NAME, appauthor=False)) / "transit"


def feed_digest(path: Path) -> str:
    """SHA-256 of the feed file (of the files' names and bytes for a folder)."""
    digest = hashlib.sha256()
    if path.is_dir():
        for member in sorted(path.glob("*.txt")):
            digest.update(member.name.encode() + b"\0")
            digest.update(member.read_bytes())
        return digest.hexdigest()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_path(path: Path, cache_dir: Path | None = None) -> Path:
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    return folder / f"{feed_digest(path)}-v{CACHE_FORMAT}.npz"


def parse_feed(path: Path) -> Timetable:
    """Open the feed (zip file or folder) and parse it; :class:`InvalidInput` if bad."""
    if not path.exists():
        raise FeedUnreadable(path, FeedUnreadable.MISSING)
    if path.is_dir():
        return read_feed(DirectoryFeed(path))
    try:
        with zipfile.ZipFile(path) as archive:
            return read_feed(archive)
    except zipfile.BadZipFile:
        raise FeedUnreadable(path, FeedUnreadable.NOT_ZIP) from None


def load_timetable(path: Path, cache_dir: Path | None = None) -> tuple[Timetable, bool]:
    """The feed's timetable, from the cache when present: ``(timetable, from_cache)``."""
    if not path.exists():
        raise FeedUnreadable(path, FeedUnreadable.MISSING)
    return _load(path, cache_path(path, cache_dir))


def _load(path: Path, target: Path) -> tuple[Timetable, bool]:
    if target.is_file():
        cached = _read_cache(target)
        if cached is not None:
            return cached, True
    timetable = parse_feed(path)
    _write_cache(target, timetable)
    return timetable, False


def _read_cache(target: Path) -> Timetable | None:
    try:
        with np.load(target, allow_pickle=False) as arrays:
            return Timetable.from_arrays({name: arrays[name] for name in arrays.files})
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
        return None  # damaged or from an incompatible layout: parse again


def _write_cache(target: Path, timetable: Timetable) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".npz.tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez_compressed(out, **timetable.to_arrays())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(frozen=True, slots=True)
class FeedSummary:
    """What ``passgenau transit import`` reports."""

    stops: int
    served_stops: int
    trips: int
    connections: int
    valid_from: date
    valid_until: date
    seconds: float
    from_cache: bool
    cache_file: Path


def import_feed(path: Path, cache_dir: Path | None = None, *, rebuild: bool = False
                ) -> FeedSummary:
    """Read a feed, build and cache its arrays, and summarise it."""
    start = time.perf_counter()
    if not path.exists():
        raise FeedUnreadable(path, FeedUnreadable.MISSING)
    target = cache_path(path, cache_dir)
    if rebuild:
        target.unlink(missing_ok=True)
    timetable, from_cache = _load(path, target)
    seconds = time.perf_counter() - start
    return FeedSummary(
        stops=timetable.n_stops,
        served_stops=int(timetable.served_stops().sum()),
        trips=timetable.n_trips,
        connections=timetable.n_connections,
        valid_from=timetable.valid_from,
        valid_until=timetable.valid_until,
        seconds=seconds,
        from_cache=from_cache,
        cache_file=target,
    )
