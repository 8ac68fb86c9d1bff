"""German text for public transport: what ``passgenau transit import`` read."""

from __future__ import annotations

from passgenau.presentation.places import number
from passgenau.services.transit import FeedSummary, FeedUnreadable

_UNREADABLE = {
    FeedUnreadable.MISSING: "Datei nicht gefunden",
    FeedUnreadable.NOT_ZIP: "ist keine ZIP-Datei (GTFS-Feed erwartet)",
}


def unreadable_text(error: FeedUnreadable) -> str:
    """Why a feed could not be opened, as the reader's other problems are told: German."""
    return f"{error.path}: {_UNREADABLE[error.reason]}"


def feed_text(s: FeedSummary) -> str:
    """The summary of a read (or cached) GTFS feed."""
    source = "aus dem Cache" if s.from_cache else "neu eingelesen"
    return "\n".join([
        f"Fahrplan {source}:",
        f"  Haltestellen: {number(s.stops)} ({number(s.served_stops)} mit Fahrten)",
        f"  Fahrten:      {number(s.trips)}",
        f"  Verbindungen: {number(s.connections)}",
        f"  Gültigkeit:   {s.valid_from:%d.%m.%Y} bis {s.valid_until:%d.%m.%Y}",
        f"  Zeit:         {s.seconds:.2f} s".replace(".", ","),
        f"  Cache:        {s.cache_file}",
    ])
