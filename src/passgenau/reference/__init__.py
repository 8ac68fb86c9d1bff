"""Reference data shipped with passgenau: KldB 2010 occupation titles and the places of the
Rems-Murr-Kreis (tables in ``data/``, their sources in ``data/SOURCES.md``)."""

from passgenau.reference.kldb import (
    CORE_SECTORS,
    SECTORS,
    KldbEntry,
    KldbRow,
    common_occupations,
    kldb_title,
    parse_official_kldb,
)
from passgenau.reference.places import (
    Municipality,
    Postcode,
    find_municipality,
    find_place,
    rems_murr_municipalities,
    rems_murr_postcodes,
)

__all__ = [
    "CORE_SECTORS",
    "SECTORS",
    "KldbEntry",
    "KldbRow",
    "Municipality",
    "Postcode",
    "common_occupations",
    "find_municipality",
    "find_place",
    "kldb_title",
    "parse_official_kldb",
    "rems_murr_municipalities",
    "rems_murr_postcodes",
]
