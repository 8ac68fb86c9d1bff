"""Offline geocoding: a postcode and/or a municipality name → coordinates, with the reason.

A Jobcenter's own spreadsheets give addresses as "71332" or "Waiblingen", seldom with
coordinates, and social data must not be sent to an online geocoder. So places are looked
up in tables: the ones shipped with passgenau and the ones a Jobcenter imported (the
Destatis municipality register, OpenGeoDB and GeoNames postcodes). This module holds the
rules only; the tables come in as a :class:`Gazetteer` (no file or database access here).

The rules, in order:

1. an exact **postcode** (PLZ) wins: its centroid from a postcode table (places before
   company PLZ), else the centre of the municipality whose PLZ it is;
2. else the **municipality name**, compared in tiers, the first tier that finds any
   municipality deciding: the official name as typed ("Garding, Stadt"); the name
   normalised (case, designations like ", Stadt" or ", GKSt", a leading "Stadt", hyphens
   and blanks, "St." = "Sankt", ä/ö/ü/ß = ae/oe/ue/ss); the same without diacritics
   ("Pluderhausen"); then without qualifiers ("(Württ.)", "/ Orla", "an der Weinstraße",
   "im Tal"), so that "Neustadt" finds every Neustadt;
3. several candidates are narrowed, in this order, by the district asked for, to inhabited
   places (a gemeindefreies Gebiet of the same name has no residents), by the qualifier
   typed (matched against the Kreis' name), by the postcode's region (the longest shared
   leading digits, at least 2) and to the Jobcenter's home district;
4. still several: not resolved, the reason lists the candidates with Kreis and AGS.

Names that no municipality has are looked up among the postcode tables' place names.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

# -- the tables ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MunicipalityEntry:
    """A Gemeinde of the municipality register, with its centre."""

    ags: str  # Amtlicher Gemeindeschlüssel, 8 digits; its first 5 are the Kreis
    name: str  # official, e.g. "Schorndorf, Stadt"
    lat: float
    lon: float
    postcode: str = ""  # the one PLZ the register gives ("" for gemeindefreie Gebiete)
    district_name: str = ""  # the Kreis, e.g. "Rems-Murr-Kreis"
    population: int | None = None

    @property
    def district(self) -> str:
        """The Kreis key (first 5 digits of the AGS)."""
        return self.ags[:5]

    @property
    def short_name(self) -> str:
        """The name without its designation: "Schorndorf, Stadt" → "Schorndorf"."""
        return self.name.split(",", 1)[0].strip()

    def describe(self) -> str:
        kreis = self.district_name or self.district
        return f"{self.name} (Kreis {kreis}, AGS {self.ags})"


@dataclass(frozen=True, slots=True)
class PostcodeEntry:
    """A PLZ with its centroid, as one postcode table gives it."""

    postcode: str  # 5 digits
    place: str  # the place's name; "" when the PLZ belongs to organisations only
    lat: float
    lon: float
    source: str  # "geonames", "opengeodb" (see SOURCE_ORDER)
    district: str = ""  # Kreis key (5 digits) when the table gives it
    ags: str = ""  # the municipality, when known
    organisation: bool = False  # a Großkunden-PLZ: only companies or authorities have it

    def describe(self) -> str:
        name = self.place or "Großkunden-PLZ"
        return f"{name} (PLZ {self.postcode})"


SOURCE_ORDER = ("geonames", "opengeodb")
"""Postcode tables by preference: GeoNames is maintained, OpenGeoDB (2021) no longer."""


# -- names ---------------------------------------------------------------------------

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_SANKT = re.compile(r"\bst\.\s*")
_PREFIX = re.compile(r"^(stadt|gemeinde)\s+")
_NON_WORD = re.compile(r"[^\w]+")
# Words that begin a qualifier after the first word: "an der", "a.d.", "im", "i.OB", "b.",
# "ob der", "v.d." (the register abbreviates Bavarian and Hessian ones).
_QUALIFIER_WORDS = frozenset(
    {"a", "am", "an", "auf", "b", "bei", "i", "im", "in", "ob", "v", "vor", "zu", "zum"}
)


def _strip_marks(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )


def _words(text: str) -> list[str]:
    return [w for w in _NON_WORD.sub(" ", text.replace("_", " ")).split() if w]


@dataclass(frozen=True, slots=True)
class NameKey:
    """The ways a place name is compared, from the strictest to the loosest.

    ``official``: as written, only case and blanks ignored; ``full``: the whole name
    without designation, umlauts as ae/oe/ue; ``full_loose``: the same without any
    diacritics ("Plüderhausen" and "Pluderhausen" meet here, "Hüsby" and "Husby" too,
    which is why it comes after ``full``); ``base`` and ``base_loose``: without the
    qualifier; ``hint``: the qualifier ("wuerttemberg" of "Schorndorf (Württemberg)").
    """

    official: str
    full: str
    full_loose: str
    base: str
    base_loose: str
    hint: str

    def tiers(self) -> tuple[str, ...]:
        """The keys in the order they are tried (see :meth:`Gazetteer.resolve`)."""
        return (self.official, self.full, self.full_loose, self.base, self.base_loose)

    def typed_tiers(self) -> tuple[str, ...]:
        """:meth:`tiers` of a name someone typed: the official name counts only with its
        designation ("Garding, Stadt"); "Schorndorf" alone must not pick the one
        Schorndorf whose official name has none."""
        official = self.official if "," in self.official else ""
        return (official, *self.tiers()[1:])


def name_key(text: str) -> NameKey:
    """Normalise a municipality or place name for comparison; see :class:`NameKey`."""
    official = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    t = official
    t = t.split(",", 1)[0]  # ", Stadt", ", GKSt", ", gemfr. Gebiet": a designation
    t = _SANKT.sub("sankt ", t)
    t = " ".join(t.replace("-", " ").split())
    t = _PREFIX.sub("", t)
    # a qualifier starts at "(" or "/", or at a qualifier word after the first word
    cut = min((i for i in (t.find("("), t.find("/")) if i > 0), default=len(t))
    head, tail = _words(t[:cut]), _words(t[cut:])
    for i, word in enumerate(head[1:], start=1):
        if word in _QUALIFIER_WORDS:
            head, tail = head[:i], head[i:] + tail
            break
    full, base = " ".join(_words(t)), " ".join(head)
    return NameKey(
        official=official,
        full=_strip_marks(full.translate(_UMLAUTS)),
        full_loose=_strip_marks(full),
        base=_strip_marks(base.translate(_UMLAUTS)),
        base_loose=_strip_marks(base),
        hint=_strip_marks(" ".join(tail).translate(_UMLAUTS)),
    )


# -- postcodes -----------------------------------------------------------------------

_POSTCODE = re.compile(r"(?:d|de)?\s*-?\s*(\d{4,5})")
_LEADING_POSTCODE = re.compile(r"\s*(\d{5})\s+(\S.*)")


def clean_postcode(text: str) -> str | None:
    """A German PLZ as 5 digits: "71332", "D-71332"; "1067" (Excel dropped the 0) → "01067".

    None if ``text`` is not a postcode.
    """
    match = _POSTCODE.fullmatch(text.strip().casefold())
    if match is None:
        return None
    plz = match.group(1).zfill(5)
    return None if plz.startswith("00") else plz  # German PLZ run from 01001 to 99998


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(
        math.radians(lon2 - lon1) / 2
    ) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


# -- resolution ----------------------------------------------------------------------


class Outcome(StrEnum):
    POSTCODE = "postcode"  # the PLZ's centroid
    POSTCODE_MUNICIPALITY = "postcode_municipality"  # centre of the municipality of the PLZ
    MUNICIPALITY = "municipality"  # centre of the named municipality
    PLACE = "place"  # centroid of a place named in a postcode table
    NOT_FOUND = "not_found"
    AMBIGUOUS = "ambiguous"
    NOTHING_GIVEN = "nothing_given"


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a postcode/name lies, or why that is not known; ``reason`` says which rule."""

    outcome: Outcome
    reason: str
    lat: float | None = None
    lon: float | None = None
    candidates: tuple[str, ...] = ()  # for AMBIGUOUS: each with its Kreis and AGS

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None


