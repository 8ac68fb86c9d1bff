"""Synthetic caseloads of any size for the matching benchmark.

``synthetic_dataset(n_candidates, n_vacancies, seed)`` builds a :class:`Dataset` that looks
like a Jobcenter's caseload in its *proportions* (the Rems-Murr demo generator,
``passgenau.demo.generator``, is the reference for the shares used here), at sizes the demo
does not reach: a district (5,000 × 2,000), a Land (50,000 × 20,000), a national sample
(200,000 × 80,000). Deterministic: one ``random.Random(seed)`` drives every draw, so the
same arguments give an equal dataset. Nothing is read but the shipped KldB short list.

Places
  Towns with Zipf-like sizes (weight of the k-th town ∝ k^-0.9) scattered uniformly over
  a rectangle whose size grows with the caseload: log-log interpolation between a
  district of 60 × 50 km (Rems-Murr), a Land of 230 × 250 km (Baden-Württemberg) and a
  national sample of 600 × 850 km (Germany), at least 20 × 20 km; about one town per
  100 km². People live in a disc around their town's centre, a household shares one home;
  firms are drawn a little more towards big towns. A town's disc grows with its weight,
  the biggest one's radius with the area (about 3.5 km in a district, 10 km in a Land,
  20 km nationally), so a big city is not all within everyone's commute.
Employers and vacancies
  About one employer per three vacancies; every employer has one vacancy, the rest go by
  a log-normal firm size. Sectors, part-time shares, shift patterns, German minimums,
  driving licences and regulated professions follow the demo generator's tables.
Candidates
  German A0–C1 (mostly A1–B1), a fifth without work experience, most with helper
  experience, a third skilled or academic with foreign qualifications that are often not
  (yet) recognised; transit and walking, some bikes, a quarter with a licence (some with a
  car); commutes of 30–90 minutes; parents of young children only during Kita hours.
  About 30 % live in a household with another candidate; about 10 % of households are
  couples splitting the day (one early, one late) who ask to be placed together.
  ``place_together_share`` (e.g. 0.2: a household-heavy district) puts that share of the
  candidates into such couples instead, and no other household asks to be placed
  together; the default path draws exactly as before.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Generic, TypeVar

from passgenau.demo.qualifications import REGULATED, draw_occupations, draw_wishes
from passgenau.demo.shifts import draw_shifts
from passgenau.domain.kldb import KldbCode
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import (
    Candidate,
    Dataset,
    Employer,
    Household,
    Location,
    TravelMode,
    Vacancy,
    WorkPermit,
)
from passgenau.domain.schedule import ALWAYS, TimeWindow, Weekday

T = TypeVar("T")

REFERENCE_DATE = date(2026, 11, 24)

# ---------------------------------------------------------------------------------------
# Weighted draws
# ---------------------------------------------------------------------------------------


class _Table(Generic[T]):
    """Items with weights, drawn by bisection on the cumulative weights (fast, exact)."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        items = [item for item, w in pairs if w > 0]
        weights = [w for _, w in pairs if w > 0]
        if not items:
            raise ValueError("a table needs at least one item with positive weight")
        self._items = items
        self._cum = []
        total = 0.0
        for w in weights:
            total += w
            self._cum.append(total)
        self._total = total

    def draw(self, rng: random.Random) -> T:
        k = bisect(self._cum, rng.random() * self._total)
        return self._items[min(k, len(self._items) - 1)]


def _chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# ---------------------------------------------------------------------------------------
# The area and its towns
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Area:
    """A rectangle ``width_km`` (east–west) × ``height_km`` (north–south) around a centre."""

    lat: float
    lon: float
    width_km: float
    height_km: float

    @property
    def km2(self) -> float:
        return self.width_km * self.height_km


#: (candidates, area): Rems-Murr-Kreis, Baden-Württemberg, Germany.
_ANCHORS: tuple[tuple[int, Area], ...] = (
    (5_000, Area(48.88, 9.45, 60.0, 50.0)),
    (50_000, Area(48.55, 9.05, 230.0, 250.0)),
    (200_000, Area(51.15, 10.45, 600.0, 850.0)),
)
_MIN_SIDE_KM = 20.0
_KM2_PER_TOWN = 100.0
_ZIPF_EXPONENT = 0.9


