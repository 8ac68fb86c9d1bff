"""A synthetic but realistic Jobcenter Rems-Murr: employers, vacancies, refugee candidates.

Why: the demo, the benchmarks and the end-to-end tests need a caseload that looks like the
real one in its *proportions* (who lives where, who speaks what, how much German, who has
to fit work around children), without a single real person or firm in it. Everything is
drawn from one ``random.Random(seed)``: the same seed gives an equal :class:`Dataset`, and
the function reads nothing but the package's shipped reference tables.

Assumptions, and where they come from (shares are rounded *assumptions* in the spirit of
the public figures named, not copied statistics; they are module constants below):

Places
  Real municipalities and postcodes of the Rems-Murr-Kreis (Destatis Gemeindeverzeichnis
  31.12.2021, GeoNames; see ``reference/data/SOURCES.md``). Candidates and employers are
  spread over the 31 municipalities in proportion to population (quota sampling, so the
  proportions hold for every seed), homes within ~1.5 km of the centre, firms within
  ~2 km. A household shares one home.
Origins and languages
  BA statistics on refugees in the basic income support (Statistik der Bundesagentur für
  Arbeit, "Migrationsmonitor" and "Geflüchtete Menschen in den Statistiken der BA", which
  report Ukraine and the eight main asylum countries Afghanistan, Eritrea, Irak, Iran,
  Nigeria, Pakistan, Somalia, Syrien): Ukraine is the largest group (~45 % here), then
  Syria, Afghanistan, Turkey (a large group of asylum seekers since 2023), Iraq, Iran,
  Eritrea, Nigeria, Pakistan, Somalia. Origin is *not* a field of the exchange format and
  never used for matching; it only drives ``languages`` (Pashto speakers are given ``fa``,
  Kurdish speakers from Turkey ``tr``, as letters are sent in those) and names.
  Most adult refugees from Ukraine are women, many with children and the partner still
  in Ukraine (IAB-BiB/FReDA-BAMF-SOEP survey of refugees from Ukraine, 2022/23); so many
  single mothers with childcare hours among Ukrainian candidates.
German
  A Jobcenter caseload is mostly still in or just after the integration course (BAMF
  Integrationskursgeschäftsstatistik: the DTZ certifies A2 or B1): A0 5 %, A1 20 %,
  A2 30 %, B1 28 %, B2 12 %, C1 5 %; older people a little lower, under-25s a little
  higher.
Age
  Refugees are young: ~17 % under 25 (U25 team), few over 60.
Work permits
  Ukrainians (§ 24 AufenthG) may all work; of the others most are recognised refugees,
  some still need the immigration office's approval, a few may not work (yet).
Qualifications
  About a fifth bring no work experience; most have helper experience; skilled and
  academic qualifications from abroad are often not (yet) recognised: ``pending``,
  ``partial`` or ``none`` (BIBB Anerkennungsmonitoring). Helper jobs need no recognition.
  Regulated professions (care specialists, doctors, teachers, Erzieher:innen) need it.
Households
  ~35 % of candidates live in a household with another candidate: couples with
  children (childcare windows: one parent only while children are in Kita/school,
  mon–fri 07:30–13:00, or the day split between the spouses, early/late, as in the
  interview's success story; only those split-day couples ask to be ``place_together``),
  couples without children, parents with an adult child.
Employers and vacancies
  The district's typical employer sectors (``reference.kldb.CORE_SECTORS``) with
  sector-typical jobs from the shipped KldB list, hours (full time 38–40, part time 15–30)
  and shift patterns: retail early 06:00–14:00 / late 14:00–22:00, logistics
  early/late/night, care early/late/weekend, cleaning early morning or evening, crafts
  and offices days 07:00–16:00, some by arrangement (no shifts). Helper jobs ask A1–A2
  German, customer-facing jobs B1, care B1–B2, doctors and teachers C1.

The seed's success story is always there: a food retailer (``E001``) with a part-time
Frühschicht and a Spätschicht vacancy (``V0001``, ``V0002``) and, nearby, a Ukrainian
couple (``H0001`` = ``C00001`` + ``C00002``) with three children who split the day.

Names of people and firms are invented combinations of common names; any resemblance to
real persons or firms is coincidental (well-known firms of the district are avoided).
E-mail addresses use the reserved ``example.org`` and ``.example`` domains (RFC 2606),
phone numbers the Bundesnetzagentur's numbers for media productions ("Drama Numbers",
Mitteilung 148/2021), which are never assigned to anyone.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import TypeVar

from passgenau.domain.kldb import KldbCode
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import (
    Candidate,
    Dataset,
    Employer,
    Household,
    Location,
    Occupation,
    Recognition,
    TravelMode,
    Vacancy,
    WorkPermit,
)
from passgenau.domain.schedule import ALWAYS, ShiftOption, TimeWindow, Weekday
from passgenau.reference.kldb import common_occupations
from passgenau.reference.places import Municipality, rems_murr_municipalities, rems_murr_postcodes

T = TypeVar("T")
Weighted = Sequence[tuple[T, float]]

# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------


def _pick(rng: random.Random, table: Weighted[T]) -> T:
    """One item of ``[(item, weight), ...]``."""
    return rng.choices([item for item, _ in table], [w for _, w in table])[0]


def _chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def _clock(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def _days(text: str) -> tuple[Weekday, ...]:
    """``"mon-fri"`` or ``"sat sun"`` as weekdays."""
    if "-" in text:
        first, last = (Weekday.parse(d) for d in text.split("-"))
        return tuple(Weekday(i) for i in range(first, last + 1))
    return tuple(Weekday.parse(d) for d in text.split())


def _window(days: str, start: str | int, end: str | int) -> TimeWindow:
    s = _clock(start) if isinstance(start, str) else start
    e = _clock(end) if isinstance(end, str) else end
    return TimeWindow(_days(days), s, e)


def _ascii(text: str) -> str:
    """Lower-case ASCII for e-mail addresses: "Häberle" -> "haeberle", "Yılmaz" -> "yilmaz"."""
    text = text.casefold().translate(
        str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"})
    )
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")


# Bundesnetzagentur, Mitteilung 148/2021: 1000 numbers in each of five local networks that
# are never assigned ("Drama Numbers").
_DRAMA_NUMBERS = (
    "+49 30 23125 {:03d}",
    "+49 69 90009 {:03d}",
    "+49 40 66969 {:03d}",
    "+49 221 4710 {:03d}",
    "+49 89 99998 {:03d}",
)


def _phone(k: int) -> str:
    return _DRAMA_NUMBERS[(k // 1000) % len(_DRAMA_NUMBERS)].format(k % 1000)


# ---------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------


class _Places:
    """Draws municipalities in proportion to population and jitters points around them.

    Quota sampling (each draw weighted by the quota still open) keeps the counts per
    municipality within a household's size of ``n * population share`` for every seed,
    while the order stays random.
    """

    def __init__(self, rng: random.Random, total: int) -> None:
        self._rng = rng
        self._municipalities = rems_murr_municipalities()
        population = sum(m.population for m in self._municipalities)
        self._open = [total * m.population / population for m in self._municipalities]

    def draw(self, size: int = 1) -> Municipality:
        weights = [max(q, 0.0) for q in self._open]
        if sum(weights) <= 0:  # quotas used up: plain population weights
            weights = [float(m.population) for m in self._municipalities]
        i = self._rng.choices(range(len(self._municipalities)), weights)[0]
        self._open[i] -= size
        return self._municipalities[i]

    def point(self, municipality: Municipality, radius_km: float) -> Location:
        """A point uniformly in a disc around the centre, with the nearest postcode."""
        r = radius_km * math.sqrt(self._rng.random())
        a = 2 * math.pi * self._rng.random()
        lat = municipality.lat + r * math.cos(a) / 111.32
        lon = municipality.lon + r * math.sin(a) / (111.32 * math.cos(math.radians(lat)))
        return Location(
            round(lat, 6),
            round(lon, 6),
            _postcode_near(municipality, lat, lon),
            municipality.short_name,
        )


def _postcode_near(municipality: Municipality, lat: float, lon: float) -> str:
    codes = [p for p in rems_murr_postcodes() if p.ags == municipality.ags]
    if not codes:
        return municipality.postcode
    nearest = min(codes, key=lambda p: (p.lat - lat) ** 2 + ((p.lon - lon) * 0.66) ** 2)
    return nearest.postcode


# ---------------------------------------------------------------------------------------
# People: origins, names, languages
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Origin:
    key: str  # ISO 3166 country code, only to tell the origins apart here
    weight: float
    languages: Weighted[tuple[str, ...]]  # ISO 639-1, the first preferred for letters
    english: float  # chance to read English as well
    female_share_single: float
    shared_surname: bool  # spouses share a family name (not where names are patronymic)
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _origin(
    key: str,
    weight: float,
    languages: Weighted[tuple[str, ...]],
    english: float,
    female_share_single: float,
    shared_surname: bool,
    names: str,
) -> _Origin:
    """``names``: three blank-separated lists (women, men, surnames) split by ``|``."""
    women, men, surnames = (_words(part) for part in names.split("|"))
    return _Origin(
        key, weight, languages, english, female_share_single, shared_surname, women, men, surnames
    )


_ORIGINS: tuple[_Origin, ...] = (
    _origin(
        "UA",
        0.45,
        ((("uk", "ru"), 0.45), (("uk",), 0.35), (("ru", "uk"), 0.2)),
        0.3,
        0.72,
        True,
        """
        Olena Iryna Tetiana Nataliia Oksana Yuliia Svitlana Kateryna Anastasiia Mariia
        Viktoriia Halyna Liudmyla Alina Daryna Sofiia Inna Larysa Khrystyna Valentyna |
        Andrii Oleksandr Serhii Dmytro Volodymyr Mykola Ivan Yurii Vasyl Oleh Taras Bohdan
        Maksym Roman Ihor Artem Vitalii Petro Denys Mykhailo |
        Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko Melnyk Boiko Moroz Lysenko
        Marchenko Savchuk Rudenko Petrenko Kuzmenko Pavlenko Polishchuk Tkachuk Levchenko
        Honchar Hnatiuk Ostapchuk Zinchenko Kolesnyk Shevchuk Danylenko Romaniuk Vasylenko
        Oliinyk Karpenko Klymenko""",
    ),
    _origin(
        "SY",
        0.17,
        ((("ar",), 1.0),),
        0.25,
        0.4,
        True,
        """
        Fatima Aya Rania Hala Nour Rasha Lina Sara Yara Mariam Huda Dima Reem Samar Amal |
        Mohammad Ahmad Omar Khaled Mahmoud Ali Hassan Youssef Bilal Samer Rami Fadi Tarek
        Ammar Ibrahim |
        Al-Hassan Haddad Khalil Darwish Al-Ahmad Mansour Saleh Hamdan Nasser Al-Khatib
        Suleiman Othman Hussein Kassem Barakat Aziz Jaber Ismail Hammoud Al-Masri""",
    ),
    _origin(
        "AF",
        0.11,
        ((("fa",), 1.0),),
        0.15,
        0.3,
        True,
        """
        Mariam Zahra Fatima Parwana Shabnam Nilofar Farzana Hadia Sakina Roya Madina Freshta |
        Ahmad Mohammad Ali Reza Hamid Javad Mustafa Sayed Wahid Farid Naweed Elyas Jawad Habib |
        Ahmadi Hosseini Rahimi Sultani Noori Haidari Karimi Mohammadi Rezaie Sadat Azizi Amiri
        Popal Wardak Hakimi Jafari Nazari""",
    ),
    _origin(
        "TR",
        0.07,
        ((("tr",), 1.0),),
        0.2,
        0.35,
        True,
        """
        Ayşe Fatma Elif Zeynep Emine Hatice Merve Büşra Esra Gülsüm Derya |
        Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Emre Serkan Yusuf Ömer |
        Yılmaz Kaya Demir Şahin Çelik Yıldız Aydın Öztürk Arslan Doğan Kılıç Aslan Çetin Kurt
        Özdemir Koç Polat Erdem""",
    ),
    _origin(
        "IQ",
        0.06,
        ((("ar",), 1.0),),
        0.2,
        0.4,
        True,
        """
        Zainab Noor Sarah Ruqaya Shahad Maryam Duaa Huda Sana Layla |
        Mustafa Hussein Ali Haider Ahmed Karrar Abbas Murtadha Sajjad Omar |
        Al-Jubouri Al-Obaidi Al-Saadi Kadhim Jassim Hamid Abdullah Al-Tamimi Salman Mahdi
        Khalaf Murad Qasim""",
    ),
    _origin(
        "IR",
        0.04,
        ((("fa",), 1.0),),
        0.4,
        0.45,
        True,
        """
        Maryam Fatemeh Zahra Sara Neda Leila Shirin Mahsa Niloofar Parisa Elham |
        Reza Ali Mohammad Hossein Amir Mehdi Arash Behnam Saeed Hamid Kian Omid |
        Mohammadi Hosseini Karimi Rezaei Moradi Ahmadi Jafari Rahimi Kazemi Ebrahimi Sadeghi
        Ghasemi Shirazi Rostami Alavi""",
    ),
    _origin(
        "ER",
        0.03,
        ((("ti",), 1.0),),
        0.25,
        0.4,
        False,
        """
        Senait Helen Luwam Semhar Saba Mebrat Hiwet Yordanos Selam Freweini Rahel |
        Yonas Filmon Merhawi Tesfay Dawit Samuel Robel Biniam Kibrom Henok Mulugeta Efrem |
        Tesfamariam Ghebremedhin Habte Kidane Tekle Weldemichael Berhane Gebreyesus Haile
        Mehari Asmerom Yohannes""",
    ),
    _origin(
        "NG",
        0.025,
        ((("en",), 0.4), (("en", "yo"), 0.25), (("en", "ig"), 0.2), (("en", "ha"), 0.15)),
        0.0,
        0.45,
        True,
        """
        Ngozi Chiamaka Blessing Aisha Funmilayo Adaeze Temitope Grace Amaka Folake Joy |
        Chinedu Emeka Tunde Ibrahim Oluwaseun Chukwuma Samuel Babatunde Ikechukwu Musa Daniel
        Kelechi |
        Okafor Adeyemi Eze Okonkwo Balogun Nwosu Bello Adebayo Ogunleye Chukwu Obi Abubakar
        Okeke Afolabi""",
    ),
    _origin(
        "PK",
        0.025,
        ((("ur", "en"), 1.0),),
        0.0,
        0.3,
        True,
        """
        Ayesha Sana Fatima Hina Zainab Maryam Rabia Saima Nadia Amna |
        Imran Bilal Usman Ali Ahmed Hamza Faisal Kamran Asif Zeeshan Waqas Adnan |
        Khan Ahmed Hussain Malik Iqbal Butt Chaudhry Qureshi Shah Raza Javed Akhtar Sheikh""",
    ),
    _origin(
        "SO",
        0.02,
        ((("so",), 0.75), (("so", "ar"), 0.25)),
        0.25,
        0.45,
        False,
        """
        Hodan Fadumo Asha Ayaan Hawa Sahra Nasra Khadra Faisa Ubah Deeqa |
        Abdirahman Mohamed Abdullahi Hassan Ahmed Abdi Yusuf Omar Mahad Guled Liban Abdiaziz |
        Abdi Warsame Farah Hassan Ali Mohamud Osman Jama Hersi Nur Aden Ismail Egal Duale""",
    ),
)

_GERMAN_WOMEN = _words(
    """
    Sabine Andrea Claudia Petra Monika Susanne Stefanie Julia Katrin Anja Nicole Martina
    Birgit Laura Lisa Carina Tanja Heike Melanie Jana"""
)
_GERMAN_MEN = _words(
    """
    Thomas Michael Andreas Stefan Markus Frank Jürgen Klaus Uwe Martin Tobias Matthias Jens
    Daniel Florian Sebastian Christian Ralf Dirk Jan"""
)
_GERMAN_SURNAMES = _words(
    """
    Maier Schmid Weber Fischer Wagner Becker Hofmann Schäfer Koch Richter Klein Wolf Neumann
    Schwarz Zimmermann Braun Hartmann Lange Werner Krause Köhler Herrmann Walter König Huber
    Kaiser Fuchs Lang Vogel Keller Berger Roth Beck Lorenz Baumann Albrecht Schuster Ludwig
    Winter Kraus Krämer Vogt Jäger Sommer Haas Ziegler Kuhn Engel Horn Pfeiffer Häberle
    Kübler Bürkle Ströbele Hägele Rapp Kienzle Wörner Seitz Scheufele Mayer Eisele Dannenmann
    Frey"""
)

# ---------------------------------------------------------------------------------------
# Candidates' qualifications
# ---------------------------------------------------------------------------------------


def _weights(text: str) -> tuple[tuple[str, float], ...]:
    """``"51311:10 54101:10"`` as ``(("51311", 10.0), ("54101", 10.0))``."""
    return tuple((item, float(w)) for item, _, w in (p.partition(":") for p in text.split()))


# Experience or qualification a candidate brings, by requirement level (weights).
_CANDIDATE_CODES: dict[int, Weighted[str]] = {
    1: _weights("""
        51311:10 54101:10 29301:7 62101:6 62301:5 82101:6 32101:5 25101:4 29201:4 63301:4
        24201:3 33211:3 12101:3 51321:3 22101:2 63221:2 83111:2 83211:2 53111:2 81301:2
        33301:2 52531:2 26301:1 34201:1 22301:1 24411:1 82311:1 25201:1 71401:1"""),
    2: _weights("""
        52122:4 25212:4 26212:4 62102:4 29302:4 34212:3 22342:3 32122:3 33212:3 24422:3
        29222:3 82312:3 28222:3 82102:3 81302:3 83112:3 71402:3 52112:3 62112:2 51312:2
        33112:2 24412:2 24232:2 25102:2 29232:2 81102:2 72212:2 26302:2 43412:1 54112:1
        12102:1 53112:1 25122:1 26112:1 63212:1 61212:1 51622:1 62302:1 63302:1 52132:1"""),
    3: _weights("""
        82103:1 81313:1 26213:1 34213:1 25213:1 83113:1 83123:1 24233:1 29223:1 54113:1"""),
    4: _weights("""
        71304:3 84124:3 81404:3 84114:2 25104:2 26304:2 31104:2 43414:2 81424:1 81474:1
        81804:1 84454:1 31114:1 43104:1"""),
}
# Regulated professions: working in them needs a recognised qualification.
REGULATED = frozenset(
    _words("82102 82103 81302 81313 81404 81424 81474 81804 83112 83113 83122 83123 84114 84124")
)
# Helper jobs anyone may wish for while a qualification is being recognised.
_POPULAR_HELPER_JOBS = _weights("51311:5 54101:4 62301:4 29301:3 82101:3 25101:2 29201:2 32101:1")

_GERMAN_LEVELS: Weighted[GermanLevel] = (
    (GermanLevel.A0, 0.05),
    (GermanLevel.A1, 0.20),
    (GermanLevel.A2, 0.30),
    (GermanLevel.B1, 0.28),
    (GermanLevel.B2, 0.12),
    (GermanLevel.C1, 0.05),
)
# Ages of candidates not otherwise constrained (singles, couples without children).
_AGE_BANDS: Weighted[tuple[int, int]] = (
    ((18, 24), 0.19),
    ((25, 34), 0.32),
    ((35, 44), 0.26),
    ((45, 54), 0.16),
    ((55, 59), 0.045),
    ((60, 64), 0.025),
)

# ---------------------------------------------------------------------------------------
# Employers and their jobs
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Job:
    code: str
    weight: float
    title: str  # without "(m/w/d)"
    style: str  # shift style; "" = the employer kind's


@dataclass(frozen=True, slots=True)
class _Kind:
    """A kind of employer: its sector, how to name it, the jobs it offers, its shifts."""

    sector: str
    weight: float  # within the sector
    style: str  # shift style of its jobs, see _shifts
    part_time: float  # share of part-time vacancies
    licence: float  # share of vacancies needing a driving licence
    names: tuple[str, ...]  # templates: {family} {given} {region} {nature} {inn} {italian}
    jobs: tuple[_Job, ...]


def _parse_kinds(text: str) -> tuple[_Kind, ...]:
    """Read the table below: a header line ``sector | weight | style | part time | licence``,
    name templates after ``=`` (split by ``|``), then one job per line, ``code weight title``
    with an optional ``@style``."""
    kinds: list[_Kind] = []
    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("="):
            names = tuple(n.strip() for n in line[1:].split("|"))
            kinds[-1] = replace(kinds[-1], names=kinds[-1].names + names)
        elif line[0].isdigit():
            code, weight, rest = line.split(maxsplit=2)
            title, _, style = rest.partition("@")
            job = _Job(code, float(weight), title.strip(), style.strip())
            kinds[-1] = replace(kinds[-1], jobs=(*kinds[-1].jobs, job))
        else:
            sector, weight, style, part_time, licence = (p.strip() for p in line.split("|"))
            kinds.append(
                _Kind(sector, float(weight), style, float(part_time), float(licence), (), ())
            )
    return tuple(kinds)


_SECTOR_SHARES: Weighted[str] = (
    ("Einzelhandel", 0.18),
    ("Logistik", 0.11),
    ("Pflege und Gesundheit", 0.14),
    ("Gastronomie und Hotellerie", 0.13),
    ("Gebäudereinigung", 0.09),
    ("Handwerk und Bau", 0.15),
    ("Metall- und Maschinenbau", 0.09),
    ("Lebensmittelherstellung", 0.06),
    ("Garten- und Landschaftsbau", 0.02),
    ("Sicherheitsdienste", 0.01),
    ("Erziehung und Bildung", 0.015),
    ("Büro und IT", 0.005),
)

# The first kind is the success story's food retailer.
_KINDS = _parse_kinds("""
    # sector | weight within the sector | shift style | part-time share | licence share
    Einzelhandel | 5 | retail | 0.55 | 0
    = Lebensmittel {family} e.K. | Frischemarkt {family} GmbH | Dorfladen {region} eG
    = Markthalle {region} GmbH
    62301 6 Mitarbeiter Lebensmittelverkauf
    62101 3 Verkaufshilfe Warenverräumung
    62102 2 Verkäufer
    62112 3 Kassierer
    62302 2 Fachverkäufer Frischetheke
    51311 2 Lagerhelfer Warenannahme
    62322 1 Fleischereifachverkäufer
    62312 1 Bäckereifachverkäufer

    Einzelhandel | 1 | retail | 0.6 | 0
    = Drogerie {family} e.K.
    62412 2 Verkäufer Drogerie
    62101 2 Verkaufshilfe
    62112 1 Kassierer

    Einzelhandel | 1 | retail | 0.3 | 0
    = Bau- und Gartenmarkt {family} GmbH
    62262 2 Verkäufer Bau- und Gartenmarkt
    62101 2 Verkaufshilfe
    51311 2 Lagerhelfer

    Einzelhandel | 1 | retail | 0.5 | 0
    = Modehaus {family} | Elektro-Fachmarkt {region} GmbH
    62212 2 Verkäufer Mode
    62242 1 Verkäufer Elektronik
    62101 1 Verkaufshilfe

    Einzelhandel | 1 | retail | 0.5 | 0
    = {family} Getränkemarkt GmbH
    62101 3 Verkaufshilfe Getränkemarkt
    51311 2 Lagerhelfer
    52531 1 Staplerfahrer

    Logistik | 4 | logistics | 0.25 | 0.05
    = Lagerlogistik {family} GmbH | Logistik {region} GmbH | {region} Distribution GmbH
    51311 8 Lagerhelfer
    51312 3 Fachkraft für Lagerlogistik
    52531 3 Staplerfahrer
    51332 1 Mitarbeiter Warenumschlag
    51622 1 Speditionskaufmann @office

    Logistik | 2 | logistics | 0.15 | 0.05
    = Spedition {family} GmbH & Co. KG | {family} Transporte GmbH
    52122 4 Berufskraftfahrer CE
    51311 2 Lagerhelfer
    51312 1 Fachkraft für Lagerlogistik
    51622 1 Speditionskaufmann @office

    Logistik | 2 | courier | 0.35 | 0.7
    = Kurierdienst {region} GmbH | {family} Paket-Service GmbH
    51321 5 Paketzusteller
    51322 1 Fachkraft Kurier-, Express- und Postdienstleistungen

    Logistik | 1 | twoshift | 0.3 | 0
    = Omnibus {family} GmbH | Fahrdienst {region} gGmbH
    52132 3 Busfahrer
    52112 3 Fahrer Personenbeförderung

    Pflege und Gesundheit | 4 | care | 0.45 | 0
    = Seniorenzentrum {nature}hof gGmbH | Pflegeheim Haus {nature} gGmbH
    = Seniorenresidenz am {nature}park
    82101 6 Pflegehelfer Altenpflege
    82102 4 Pflegefachkraft
    83211 2 Hauswirtschaftshilfe @day
    29301 1 Küchenhilfe @canteen
    82103 0.5 Wohnbereichsleitung

    Pflege und Gesundheit | 2 | care | 0.5 | 0.6
    = Ambulanter Pflegedienst {family} | Sozialstation {region} e.V.
    82101 4 Pflegehelfer ambulante Pflege
    82102 3 Pflegefachkraft ambulante Pflege

    Pflege und Gesundheit | 1 | care | 0.35 | 0
    = Fachklinik am {nature}berg gGmbH
    81301 3 Pflegeassistenz
    81302 4 Pflegefachkraft Krankenpflege
    81404 1 Assistenzarzt
    81424 0.5 Facharzt Innere Medizin
    83211 1 Hauswirtschaftshilfe @day

    Pflege und Gesundheit | 1 | practice | 0.5 | 0
    = Hausarztpraxis Dr. {family}
    81102 1 Medizinischer Fachangestellter

    Pflege und Gesundheit | 1 | practice | 0.5 | 0
    = Zahnarztpraxis Dr. {family}
    81112 1 Zahnmedizinischer Fachangestellter

    Gastronomie und Hotellerie | 3 | gastro | 0.45 | 0
    = Gasthaus {inn} | Landgasthof {inn} | Restaurant {family} | Pizzeria {italian}
    29301 5 Küchenhilfe
    29302 3 Koch
    63301 4 Servicekraft
    63302 1 Restaurantfachmann

    Gastronomie und Hotellerie | 2 | hotel | 0.4 | 0
    = Hotel {nature}garten | Hotel am {nature}park | Tagungshotel {region}
    63221 4 Mitarbeiter Housekeeping @housekeeping
    63222 1 Hotelfachmann
    63212 1 Hotelkaufmann Rezeption
    29301 2 Küchenhilfe
    29302 1 Koch
    63301 2 Servicekraft

    Gastronomie und Hotellerie | 2 | canteen | 0.45 | 0
    = {family} Catering GmbH | Betriebsrestaurant {family} GmbH
    29301 5 Küchenhilfe
    29302 2 Koch
    63312 1 Mitarbeiter Ausgabe und Kasse

    Gebäudereinigung | 1 | cleaning | 0.7 | 0.15
    = {family} Gebäudeservice GmbH | Glanzwerk Reinigung {region} GmbH
    = {region} Facility Services GmbH | Reinigungsdienst {family} | {nature} Clean GmbH
    54101 10 Reinigungskraft
    54112 2 Gebäudereiniger
    54122 1 Glasreiniger
    54113 0.5 Objektleitung Reinigung @day
    54152 0.5 Fahrzeugpfleger @day
    83211 1 Hauswirtschaftshilfe

    Handwerk und Bau | 2 | day | 0.1 | 0.35
    = Malerbetrieb {family} | Maler {family} GmbH
    33211 3 Helfer Maler und Lackierer
    33212 3 Maler und Lackierer

    Handwerk und Bau | 2 | day | 0.1 | 0.4
    = Elektro {family} GmbH | {family} Elektrotechnik
    26212 3 Elektroniker Energie- und Gebäudetechnik
    26301 2 Elektrohelfer
    26213 0.5 Elektrotechniker

    Handwerk und Bau | 2 | day | 0.1 | 0.5
    = {family} Sanitär- und Heizungstechnik GmbH | Haustechnik {family}
    34212 3 Anlagenmechaniker SHK
    34201 2 Helfer Sanitär und Heizung

    Handwerk und Bau | 1 | day | 0.1 | 0.3
    = Schreinerei {family} | {family} Innenausbau GmbH
    22342 3 Schreiner
    22301 2 Helfer Schreinerei
    33332 1 Bautischler

    Handwerk und Bau | 2 | day | 0.05 | 0.35
    = Bauunternehmen {family} GmbH & Co. KG | {family} Hoch- und Tiefbau GmbH
    32101 4 Bauhelfer
    32102 1 Facharbeiter Hochbau
    32122 2 Maurer
    33301 1 Helfer Trockenbau
    33302 1 Trockenbaumonteur
    33112 1 Fliesenleger
    31104 0.3 Bauingenieur @office

    Handwerk und Bau | 1 | day | 0.1 | 0.2
    = Kfz-Werkstatt {family} | Autohaus {family} GmbH
    25212 3 Kfz-Mechatroniker
    25201 2 Helfer Kfz-Werkstatt
    25213 0.5 Kfz-Servicetechniker

    Handwerk und Bau | 1 | salon | 0.5 | 0
    = Friseursalon {given} | Haarstudio {given}
    82312 3 Friseur
    82311 1 Friseurhelfer

    Handwerk und Bau | 0.5 | salon | 0.5 | 0
    = Änderungsschneiderei {given}
    28222 1 Schneider

    Metall- und Maschinenbau | 2 | twoshift | 0.1 | 0
    = Präzisionsteile {region} GmbH | {region} Zerspanungstechnik GmbH
    = {family} Drehteile GmbH
    24201 4 Produktionshelfer Metall
    24232 3 Zerspanungsmechaniker
    25122 2 Maschinen- und Anlagenführer
    27312 1 Mitarbeiter Qualitätssicherung
    24233 0.5 CNC-Programmierer

    Metall- und Maschinenbau | 2 | twoshift | 0.05 | 0
    = {family} Metallbau GmbH | {family} Schweißtechnik GmbH | {region} Blechtechnik GmbH
    24411 3 Helfer Metallbau
    24412 3 Metallbauer
    24422 3 Schweißer
    24202 1 Metallfacharbeiter

    Metall- und Maschinenbau | 2 | twoshift | 0.1 | 0
    = {family} Maschinenbau GmbH & Co. KG | {family} Antriebstechnik GmbH
    25101 4 Montagehelfer
    25102 2 Industriemechaniker
    25112 2 Monteur Maschinenbau
    25132 1 Servicetechniker
    26112 1 Mechatroniker
    25104 0.5 Ingenieur Maschinenbau @office
    26304 0.3 Ingenieur Elektrotechnik @office

    Metall- und Maschinenbau | 1 | threeshift | 0.1 | 0
    = {family} Kunststofftechnik GmbH
    22101 4 Produktionshelfer Kunststoff
    22102 1 Verfahrensmechaniker Kunststoff
    25122 1 Maschinen- und Anlagenführer

    Lebensmittelherstellung | 2 | bakery | 0.35 | 0
    = Bäckerei {family} GmbH | Landbäckerei {family} | Konditorei {family}
    29222 3 Bäcker
    29201 3 Produktionshelfer Backstube
    62312 2 Bäckereifachverkäufer @retail
    29223 0.3 Bäckermeister

    Lebensmittelherstellung | 1 | twoshift | 0.3 | 0
    = Metzgerei {family} | {region} Fleischwaren GmbH
    29232 3 Fleischer
    29201 2 Produktionshelfer Fleischverarbeitung
    62322 1 Fleischereifachverkäufer @retail

    Lebensmittelherstellung | 1 | twoshift | 0.25 | 0
    = {region} Feinkost GmbH | {family} Teigwaren GmbH
    29201 5 Produktionshelfer Lebensmittel
    29202 1 Fachkraft für Lebensmitteltechnik
    29282 1 Maschinenführer Lebensmittel
    51311 1 Lagerhelfer

    Garten- und Landschaftsbau | 1 | day | 0.15 | 0.5
    = Garten- und Landschaftsbau {family} | Gärtnerei {family}
    12101 3 Helfer Garten- und Landschaftsbau
    12102 1 Gärtner
    12142 2 Landschaftsgärtner

    Sicherheitsdienste | 1 | threeshift | 0.25 | 0.2
    = {nature} Sicherheitsdienst GmbH | Objektschutz {family} GmbH
    53111 3 Sicherheitsmitarbeiter
    53112 2 Fachkraft für Schutz und Sicherheit

    Erziehung und Bildung | 3 | kita | 0.5 | 0
    = Kinderhaus {nature} | Kita {nature}wiese e.V.
    83111 2 Betreuungskraft Kita
    83112 3 Erzieher
    83113 0.5 Kita-Leitung

    Erziehung und Bildung | 1 | office | 0.5 | 0
    = Sprachschule {region} | Privatschule {nature}tal
    84454 2 Sprachlehrer
    84124 1 Lehrkraft Sekundarstufe

    Büro und IT | 1 | office | 0.2 | 0
    = {family} IT-Service GmbH | {family} Software GmbH
    43102 2 IT-Fachkraft
    43412 2 Anwendungsentwickler
    43414 1 Softwareentwickler
    71402 1 Kaufmann für Büromanagement

    Büro und IT | 1 | office | 0.5 | 0
    = Steuerbüro {family} | Büroservice {family}
    72212 2 Buchhalter
    71402 2 Kaufmann für Büromanagement
    71401 1 Bürohilfe
