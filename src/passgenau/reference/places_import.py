"""Readers for the public place tables a Jobcenter imports: register and postcodes.

Three real formats, recognised by their header line (never by the file's name):

- the **Destatis Gemeindeverzeichnis-Auszug** (GV-ISys): ``;``, German numbers (decimal
  comma, blanks as thousands separators), one row per Land, Regierungsbezirk, Kreis, …;
  the ``Satz-art`` 60 rows are the Gemeinden, 40 the Kreise (their names go with the
  Gemeinden). The AGS is Land (2) + RB (1) + Kreis (2) + Gem (3) digits, zero-padded. A
  PLZ that lost its leading 0 in Excel ("1067") is padded. Gemeinden without coordinates
  (empty, or 0;0) are skipped: three uninhabited areas in the 2021 file, such as the
  German-Luxembourgish condominium;
- the **OpenGeoDB** ``PLZ.tab``: tab-separated, header ``#loc_id plz lon lat Ort``;
- the **GeoNames** postal codes (CSV, header ``country_code,zipcode,place,…``). One PLZ
  has several rows: its localities ("Stuttgart", "Stuttgart Stuttgart-Mitte") and the
  organisations that have it as a Großkunden-PLZ ("Agentur für Arbeit Waiblingen"). In
  this dump organisation rows carry a numeric ``state_code`` ("01"), place rows the
  Land's letters ("BW"). A PLZ's centroid is the mean of its place rows; a PLZ with
  organisation rows only keeps the mean of those, marked ``organisation``, so that an
  employer's Großkunden-PLZ still resolves, after every real place. Its place name is the
  shortest row name that begins every other one, else the first.

Parsers take text and return entries of :mod:`passgenau.geo.places`; every problem names
the file, the line and the column. :func:`read_places_file` is the thin file wrapper.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from passgenau.domain.errors import InvalidInput, Problem
from passgenau.exchange.text_files import decode_utf8, read_bytes
from passgenau.geo.places import MunicipalityEntry, PostcodeEntry, clean_postcode

# Germany with a margin: a coordinate outside is a swapped or broken column.
LAT_RANGE = (47.0, 55.5)
LON_RANGE = (5.5, 15.5)
MAX_PROBLEMS = 10
"""A broken file usually breaks every line alike: the first few problems say enough."""


class PlacesFormat(StrEnum):
    GV_AUSZUG = "Destatis Gemeindeverzeichnis-Auszug"
    OPENGEODB = "OpenGeoDB PLZ.tab"
    GEONAMES = "GeoNames Postleitzahlen"

    @property
    def source(self) -> str:
        """The postcode table's name in :data:`passgenau.geo.places.SOURCE_ORDER`."""
        return {"OpenGeoDB PLZ.tab": "opengeodb"}.get(self.value, "geonames")


@dataclass(frozen=True, slots=True)
class PlacesFile:
    """What one file holds, ready to store."""

    format: PlacesFormat
    municipalities: tuple[MunicipalityEntry, ...] = ()
    postcodes: tuple[PostcodeEntry, ...] = ()
    skipped: int = 0  # rows left out on purpose (Gemeinden without coordinates)