def area_for(n_candidates: int) -> Area:
    """The area a caseload of this size covers (log-log interpolation between anchors)."""
    n = max(n_candidates, 1)
    (n0, a0), (n1, a1) = _ANCHORS[:2] if n <= _ANCHORS[1][0] else _ANCHORS[1:]
    centre = min(_ANCHORS, key=lambda anchor: abs(math.log(n / anchor[0])))[1]
    t = math.log(n / n0) / math.log(n1 / n0)

    def side(x0: float, x1: float) -> float:
        return round(max(_MIN_SIDE_KM, math.exp(math.log(x0) + t * math.log(x1 / x0))), 1)

    return Area(
        centre.lat, centre.lon, side(a0.width_km, a1.width_km), side(a0.height_km, a1.height_km)
    )


@dataclass(frozen=True, slots=True)
class _Town:
    name: str
    postcode: str
    x_km: float  # east of the area's centre
    y_km: float  # north of the area's centre
    radius_km: float


_PREFIXES = ("", "", "", "Ober", "Unter", "Neu", "Alt", "Groß", "Klein", "Bad ")
_STEMS = _words(
    "Aich Berg Bühl Dorn Eich Fell Gmünd Hall Heil Hoch Kirch Lind Mühl Neck Rems Murr Ros "
    "Sulz Tann Wald Weil Wein Wies Alb Bach Birk Buch Eck Erl Hart Horn Kalt Lauf Mark Roth "
    "Schön Stein Strom Wolf"
)
_SUFFIXES = ("ingen", "heim", "bach", "dorf", "hausen", "stadt", "feld", "au", "hofen", "weiler")


class _Towns:
    """Zipf-weighted towns in the area; draws points around them."""

    def __init__(self, rng: random.Random, area: Area) -> None:
        self.area = area
        n = max(3, round(area.km2 / _KM2_PER_TOWN))
        weights = [(k + 1) ** -_ZIPF_EXPONENT for k in range(n)]
        # The biggest town's radius follows the real places: ~3.5 km in a district
        # (Waiblingen), ~10 km in a Land (Stuttgart), ~20 km nationally (Berlin); a town's
        # area grows with its weight.
        r_max = 3.5 * (max(area.width_km, _MIN_SIDE_KM) / 60.0) ** 0.75
        self.towns: list[_Town] = []
        for k in range(n):
            name = rng.choice(_PREFIXES) + rng.choice(_STEMS) + rng.choice(_SUFFIXES)
            self.towns.append(
                _Town(
                    name=name if name[0].isupper() else name.capitalize(),
                    postcode=f"{10000 + (k * 7919) % 89999:05d}",
                    x_km=(rng.random() - 0.5) * area.width_km,
                    y_km=(rng.random() - 0.5) * area.height_km,
                    radius_km=max(0.7, r_max * math.sqrt(weights[k] / weights[0])),
                )
            )
        self.homes: _Table[int] = _Table(list(enumerate(weights)))
        # Work is a little more concentrated in the bigger towns than homes are.
        self.workplaces: _Table[int] = _Table([(k, w**1.15) for k, w in enumerate(weights)])
        self._km_per_deg_lon = 111.32 * math.cos(math.radians(area.lat))

    def point(self, rng: random.Random, town_index: int, spread: float = 1.0) -> Location:
        """A point uniformly in a disc around the town's centre."""
        town = self.towns[town_index]
        r = town.radius_km * spread * math.sqrt(rng.random())
        a = 2.0 * math.pi * rng.random()
        x = town.x_km + r * math.cos(a)
        y = town.y_km + r * math.sin(a)
        return Location(
            round(self.area.lat + y / 111.32, 6),
            round(self.area.lon + x / self._km_per_deg_lon, 6),
            town.postcode,
            town.name,
        )


# ---------------------------------------------------------------------------------------
# Occupations (the shipped KldB short list)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Sector:
    name: str
    share: float
    style: str  # shift style, see _shifts
    part_time: float
    licence: float


