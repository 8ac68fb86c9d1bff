"""Cell syntax of the CSV bundle: how one spreadsheet cell holds a value, both ways.

Parsing turns a cell into the JSON shape the document reader validates, and decides only
*syntax*. A leaf it cannot interpret is passed on unchanged (``19x5`` stays a string), so
the reader's field specs report it with the same rule and message as in a JSON document:
rules are written once. Only a cell whose *structure* is broken (a window without a time)
raises :class:`CellError`. Formatting is the inverse, for :func:`write_csv_bundle`.

The syntax is documented for users in ``docs/csv-bundle.md``.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from datetime import date

from passgenau.domain.schedule import Weekday


class CellError(ValueError):
    """A cell that does not follow its column's syntax (or a value no cell can hold)."""


class Absent:
    """The type of :data:`ABSENT`: an empty cell that stands for "field not given"."""


ABSENT = Absent()

LIST_SEPARATOR = "|"


class Kind(ABC):
    """How the cells of one column are read and written."""

    empty: object = ABSENT  # what an empty cell means

    @abstractmethod
    def parse(self, cell: str, decimal_comma: bool) -> object: ...

    @abstractmethod
    def format(self, value: object, decimal_comma: bool) -> str: ...


class TextCell(Kind):
    def parse(self, cell: str, decimal_comma: bool) -> object:
        return cell

    def format(self, value: object, decimal_comma: bool) -> str:
        return str(value)


_NUMBER = re.compile(r"[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def parse_number(cell: str, decimal_comma: bool) -> object:
    """``19,5`` (only with decimal comma, i.e. ``;`` files), ``19.5`` or ``20``."""
    if not _NUMBER.fullmatch(cell) or ("," in cell and not decimal_comma):
        return cell
    if _INTEGER.fullmatch(cell):
        return int(cell)
    return float(cell.replace(",", "."))


def format_number(value: object, decimal_comma: bool) -> str:
    text = repr(value) if isinstance(value, float) else str(value)
    return text.replace(".", ",") if decimal_comma else text


class NumberCell(Kind):
    def parse(self, cell: str, decimal_comma: bool) -> object:
        return parse_number(cell, decimal_comma)

    def format(self, value: object, decimal_comma: bool) -> str:
        return format_number(value, decimal_comma)


TRUE_WORDS = frozenset({"ja", "j", "yes", "y", "true", "wahr", "1", "x"})
FALSE_WORDS = frozenset({"nein", "n", "no", "false", "falsch", "0"})


class BoolCell(Kind):
    """``ja/nein``, ``true/false``, ``1/0``, ``x``; an empty cell is *no* (a checkbox column)."""

    empty = False

    def parse(self, cell: str, decimal_comma: bool) -> object:
        word = cell.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        return cell

    def format(self, value: object, decimal_comma: bool) -> str:
        return "ja" if value else "nein"


_GERMAN_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


class DateCell(Kind):
    """ISO ``2026-11-24`` or German ``24.11.2026`` (what German Excel writes)."""

    def parse(self, cell: str, decimal_comma: bool) -> object:
        match = _GERMAN_DATE.fullmatch(cell)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return date(year, month, day).isoformat()
            except ValueError:
                return cell
        return cell

    def format(self, value: object, decimal_comma: bool) -> str:
        return str(value)  # ISO: unambiguous, and Excel reads it as a date


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def _check_item(item: str, forbidden: str = LIST_SEPARATOR) -> str:
    if not item or item != item.strip() or any(c in item for c in forbidden):
        raise CellError(
            f"{item!r} cannot be written to a CSV cell: it is empty, has surrounding blanks "
            f"or contains one of {' '.join(forbidden)}"
        )
    return item


class ListCell(Kind):
    """``a|b|c``. With ``none_word``, ``none`` is the empty list (an empty cell being the
    default, which for ``modes`` is not empty)."""

    def __init__(self, none_word: bool = False) -> None:
        self.none_word = none_word

    def parse(self, cell: str, decimal_comma: bool) -> object:
        if self.none_word and cell.lower() == "none":
            return []
        return split_list(cell)

    def format(self, value: object, decimal_comma: bool) -> str:
        items = [_check_item(str(v)) for v in _as_list(value)]
        return LIST_SEPARATOR.join(items) if items or not self.none_word else "none"


def _as_list(value: object) -> list[object]:
    assert isinstance(value, list), value
    return value


def _as_dict(value: object) -> dict[str, object]:
    assert isinstance(value, dict), value
    return value


# Days: English codes as in JSON, German abbreviations as on a German timetable.
DAY_NAMES = {d.code: d.code for d in Weekday} | dict(
    zip(("mo", "di", "mi", "do", "fr", "sa", "so"), (d.code for d in Weekday), strict=True)
)
WINDOW_EXAMPLE = "'mon-fri 08:00-13:00'"


def parse_days(text: str) -> list[str]:
    """``mon-fri``, ``mon,wed,fri``, ``mo-mi,fr``; unknown single names are passed on."""
    days: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if "-" in part:
            first, _, last = (s.strip().lower() for s in part.partition("-"))
            if first not in DAY_NAMES or last not in DAY_NAMES:
                raise CellError(f"{part!r} is not a range of days like 'mon-fri'")
            start, end = Weekday.parse(DAY_NAMES[first]), Weekday.parse(DAY_NAMES[last])
            if start > end:
                raise CellError(f"{part!r} runs backwards; write e.g. 'mon-fri' or 'sat,sun'")
            days += [Weekday(i).code for i in range(start, end + 1)]
        else:
            days.append(DAY_NAMES.get(part.lower(), part))
    return days


def format_days(codes: list[str]) -> str:
    """Runs of three or more days as ranges: ``mon-fri,sun``."""
    indexes = [Weekday.parse(c) for c in codes]
    runs: list[list[Weekday]] = []
    for day in indexes:
        if runs and runs[-1][-1] + 1 == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0].code}-{run[-1].code}")
        else:
            parts.extend(d.code for d in run)
    return ",".join(parts)