class _Problems:
    """Collects problems up to :data:`MAX_PROBLEMS`, then stops the reading."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.found: list[Problem] = []

    def add(self, line: int, column: str, message: str) -> None:
        self.found.append(Problem(f"{self.name} line {line}", column, message))
        if len(self.found) >= MAX_PROBLEMS:
            self.raise_found(more=True)

    def raise_found(self, more: bool = False) -> None:
        if self.found:
            problems = list(self.found)
            if more:
                problems.append(Problem(self.name, "", "more problems not listed; fix these first"))
            raise InvalidInput(problems)


def read_places_file(path: Path) -> PlacesFile:
    """Read and parse one places file; problems name it by its file name."""
    text = decode_utf8(read_bytes(path), path.name)
    return parse_places(text, path.name)


def parse_places(text: str, name: str) -> PlacesFile:
    """Recognise the format by the header line and parse ``text`` (named ``name``)."""
    text = text.removeprefix("\ufeff")
    header = text.split("\n", 1)[0].strip("\r")
    if header.startswith("Satz-art;") or ("Satz-art" in header and "Gemeindename" in header):
        return parse_gv_auszug(text, name)
    if header.startswith("#") and header.lstrip("#").split("\t")[:2] == ["loc_id", "plz"]:
        return parse_opengeodb(text, name)
    if {"zipcode", "place", "latitude", "longitude"} <= {h.strip() for h in header.split(",")}:
        return parse_geonames(text, name)
    message = (
        "not a known places file: expected the Destatis Gemeindeverzeichnis-Auszug "
        "(header 'Satz-art;…'), OpenGeoDB PLZ.tab ('#loc_id<TAB>plz<TAB>lon<TAB>lat<TAB>Ort') "
        "or GeoNames postal codes ('country_code,zipcode,place,…')"
    )
    raise InvalidInput([Problem(f"{name} line 1", "", message)])


# -- cells ---------------------------------------------------------------------------

_GERMAN_NUMBER = re.compile(r"-?\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?|-?\d+(?:,\d+)?")
_DOT_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _german_number(cell: str) -> float | None:
    """``" 55 526"`` → 55526, ``"9,43751"`` → 9.43751; None if it is not such a number."""
    cell = cell.strip()
    if not _GERMAN_NUMBER.fullmatch(cell):
        return None
    return float(cell.replace(" ", "").replace("\u00a0", "").replace(",", "."))


def _dot_number(cell: str) -> float | None:
    cell = cell.strip()
    return float(cell) if _DOT_NUMBER.fullmatch(cell) else None


def _coordinate(
    cell: str,
    parse: Callable[[str], float | None],
    bounds: tuple[float, float],
    line: int,
    column: str,
    problems: _Problems,
) -> float | None:
    value = parse(cell)
    if value is None:
        problems.add(line, column, f"{cell.strip()!r} is not a number")
    elif not bounds[0] <= value <= bounds[1]:
        problems.add(line, column, f"{value} is outside Germany ({bounds[0]}..{bounds[1]})")
        return None
    return value


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for fields in reader:
        start, line = line, reader.line_num + 1
        if any(f.strip() for f in fields):
            yield start, fields


def _columns(header: list[str], wanted: dict[str, str], name: str) -> dict[str, int]:
    """Role → column index, for the header names in ``wanted`` (role → name)."""
    names = [h.strip() for h in header]
    missing = [col for col in wanted.values() if col not in names]
    if missing:
        raise InvalidInput(Problem(f"{name} line 1", col, "missing column") for col in missing)
    return {role: names.index(col) for role, col in wanted.items()}


def _cell(fields: list[str], index: int) -> str:
    return fields[index].strip() if index < len(fields) else ""


def _postcode(cell: str, line: int, column: str, problems: _Problems) -> str | None:
    plz = clean_postcode(cell) if cell else None
    if plz is None:
        problems.add(line, column, f"{cell!r} is not a postcode (5 digits)")
    return plz


# -- Destatis GV-ISys ----------------------------------------------------------------

_GV = {
    "kind": "Satz-art",
    "land": "Land",
    "rb": "RB",
    "kreis": "Kreis",
    "gem": "Gem",
    "name": "Gemeindename",
    "population": "insgesamt",
    "plz": "plz",
    "lon": "Längengrad",
    "lat": "Breitengrad",
}
_KEY_WIDTHS = (("land", 2), ("rb", 1), ("kreis", 2), ("gem", 3))


def parse_gv_auszug(text: str, name: str) -> PlacesFile:
    """The Gemeinden (``Satz-art`` 60) of the Destatis Gemeindeverzeichnis-Auszug."""
    rows = _rows(text.removeprefix("\ufeff"), ";")
    _, header = next(rows, (1, []))
    col = _columns(header, _GV, name)
    problems = _Problems(name)
    kreise: dict[str, str] = {}
    found: list[tuple[int, MunicipalityEntry]] = []
    skipped = 0
    seen: dict[str, int] = {}
    for line, fields in rows:
        kind = _cell(fields, col["kind"])
        if kind not in {"40", "60"}:
            continue
        parts = []
        for role, width in _KEY_WIDTHS[: 3 if kind == "40" else 4]:
            cell = _cell(fields, col[role])
            if not (cell.isdigit() and len(cell) <= width):
                problems.add(line, _GV[role], f"{cell!r} is not a number of 1..{width} digits")
                break
            parts.append(cell.zfill(width))
        else:
            full_name = " ".join(_cell(fields, col["name"]).split())
            if not full_name:
                problems.add(line, _GV["name"], "is empty")
                continue
            if kind == "40":
                kreise["".join(parts)] = full_name.split(",", 1)[0].strip()
                continue
            ags = "".join(parts)
            if ags in seen:
                problems.add(line, "", f"AGS {ags} already on line {seen[ags]}")
                continue
            seen[ags] = line
            entry = _gv_municipality(fields, col, ags, full_name, line, problems)
            if entry is None:
                skipped += 1
            elif entry is not _BROKEN:
                found.append((line, entry))
    problems.raise_found()
    if not found:
        raise InvalidInput([Problem(name, "", "holds no Gemeinde rows (Satz-art 60)")])
    municipalities = tuple(
        MunicipalityEntry(
            m.ags, m.name, m.lat, m.lon, m.postcode, kreise.get(m.ags[:5], ""), m.population
        )
        for _, m in found
    )
    return PlacesFile(PlacesFormat.GV_AUSZUG, municipalities=municipalities, skipped=skipped)


_BROKEN = MunicipalityEntry("", "", 0.0, 0.0)


def _gv_municipality(
    fields: list[str],
    col: dict[str, int],
    ags: str,
    full_name: str,
    line: int,
    problems: _Problems,
) -> MunicipalityEntry | None:
    """The row's Gemeinde; None if it has no coordinates, ``_BROKEN`` on a problem."""
    raw_lat, raw_lon = _cell(fields, col["lat"]), _cell(fields, col["lon"])
    if {raw_lat, raw_lon} <= {"", "0"}:  # the register's way of saying "no centre"
        return None
    before = len(problems.found)
    lat = _coordinate(raw_lat, _german_number, LAT_RANGE, line, _GV["lat"], problems)
    lon = _coordinate(raw_lon, _german_number, LON_RANGE, line, _GV["lon"], problems)
    raw_plz = _cell(fields, col["plz"])
    plz = _postcode(raw_plz, line, _GV["plz"], problems) if raw_plz else ""
    raw_population = _cell(fields, col["population"])
    population = _german_number(raw_population) if raw_population else None
    if raw_population and (population is None or population < 0 or population % 1):
        problems.add(line, _GV["population"], f"{raw_population!r} is not a number of people")
    if len(problems.found) > before or lat is None or lon is None or plz is None:
        return _BROKEN
    people = int(population) if population is not None else None
    return MunicipalityEntry(ags, full_name, lat, lon, plz, "", people)