_SECTORS: tuple[_Sector, ...] = (
    _Sector("Einzelhandel", 0.18, "retail", 0.55, 0.0),
    _Sector("Logistik", 0.11, "logistics", 0.25, 0.15),
    _Sector("Pflege und Gesundheit", 0.14, "care", 0.45, 0.1),
    _Sector("Gastronomie und Hotellerie", 0.13, "gastro", 0.45, 0.0),
    _Sector("Gebäudereinigung", 0.09, "cleaning", 0.7, 0.15),
    _Sector("Handwerk und Bau", 0.15, "day", 0.1, 0.35),
    _Sector("Metall- und Maschinenbau", 0.09, "twoshift", 0.1, 0.0),
    _Sector("Lebensmittelherstellung", 0.06, "twoshift", 0.3, 0.0),
    _Sector("Garten- und Landschaftsbau", 0.02, "day", 0.15, 0.5),
    _Sector("Sicherheitsdienste", 0.01, "threeshift", 0.25, 0.2),
    _Sector("Erziehung und Bildung", 0.015, "kita", 0.5, 0.0),
    _Sector("Büro und IT", 0.005, "office", 0.3, 0.0),
)
#: Vacancies by requirement level (5th KldB digit): mostly helper and skilled jobs.
_VACANCY_LEVELS = {1: 0.5, 2: 0.38, 3: 0.07, 4: 0.05}
_C1_JOBS = frozenset(_words("81404 81424 81474 81804 84114 84124 84454"))
_CARE_PREFIXES = ("821", "813", "831")
_CUSTOMER_PREFIXES = ("621", "622", "623", "624", "632", "633", "811", "823", "714", "521")
_OFFICE_PREFIXES = ("311", "431", "434", "713", "714", "715", "722", "516")
_POPULAR_HELPER_JOBS = (
    ("51311", 5.0),
    ("54101", 4.0),
    ("62301", 4.0),
    ("29301", 3.0),
    ("82101", 3.0),
    ("25101", 2.0),
    ("29201", 2.0),
    ("32101", 1.0),
)
_FALLBACK_CODES = (
    ("12101", "Garten- und Landschaftsbau", "Gartenbau - Helfer"),
    ("29301", "Gastronomie und Hotellerie", "Küchenhilfe"),
    ("29302", "Gastronomie und Hotellerie", "Koch"),
    ("51311", "Logistik", "Lagerhelfer"),
    ("51312", "Logistik", "Fachkraft Lagerlogistik"),
    ("54101", "Gebäudereinigung", "Reinigungskraft"),
    ("62301", "Einzelhandel", "Verkaufshilfe"),
    ("62102", "Einzelhandel", "Verkäufer"),
    ("82101", "Pflege und Gesundheit", "Pflegehelfer"),
    ("82102", "Pflege und Gesundheit", "Pflegefachkraft"),
    ("32101", "Handwerk und Bau", "Bauhelfer"),
    ("32122", "Handwerk und Bau", "Maurer"),
    ("24201", "Metall- und Maschinenbau", "Produktionshelfer Metall"),
    ("24232", "Metall- und Maschinenbau", "Zerspanungsmechaniker"),
    ("25104", "Metall- und Maschinenbau", "Ingenieur Maschinenbau"),
    ("29201", "Lebensmittelherstellung", "Produktionshelfer Lebensmittel"),
    ("53111", "Sicherheitsdienste", "Sicherheitsmitarbeiter"),
    ("83112", "Erziehung und Bildung", "Erzieher"),
    ("71402", "Büro und IT", "Kaufmann Büromanagement"),
    ("43414", "Büro und IT", "Softwareentwickler"),
)


@dataclass(frozen=True, slots=True)
class _Occupations:
    """The code pool, with draw tables for vacancies (per sector) and candidates (per level)."""

    codes: dict[str, KldbCode]
    titles: dict[str, str]
    by_sector: dict[str, _Table[str]]
    by_level: dict[int, _Table[str]]
    popular: _Table[str]


@cache
def _occupations() -> _Occupations:
    try:
        from passgenau.reference.kldb import common_occupations

        entries = [(e.code.code, e.sector, e.short_title) for e in common_occupations()]
    except ImportError:  # pragma: no cover - the shipped list is part of the package
        entries = list(_FALLBACK_CODES)
    codes = {code: KldbCode(code) for code, _, _ in entries}
    titles = {code: title for code, _, title in entries}
    share = {s.name: s.share for s in _SECTORS}
    by_sector: dict[str, _Table[str]] = {}
    for sector in _SECTORS:
        mine = [code for code, sec, _ in entries if sec == sector.name]
        count = {lv: sum(1 for c in mine if int(c[4]) == lv) for lv in _VACANCY_LEVELS}
        by_sector[sector.name] = _Table(
            [(c, _VACANCY_LEVELS[int(c[4])] / count[int(c[4])]) for c in mine]
        )
    by_level: dict[int, _Table[str]] = {}
    for level in (1, 2, 3, 4):
        pool = [(c, sec) for c, sec, _ in entries if int(c[4]) == level]
        per_sector = {sec: sum(1 for _, s in pool if s == sec) for _, sec in pool}
        # Candidates' experience roughly follows the labour market, with a floor so that
        # every occupation of the list occurs (refugees bring all kinds of professions).
        by_level[level] = _Table(
            [(c, share.get(sec, 0.01) / per_sector[sec] + 0.004) for c, sec in pool]
        )
    popular = _Table([(c, w) for c, w in _POPULAR_HELPER_JOBS if c in codes])
    return _Occupations(codes, titles, by_sector, by_level, popular)


