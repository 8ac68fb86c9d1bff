"""KldB 2010 occupation titles: a shipped short list, and a reader for the official list.

The matching only needs the 5-digit codes, but people need titles. The short list
(``data/kldb_common.csv``, see ``data/SOURCES.md``) covers the Berufsgattungen in which
refugees are most often placed, so that the demo and the UI work without any download.
The full official list (about 2,200 rows) is imported by a Jobcenter from the file the
Bundesagentur für Arbeit publishes; :func:`parse_official_kldb` reads that file as it is
published (``;``, BOM, multi-line quoted fields, leading zeros lost) and the project's
derived comma-separated code list.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.kldb import KldbCode

# passgenau's own grouping of occupations into the demo's sectors (not part of the KldB).
# The first eight are the district's typical employer sectors; the rest hold the other
# occupations candidates bring.
CORE_SECTORS: tuple[str, ...] = (
    "Einzelhandel",
    "Logistik",
    "Pflege und Gesundheit",
    "Gastronomie und Hotellerie",
    "Gebäudereinigung",
    "Handwerk und Bau",
    "Metall- und Maschinenbau",
    "Lebensmittelherstellung",
)
SECTORS: tuple[str, ...] = (
    *CORE_SECTORS,
    "Garten- und Landschaftsbau",
    "Sicherheitsdienste",
    "Erziehung und Bildung",
    "Büro und IT",
)


@dataclass(frozen=True, slots=True)
class KldbEntry:
    """One Berufsgattung of the shipped short list."""

    code: KldbCode
    title: str  # official Titel
    short_title: str  # official Kurztitel
    sector: str  # one of SECTORS


class KldbRow(NamedTuple):
    """One row of the official list: any level 1..5, code zero-padded to its level.

    A named tuple, so that it is also the store's ``(code, level, title, short_title)``.
    """

    code: str
    level: int
    title: str
    short_title: str

    @property
    def parent_code(self) -> str | None:
        """The code one level up (``"0110"`` for ``"01104"``); None at level 1."""
        return self.code[:-1] if self.level > 1 else None


@cache
def common_occupations() -> tuple[KldbEntry, ...]:
    """The shipped short list, ordered by code. Read once per process."""
    text = resources.files("passgenau.reference").joinpath("data/kldb_common.csv")
    entries = []
    with text.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            if row["sector"] not in SECTORS:  # a packaging mistake, not user input
                raise ValueError(f"kldb_common.csv: unknown sector {row['sector']!r}")
            entries.append(
                KldbEntry(KldbCode(row["kldb"]), row["title"], row["short_title"], row["sector"])
            )
    return tuple(entries)


@cache
def _titles() -> dict[str, str]:
    return {e.code.code: e.title for e in common_occupations()}


def kldb_title(code: str | KldbCode) -> str | None:
    """The official title of a code in the shipped list, or None if it is not there."""
    return _titles().get(str(code))


# The two accepted file layouts: column roles -> header names.
_OFFICIAL = {
    "code": "Schlüssel KldB 2010, V. 2020",
    "level": "Ebene",
    "title": "Titel",
    "short_title": "Kurztitel",
}
_DERIVED = {"code": "kldb_code", "level": "level", "title": "title", "short_title": "short_title"}
_DIGITS = re.compile(r"[0-9]+")


def parse_official_kldb(path: Path) -> list[KldbRow]:
    """Read the official KldB 2010 list (or the derived code list) into rows.

    Official layout: ``;``-separated, UTF-8 with BOM, quoted fields with line breaks, a
    trailing empty column, codes without their leading zeros (restored from ``Ebene``:
    a level-n code has n digits). Derived layout: header
    ``kldb_code,level,parent_code,title,short_title``. Every problem found is reported at
    once as :class:`InvalidInput`, naming the file and the line where the record starts.
    """
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")  # the official file starts with a BOM
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(name, "", f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise InvalidInput([Problem(name, "", f"cannot be read ({exc.strerror})")]) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return _parse_rows(io.StringIO(text, newline=""), delimiter, name)


def _parse_rows(f: Iterator[str], delimiter: str, name: str) -> list[KldbRow]:
    reader = csv.reader(f, delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    layout = _OFFICIAL if _OFFICIAL["code"] in header else _DERIVED
    missing = [col for col in layout.values() if col not in header]
    if missing:
        raise InvalidInput(Problem(f"{name} line 1", col, "missing column") for col in missing)
    index = {role: header.index(col) for role, col in layout.items()}
    rows: list[KldbRow] = []
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    line = reader.line_num + 1
    try:
        for fields in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in fields):
                continue  # a blank line
            where = f"{name} line {start}"
            row = _parse_row(fields, index, layout, where, problems)
            if row is None:
                continue
            if row.code in first_seen:
                message = f"{row.code!r} already on line {first_seen[row.code]}"
                problems.append(Problem(where, layout["code"], message))
                continue
            first_seen[row.code] = start
            rows.append(row)
    except csv.Error as exc:  # e.g. an unclosed quote running into a huge field
        problems.append(Problem(f"{name} line {line}", "", f"not readable as CSV ({exc})"))
    if problems:
        raise InvalidInput(problems)
    return rows


def _parse_row(
    fields: list[str],
    index: dict[str, int],
    layout: dict[str, str],
    where: str,
    problems: list[Problem],
) -> KldbRow | None:
    if len(fields) <= max(index.values()):
        problems.append(Problem(where, "", f"has {len(fields)} fields, expected more"))
        return None
    raw_code = fields[index["code"]].strip()
    raw_level = fields[index["level"]].strip()
    level = int(raw_level) if _DIGITS.fullmatch(raw_level) else 0
    ok = True
    if not 1 <= level <= 5:
        problems.append(Problem(where, layout["level"], f"{raw_level!r} is not a level 1..5"))
        ok = False
    if not _DIGITS.fullmatch(raw_code):
        problems.append(Problem(where, layout["code"], f"{raw_code!r} is not a number"))
        ok = False
    elif level and len(raw_code) > level:
        problems.append(
            Problem(where, layout["code"], f"{raw_code!r} is longer than its level {level}")
        )
        ok = False
    title = " ".join(fields[index["title"]].split())
    if not title:
        problems.append(Problem(where, layout["title"], "is empty"))
        ok = False
    if not ok:
        return None
    short_title = " ".join(fields[index["short_title"]].split()) or title
    return KldbRow(raw_code.zfill(level), level, title, short_title)