# -- OpenGeoDB -----------------------------------------------------------------------

_OPENGEODB = {"plz": "plz", "lon": "lon", "lat": "lat", "place": "Ort"}


def parse_opengeodb(text: str, name: str) -> PlacesFile:
    """OpenGeoDB's ``PLZ.tab``: one centroid per PLZ."""
    rows = _rows(text, "\t")
    _, header = next(rows, (1, []))
    header = [header[0].lstrip("#"), *header[1:]] if header else header
    col = _columns(header, _OPENGEODB, name)
    problems = _Problems(name)
    entries: dict[str, PostcodeEntry] = {}
    seen: dict[str, int] = {}
    for line, fields in rows:
        if fields[0].lstrip().startswith("#"):
            continue
        plz = _postcode(_cell(fields, col["plz"]), line, "plz", problems)
        lat = _coordinate(_cell(fields, col["lat"]), _dot_number, LAT_RANGE, line, "lat", problems)
        lon = _coordinate(_cell(fields, col["lon"]), _dot_number, LON_RANGE, line, "lon", problems)
        place = " ".join(_cell(fields, col["place"]).split())
        if not place:
            problems.add(line, "Ort", "is empty")
        if plz is None or lat is None or lon is None or not place:
            continue
        if plz in seen:
            problems.add(line, "plz", f"{plz} already on line {seen[plz]}")
            continue
        seen[plz] = line
        entries[plz] = PostcodeEntry(plz, place, lat, lon, "opengeodb")
    problems.raise_found()
    if not entries:
        raise InvalidInput([Problem(name, "", "holds no postcodes")])
    return PlacesFile(PlacesFormat.OPENGEODB, postcodes=tuple(entries.values()))


