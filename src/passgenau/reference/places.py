"""Places of the Rems-Murr-Kreis: its 31 municipalities and its postcodes.

Imports and forms give an address as a place name or a postcode, but the travel model
needs coordinates. These shipped tables (see ``data/SOURCES.md``: Destatis
Gemeindeverzeichnis 31.12.2021, GeoNames postcodes CC BY 4.0) resolve both without a
geocoding service, and give the demo generator real places weighted by population.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from passgenau.domain.model import Location


@dataclass(frozen=True, slots=True)
class Municipality:
    """A Gemeinde with its centre (WGS84), its main postcode and its population."""

    ags: str  # Amtlicher Gemeindeschlüssel, 8 digits
    name: str  # official, e.g. "Backnang, Stadt"
    short_name: str  # "Backnang"
    postcode: str  # the main PLZ
    lat: float
    lon: float
    population: int  # 31.12.2021

    def location(self) -> Location:
        return Location(self.lat, self.lon, self.postcode, self.short_name)


@dataclass(frozen=True, slots=True)
class Postcode:
    """A PLZ of the Kreis with its centroid and the municipality it belongs to."""

    postcode: str
    place: str  # municipality short name
    ags: str
    lat: float
    lon: float

    def location(self) -> Location:
        return Location(self.lat, self.lon, self.postcode, self.place)


def _read(name: str) -> list[dict[str, str]]:
    path = resources.files("passgenau.reference").joinpath(f"data/{name}")
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


@cache
def rems_murr_municipalities() -> tuple[Municipality, ...]:
    """The 31 municipalities, ordered by AGS."""
    return tuple(
        Municipality(
            ags=r["ags"],
            name=r["name"],
            short_name=r["name_short"],
            postcode=r["postcode"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            population=int(r["population"]),
        )
        for r in _read("rems_murr_municipalities.csv")
    )


@cache
def rems_murr_postcodes() -> tuple[Postcode, ...]:
    """The postcodes of the Kreis (no company PLZ), ordered by postcode."""
    return tuple(
        Postcode(r["postcode"], r["place"], r["ags"], float(r["lat"]), float(r["lon"]))
        for r in _read("rems_murr_postcodes.csv")
    )


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_POSTCODE = re.compile(r"\b(\d{5})\b")


def _keys(text: str) -> set[str]:
    """Spellings a name may be typed in: "Plüderhausen" -> pluederhausen, pluderhausen.

    Case, surrounding blanks, hyphens, a ", Stadt" suffix or "Stadt " prefix are ignored.
    """
    t = " ".join(text.casefold().replace("-", " ").split())
    t = re.sub(r"(,\s*|\s+)stadt$", "", t)  # not the end of "Weinstadt"
    t = re.sub(r"^stadt\s+", "", t).strip(" ,")
    transliterated = t.translate(_UMLAUTS)
    stripped = "".join(
        c
        for c in unicodedata.normalize("NFKD", t.replace("ß", "ss"))
        if not unicodedata.combining(c)
    )
    return {transliterated, stripped}


@cache
def _by_name() -> dict[str, Municipality]:
    return {key: m for m in rems_murr_municipalities() for key in _keys(m.name)}


def find_municipality(name: str) -> Municipality | None:
    """The municipality called ``name`` (case- and umlaut-tolerant), or None."""
    index = _by_name()
    return next((index[k] for k in sorted(_keys(name)) if k in index), None)


def find_place(text: str) -> Location | None:
    """Resolve a municipality name or a postcode in the Kreis to a :class:`Location`.

    A 5-digit postcode anywhere in ``text`` ("71522" or "71522 Backnang") wins: its own
    centroid if it is in the postcode table, else the municipality whose main PLZ it is.
    Otherwise ``text`` is taken as a municipality name and resolves to its centre. Places
    outside the Rems-Murr-Kreis give None.
    """
    match = _POSTCODE.search(text)
    if match:
        plz = match.group(1)
        for p in rems_murr_postcodes():
            if p.postcode == plz:
                return p.location()
        for m in rems_murr_municipalities():
            if m.postcode == plz:
                return m.location()
        return None
    municipality = find_municipality(text)
    return municipality.location() if municipality else None