MAX_LISTED = 8
"""Candidates named in a reason; the rest are counted."""

PLACE_SPREAD_KM = 25.0
"""Rows of one place name farther apart than this are taken for different places."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    label: str
    lat: float
    lon: float
    district: str
    district_name: str
    postcodes: frozenset[str]
    outcome: Outcome
    inhabited: bool = True


def _mean(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    return (
        round(sum(p[0] for p in points) / len(points), 6),
        round(sum(p[1] for p in points) / len(points), 6),
    )


@dataclass
class Gazetteer:
    """The place tables one resolution uses: shipped ones first, imported ones after.

    Later entries replace earlier ones with the same key (AGS; source and PLZ), so an
    imported register overrides the shipped extract. ``home_district`` (a Kreis key) is
    the Jobcenter's own Kreis, preferred when a name is otherwise ambiguous;
    ``register_imported`` says whether the full municipality register is among the tables
    (messages advise importing it when not).
    """

    municipalities: Sequence[MunicipalityEntry] = ()
    postcodes: Sequence[PostcodeEntry] = ()
    home_district: str = ""
    register_imported: bool = False
    _by_ags: dict[str, MunicipalityEntry] = field(init=False, repr=False)
    _best_postcode: dict[str, PostcodeEntry] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_ags = {m.ags: m for m in self.municipalities}
        latest = {(p.source, p.postcode): p for p in self.postcodes}
        rank = {source: i for i, source in enumerate(SOURCE_ORDER)}
        best: dict[str, PostcodeEntry] = {}
        for entry in sorted(
            latest.values(),
            key=lambda p: (p.organisation, rank.get(p.source, len(rank)), p.source),
            reverse=True,
        ):
            best[entry.postcode] = entry  # the most preferred is written last
        self._best_postcode = best

    # -- indexes, built on first use (a postcode-only file never needs them) -------------
    @cached_property
    def _main_postcode(self) -> dict[str, list[MunicipalityEntry]]:
        index: dict[str, list[MunicipalityEntry]] = defaultdict(list)
        for m in self._by_ags.values():
            if m.postcode:
                index[m.postcode].append(m)
        return index

    @cached_property
    def _municipality_keys(self) -> dict[str, NameKey]:
        return {ags: name_key(m.name) for ags, m in self._by_ags.items()}

    @cached_property
    def _names(self) -> tuple[dict[str, list[str]], ...]:
        """One index per tier of :meth:`NameKey.tiers`: key → AGS."""
        indexes: tuple[dict[str, list[str]], ...] = tuple(
            defaultdict(list) for _ in range(5)
        )
        for ags, key in self._municipality_keys.items():
            for index, spelling in zip(indexes, key.tiers(), strict=True):
                if spelling:
                    index[spelling].append(ags)
        return indexes

    @cached_property
    def _postcodes_of(self) -> dict[str, set[str]]:
        """AGS → every PLZ known to lie in it: its own, and postcode rows of its name in
        its Kreis (or, where a table gives no Kreis, near its centre)."""
        by_name: dict[tuple[str, str], list[PostcodeEntry]] = defaultdict(list)
        result: dict[str, set[str]] = defaultdict(set)
        for p in self._best_postcode.values():
            if p.ags:
                result[p.ags].add(p.postcode)
            elif p.place:
                by_name[(name_key(p.place).full, p.district)].append(p)
        for ags, m in self._by_ags.items():
            if m.postcode:
                result[ags].add(m.postcode)
            full = self._municipality_keys[ags].full
            result[ags].update(p.postcode for p in by_name.get((full, m.district), ()))
            result[ags].update(
                p.postcode
                for p in by_name.get((full, ""), ())
                if _distance_km(m.lat, m.lon, p.lat, p.lon) <= PLACE_SPREAD_KM
            )
        return result

    @cached_property
    def _places(self) -> tuple[dict[str, list[PostcodeEntry]], ...]:
        """Place names of the postcode tables → their rows, one index per tier."""
        indexes: tuple[dict[str, list[PostcodeEntry]], ...] = tuple(
            defaultdict(list) for _ in range(5)
        )
        for p in self._best_postcode.values():
            if p.place and not p.organisation:
                for index, spelling in zip(indexes, name_key(p.place).tiers(), strict=True):
                    if spelling:
                        index[spelling].append(p)
        return indexes

    # -- lookups -----------------------------------------------------------------------
    def postcode(self, plz: str) -> PostcodeEntry | None:
        return self._best_postcode.get(plz)

    def municipality(self, ags: str) -> MunicipalityEntry | None:
        return self._by_ags.get(ags)

    def resolve(self, postcode: str = "", municipality: str = "", district: str = "") -> Resolution:
        """Coordinates for a postcode and/or a municipality name; see the module's rules.

        ``district`` (a Kreis key or name) narrows an ambiguous name.
        """
        postcode, municipality = postcode.strip(), municipality.strip()
        if not postcode:
            leading = _LEADING_POSTCODE.fullmatch(municipality)
            if leading:  # "71332 Waiblingen" typed into one cell
                postcode, municipality = leading.groups()
        if not postcode and not municipality:
            return Resolution(Outcome.NOTHING_GIVEN, "neither postcode nor municipality given")
        plz = clean_postcode(postcode) if postcode else None
        if plz is not None:
            found = self._by_postcode(plz)
            if found is not None:
                return found
        if not municipality:
            if plz is None:
                return Resolution(Outcome.NOT_FOUND, "is not a German postcode (5 digits)")
            return Resolution(Outcome.NOT_FOUND, f"postcode {plz} not found")
        return self._by_name(municipality, plz, district.strip())

    def _by_postcode(self, plz: str) -> Resolution | None:
        entry = self._best_postcode.get(plz)
        if entry is not None:
            kind = "" if not entry.organisation else ", Großkunden-PLZ"
            where = entry.place or "organisations only"
            reason = f"postcode {plz} ({where}{kind}; {entry.source})"
            return Resolution(Outcome.POSTCODE, reason, entry.lat, entry.lon)
        owners = self._main_postcode.get(plz)
        if owners:
            lat, lon = _mean([(m.lat, m.lon) for m in owners])
            names = ", ".join(m.name for m in owners)
            reason = f"postcode {plz}: centre of {names}"
            return Resolution(Outcome.POSTCODE_MUNICIPALITY, reason, lat, lon)
        return None

    def _by_name(self, text: str, plz: str | None, district: str) -> Resolution:
        key = name_key(text)
        if not key.full_loose:
            return Resolution(Outcome.NOT_FOUND, "is not a place name")
        candidates = self._municipality_candidates(key) or self._place_candidates(key)
        if not candidates:
            return Resolution(Outcome.NOT_FOUND, "not found")
        narrowed = self._narrow(candidates, key.hint, plz, district)
        if len(narrowed) == 1:
            (c,) = narrowed
            reason = f"{c.outcome.value} {c.label}"
            if len(candidates) > 1:
                others = len(candidates) - 1
                reason += f" (chosen over {others} other place(s) of that name)"
            return Resolution(c.outcome, reason, c.lat, c.lon)
        labels = tuple(c.label for c in narrowed)
        shown = "; ".join(labels[:MAX_LISTED])
        if len(labels) > MAX_LISTED:
            shown += f"; and {len(labels) - MAX_LISTED} more"
        return Resolution(Outcome.AMBIGUOUS, f"is ambiguous: {shown}", candidates=labels)

    def _municipality_candidates(self, key: NameKey) -> list[_Candidate]:
        found: list[str] = next(
            (index[k] for index, k in zip(self._names, key.typed_tiers(), strict=True)
             if k and k in index),
            [],
        )
        candidates = []
        for ags in sorted(set(found)):
            m = self._by_ags[ags]
            postcodes = frozenset(self._postcodes_of.get(ags, ()))
            candidates.append(
                _Candidate(m.describe(), m.lat, m.lon, m.district, m.district_name, postcodes,
                           Outcome.MUNICIPALITY, inhabited=m.population != 0)
            )
        return candidates

    def _place_candidates(self, key: NameKey) -> list[_Candidate]:
        """Places only the postcode tables name: one candidate per name and Kreis, its
        PLZ centroids averaged, unless they lie too far apart to be one place."""
        found: list[PostcodeEntry] = next(
            (index[k] for index, k in zip(self._places, key.typed_tiers(), strict=True)
             if k and k in index),
            [],
        )
        groups: dict[tuple[str, str], list[PostcodeEntry]] = defaultdict(list)
        for p in sorted(found, key=lambda p: p.postcode):
            groups[(name_key(p.place).full, p.district)].append(p)
        candidates = []
        for group in groups.values():
            lat, lon = _mean([(p.lat, p.lon) for p in group])
            if all(_distance_km(lat, lon, p.lat, p.lon) <= PLACE_SPREAD_KM for p in group):
                parts = [group]
            else:
                parts = [[p] for p in group]
            for part in parts:
                lat, lon = _mean([(p.lat, p.lon) for p in part])
                codes = ", ".join(p.postcode for p in part)
                label = f"{part[0].place} (PLZ {codes})"
                candidates.append(
                    _Candidate(label, lat, lon, part[0].district, "",
                               frozenset(p.postcode for p in part), Outcome.PLACE)
                )
        return candidates

    def _narrow(
        self, candidates: list[_Candidate], hint: str, plz: str | None, district: str
    ) -> list[_Candidate]:
        def keep(subset: list[_Candidate], current: list[_Candidate]) -> list[_Candidate]:
            return subset if subset else current

        current = candidates
        if len(current) > 1 and district:
            wanted = _district_key(district)
            current = keep(
                [c for c in current
                 if c.district == district or (c.district_name
                                               and _district_key(c.district_name) == wanted)],
                current,
            )
        if len(current) > 1:
            current = keep([c for c in current if c.inhabited], current)
        if len(current) > 1 and hint:
            current = keep(
                [c for c in current if c.district_name and hint in _district_key(c.district_name)],
                current,
            )
        if len(current) > 1 and plz is not None:
            shared = {id(c): max((_shared_prefix(plz, p) for p in c.postcodes), default=0)
                      for c in current}
            best = max(shared.values())
            if best >= 2:
                current = [c for c in current if shared[id(c)] == best]
        if len(current) > 1 and self.home_district:
            current = keep([c for c in current if c.district == self.home_district], current)
        return current


def _district_key(text: str) -> str:
    return _strip_marks(" ".join(_words(text.casefold())).translate(_UMLAUTS))

