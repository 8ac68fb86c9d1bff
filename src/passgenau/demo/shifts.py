"""Shift options of the demo's vacancies, typical for each kind of work.

Why a module: the shift tables are long, and the time windows they are made of are also
what candidates' availability (``caseload``) and the success story (``story``) use.

Shift patterns by style (the employer kinds in ``employers`` name one per kind or job):
retail early 06:00–14:00 / late 14:00–22:00, logistics early/late/night, care
early/late/weekend, cleaning early morning or evening, crafts and offices days
07:00–16:00; some vacancies are by arrangement (no shifts).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from passgenau.demo.sampling import chance, weights
from passgenau.domain.schedule import ShiftOption, TimeWindow, Weekday


def _clock(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def _days(text: str) -> tuple[Weekday, ...]:
    """``"mon-fri"`` or ``"sat sun"`` as weekdays."""
    if "-" in text:
        first, last = (Weekday.parse(d) for d in text.split("-"))
        return tuple(Weekday(i) for i in range(first, last + 1))
    return tuple(Weekday.parse(d) for d in text.split())


def window(days: str, start: str | int, end: str | int) -> TimeWindow:
    """``window("mon-fri", "07:30", "13:00")``; times as ``"hh:mm"`` or minutes."""
    s = _clock(start) if isinstance(start, str) else start
    e = _clock(end) if isinstance(end, str) else end
    return TimeWindow(_days(days), s, e)


# Share of vacancies "by arrangement" (no shift options), by shift style.
_NO_SHIFTS = dict(
    weights("""
    retail:0.08 logistics:0.08 courier:0.05 care:0.08 practice:0.1 gastro:0.12 hotel:0.1
    housekeeping:0.05 canteen:0.1 cleaning:0.1 day:0.2 office:0.5 bakery:0.05 twoshift:0.08
    threeshift:0.05 salon:0.15 kita:0.15""")
)


def option(name: str, days: str, start: str | int, minutes: int) -> ShiftOption:
    """A shift ``name`` starting at ``start``, ``minutes`` long (ending by midnight)."""
    s = _clock(start) if isinstance(start, str) else start
    return ShiftOption((window(days, s, min(s + minutes, 24 * 60)),), name)


def _ending(name: str, days: str, end: str, minutes: int) -> ShiftOption:
    """A shift ``name`` ending at ``end``, ``minutes`` long (starting from midnight)."""
    e = _clock(end)
    return ShiftOption((window(days, max(e - minutes, 0), e),), name)


_NIGHT = ShiftOption(
    (window("mon-fri", "22:00", "24:00"), window("tue-sat", "00:00", "06:00")), "Nachtschicht"
)


def _some(rng: random.Random, options: Sequence[ShiftOption]) -> tuple[ShiftOption, ...]:
    """All options (most often) or a non-empty subset, in the given order."""
    if len(options) == 1 or chance(rng, 0.6):
        return tuple(options)
    keep = [o for o in options if chance(rng, 0.5)] or [rng.choice(list(options))]
    return tuple(keep)


def draw_shifts(rng: random.Random, style: str, hours: float) -> tuple[ShiftOption, ...]:
    """Shift options for a vacancy of ``hours`` a week, typical for its kind of work."""
    if chance(rng, _NO_SHIFTS.get(style, 0.1)):
        return ()
    full = hours >= 35
    per_day = 480 if full else int(round(hours * 60 / 5 / 30) * 30)
    days = "mon-fri" if chance(rng, 0.5) else "tue-sat"
    match style:
        case "retail":
            early = "06:00" if full or chance(rng, 0.5) else "07:00"
            late = "22:00" if full else rng.choice(("20:00", "21:00", "22:00"))
            return _some(
                rng,
                (
                    option("Frühschicht", days, early, per_day),
                    _ending("Spätschicht", days, late, per_day),
                ),
            )
        case "logistics" | "twoshift" | "threeshift":
            if full:
                if style == "twoshift" and chance(rng, 0.15):
                    return (option("Normalschicht", "mon-fri", "07:00", 540),)
                day = _some(
                    rng,
                    (
                        option("Frühschicht", "mon-fri", "06:00", 480),
                        option("Spätschicht", "mon-fri", "14:00", 480),
                    ),
                )
                # Never night only: the SCHEDULE rule cannot yet fit a shift across midnight.
                night = style == "threeshift" or (style == "logistics" and chance(rng, 0.35))
                return (*day, _NIGHT) if night else day
            early = "05:00" if style == "logistics" else "06:00"
            return _some(
                rng,
                (
                    option("Frühschicht", "mon-fri", early, per_day),
                    _ending("Spätschicht", "mon-fri", "22:00", per_day),
                ),
            )
        case "courier":
            return (
                option(
                    "Tour",
                    "mon-sat" if not full else "mon-fri",
                    "07:30",
                    per_day if not full else 510,
                ),
            )
        case "care" | "hotel":
            options = [
                option("Frühdienst", "mon-fri", "06:00", per_day),
                _ending("Spätdienst", "mon-fri", "21:30" if style == "care" else "22:00", per_day),
            ]
            if not full and style == "care":
                options.append(option("Wochenenddienst", "sat sun", "07:00", 720))
            return _some(rng, options)
        case "practice":
            if full:
                return (
                    ShiftOption(
                        (
                            window("mon-fri", "07:30", "12:30"),
                            window("mon tue thu", "14:00", "18:30"),
                        ),
                        "Praxiszeiten",
                    ),
                )
            return (option("Vormittag", "mon-fri", "07:30", per_day),)
        case "gastro":
            gdays = "wed-sun" if chance(rng, 0.6) else "tue-sat"
            if full:
                return _some(
                    rng,
                    (
                        option("Tagdienst", gdays, "09:00", 480),
                        option("Spätdienst", gdays, "15:00", 480),
                    ),
                )
            return _some(
                rng,
                (
                    option("Mittagsservice", gdays, "10:30", per_day),
                    _ending("Abendservice", gdays, "23:00", per_day),
                ),
            )
        case "housekeeping":
            return (option("Frühdienst", days, "07:00", per_day),)
        case "canteen":
            return (
                option(
                    "Tagdienst", "mon-fri", "06:00" if full else "09:00", 510 if full else per_day
                ),
            )
        case "cleaning":
            if full:
                return (option("Tagdienst", "mon-fri", "06:00", 480),)
            return _some(
                rng,
                (
                    option("Frühreinigung", "mon-fri", "05:00", per_day),
                    option("Abendreinigung", "mon-fri", "17:00", per_day),
                ),
            )
        case "bakery":
            return (
                option(
                    "Backstube",
                    "mon-sat",
                    "03:00" if full else "04:00",
                    400 if full else int(hours * 60 / 6),
                ),
            )
        case "salon":
            return (option("Ladenzeit", "tue-sat", "09:00", 540 if full else per_day),)
        case "kita":
            if full:
                return _some(
                    rng,
                    (
                        option("Frühdienst", "mon-fri", "07:00", 480),
                        option("Spätdienst", "mon-fri", "09:00", 480),
                    ),
                )
            return _some(
                rng,
                (
                    option("Vormittag", "mon-fri", "07:30", per_day),
                    _ending("Nachmittag", "mon-fri", "17:00", per_day),
                ),
            )
        case "office":
            return (option("Kernzeit", "mon-fri", "08:00", 540 if full else per_day),)
        case _:  # "day": crafts, gardening, and the rest
            return (option("Tagschicht", "mon-fri", "07:00", 540 if full else per_day),)
