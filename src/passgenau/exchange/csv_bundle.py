"""The CSV bundle: a directory of spreadsheets, as a Jobcenter keeps them in Excel.

``employers.csv``, ``vacancies.csv``, ``candidates.csv``, ``households.csv`` (any of them)
and an optional ``settings.csv``; columns and cell syntax are in ``docs/csv-bundle.md``.
Each row becomes the JSON-shaped record of the exchange format (see ``csv_cells``) and the
document reader validates the lot, so every rule and message is the JSON reader's; only
the place is translated, to ``candidates.csv line 7 (id "C7")`` and the column's name.

A location given by ``postcode`` and/or ``municipality`` alone (no ``lat``/``lon``) is
looked up offline (:mod:`passgenau.geo.places`) before validation: spreadsheets seldom hold
coordinates. One that cannot be found is a problem of its row, like a bad cell. The place
tables come from the caller (``places``: the shipped ones of :mod:`passgenau.reference`
plus the imported ones, see ``services/places.py``); this package does not reach for them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic_core import CoreSchema

from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.model import Dataset
from passgenau.exchange import csv_cells as cells
from passgenau.exchange.csv_cells import ABSENT, CellError, Kind
from passgenau.exchange.integrity import KnownIds
from passgenau.exchange.models import (
    COLLECTIONS,
    FORMAT,
    LOCATION,
    RECORDS,
    SETTINGS,
    fields_of,
    is_required,
)
from passgenau.exchange.problems import DOCUMENT, json_where, labelled, quoted
from passgenau.exchange.reader import build_dataset
from passgenau.exchange.text_files import decode_utf8, read_bytes
from passgenau.exchange.writer import to_document
from passgenau.geo.places import Gazetteer, Outcome, Resolution, clean_postcode

LOCATION_COLUMNS = ("lat", "lon", "postcode", "municipality")
LAT_LON = frozenset({"lat", "lon"})
SETTINGS_FILE = "settings.csv"
EXCEL_UTF8_ADVICE = (
    "save it as UTF-8 (Excel: Speichern unter → 'CSV UTF-8 (durch Trennzeichen getrennt)')"
)


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # as the JSON field, or one of LOCATION_COLUMNS
    kind: Kind


@dataclass(frozen=True, slots=True)
class Table:
    """One file of the bundle: its columns in file order and where the location goes."""

    collection: str
    columns: tuple[Column, ...]
    location_field: str | None = None  # "home", "location": gathers LOCATION_COLUMNS

    @property
    def file(self) -> str:
        return f"{self.collection}.csv"

    @property
    def record(self) -> CoreSchema:
        """The record's schema: which fields are required is stated there, not here."""
        return RECORDS[self.collection]

    def is_location(self, column: Column) -> bool:
        return self.location_field is not None and column.name in LOCATION_COLUMNS

    def required_columns(self, header: Collection[str] = ()) -> list[str]:
        """Columns of required fields, derived from the record models (not restated here).

        A required location needs ``lat`` and ``lon`` unless ``header`` has a
        ``postcode`` or ``municipality`` column to look it up from.
        """
        required = []
        by_place = bool({"postcode", "municipality"} & set(header))
        for column in self.columns:
            if self.is_location(column):
                assert self.location_field is not None
                if (
                    is_required(self.record, self.location_field)
                    and is_required(LOCATION, column.name)
                    and not by_place
                ):
                    required.append(column.name)
            elif is_required(self.record, column.name):
                required.append(column.name)
        return required


def _columns(*pairs: tuple[str, Kind]) -> tuple[Column, ...]:
    return tuple(Column(name, kind) for name, kind in pairs)


_LOCATION = (
    ("lat", cells.NUMBER),
    ("lon", cells.NUMBER),
    ("postcode", cells.TEXT),
    ("municipality", cells.TEXT),
)

