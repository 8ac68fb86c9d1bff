"""The event as an iCalendar file (RFC 5545) for staff and employers.

Times are local (Europe/Berlin) with their time zone, so a calendar in any zone shows
the right hour, summer time included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vGeo

from passgenau.domain.events import EventKind

ZONE = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """What the calendar entry says: no candidate's personal data (it goes to employers)."""

    uid: str  # stable per event and tenant, so a second file updates the first entry
    title: str
    kind: EventKind
    day: date
    start: time
    end: time
    location: str
    lat: float
    lon: float
    description: str = ""
    organiser_email: str = ""
    stamp: datetime | None = None  # when the file was made (UTC); None: now


def event_ics(entry: CalendarEntry) -> bytes:
    """One VEVENT in a VCALENDAR, as bytes."""
    calendar = Calendar()
    calendar.add("prodid", "-//passgenau//Veranstaltungen//DE")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", entry.uid)
    event.add("summary", f"{entry.title} ({entry.kind.german})")
    event.add("dtstart", datetime.combine(entry.day, entry.start, ZONE))
    event.add("dtend", datetime.combine(entry.day, entry.end, ZONE))
    event.add("dtstamp", entry.stamp or datetime.now(UTC))
    event.add("location", entry.location)
    event.add("geo", vGeo((entry.lat, entry.lon)))
    if entry.description:
        event.add("description", entry.description)
    if entry.organiser_email:
        event.add("organizer", f"mailto:{entry.organiser_email}")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