""")


_REGIONS = (
    "Remstal",
    "Murrtal",
    "Rems-Murr",
    "Welzheimer Wald",
    "Wieslauftal",
    "Schurwald",
    "Weissacher Tal",
    "Backnanger Bucht",
)
_NATURE = _words("Linden Rosen Sonnen Eichen Birken Tannen Kastanien Wiesen Buchen Ahorn")
_INNS = (
    "Zum Ochsen",
    "Zum Löwen",
    "Zum Hirsch",
    "Zum Adler",
    "Zur Krone",
    "Zum Lamm",
    "Zum Rößle",
    "Zur Sonne",
    "Zum Schwanen",
    "Zur Linde",
)
_ITALIAN = ("Da Marco", "Bella Vista", "Da Luigi", "La Piazza", "Il Gabbiano", "Da Enzo")
_LEGAL_FORMS = re.compile(r"\b(gmbh|co|kg|e\.?v|e\.?g|e\.?k|ggmbh|eg)\b\.?|&", re.IGNORECASE)

# German level a vacancy asks for.
_CUSTOMER_FACING = frozenset(
    _words("""
    62101 62301 62102 62112 62302 62312 62322 62412 62212 62242 62262 63301 63302 63212 63222
    81102 81112 82312 71402 52112 52132""")
)
_CARE = frozenset(_words("82101 82102 82103 81301 81302 83111 83112 83113"))
_C1_JOBS = frozenset(_words("81404 81424 84124 84454"))


def _level_min(rng: random.Random, code: str) -> GermanLevel:
    level = int(code[4])
    if code in _C1_JOBS:
        return GermanLevel.C1
    if code in _CARE:
        return _pick(
            rng,
            ((GermanLevel.A2, 0.4), (GermanLevel.B1, 0.6))
            if level == 1
            else ((GermanLevel.B1, 0.4), (GermanLevel.B2, 0.6)),
        )
    if level == 1:
        if code in _CUSTOMER_FACING:
            return _pick(rng, ((GermanLevel.A2, 0.6), (GermanLevel.B1, 0.4)))
        return _pick(rng, ((GermanLevel.A1, 0.35), (GermanLevel.A2, 0.65)))
    if level == 2:
        if code in _CUSTOMER_FACING:
            return _pick(rng, ((GermanLevel.B1, 0.8), (GermanLevel.B2, 0.2)))
        return _pick(rng, ((GermanLevel.A2, 0.15), (GermanLevel.B1, 0.75), (GermanLevel.B2, 0.1)))
    return _pick(rng, ((GermanLevel.B1, 0.2), (GermanLevel.B2, 0.6), (GermanLevel.C1, 0.2)))


# ---------------------------------------------------------------------------------------
# Shifts
# ---------------------------------------------------------------------------------------

# Share of vacancies "by arrangement" (no shift options), by shift style.
_NO_SHIFTS = dict(
    _weights("""
    retail:0.08 logistics:0.08 courier:0.05 care:0.08 practice:0.1 gastro:0.12 hotel:0.1
    housekeeping:0.05 canteen:0.1 cleaning:0.1 day:0.2 office:0.5 bakery:0.05 twoshift:0.08
    threeshift:0.05 salon:0.15 kita:0.15""")
)


def _option(name: str, days: str, start: str | int, minutes: int) -> ShiftOption:
    s = _clock(start) if isinstance(start, str) else start
    return ShiftOption((_window(days, s, min(s + minutes, 24 * 60)),), name)


def _ending(name: str, days: str, end: str, minutes: int) -> ShiftOption:
    e = _clock(end)
    return ShiftOption((_window(days, max(e - minutes, 0), e),), name)


_NIGHT = ShiftOption(
    (_window("mon-fri", "22:00", "24:00"), _window("tue-sat", "00:00", "06:00")), "Nachtschicht"
)


def _some(rng: random.Random, options: Sequence[ShiftOption]) -> tuple[ShiftOption, ...]:
    """All options (most often) or a non-empty subset, in the given order."""
    if len(options) == 1 or _chance(rng, 0.6):
        return tuple(options)
    keep = [o for o in options if _chance(rng, 0.5)] or [rng.choice(list(options))]
    return tuple(keep)


def _shifts(rng: random.Random, style: str, hours: float) -> tuple[ShiftOption, ...]:
    """Shift options for a vacancy of ``hours`` a week, typical for its kind of work."""
    if _chance(rng, _NO_SHIFTS.get(style, 0.1)):
        return ()
    full = hours >= 35
    per_day = 480 if full else int(round(hours * 60 / 5 / 30) * 30)
    days = "mon-fri" if _chance(rng, 0.5) else "tue-sat"
    match style:
        case "retail":
            early = "06:00" if full or _chance(rng, 0.5) else "07:00"
            late = "22:00" if full else rng.choice(("20:00", "21:00", "22:00"))
            return _some(
                rng,
                (
                    _option("Frühschicht", days, early, per_day),
                    _ending("Spätschicht", days, late, per_day),
                ),
            )
        case "logistics" | "twoshift" | "threeshift":
            if full:
                if style == "twoshift" and _chance(rng, 0.15):
                    return (_option("Normalschicht", "mon-fri", "07:00", 540),)
                day = _some(
                    rng,
                    (
                        _option("Frühschicht", "mon-fri", "06:00", 480),
                        _option("Spätschicht", "mon-fri", "14:00", 480),
                    ),
                )
                # Never night only: the SCHEDULE rule cannot yet fit a shift across midnight.
                night = style == "threeshift" or (style == "logistics" and _chance(rng, 0.35))
                return (*day, _NIGHT) if night else day
            early = "05:00" if style == "logistics" else "06:00"
            return _some(
                rng,
                (
                    _option("Frühschicht", "mon-fri", early, per_day),
                    _ending("Spätschicht", "mon-fri", "22:00", per_day),
                ),
            )
        case "courier":
            return (
                _option(
                    "Tour",
                    "mon-sat" if not full else "mon-fri",
                    "07:30",
                    per_day if not full else 510,
                ),
            )
        case "care" | "hotel":
            options = [
                _option("Frühdienst", "mon-fri", "06:00", per_day),
                _ending("Spätdienst", "mon-fri", "21:30" if style == "care" else "22:00", per_day),
            ]
            if not full and style == "care":
                options.append(_option("Wochenenddienst", "sat sun", "07:00", 720))
            return _some(rng, options)
        case "practice":
            if full:
                return (
                    ShiftOption(
                        (
                            _window("mon-fri", "07:30", "12:30"),
                            _window("mon tue thu", "14:00", "18:30"),
                        ),
                        "Praxiszeiten",
                    ),
                )
            return (_option("Vormittag", "mon-fri", "07:30", per_day),)
        case "gastro":
            gdays = "wed-sun" if _chance(rng, 0.6) else "tue-sat"
            if full:
                return _some(
                    rng,
                    (
                        _option("Tagdienst", gdays, "09:00", 480),
                        _option("Spätdienst", gdays, "15:00", 480),
                    ),
                )
            return _some(
                rng,
                (
                    _option("Mittagsservice", gdays, "10:30", per_day),
                    _ending("Abendservice", gdays, "23:00", per_day),
                ),
            )
        case "housekeeping":
            return (_option("Frühdienst", days, "07:00", per_day),)
        case "canteen":
            return (
                _option(
                    "Tagdienst", "mon-fri", "06:00" if full else "09:00", 510 if full else per_day
                ),
            )
        case "cleaning":
            if full:
                return (_option("Tagdienst", "mon-fri", "06:00", 480),)
            return _some(
                rng,
                (
                    _option("Frühreinigung", "mon-fri", "05:00", per_day),
                    _option("Abendreinigung", "mon-fri", "17:00", per_day),
                ),
            )
        case "bakery":
            return (
                _option(
                    "Backstube",
                    "mon-sat",
                    "03:00" if full else "04:00",
                    400 if full else int(hours * 60 / 6),
                ),
            )
        case "salon":
            return (_option("Ladenzeit", "tue-sat", "09:00", 540 if full else per_day),)
        case "kita":
            if full:
                return _some(
                    rng,
                    (
                        _option("Frühdienst", "mon-fri", "07:00", 480),
                        _option("Spätdienst", "mon-fri", "09:00", 480),
                    ),
                )
            return _some(
                rng,
                (
                    _option("Vormittag", "mon-fri", "07:30", per_day),
                    _ending("Nachmittag", "mon-fri", "17:00", per_day),
                ),
            )
        case "office":
            return (_option("Kernzeit", "mon-fri", "08:00", 540 if full else per_day),)
        case _:  # "day": crafts, gardening, and the rest
            return (_option("Tagschicht", "mon-fri", "07:00", 540 if full else per_day),)


# ---------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------


def generate_demo(
    seed: int = 2024,
    *,
    candidates: int = 2000,
    employers: int = 150,
    vacancies: int = 400,
    reference_date: date = date(2026, 11, 24),
) -> Dataset:
    """A synthetic Jobcenter Rems-Murr; the same arguments always give an equal Dataset.

    The success story takes the first ids (``E001``, ``V0001``-``V0002``,
    ``C00001``-``C00002``, ``H0001``); everything else is drawn from ``seed``.
    """
    if candidates < 2 or employers < 1 or vacancies < 2:
        raise ValueError(
            "the demo needs at least 2 candidates, 1 employer and 2 vacancies "
            "(for the success story)"
        )
    rng = random.Random(seed)
    story_employer, story_vacancies, story_candidates, story_household = _success_story(
        reference_date
    )
    staffed = [(story_employer, _KINDS[0]), *_employers(rng, employers - 1, start=2)]
    vacancy_list = [
        *story_vacancies,
        *_vacancies(rng, vacancies - 2, staffed, reference_date, start=3),
    ]
    people, households = _caseload(rng, candidates - 2, reference_date, start=3, first_household=2)
    return Dataset(
        employers=tuple(e for e, _ in staffed),
        vacancies=tuple(vacancy_list),
        candidates=(*story_candidates, *people),
        households=(story_household, *households),
        reference_date=reference_date,
    )


@cache
def _known_codes() -> frozenset[str]:
    return frozenset(e.code.code for e in common_occupations())


def _success_story(
    ref: date,
) -> tuple[Employer, tuple[Vacancy, ...], tuple[Candidate, ...], Household]:
    """The interview's story: a food retailer, two part-time shifts, a couple sharing the day.

    Fixed rather than drawn, so that demos and tests can always point to it.
    """
    shop = Location(48.9452, 9.4302, "71522", "Backnang")
    home = Location(48.9503, 9.4236, "71522", "Backnang")  # about 750 m from the shop
    employer = Employer(
        id="E001",
        name="Lebensmittel Kübler e.K.",
        location=shop,
        sector="Einzelhandel",
        onsite_interviews=True,
        trial_work=True,
        contact_name="Sabine Kübler",
        contact_email="sabine.kuebler@lebensmittel-kuebler.example",
        contact_phone=_phone(4999),
    )
    vacancies = (
        Vacancy(
            id="V0001",
            employer_id="E001",
            title="Mitarbeiter Lebensmittelverkauf (m/w/d) – Frühschicht, Teilzeit",
            kldb=KldbCode("62301"),
            hours=25.0,
            german_level_min=GermanLevel.A2,
            shifts=(_option("Frühschicht", "mon-fri", "06:00", 300),),
            start_date=ref + timedelta(days=28),
        ),
        Vacancy(
            id="V0002",
            employer_id="E001",
            title="Mitarbeiter Lebensmittelverkauf (m/w/d) – Spätschicht, Teilzeit",
            kldb=KldbCode("62301"),
            hours=25.0,
            german_level_min=GermanLevel.A2,
            shifts=(_option("Spätschicht", "mon-fri", "15:00", 300),),
            start_date=ref + timedelta(days=28),
        ),
    )
    wife = Candidate(
        id="C00001",
        name="Olena Kovalenko",
        birth_year=ref.year - 36,
        home=home,
        german_level=GermanLevel.A2,
        occupations=(Occupation(KldbCode("84114"), 9.0, Recognition.PENDING),),  # a teacher
        wishes=(KldbCode("62301"), KldbCode("83111")),
        hours_min=20.0,
        hours_max=30.0,
        availability=(_window("mon-sat", "05:00", "13:30"),),  # husband has the children
        max_commute_minutes=45,
        available_from=ref + timedelta(days=21),  # her language course ends in three weeks
        motivation=5,
        unemployed_since=date(ref.year - 2, 3, 1),
        languages=("uk", "ru"),
        email="olena.kovalenko@example.org",
        phone=_phone(0),
    )
    husband = replace(
        wife,
        id="C00002",
        name="Andrii Kovalenko",
        birth_year=ref.year - 39,
        occupations=(Occupation(KldbCode("52122"), 12.0, Recognition.NOT_REQUIRED),),
        wishes=(KldbCode("62301"), KldbCode("51311")),
        driving_licence=True,
        availability=(_window("mon-sat", "13:30", "23:00"),),  # wife has the children
        available_from=None,
        email="andrii.kovalenko@example.org",
        phone=_phone(1),
    )
    return employer, vacancies, (wife, husband), Household("H0001", ("C00001", "C00002"), True)


def _employers(rng: random.Random, n: int, *, start: int) -> list[tuple[Employer, _Kind]]:
    """``n`` employers, sectors in proportion to ``_SECTOR_SHARES``, each with its kind."""
    sectors = _allocate(_SECTOR_SHARES, n, minimum_first=8)
    rng.shuffle(sectors)
    places = _Places(rng, n)
    names: set[str] = {"Lebensmittel Kübler e.K."}
    result = []
    for i, sector in enumerate(sectors):
        kind = _pick(rng, [(k, k.weight) for k in _KINDS if k.sector == sector])
        family = rng.choice(_GERMAN_SURNAMES)
        name = _employer_name(rng, kind, family, names)
        female = _chance(rng, 0.5)
        given = rng.choice(_GERMAN_WOMEN if female else _GERMAN_MEN)
        contact_family = family if _chance(rng, 0.5) else rng.choice(_GERMAN_SURNAMES)
        result.append(
            (
                Employer(
                    id=f"E{start + i:03d}",
                    name=name,
                    location=places.point(places.draw(), 2.0),
                    sector=sector,
                    onsite_interviews=_chance(rng, 0.85),
                    trial_work=_chance(rng, 0.8),
                    contact_name=f"{given} {contact_family}",
                    contact_email=f"{_ascii(given)}.{_ascii(contact_family)}@{_slug(name)}.example",
                    contact_phone=_phone(4998 - i),
                ),
                kind,
            )
        )
    return result


def _allocate(shares: Weighted[str], n: int, *, minimum_first: int) -> list[str]:
    """``n`` labels in proportion to ``shares`` (largest remainder); the first
    ``minimum_first`` labels get at least one each when ``n`` allows."""
    total = sum(w for _, w in shares)
    exact = [n * w / total for _, w in shares]
    counts = [int(x) for x in exact]
    if n >= minimum_first:
        for i in range(minimum_first):
            counts[i] = max(counts[i], 1)
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - exact[i])
    while sum(counts) < n:
        i = by_remainder.pop(0)
        counts[i] += 1
    while sum(counts) > n:  # only if the minimums overshot
        i = max(range(minimum_first, len(shares)), key=lambda j: counts[j])
        counts[i] -= 1
    return [label for (label, _), c in zip(shares, counts, strict=True) for _ in range(c)]


def _employer_name(rng: random.Random, kind: _Kind, family: str, taken: set[str]) -> str:
    for _ in range(20):
        name = rng.choice(kind.names).format(
            family=family,
            given=rng.choice(_GERMAN_WOMEN + _GERMAN_MEN),
            region=rng.choice(_REGIONS),
            nature=rng.choice(_NATURE),
            inn=rng.choice(_INNS),
            italian=rng.choice(_ITALIAN),
        )
        if name not in taken:
            break
        family = rng.choice(_GERMAN_SURNAMES)
    else:
        name = f"{name} {len(taken)}"
    taken.add(name)
    return name


def _slug(name: str) -> str:
    return _ascii(_LEGAL_FORMS.sub(" ", name)) or "firma"


def _vacancies(
    rng: random.Random, n: int, staffed: list[tuple[Employer, _Kind]], ref: date, *, start: int
) -> list[Vacancy]:
    """``n`` vacancies: every employer one (while there are enough), the rest by size."""
    own = staffed[1:] or staffed  # the story employer already has its two
    weight = {
        "Logistik": 1.4,
        "Pflege und Gesundheit": 1.4,
        "Einzelhandel": 1.2,
        "Gastronomie und Hotellerie": 1.1,
        "Gebäudereinigung": 1.2,
    }
    sizes = [rng.lognormvariate(0, 0.7) * weight.get(e.sector, 0.9) for e, _ in own]
    chosen = own[:n] + (rng.choices(own, sizes, k=n - len(own)) if n > len(own) else [])
    rng.shuffle(chosen)
    places = _Places(rng, max(n // 6, 1))
    result = []
    for i, (employer, kind) in enumerate(chosen):
        job = _pick(rng, [(j, j.weight) for j in kind.jobs])
        result.append(_vacancy(rng, f"V{start + i:04d}", employer, kind, job, ref, places))
    return result


def _vacancy(
    rng: random.Random,
    vid: str,
    employer: Employer,
    kind: _Kind,
    job: _Job,
    ref: date,
    places: _Places,
) -> Vacancy:
    helper = job.code[4] == "1"
    part_time = _chance(rng, kind.part_time)
    hours = (
        _pick(rng, ((15.0, 0.1), (20.0, 0.35), (25.0, 0.3), (30.0, 0.25)))
        if part_time
        else _pick(rng, ((38.0, 0.3), (38.5, 0.2), (39.0, 0.2), (40.0, 0.3)))
    )
    code = job.code
    licence = (code.startswith("52") and code != "52531") or _chance(rng, kind.licence)
    branch = None
    if kind.sector in (
        "Einzelhandel",
        "Pflege und Gesundheit",
        "Gebäudereinigung",
        "Logistik",
    ) and _chance(rng, 0.15):
        branch = places.point(places.draw(), 2.0)
    positions = _pick(
        rng, ((1, 0.65), (2, 0.23), (3, 0.12)) if helper else ((1, 0.85), (2, 0.12), (3, 0.03))
    )
    return Vacancy(
        id=vid,
        employer_id=employer.id,
        title=f"{job.title} (m/w/d) – {'Teilzeit' if part_time else 'Vollzeit'}",
        kldb=KldbCode(code),
        hours=hours,
        location=branch,
        positions=positions,
        shortlist_size=_pick(rng, ((4, 0.8), (3, 0.2))),
        german_level_min=_level_min(rng, code),
        shifts=_shifts(rng, job.style or kind.style, hours),
        driving_licence_required=licence,
        recognition_required=code in REGULATED,
        start_date=None if _chance(rng, 0.3) else ref + timedelta(days=rng.randint(0, 56)),
    )


# ---------------------------------------------------------------------------------------
# Candidates and households
# ---------------------------------------------------------------------------------------

_HOUSEHOLD_SHARE = 0.35  # of candidates who live with another candidate
# (kind, weight): couples with children split the day or fit work around Kita hours.
_HOUSEHOLD_KINDS: Weighted[str] = (
    ("split_day", 0.25),
    ("kita", 0.22),
    ("both_kita", 0.08),
    ("couple", 0.28),
    ("adult_child", 0.17),
)

_EARLY = (_window("mon-sat", "05:00", "13:30"),)
_LATE = (_window("mon-sat", "13:30", "23:00"),)
_KITA = (_window("mon-fri", "07:30", "13:00"),)
_KITA_LONG = (_window("mon-fri", "07:00", "16:00"),)
_BROAD: Weighted[tuple[TimeWindow, ...]] = (
    ((ALWAYS,), 0.5),
    ((_window("mon-sat", "05:00", "23:00"),), 0.3),
    ((_window("mon-fri", "05:00", "22:00"), _window("sat", "06:00", "18:00")), 0.2),
)


@dataclass(frozen=True, slots=True)
class _Role:
    """What the household decides for one member: age, childcare hours, hours wished."""

    female: bool
    age: int
    availability: tuple[TimeWindow, ...]
    parent: bool  # of young children: part time, shorter commutes


def _caseload(
    rng: random.Random, n: int, ref: date, *, start: int, first_household: int
) -> tuple[list[Candidate], list[Household]]:
    groups = _groups(rng, n)
    places = _Places(rng, n)
    people: list[Candidate] = []
    households: list[Household] = []
    for origin, roles, place_together in groups:
        municipality = places.draw(len(roles))
        home = places.point(municipality, 1.5)
        surname = rng.choice(origin.surnames)
        ids = []
        for role in roles:
            cid = f"C{start + len(people):05d}"
            own_surname = surname if origin.shared_surname else rng.choice(origin.surnames)
            people.append(_candidate(rng, cid, origin, role, own_surname, home, ref))
            ids.append(cid)
        if len(ids) > 1:
            households.append(
                Household(f"H{first_household + len(households):04d}", tuple(ids), place_together)
            )
    return people, households


def _groups(rng: random.Random, n: int) -> list[tuple[_Origin, list[_Role], bool]]:
    """Households first until their share is reached, then singles; in random order."""
    groups: list[tuple[_Origin, list[_Role], bool]] = []
    in_households = 0
    target = round(n * _HOUSEHOLD_SHARE)
    while in_households < target and n - in_households >= 2:
        origin = _pick(rng, [(o, o.weight) for o in _ORIGINS])
        roles, together = _household_roles(rng, origin, _pick(rng, _HOUSEHOLD_KINDS))
        roles = roles[: n - in_households]
        groups.append((origin, roles, together))
        in_households += len(roles)
    for _ in range(n - in_households):
        origin = _pick(rng, [(o, o.weight) for o in _ORIGINS])
        groups.append((origin, [_single_role(rng, origin)], False))
    rng.shuffle(groups)
    return groups


def _adult_age(rng: random.Random) -> int:
    low, high = _pick(rng, _AGE_BANDS)
    return rng.randint(low, high)


def _household_roles(rng: random.Random, origin: _Origin, kind: str) -> tuple[list[_Role], bool]:
    """The members of one household and whether they ask to be placed together."""
    if kind == "adult_child":
        parent_age = rng.randint(42, 60)
        child = _Role(_chance(rng, 0.5), rng.randint(18, 24), _pick(rng, _BROAD), False)
        parents = [_Role(_chance(rng, 0.6), parent_age, _pick(rng, _BROAD), False)]
        if _chance(rng, 0.5):
            parents.append(
                _Role(
                    not parents[0].female,
                    parent_age + rng.randint(-4, 4),
                    _pick(rng, _BROAD),
                    False,
                )
            )
        return [*parents, child], False
    age = rng.randint(24, 46) if kind != "couple" else max(_adult_age(rng), 20)
    wife_age, husband_age = age, min(age + rng.randint(-2, 6), 64)
    if kind == "couple":
        return [
            _Role(True, wife_age, _pick(rng, _BROAD), False),
            _Role(False, max(husband_age, 19), _pick(rng, _BROAD), False),
        ], False
    if kind == "split_day":  # one works early, the other late: one is always at home
        wife_early = _chance(rng, 0.5)
        return [
            _Role(True, wife_age, _EARLY if wife_early else _LATE, True),
            _Role(False, husband_age, _LATE if wife_early else _EARLY, True),
        ], _chance(rng, 0.8)
    if kind == "both_kita":
        return [
            _Role(True, wife_age, _KITA_LONG, True),
            _Role(False, husband_age, _KITA_LONG, True),
        ], False
    # "kita": one parent only while the children are in Kita/school, the other freely
    mother_cares = _chance(rng, 0.75)
    return [
        _Role(True, wife_age, _KITA if mother_cares else _pick(rng, _BROAD), mother_cares),
        _Role(False, husband_age, _pick(rng, _BROAD) if mother_cares else _KITA, not mother_cares),
    ], False


def _single_role(rng: random.Random, origin: _Origin) -> _Role:
    female = _chance(rng, origin.female_share_single)
    age = _adult_age(rng)
    # Single mothers: many Ukrainian women came with their children, partners stayed.
    single_mother = female and 24 <= age <= 50 and _chance(rng, 0.4 if origin.key == "UA" else 0.15)
    if single_mother:
        return _Role(True, age, _KITA if _chance(rng, 0.6) else _KITA_LONG, True)
    return _Role(female, age, _pick(rng, _BROAD), False)


def _candidate(
    rng: random.Random,
    cid: str,
    origin: _Origin,
    role: _Role,
    surname: str,
    home: Location,
    ref: date,
) -> Candidate:
    given = rng.choice(origin.women if role.female else origin.men)
    level = _german_level(rng, role.age)
    occupations = _occupations(rng, role.age)
    licence = _chance(rng, 0.25)
    modes = [TravelMode.TRANSIT]
    if _chance(rng, 0.15):
        modes.append(TravelMode.BIKE)
    modes.append(TravelMode.WALK)
    if licence and _chance(rng, 0.6):
        modes.append(TravelMode.CAR)
    hours_min, hours_max = _hours(rng, role)
    languages = _pick(rng, origin.languages)
    if "en" not in languages and _chance(rng, origin.english):
        languages = (*languages, "en")
    return Candidate(
        id=cid,
        name=f"{given} {surname}",
        birth_year=ref.year - role.age,
        home=home,
        german_level=level,
        occupations=occupations,
        wishes=_wishes(rng, occupations),
        hours_min=hours_min,
        hours_max=hours_max,
        availability=role.availability,
        modes=tuple(modes),
        driving_licence=licence,
        max_commute_minutes=_pick(
            rng,
            ((30, 0.3), (45, 0.45), (60, 0.25))
            if role.parent
            else ((30, 0.15), (45, 0.3), (60, 0.35), (75, 0.1), (90, 0.1)),
        ),
        work_permit=_work_permit(rng, origin),
        available_from=_available_from(rng, level, ref),
        motivation=_pick(rng, ((1, 0.05), (2, 0.15), (3, 0.35), (4, 0.3), (5, 0.15))),
        unemployed_since=ref - timedelta(days=rng.randint(0, 4 * 365)),
        languages=languages,
        email=f"{_ascii(given)}.{_ascii(surname)}.{cid[1:]}@example.org",
        phone=_phone(int(cid[1:])),
    )


def _german_level(rng: random.Random, age: int) -> GermanLevel:
    level = _pick(rng, _GERMAN_LEVELS)
    if age >= 50 and level > GermanLevel.A0 and _chance(rng, 0.3):
        return GermanLevel(level - 1)
    if age < 25 and level < GermanLevel.C1 and _chance(rng, 0.25):
        return GermanLevel(level + 1)
    return level


def _occupations(rng: random.Random, age: int) -> tuple[Occupation, ...]:
    profile = _pick(
        rng,
        (("none", 0.35), ("helper", 0.4), ("skilled", 0.2), ("academic", 0.05))
        if age < 23
        else (("none", 0.2), ("helper", 0.45), ("skilled", 0.25), ("academic", 0.1)),
    )
    if profile == "none":
        return ()
    career = max(age - 18, 1)
    if profile == "helper":
        codes = [_pick(rng, _CANDIDATE_CODES[1])]
        if _chance(rng, 0.3):
            codes.append(_pick(rng, _CANDIDATE_CODES[1]))
        return tuple(
            Occupation(KldbCode(c), float(rng.randint(1, min(career, 10))))
            for c in dict.fromkeys(codes)
        )
    level = 2 if profile == "skilled" else _pick(rng, ((3, 0.25), (4, 0.75)))
    code = _pick(rng, _CANDIDATE_CODES[level])
    result = [
        Occupation(
            KldbCode(code),
            float(rng.randint(1, min(max(age - 22, 1), 25))),
            _recognition(rng, code),
        )
    ]
    if _chance(rng, 0.35):  # a helper job done in Germany meanwhile
        helper = _pick(rng, _CANDIDATE_CODES[1])
        result.append(Occupation(KldbCode(helper), rng.choice((0.5, 1.0, 2.0, 3.0))))
    return tuple(result)


def _recognition(rng: random.Random, code: str) -> Recognition:
    if code in REGULATED:
        return _pick(
            rng,
            (
                (Recognition.FULL, 0.15),
                (Recognition.PARTIAL, 0.25),
                (Recognition.PENDING, 0.35),
                (Recognition.NONE, 0.25),
            ),
        )
    return _pick(
        rng,
        (
            (Recognition.FULL, 0.1),
            (Recognition.PARTIAL, 0.15),
            (Recognition.PENDING, 0.15),
            (Recognition.NONE, 0.25),
            (Recognition.NOT_REQUIRED, 0.35),
        ),
    )


def _wishes(rng: random.Random, occupations: tuple[Occupation, ...]) -> tuple[KldbCode, ...]:
    """What they want: their own occupation, its helper variant, popular helper jobs."""
    known = _known_codes()
    wishes: list[str] = []
    for occupation in occupations:
        code = occupation.kldb.code
        if code[4] in "12" or _chance(rng, 0.6):
            wishes.append(code)
        helper = code[:4] + "1"
        if code[4] != "1" and not occupation.recognition.suffices and helper in known:
            wishes.append(helper)
    while len(wishes) < 1 or (len(wishes) < 3 and _chance(rng, 0.4)):
        wishes.append(_pick(rng, _POPULAR_HELPER_JOBS))
    return tuple(KldbCode(c) for c in dict.fromkeys(wishes))


def _hours(rng: random.Random, role: _Role) -> tuple[float, float]:
    if role.parent:
        upper = 25.0 if role.availability == _KITA else 30.0
        return float(rng.choice((10, 15, 20))), rng.choice((upper - 5, upper))
    if _chance(rng, 0.65):
        return float(rng.choice((25, 30, 35))), 40.0
    return float(rng.choice((15, 20))), float(rng.choice((25, 30)))


def _work_permit(rng: random.Random, origin: _Origin) -> WorkPermit:
    if origin.key == "UA":  # § 24 AufenthG: may work
        return WorkPermit.PERMITTED
    return _pick(
        rng,
        (
            (WorkPermit.PERMITTED, 0.86),
            (WorkPermit.APPROVAL_REQUIRED, 0.10),
            (WorkPermit.NOT_PERMITTED, 0.04),
        ),
    )


def _available_from(rng: random.Random, level: GermanLevel, ref: date) -> date | None:
    if level <= GermanLevel.B1 and _chance(rng, 0.2):  # language course still running
        return ref + timedelta(days=rng.randint(7, 70))
    if _chance(rng, 0.3):
        return ref - timedelta(days=rng.randint(0, 180))
    return None
