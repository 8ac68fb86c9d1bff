"""Places of the Rems-Murr-Kreis and of Baden-Württemberg, as shipped with passgenau.

Imports and forms give an address as a place name or a postcode, but the travel model
needs coordinates. These shipped tables (see ``data/SOURCES.md``: Destatis
Gemeindeverzeichnis 31.12.2021, GeoNames postcodes CC BY 4.0) resolve both without a
geocoding service, and give the demo generator real places weighted by population.

:func:`find_place` is the quick look-up inside the Kreis; :func:`shipped_gazetteer` holds
the tables of the whole Land for :mod:`passgenau.geo.places`, which imported registers
extend (``passgenau reference import-places``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from passgenau.domain.model import Location
from passgenau.geo.places import Gazetteer, MunicipalityEntry, PostcodeEntry


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


# -- the Land, for offline geocoding -------------------------------------------------


@cache
def home_district() -> str:
    """The Kreis key of the shipped Jobcenter region (08119, Rems-Murr-Kreis)."""
    (district,) = {m.ags[:5] for m in rems_murr_municipalities()}
    return district


@cache
def bw_municipalities() -> tuple[MunicipalityEntry, ...]:
    """The 1,103 municipalities of Baden-Württemberg (31.12.2021), ordered by AGS."""
    return tuple(
        MunicipalityEntry(
            ags=r["ags"],
            name=r["name"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            postcode=r["postcode"],
            district_name=r["district"],
            population=int(r["population"]) if r["population"] else None,
        )
        for r in _read("bw_municipalities.csv")
    )


@cache
def bw_postcodes() -> tuple[PostcodeEntry, ...]:
    """The PLZ of Baden-Württemberg with their centroids (GeoNames), company PLZ marked."""
    return tuple(
        PostcodeEntry(
            postcode=r["postcode"],
            place=r["place"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            source="geonames",
            district=r["district"],
            organisation=r["organisation"] == "1",
        )
        for r in _read("bw_postcodes.csv")
    )


def shipped_gazetteer(
    municipalities: tuple[MunicipalityEntry, ...] = (),
    postcodes: tuple[PostcodeEntry, ...] = (),
    *,
    register_imported: bool = False,
) -> Gazetteer:
    """The shipped tables, extended by imported ``municipalities`` and ``postcodes``
    (which win over shipped rows with the same AGS, or the same source and PLZ)."""
    if not municipalities and not postcodes:
        return _shipped_only()
    return Gazetteer(
        (*bw_municipalities(), *municipalities),
        (*bw_postcodes(), *postcodes),
        home_district=home_district(),
        register_imported=register_imported,
    )


@cache
def _shipped_only() -> Gazetteer:
    return Gazetteer(bw_municipalities(), bw_postcodes(), home_district=home_district())