# -- GeoNames ------------------------------------------------------------------------

_GEONAMES = {
    "plz": "zipcode",
    "place": "place",
    "state_code": "state_code",
    "district": "community_code",
    "lat": "latitude",
    "lon": "longitude",
}


@dataclass(frozen=True, slots=True)
class _GeoNamesRow:
    place: str
    lat: float
    lon: float
    district: str
    organisation: bool


def parse_geonames(text: str, name: str) -> PlacesFile:
    """GeoNames postal codes (CSV); see the module docstring for rows per PLZ."""
    rows = _rows(text, ",")
    _, header = next(rows, (1, []))
    col = _columns(header, _GEONAMES, name)
    problems = _Problems(name)
    by_plz: dict[str, list[_GeoNamesRow]] = defaultdict(list)
    for line, fields in rows:
        plz = _postcode(_cell(fields, col["plz"]), line, "zipcode", problems)
        lat = _coordinate(
            _cell(fields, col["lat"]), _dot_number, LAT_RANGE, line, "latitude", problems
        )
        lon = _coordinate(
            _cell(fields, col["lon"]), _dot_number, LON_RANGE, line, "longitude", problems
        )
        place = " ".join(_cell(fields, col["place"]).split())
        if not place:
            problems.add(line, "place", "is empty")
        if plz is None or lat is None or lon is None or not place:
            continue
        district = _cell(fields, col["district"])
        organisation = not _cell(fields, col["state_code"]).isalpha()
        by_plz[plz].append(
            _GeoNamesRow(place, lat, lon, district if len(district) == 5 else "", organisation)
        )
    problems.raise_found()
    if not by_plz:
        raise InvalidInput([Problem(name, "", "holds no postcodes")])
    return PlacesFile(
        PlacesFormat.GEONAMES,
        postcodes=tuple(_geonames_postcode(plz, rows) for plz, rows in sorted(by_plz.items())),
    )


def _geonames_postcode(plz: str, rows: list[_GeoNamesRow]) -> PostcodeEntry:
    places = [r for r in rows if not r.organisation]
    chosen = places or rows
    lat = round(sum(r.lat for r in chosen) / len(chosen), 4)
    lon = round(sum(r.lon for r in chosen) / len(chosen), 4)
    districts = sorted({r.district for r in chosen if r.district})
    district = districts[0] if len(districts) == 1 else ""
    return PostcodeEntry(
        plz,
        place_name([r.place for r in places]),
        lat,
        lon,
        "geonames",
        district,
        organisation=not places,
    )


def place_name(names: list[str]) -> str:
    """The name of a PLZ's locality rows: the shortest that begins every other one
    ("Stuttgart" of "Stuttgart", "Stuttgart Stuttgart-Mitte"), else the first."""
    if not names:
        return ""
    shortest = min(names, key=len)
    return shortest if all(n.startswith(shortest) for n in names) else names[0]
