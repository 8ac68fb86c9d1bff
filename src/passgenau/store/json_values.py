"""Value objects stored in JSON columns, spelled as in the exchange format.

Using the format's own spelling (``{"days": ["mon"], "from": "08:00", "to": "13:00"}``)
keeps the columns readable in SQL tools and lets a database dump be compared with an
exchange file without a translation table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from passgenau.domain.kldb import KldbCode
from passgenau.domain.model import TravelMode
from passgenau.domain.schedule import ShiftOption, TimeWindow, Weekday, format_clock, parse_clock


def window_to_json(window: TimeWindow) -> dict[str, Any]:
    return {
        "days": [day.code for day in window.days],
        "from": format_clock(window.start),
        "to": format_clock(window.end),
    }


def window_from_json(data: dict[str, Any]) -> TimeWindow:
    days = tuple(Weekday.parse(day) for day in data["days"])
    return TimeWindow(days, parse_clock(data["from"]), parse_clock(data["to"]))


def windows_to_json(windows: Iterable[TimeWindow]) -> list[dict[str, Any]]:
    return [window_to_json(w) for w in windows]


def windows_from_json(data: Iterable[dict[str, Any]]) -> tuple[TimeWindow, ...]:
    return tuple(window_from_json(w) for w in data)


def shifts_to_json(shifts: Iterable[ShiftOption]) -> list[dict[str, Any]]:
    return [{"name": s.name, "windows": windows_to_json(s.windows)} for s in shifts]


def shifts_from_json(data: Iterable[dict[str, Any]]) -> tuple[ShiftOption, ...]:
    return tuple(
        ShiftOption(windows=windows_from_json(s["windows"]), name=s.get("name", "")) for s in data
    )


def modes_to_json(modes: Iterable[TravelMode]) -> list[str]:
    return [m.value for m in modes]


def modes_from_json(data: Iterable[str]) -> tuple[TravelMode, ...]:
    return tuple(TravelMode(m) for m in data)


def kldb_codes_to_json(codes: Iterable[KldbCode]) -> list[str]:
    return [c.code for c in codes]


def kldb_codes_from_json(data: Iterable[str]) -> tuple[KldbCode, ...]:
    return tuple(KldbCode(c) for c in data)
