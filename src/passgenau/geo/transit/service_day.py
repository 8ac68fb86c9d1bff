"""Which calendar day a weekly shift is routed on.

A vacancy's shift says "Tuesday 06:00", a timetable answers for dates. The commute that
matters is the everyday one, so the date is chosen like this:

* the shift's weekday in the week (Monday–Sunday) of the ``reference_date``; if the feed
  covers that week, among that date and the same weekday up to :data:`WEEKS_AROUND`
  weeks before and after (inside the validity) the one with the **most trips running**
  wins, nearest to the reference first. So a holiday or a school-holiday week, when
  fewer buses run, is replaced by a regular school-term day; the warning says so;
* if the feed does not cover the reference date (feeds expire; a Jobcenter must still
  get answers), the same weekday with the most trips anywhere in the validity, the
  earliest of equals, with a German warning that the answer comes from another period.

Counting trips instead of looking up school-holiday calendars is deliberate: the feed
itself knows when fewer buses run, and needs no holiday data per Land.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from passgenau.geo.transit.timetable import Timetable

WEEKS_AROUND = 2

_WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag",
             "Sonntag")


@dataclass(frozen=True, slots=True)
class ServiceDay:
    """The date to route on, and a German warning when it is not the asked one."""

    day: date
    trips: int  # trips running that day
    warning: str | None = None


def choose_service_day(timetable: Timetable, weekday: int, reference_date: date) -> ServiceDay:
    """The date for a shift on ``weekday`` (0 = Monday) as of ``reference_date``."""
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday {weekday} is not 0..6")
    counts = timetable.trips_per_day()
    target = reference_date + timedelta(days=weekday - reference_date.weekday())

    def trips_on(day: date) -> int:
        column = day.toordinal() - timetable.first_day_ordinal
        return int(counts[column]) if 0 <= column < len(counts) else 0

    if timetable.covers(target):
        candidates = [target + timedelta(weeks=k)
                      for k in range(-WEEKS_AROUND, WEEKS_AROUND + 1)]
        candidates = [d for d in candidates if timetable.covers(d)]
        best = max(candidates, key=lambda d: (trips_on(d), -abs((d - target).days),
                                              -d.toordinal()))
        warning = None
        if trips_on(best) == 0:
            warning = _no_service(weekday)
        elif best != target:
            warning = (f"Am {_german(target)} fahren laut Fahrplan weniger Fahrten als "
                       f"sonst (Feiertag oder Ferien); gerechnet wird mit {_german(best)}.")
        return ServiceDay(best, trips_on(best), warning)

    start, end = timetable.valid_from, timetable.valid_until
    first = start + timedelta(days=(weekday - start.weekday()) % 7)
    candidates = [first + timedelta(weeks=k) for k in range((end - first).days // 7 + 1)]
    if not candidates:  # a feed valid for less than a week without that weekday
        return ServiceDay(target, 0, _outside(timetable, reference_date, None)
                          + " " + _no_service(weekday))
    trips = np.array([trips_on(d) for d in candidates])
    best = candidates[int(np.argmax(trips))]
    warning = _outside(timetable, reference_date, best)
    if trips_on(best) == 0:
        warning += " " + _no_service(weekday)
    return ServiceDay(best, trips_on(best), warning)


def _german(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]}, {day:%d.%m.%Y}"


def _outside(timetable: Timetable, reference_date: date, chosen: date | None) -> str:
    text = (f"Der Fahrplan gilt vom {timetable.valid_from:%d.%m.%Y} bis "
            f"{timetable.valid_until:%d.%m.%Y} und deckt den {reference_date:%d.%m.%Y} "
            "nicht ab.")
    if chosen is not None:
        text += (f" Gerechnet wird mit {_german(chosen)}, einem typischen Tag aus dem "
                 "Fahrplan; die Fahrzeiten können heute anders sein.")
    return text


def _no_service(weekday: int) -> str:
    return f"Laut Fahrplan fährt am {_WEEKDAYS[weekday]} nichts."