TABLES = (
    Table(
        "employers",
        _columns(
            ("id", cells.TEXT),
            ("name", cells.TEXT),
            *_LOCATION,
            ("sector", cells.TEXT),
            ("onsite_interviews", cells.BOOL),
            ("trial_work", cells.BOOL),
            ("contact_name", cells.TEXT),
            ("contact_email", cells.TEXT),
            ("contact_phone", cells.TEXT),
        ),
        location_field="location",
    ),
    Table(
        "vacancies",
        _columns(
            ("id", cells.TEXT),
            ("employer_id", cells.TEXT),
            ("title", cells.TEXT),
            ("kldb", cells.TEXT),
            ("hours", cells.NUMBER),
            ("positions", cells.NUMBER),
            ("shortlist_size", cells.NUMBER),
            ("german_level_min", cells.TEXT),
            ("shifts", cells.SHIFTS),
            ("driving_licence_required", cells.BOOL),
            ("recognition_required", cells.BOOL),
            ("start_date", cells.DATE),
            *_LOCATION,
        ),
        location_field="location",
    ),
    Table(
        "candidates",
        _columns(
            ("id", cells.TEXT),
            ("name", cells.TEXT),
            ("birth_year", cells.NUMBER),
            *_LOCATION,
            ("german_level", cells.TEXT),
            ("occupations", cells.OCCUPATIONS),
            ("wishes", cells.LIST),
            ("hours_min", cells.NUMBER),
            ("hours_max", cells.NUMBER),
            ("availability", cells.WINDOWS),
            ("modes", cells.MODES),
            ("driving_licence", cells.BOOL),
            ("max_commute_minutes", cells.NUMBER),
            ("work_permit", cells.TEXT),
            ("available_from", cells.DATE),
            ("motivation", cells.NUMBER),
            ("unemployed_since", cells.DATE),
            ("languages", cells.LIST),
            ("email", cells.TEXT),
            ("phone", cells.TEXT),
        ),
        location_field="home",
    ),
    Table(
        "households",
        _columns(("id", cells.TEXT), ("members", cells.LIST), ("place_together", cells.BOOL)),
    ),
)


def location_from_cells(
    values: Mapping[str, object], *, required: bool
) -> dict[str, object] | None:
    """A row's location from its parsed ``lat``/``lon``/``postcode``/``municipality`` cells.

    ``None`` when an optional location is left empty (a vacancy at its employer's site).
    A missing ``lat`` is reported by the location's model like in JSON; :class:`Geocoder`
    fills ``lat``/``lon`` from the postcode or municipality before this.
    """
    if not values and not required:
        return None
    return dict(values)


PLACES_ADVICE = "import the municipality register with 'passgenau reference import-places'"
_PLACE_TEXT_LIMIT = 60


def _shown(postcode: str, municipality: str) -> str:
    """The typed place, quoted, if it looks like a postcode and a place name; a home's
    street and house number are personal data and are not repeated."""
    text = " ".join(p for p in (postcode, municipality) if p)
    plz_ok = not postcode or clean_postcode(postcode) is not None
    name_ok = not any(ch.isdigit() for ch in municipality)
    if plz_ok and name_ok and len(text) <= _PLACE_TEXT_LIMIT:
        return quoted(text)
    return "the given place (not repeated: it may hold an address)"


NO_PLACES = "cannot be looked up here (no place tables given): give lat and lon"


class Geocoder:
    """Fills in ``lat``/``lon`` of locations given only by postcode and/or municipality.

    The tables come from ``places()``, called on the first location that needs them: a
    bundle with coordinates never loads them. Without ``places`` nothing can be looked up.
    """

    def __init__(self, places: Callable[[], Gazetteer] | None = None) -> None:
        self._places = places
        self._gazetteer: Gazetteer | None = None
        self.looked_up = 0

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            assert self._places is not None
            self._gazetteer = self._places()
        return self._gazetteer

    def locate(self, row: Mapping[str, str], values: dict[str, object]) -> tuple[str, str] | None:
        """Add ``lat``/``lon`` to ``values`` if the row gives neither but a postcode or a
        municipality; returns (column, message) when that place cannot be found."""
        if row.get("lat") or row.get("lon"):
            return None
        postcode, municipality = row.get("postcode", ""), row.get("municipality", "")
        if not postcode and not municipality:
            return None
        given = (("postcode", postcode), ("municipality", municipality))
        column = "/".join(name for name, value in given if value)
        if self._places is None:
            return column, f"{_shown(postcode, municipality)} {NO_PLACES}"
        resolution = self.gazetteer.resolve(postcode, municipality)
        if resolution.resolved:
            values["lat"], values["lon"] = resolution.lat, resolution.lon
            self.looked_up += 1
            return None
        return column, f"{_shown(postcode, municipality)} {self._message(resolution, postcode)}"

    def _message(self, resolution: Resolution, postcode: str) -> str:
        if resolution.outcome is Outcome.AMBIGUOUS:
            advice = "" if postcode else "; add the postcode to tell them apart"
            return f"{resolution.reason}{advice}"
        if resolution.reason.startswith("is "):
            return resolution.reason
        if self.gazetteer.register_imported:
            return "not found in the shipped or imported places"
        return f"not found — {PLACES_ADVICE}"


# --- reading ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sheet:
    """One CSV file as read: the decimal-comma flag and the non-blank rows with their line."""

    name: str
    decimal_comma: bool
    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]


def sniff_delimiter(text: str) -> str:
    """``,`` if the header line has more commas than semicolons, else ``;`` (German Excel)."""
    header = text.split("\n", 1)[0]
    return "," if header.count(",") > header.count(";") else ";"


