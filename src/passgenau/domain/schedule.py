"""Weekly time windows: candidates' availability (childcare!) and vacancies' shifts.

Times are minutes since midnight (0..1440) so that the SCHEDULE rule reduces to integer
interval containment, which the matching can vectorise.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

MINUTES_PER_DAY = 24 * 60


class Weekday(IntEnum):
    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6

    @property
    def code(self) -> str:
        """The exchange format's spelling: ``mon`` … ``sun``."""
        return self.name.lower()

    @property
    def german(self) -> str:
        return ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")[self]

    @classmethod
    def parse(cls, text: str) -> Weekday:
        try:
            return cls[text.upper()]
        except (KeyError, AttributeError):
            raise ValueError(f"{text!r} is not one of mon tue wed thu fri sat sun") from None


ALL_DAYS: tuple[Weekday, ...] = tuple(Weekday)
WORKDAYS: tuple[Weekday, ...] = ALL_DAYS[:5]


def parse_clock(text: str) -> int:
    """``"HH:MM"`` (24 h, ``"24:00"`` allowed) as minutes since midnight."""
    if not isinstance(text, str) or len(text) != 5 or text[2] != ":":
        raise ValueError(f"{text!r} is not a time HH:MM")
    hh, mm = text[:2], text[3:]
    if not (hh.isdigit() and mm.isdigit()):
        raise ValueError(f"{text!r} is not a time HH:MM")
    h, m = int(hh), int(mm)
    if (h, m) == (24, 0):
        return MINUTES_PER_DAY
    if h > 23 or m > 59:
        raise ValueError(f"{text!r} is not a time between 00:00 and 24:00")
    return h * 60 + m


def format_clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """The same interval ``[start, end)`` on each of ``days``, every week."""

    days: tuple[Weekday, ...]
    start: int  # minutes since midnight
    end: int  # minutes since midnight, <= 1440

    def __post_init__(self) -> None:
        if not self.days:
            raise ValueError("a window needs at least one day")
        if len(set(self.days)) != len(self.days):
            raise ValueError("a window names a day twice")
        if not 0 <= self.start < self.end <= MINUTES_PER_DAY:
            raise ValueError(
                f"'from' {format_clock(self.start)} must be before 'to' {format_clock(self.end)}"
            )
        object.__setattr__(self, "days", tuple(sorted(self.days)))

    @classmethod
    def of(cls, days: str | list[str] | tuple[str, ...], start: str, end: str) -> TimeWindow:
        """Convenience: ``TimeWindow.of("mon tue", "08:00", "13:00")``."""
        names = days.split() if isinstance(days, str) else days
        return cls(tuple(Weekday.parse(d) for d in names), parse_clock(start), parse_clock(end))

    @property
    def minutes(self) -> int:
        """Minutes per week this window covers."""
        return (self.end - self.start) * len(self.days)

    def covers(self, day: Weekday, start: int, end: int) -> bool:
        return day in self.days and self.start <= start and end <= self.end

    def overlaps(self, other: TimeWindow) -> bool:
        return bool(set(self.days) & set(other.days)) and (
            self.start < other.end and other.start < self.end
        )

    def __str__(self) -> str:
        return f"{format_days(self.days)} {format_clock(self.start)}–{format_clock(self.end)}"


def format_days(days: tuple[Weekday, ...]) -> str:
    """German day list with runs shortened: ``Mo–Fr``, ``Mo, Mi, Fr``, ``Mo–Mi, Sa``."""
    runs: list[list[Weekday]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [
        f"{run[0].german}–{run[-1].german}" if len(run) > 2 else ", ".join(d.german for d in run)
        for run in runs
    ]
    return ", ".join(parts)


ALWAYS = TimeWindow(ALL_DAYS, 0, MINUTES_PER_DAY)


@dataclass(frozen=True, slots=True)
class ShiftOption:
    """One alternative way to fill a vacancy: the worker works *all* its windows each week."""

    windows: tuple[TimeWindow, ...]
    name: str = ""

    def __post_init__(self) -> None:
        if not self.windows:
            raise ValueError("a shift option needs at least one window")

    @property
    def minutes_per_week(self) -> int:
        return sum(w.minutes for w in self.windows)

    def overlaps(self, other: ShiftOption) -> bool:
        """True when the two options share working time: a couple could not split childcare."""
        return any(a.overlaps(b) for a in self.windows for b in other.windows)

    def label(self, index: int) -> str:
        """The name the result shows: the option's name, or its index as a string."""
        return self.name or str(index)


def fits_availability(
    shift: ShiftOption, availability: tuple[TimeWindow, ...], travel_minutes: int
) -> bool:
    """The SCHEDULE rule for one shift option (scalar reference implementation).

    Every working window, widened by the travel time before and after, must lie inside one
    availability window on each of its days. The matching has a vectorised twin; this one
    is the readable definition tests compare it with.
    """
    for window in shift.windows:
        lo, hi = window.start - travel_minutes, window.end + travel_minutes
        if lo < 0 or hi > MINUTES_PER_DAY:
            return False
        for day in window.days:
            if not any(a.covers(day, lo, hi) for a in availability):
                return False
    return True