# ---------------------------------------------------------------------------------------
# Time windows and shift options (built once, shared by all records)
# ---------------------------------------------------------------------------------------


def _days(text: str) -> tuple[Weekday, ...]:
    if "-" in text:
        first, last = (Weekday.parse(d) for d in text.split("-"))
        return tuple(Weekday(i) for i in range(first, last + 1))
    return tuple(Weekday.parse(d) for d in text.split())


def _clock(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


@cache
def _window(days: str, start: int, end: int) -> TimeWindow:
    return TimeWindow(_days(days), start, end)


@cache
def _style(sector: _Sector, code: str) -> str:
    if code.startswith(_OFFICE_PREFIXES):
        return "office"
    if code.startswith("5132"):
        return "courier"
    if code.startswith("2922"):
        return "bakery"
    if code.startswith(("8321", "5415")):
        return "day"
    return sector.style


# Candidates' availability: when they can be away from home, commute included.
_EARLY = (_window("mon-sat", _clock("05:00"), _clock("13:30")),)
_LATE = (_window("mon-sat", _clock("13:30"), _clock("23:00")),)
_KITA = (_window("mon-fri", _clock("07:30"), _clock("13:00")),)
_KITA_LONG = (_window("mon-fri", _clock("07:00"), _clock("16:00")),)
_BROAD: _Table[tuple[TimeWindow, ...]] = _Table(
    [
        ((ALWAYS,), 0.5),
        ((_window("mon-sat", _clock("05:00"), _clock("23:00")),), 0.3),
        (
            (
                _window("mon-fri", _clock("05:00"), _clock("22:00")),
                _window("sat", _clock("06:00"), _clock("18:00")),
            ),
            0.2,
        ),
    ]
)

# ---------------------------------------------------------------------------------------
# Vacancies
# ---------------------------------------------------------------------------------------

_SHORTLIST_SIZES = _Table([(4, 0.75), (3, 0.15), (5, 0.07), (6, 0.03)])
_PART_HOURS = _Table([(15.0, 0.1), (20.0, 0.35), (25.0, 0.3), (30.0, 0.25)])
_FULL_HOURS = _Table([(38.0, 0.3), (38.5, 0.2), (39.0, 0.2), (40.0, 0.3)])
_A = GermanLevel
_LEVEL_MIN = {
    "c1": _Table([(_A.C1, 1.0)]),
    "care_helper": _Table([(_A.A2, 0.4), (_A.B1, 0.6)]),
    "care_skilled": _Table([(_A.B1, 0.4), (_A.B2, 0.6)]),
    "customer_helper": _Table([(_A.A2, 0.6), (_A.B1, 0.4)]),
    "helper": _Table([(_A.A1, 0.35), (_A.A2, 0.65)]),
    "customer_skilled": _Table([(_A.B1, 0.8), (_A.B2, 0.2)]),
    "skilled": _Table([(_A.A2, 0.15), (_A.B1, 0.75), (_A.B2, 0.1)]),
    "higher": _Table([(_A.B1, 0.2), (_A.B2, 0.6), (_A.C1, 0.2)]),
}


def _level_kind(code: str) -> str:
    level = int(code[4])
    if code in _C1_JOBS:
        return "c1"
    if code.startswith(_CARE_PREFIXES):
        return "care_helper" if level == 1 else "care_skilled"
    customer = code.startswith(_CUSTOMER_PREFIXES)
    if level == 1:
        return "customer_helper" if customer else "helper"
    if level == 2:
        return "customer_skilled" if customer else "skilled"
    return "higher"


def _employers_and_vacancies(
    rng: random.Random, towns: _Towns, n_vacancies: int, ref: date
) -> tuple[list[Employer], list[Vacancy]]:
    occ = _occupations()
    n_employers = max(1, round(n_vacancies / 3))
    sectors = _Table([(s, s.share) for s in _SECTORS])
    employers: list[Employer] = []
    employer_sector: list[_Sector] = []
    for k in range(n_employers):
        sector = sectors.draw(rng)
        location = towns.point(rng, towns.workplaces.draw(rng), 1.3)
        eid = f"E{k + 1:06d}"
        employers.append(
            Employer(
                id=eid,
                name=f"{sector.name} {location.municipality} {k + 1}",
                location=location,
                sector=sector.name,
                onsite_interviews=_chance(rng, 0.85),
                trial_work=_chance(rng, 0.8),
                contact_name=f"Kontakt {k + 1}",
                contact_email=f"personal@{eid.lower()}.example",
            )
        )
        employer_sector.append(sector)
    # Every employer one vacancy, the rest by a log-normal firm size.
    owners = list(range(min(n_employers, n_vacancies)))
    if n_vacancies > n_employers:
        sizes = _Table([(k, rng.lognormvariate(0.0, 0.8)) for k in range(n_employers)])
        owners += [sizes.draw(rng) for _ in range(n_vacancies - n_employers)]
    rng.shuffle(owners)
    vacancies: list[Vacancy] = []
    for j, k in enumerate(owners):
        sector = employer_sector[k]
        code = occ.by_sector[sector.name].draw(rng)
        part_time = _chance(rng, sector.part_time)
        hours = (_PART_HOURS if part_time else _FULL_HOURS).draw(rng)
        helper = code[4] == "1"
        branch = None
        if sector.style in ("retail", "care", "cleaning", "logistics") and _chance(rng, 0.15):
            branch = towns.point(rng, towns.workplaces.draw(rng), 1.3)
        vacancies.append(
            Vacancy(
                id=f"V{j + 1:06d}",
                employer_id=employers[k].id,
                title=f"{occ.titles[code]} (m/w/d) – {'Teilzeit' if part_time else 'Vollzeit'}",
                kldb=occ.codes[code],
                hours=hours,
                location=branch,
                positions=(
                    1
                    if rng.random() < (0.65 if helper else 0.85)
                    else 2
                    if rng.random() < 0.7
                    else 3
                ),
                shortlist_size=_SHORTLIST_SIZES.draw(rng),
                german_level_min=_LEVEL_MIN[_level_kind(code)].draw(rng),
                shifts=draw_shifts(rng, _style(sector, code), hours),
                driving_licence_required=(code.startswith("52") and code != "52531")
                or _chance(rng, sector.licence),
                recognition_required=code in REGULATED,
                start_date=None if _chance(rng, 0.3) else ref + timedelta(days=rng.randint(0, 56)),
            )
        )
    return employers, vacancies


# ---------------------------------------------------------------------------------------
# Candidates and households
# ---------------------------------------------------------------------------------------

_HOUSEHOLD_SHARE = 0.30  # of candidates who live with another candidate
_HOUSEHOLD_KINDS = _Table(
    [
        ("split_day", 0.15),
        ("kita", 0.25),
        ("both_kita", 0.08),
        ("couple", 0.35),
        ("adult_child", 0.17),
    ]
)
_PLACE_TOGETHER = 2 / 3  # of split-day couples: ~10 % of households
_GERMAN_LEVELS = _Table(
    [
        (_A.A0, 0.05),
        (_A.A1, 0.20),
        (_A.A2, 0.30),
        (_A.B1, 0.28),
        (_A.B2, 0.12),
        (_A.C1, 0.05),
    ]
)
_AGE_BANDS = _Table(
    [
        ((18, 24), 0.19),
        ((25, 34), 0.32),
        ((35, 44), 0.26),
        ((45, 54), 0.16),
        ((55, 59), 0.045),
        ((60, 64), 0.025),
    ]
)
_COMMUTE_PARENT = _Table([(30, 0.3), (45, 0.45), (60, 0.25)])
_COMMUTE_OTHER = _Table([(30, 0.15), (45, 0.3), (60, 0.35), (75, 0.1), (90, 0.1)])
_MOTIVATION = _Table([(1, 0.05), (2, 0.15), (3, 0.35), (4, 0.3), (5, 0.15)])
_LANGUAGES = _Table(
    [
        (("uk", "ru"), 0.25),
        (("uk",), 0.12),
        (("ru", "uk"), 0.08),
        (("ar",), 0.23),
        (("fa",), 0.15),
        (("tr",), 0.07),
        (("ti",), 0.03),
        (("en",), 0.03),
        (("ur", "en"), 0.02),
        (("so",), 0.02),
    ]
)
_PERMITS = _Table(
    [
        (WorkPermit.PERMITTED, 0.92),
        (WorkPermit.APPROVAL_REQUIRED, 0.055),
        (WorkPermit.NOT_PERMITTED, 0.025),
    ]
)
_GIVEN = _words(
    "Olena Iryna Oksana Andrii Serhii Dmytro Fatima Aya Nour Mohammad Omar Khaled Mariam Zahra "
    "Ahmad Reza Ayşe Mehmet Zainab Mustafa Maryam Arash Senait Yonas Ngozi Emeka Hodan Abdi"
)
_SURNAMES = _words(
    "Kovalenko Shevchenko Bondarenko Melnyk Haddad Khalil Darwish Mansour Ahmadi Hosseini "
    "Rahimi Karimi Yılmaz Kaya Demir Al-Saadi Kadhim Moradi Tesfamariam Habte Okafor Eze "
    "Khan Malik Warsame Farah"
)


@dataclass(frozen=True, slots=True)
class _Role:
    age: int
    availability: tuple[TimeWindow, ...]
    parent: bool  # of young children: part time, shorter commutes


def _adult_age(rng: random.Random) -> int:
    low, high = _AGE_BANDS.draw(rng)
    return rng.randint(low, high)


def _household(rng: random.Random) -> tuple[list[_Role], bool]:
    kind = _HOUSEHOLD_KINDS.draw(rng)
    if kind == "adult_child":
        parent_age = rng.randint(42, 60)
        roles = [_Role(parent_age, _BROAD.draw(rng), False)]
        if _chance(rng, 0.5):
            roles.append(_Role(parent_age + rng.randint(-4, 4), _BROAD.draw(rng), False))
        return [*roles, _Role(rng.randint(18, 24), _BROAD.draw(rng), False)], False
    age = rng.randint(24, 46) if kind != "couple" else max(_adult_age(rng), 20)
    other = min(age + rng.randint(-2, 6), 64)
    if kind == "couple":
        return [_Role(age, _BROAD.draw(rng), False), _Role(other, _BROAD.draw(rng), False)], False
    if kind == "split_day":
        first, second = (_EARLY, _LATE) if _chance(rng, 0.5) else (_LATE, _EARLY)
        return [_Role(age, first, True), _Role(other, second, True)], _chance(rng, _PLACE_TOGETHER)
    if kind == "both_kita":
        return [_Role(age, _KITA_LONG, True), _Role(other, _KITA_LONG, True)], False
    return [_Role(age, _KITA, True), _Role(other, _BROAD.draw(rng), False)], False


def _split_day_couple(rng: random.Random) -> list[_Role]:
    """Parents splitting the day, one early, one late (the household-heavy district)."""
    age = rng.randint(24, 46)
    other = min(age + rng.randint(-2, 6), 64)
    first, second = (_EARLY, _LATE) if _chance(rng, 0.5) else (_LATE, _EARLY)
    return [_Role(age, first, True), _Role(other, second, True)]


def _single(rng: random.Random) -> _Role:
    age = _adult_age(rng)
    if 24 <= age <= 50 and _chance(rng, 0.12):  # single parent
        return _Role(age, _KITA if _chance(rng, 0.6) else _KITA_LONG, True)
    return _Role(age, _BROAD.draw(rng), False)


def _candidate(rng: random.Random, index: int, role: _Role, home: Location, ref: date) -> Candidate:
    level = _GERMAN_LEVELS.draw(rng)
    if role.age >= 50 and level > _A.A0 and _chance(rng, 0.3):
        level = GermanLevel(level - 1)
    elif role.age < 25 and level < _A.C1 and _chance(rng, 0.25):
        level = GermanLevel(level + 1)
    occupations = draw_occupations(rng, role.age)
    licence = _chance(rng, 0.25)
    modes = [TravelMode.TRANSIT]
    if _chance(rng, 0.15):
        modes.append(TravelMode.BIKE)
    modes.append(TravelMode.WALK)
    if licence and _chance(rng, 0.6):
        modes.append(TravelMode.CAR)
    if role.parent:
        upper = 25.0 if role.availability == _KITA else 30.0
        hours_min, hours_max = float(rng.choice((10, 15, 20))), rng.choice((upper - 5, upper))
    elif _chance(rng, 0.65):
        hours_min, hours_max = float(rng.choice((25, 30, 35))), 40.0
    else:
        hours_min, hours_max = float(rng.choice((15, 20))), float(rng.choice((25, 30)))
    available_from = None
    if level <= _A.B1 and _chance(rng, 0.2):  # language course still running
        available_from = ref + timedelta(days=rng.randint(7, 70))
    elif _chance(rng, 0.3):
        available_from = ref - timedelta(days=rng.randint(0, 180))
    languages = _LANGUAGES.draw(rng)
    if "en" not in languages and _chance(rng, 0.2):
        languages = (*languages, "en")
    cid = f"C{index + 1:06d}"
    given, surname = rng.choice(_GIVEN), rng.choice(_SURNAMES)
    return Candidate(
        id=cid,
        name=f"{given} {surname}",
        birth_year=ref.year - role.age,
        home=home,
        german_level=level,
        occupations=occupations,
        wishes=draw_wishes(rng, occupations),
        hours_min=hours_min,
        hours_max=hours_max,
        availability=role.availability,
        modes=tuple(modes),
        driving_licence=licence,
        max_commute_minutes=(_COMMUTE_PARENT if role.parent else _COMMUTE_OTHER).draw(rng),
        work_permit=_PERMITS.draw(rng),
        available_from=available_from,
        motivation=_MOTIVATION.draw(rng),
        unemployed_since=ref - timedelta(days=rng.randint(0, 4 * 365)),
        languages=languages,
        email=f"{cid.lower()}@example.org",
        phone=f"+49 30 23125 {index % 1000:03d}",
    )


def _candidates_and_households(
    rng: random.Random, towns: _Towns, n: int, ref: date, together_share: float | None = None
) -> tuple[list[Candidate], list[Household]]:
    groups: list[tuple[list[_Role], bool]] = []
    in_households = 0
    target = round(n * _HOUSEHOLD_SHARE)
    if together_share is not None:
        couples = min(round(n * together_share / 2), n // 2)
        groups.extend((_split_day_couple(rng), True) for _ in range(couples))
        in_households = 2 * couples
        target = max(target, in_households)
    while in_households < target and n - in_households >= 2:
        roles, together = _household(rng)
        roles = roles[: n - in_households]
        groups.append((roles, together and together_share is None))
        in_households += len(roles)
    groups.extend(([_single(rng)], False) for _ in range(n - in_households))
    rng.shuffle(groups)
    candidates: list[Candidate] = []
    households: list[Household] = []
    for roles, together in groups:
        home = towns.point(rng, towns.homes.draw(rng))
        ids = []
        for role in roles:
            candidate = _candidate(rng, len(candidates), role, home, ref)
            candidates.append(candidate)
            ids.append(candidate.id)
        if len(ids) > 1:
            households.append(Household(f"H{len(households) + 1:06d}", tuple(ids), together))
    return candidates, households


# ---------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------


def synthetic_dataset(
    n_candidates: int,
    n_vacancies: int,
    seed: int = 0,
    *,
    reference_date: date = REFERENCE_DATE,
    place_together_share: float | None = None,
) -> Dataset:
    """A synthetic caseload of the given size; the same arguments give an equal Dataset.
    ``place_together_share``: the share of candidates in split-day couples who ask to be
    placed together (None: the usual mix, about 10 % of households)."""
    if n_candidates < 1 or n_vacancies < 1:
        raise ValueError("need at least one candidate and one vacancy")
    rng = random.Random(seed)
    towns = _Towns(rng, area_for(n_candidates))
    employers, vacancies = _employers_and_vacancies(rng, towns, n_vacancies, reference_date)
    candidates, households = _candidates_and_households(
        rng, towns, n_candidates, reference_date, place_together_share
    )
    return Dataset(
        employers=tuple(employers),
        vacancies=tuple(vacancies),
        candidates=tuple(candidates),
        households=tuple(households),
        reference_date=reference_date,
    )