def _clock(text: str) -> str:
    return "0" + text if re.fullmatch(r"[0-9]:[0-9]{2}", text) else text


def parse_window(text: str) -> dict[str, object]:
    """``mon-fri 08:00-13:00`` as ``{"days": [...], "from": "08:00", "to": "13:00"}``."""
    tokens = text.split()
    times = tokens[1].split("-") if len(tokens) == 2 else []
    if len(times) != 2:
        raise CellError(f"{text!r} is not a time window like {WINDOW_EXAMPLE}")
    return {"days": parse_days(tokens[0]), "from": _clock(times[0]), "to": _clock(times[1])}


def format_window(value: object) -> str:
    window = _as_dict(value)
    days = format_days([str(d) for d in _as_list(window["days"])])
    return f"{days} {window['from']}-{window['to']}"


class WindowsCell(Kind):
    """``mon-fri 08:00-13:00|sat 09:00-12:00``; ``none``: never available."""

    def parse(self, cell: str, decimal_comma: bool) -> object:
        if cell.lower() == "none":
            return []
        return [parse_window(part) for part in split_list(cell)]

    def format(self, value: object, decimal_comma: bool) -> str:
        windows = _as_list(value)
        return LIST_SEPARATOR.join(format_window(w) for w in windows) if windows else "none"


class OccupationsCell(Kind):
    """``52122:3:full|51312`` -- kldb, then optionally years and recognition."""

    def parse(self, cell: str, decimal_comma: bool) -> object:
        occupations = []
        for part in split_list(cell):
            pieces = [p.strip() for p in part.split(":")]
            if len(pieces) > 3:
                raise CellError(
                    f"{part!r} is not an occupation like '52122:3:full' (kldb:years:recognition)"
                )
            occupation: dict[str, object] = {"kldb": pieces[0]}
            if len(pieces) > 1 and pieces[1]:
                occupation["years"] = parse_number(pieces[1], decimal_comma)
            if len(pieces) > 2 and pieces[2]:
                occupation["recognition"] = pieces[2]
            occupations.append(occupation)
        return occupations

    def format(self, value: object, decimal_comma: bool) -> str:
        return LIST_SEPARATOR.join(
            f"{o['kldb']}:{format_number(o['years'], decimal_comma)}:{o['recognition']}"
            for o in map(_as_dict, _as_list(value))
        )


class ShiftsCell(Kind):
    """``Frühschicht=mon-fri 06:00-14:00|Spätschicht=...``; windows of one option joined
    with ``+``; the name and ``=`` may be left out."""

    def parse(self, cell: str, decimal_comma: bool) -> object:
        options = []
        for part in split_list(cell):
            name, _, windows = part.partition("=") if "=" in part else ("", "", part)
            option: dict[str, object] = {
                "windows": [parse_window(w) for w in windows.split("+") if w.strip()]
            }
            if name.strip():
                option["name"] = name.strip()
            options.append(option)
        return options

    def format(self, value: object, decimal_comma: bool) -> str:
        parts = []
        for option in map(_as_dict, _as_list(value)):
            windows = "+".join(format_window(w) for w in _as_list(option["windows"]))
            name = str(option.get("name", ""))
            parts.append(f"{_check_item(name, '|=')}={windows}" if name else windows)
        return LIST_SEPARATOR.join(parts)


TEXT = TextCell()
NUMBER = NumberCell()
BOOL = BoolCell()
DATE = DateCell()
LIST = ListCell()
MODES = ListCell(none_word=True)
WINDOWS = WindowsCell()
OCCUPATIONS = OccupationsCell()
SHIFTS = ShiftsCell()