def read_sheet(path: Path, problems: list[Problem]) -> Sheet | None:
    """Read one file; problems with the file itself are added and ``None`` returned."""
    name = path.name
    try:
        text = decode_utf8(read_bytes(path), name, EXCEL_UTF8_ADVICE)
    except InvalidInput as err:
        problems.extend(err.problems)
        return None
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        raw_header = next(reader, None)
        if raw_header is None:
            problems.append(Problem(name, "", "is empty; expected a header line of column names"))
            return None
        header = tuple(h.strip().lower() for h in raw_header)
        twice = sorted({h for h in header if h and header.count(h) > 1})
        if twice:
            names = ", ".join(quoted(h) for h in twice)
            problems.append(Problem(name, "", f"names the column(s) {names} twice"))
            return None
        line = reader.line_num
        for row in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # Excel leaves ";;;;" rows behind
            if any(cell.strip() for cell in row[len(header) :]):
                problems.append(
                    Problem(
                        f"{name} line {start}",
                        "",
                        f"has {len(row)} cells but the header only {len(header)} columns",
                    )
                )
            rows.append((start, {h: c.strip() for h, c in zip(header, row, strict=False) if h}))
    except csv.Error as err:
        problems.append(Problem(f"{name} line {reader.line_num}", "", f"not valid CSV: {err}"))
        return None
    return Sheet(name, delimiter == ";", header, tuple(rows))


def _parse_cells(
    row: Mapping[str, str],
    columns: tuple[Column, ...],
    decimal_comma: bool,
    report: list[tuple[str, str]],
) -> dict[str, object]:
    """The row's cells by column, parsed; cell syntax errors go to ``report``."""
    values: dict[str, object] = {}
    for column in columns:
        if column.name not in row:
            continue
        cell = row[column.name]
        try:
            value = column.kind.parse(cell, decimal_comma) if cell else column.kind.empty
        except CellError as err:
            report.append((column.name, str(err)))
            continue
        if value is not ABSENT:
            values[column.name] = value
    return values


def _record(
    table: Table,
    row: Mapping[str, str],
    decimal_comma: bool,
    report: list[tuple[str, str]],
    geocoder: Geocoder,
) -> tuple[dict[str, object], bool]:
    """A row as the JSON-shaped record the document reader validates, and whether its
    location was given by a place that could not be found."""
    plain = tuple(c for c in table.columns if not table.is_location(c))
    record = _parse_cells(row, plain, decimal_comma, report)
    unfound = False
    if table.location_field is not None:
        located = tuple(c for c in table.columns if table.is_location(c))
        values = _parse_cells(row, located, decimal_comma, report)
        problem = geocoder.locate(row, values)
        if problem is not None:
            report.append(problem)
            unfound = True
        required = is_required(table.record, table.location_field)
        location = location_from_cells(values, required=required)
        if location is not None:
            record[table.location_field] = location
    return record, unfound


class _Places:
    """Names records by file and line, and orders problems the way the files are read."""

    def __init__(self) -> None:
        self.lines: dict[str, list[int]] = {}
        self.rank: dict[str, tuple[int, int]] = {}

    def where(self, collection: str, index: int, record_id: str | None) -> str:
        line = self.lines[collection][index]
        place = labelled(f"{collection}.csv line {line}", record_id)
        self.rank[place] = (list(COLLECTIONS).index(collection), line)
        return place


def _settings_document(sheet: Sheet, problems: list[Problem]) -> dict[str, object]:
    """``settings.csv`` (columns ``key``, ``value``) as the document's top-level fields."""
    if not {"key", "value"} <= set(sheet.header):
        problems.append(Problem(sheet.name, "", 'needs the columns "key" and "value"'))
        return {}
    document: dict[str, object] = {}
    settings: dict[str, object] = {}
    for _, row in sheet.rows:
        key, cell = row.get("key", "").lower(), row.get("value", "")
        if not cell:
            continue
        if key == "reference_date":
            document["reference_date"] = cells.DATE.parse(cell, sheet.decimal_comma)
        elif key in fields_of(SETTINGS):
            settings[key] = cells.NUMBER.parse(cell, sheet.decimal_comma)
    if settings:
        document["settings"] = settings
    return document


def _in_csv_terms(problem: Problem) -> Problem:
    """A reader problem with the document's names translated to the bundle's."""
    field = problem.field
    if problem.where == DOCUMENT:
        return Problem(SETTINGS_FILE, field.removeprefix("settings."), problem.message)
    for prefix in ("home.", "location."):
        if field.startswith(prefix):
            field = field.removeprefix(prefix)
    return Problem(problem.where, field, problem.message)


def read_csv_bundle(
    directory: Path,
    *,
    partial: bool = False,
    known: KnownIds | None = None,
    places: Callable[[], Gazetteer] | None = None,
) -> Dataset:
    """Read a directory of CSV files into a :class:`Dataset`; see ``docs/csv-bundle.md``.

    A missing file counts as an empty table, but at least one of the four must exist.
    ``partial`` and ``known`` are as for :func:`~passgenau.exchange.reader.read_document`.
    Locations without coordinates are looked up in ``places()`` (e.g.
    ``passgenau.reference.places.shipped_gazetteer``; without it they are problems), see
    :class:`Geocoder`. Raises :class:`InvalidInput` with every problem,
    named by file, line and column.
    """
    problems: list[Problem] = []
    if not directory.is_dir():
        raise InvalidInput([Problem(str(directory), "", "is not a directory")])
    present = [t for t in TABLES if (directory / t.file).exists()]
    if not present:
        files = ", ".join(t.file for t in TABLES)
        raise InvalidInput([Problem(str(directory), "", f"contains none of {files}")])

    document: dict[str, object] = {"format": FORMAT}
    where_of = _Places()
    geocoder = Geocoder(places)
    unfound: set[str] = set()  # records whose place was not found: no "lat missing" too
    syntax: list[Problem] = []
    for table in TABLES:
        document[table.collection] = records = []
        where_of.lines[table.collection] = lines = []
        sheet = read_sheet(directory / table.file, problems) if table in present else None
        if sheet is None:
            continue
        missing = [c for c in table.required_columns(sheet.header) if c not in sheet.header]
        if missing:
            names = ", ".join(quoted(c) for c in missing)
            problems.append(Problem(sheet.name, "", f"lacks the required column(s) {names}"))
            continue
        for line, row in sheet.rows:
            report: list[tuple[str, str]] = []
            record, not_found = _record(table, row, sheet.decimal_comma, report, geocoder)
            records.append(record)
            lines.append(line)
            where = where_of.where(table.collection, len(lines) - 1, row.get("id") or None)
            syntax += [Problem(where, column, message) for column, message in report]
            if not_found:
                unfound.add(where)
    if (directory / SETTINGS_FILE).exists():
        sheet = read_sheet(directory / SETTINGS_FILE, problems)
        if sheet is not None:
            document |= _settings_document(sheet, problems)
    if problems:  # an unreadable file: what is left would only yield misleading problems
        raise InvalidInput(problems)

    try:
        dataset = build_dataset(document, partial=partial, known=known, where_of=where_of.where)
    except InvalidInput as err:
        translated = (_in_csv_terms(p) for p in err.problems)
        syntax += [p for p in translated if not (p.where in unfound and p.field in LAT_LON)]
    if syntax:
        first = (-1, 0)  # settings.csv before the tables
        syntax.sort(key=lambda p: where_of.rank.get(p.where, first))
        raise InvalidInput(syntax)
    return dataset


# --- writing ------------------------------------------------------------------------


def _rows(table: Table, records: list[Any], problems: list[Problem]) -> list[list[str]]:
    rows = [[c.name for c in table.columns]]
    for index, record in enumerate(records):
        row = []
        for column in table.columns:
            source = record.get(table.location_field, {}) if table.is_location(column) else record
            value = source.get(column.name)
            try:
                row.append("" if value is None else column.kind.format(value, True))
            except CellError as err:
                where = json_where(table.collection, index, record.get("id"))
                problems.append(Problem(where, column.name, str(err)))
                row.append("")
        rows.append(row)
    return rows


def _csv_bytes(rows: list[list[str]]) -> bytes:
    """``;``-separated, CRLF, UTF-8 with BOM: what German Excel opens without a wizard."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_csv_bundle(dataset: Dataset, directory: Path) -> list[Path]:
    """Write ``dataset`` as a CSV bundle that :func:`read_csv_bundle` reads back equal.

    Writes all four tables and ``settings.csv`` (creating ``directory``), deterministically;
    returns the paths written. Text that no cell could hold back (a shift name containing
    ``|``) raises :class:`InvalidInput` before any file is touched.
    """
    document = to_document(dataset)
    problems: list[Problem] = []
    contents = {}
    for table in TABLES:
        records = document[table.collection]
        assert isinstance(records, list)
        contents[table.file] = _csv_bytes(_rows(table, records, problems))
    settings_rows = [["key", "value"]]
    if "reference_date" in document:
        settings_rows.append(["reference_date", str(document["reference_date"])])
    settings = document["settings"]
    assert isinstance(settings, dict)
    settings_rows += [[key, cells.format_number(value, True)] for key, value in settings.items()]
    contents[SETTINGS_FILE] = _csv_bytes(settings_rows)
    if problems:
        raise InvalidInput(problems)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in contents.items():
        path = directory / name
        path.write_bytes(data)
        paths.append(path)
    return paths
