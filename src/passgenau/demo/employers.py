"""The demo's employers: sectors, kinds of employer, the jobs they offer, their names.

Why a module: the table of employer kinds is the longest table of the demo, and the
vacancies (``vacancies``) are drawn from the jobs it lists.

The district's typical employer sectors (``reference.kldb.CORE_SECTORS``) with
sector-typical jobs from the shipped KldB list; each kind names its shift style (see
``shifts``), its share of part-time vacancies and of vacancies needing a driving licence.

Firm and contact names are invented combinations of common names; any resemblance to real
persons or firms is coincidental (well-known firms of the district are avoided).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from passgenau.demo.contacts import email_safe, firm_slug, phone
from passgenau.demo.places import Places
from passgenau.demo.sampling import Weighted, chance, pick, words
from passgenau.domain.model import Employer


@dataclass(frozen=True, slots=True)
class Job:
    """A job a kind of employer offers, with its weight among that kind's jobs."""

    code: str
    weight: float
    title: str  # without "(m/w/d)"
    style: str  # shift style; "" = the employer kind's


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of employer: its sector, how to name it, the jobs it offers, its shifts."""

    sector: str
    weight: float  # within the sector
    style: str  # shift style of its jobs, see ``shifts.draw_shifts``
    part_time: float  # share of part-time vacancies
    licence: float  # share of vacancies needing a driving licence
    names: tuple[str, ...]  # templates: {family} {given} {region} {nature} {inn} {italian}
    jobs: tuple[Job, ...]


def _parse_kinds(text: str) -> tuple[Kind, ...]:
    """Read the table below: a header line ``sector | weight | style | part time | licence``,
    name templates after ``=`` (split by ``|``), then one job per line, ``code weight title``
    with an optional ``@style``."""
    kinds: list[Kind] = []
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
            job = Job(code, float(weight), title.strip(), style.strip())
            kinds[-1] = replace(kinds[-1], jobs=(*kinds[-1].jobs, job))
        else:
            sector, weight, style, part_time, licence = (p.strip() for p in line.split("|"))
            kinds.append(
                Kind(sector, float(weight), style, float(part_time), float(licence), (), ())
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

# The first kind is the success story's food retailer (``FOOD_RETAILER``).
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
FOOD_RETAILER = _KINDS[0]

# Names of firms and their contacts.
_GERMAN_WOMEN = words(
    """
    Sabine Andrea Claudia Petra Monika Susanne Stefanie Julia Katrin Anja Nicole Martina
    Birgit Laura Lisa Carina Tanja Heike Melanie Jana"""
)
_GERMAN_MEN = words(
    """
    Thomas Michael Andreas Stefan Markus Frank Jürgen Klaus Uwe Martin Tobias Matthias Jens
    Daniel Florian Sebastian Christian Ralf Dirk Jan"""
)
_GERMAN_SURNAMES = words(
    """
    Maier Schmid Weber Fischer Wagner Becker Hofmann Schäfer Koch Richter Klein Wolf Neumann
    Schwarz Zimmermann Braun Hartmann Lange Werner Krause Köhler Herrmann Walter König Huber
    Kaiser Fuchs Lang Vogel Keller Berger Roth Beck Lorenz Baumann Albrecht Schuster Ludwig
    Winter Kraus Krämer Vogt Jäger Sommer Haas Ziegler Kuhn Engel Horn Pfeiffer Häberle
    Kübler Bürkle Ströbele Hägele Rapp Kienzle Wörner Seitz Scheufele Mayer Eisele Dannenmann
    Frey"""
)


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
_NATURE = words("Linden Rosen Sonnen Eichen Birken Tannen Kastanien Wiesen Buchen Ahorn")
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


def draw_employers(rng: random.Random, n: int, *, start: int) -> list[tuple[Employer, Kind]]:
    """``n`` employers, sectors in proportion to ``_SECTOR_SHARES``, each with its kind."""
    sectors = _allocate(_SECTOR_SHARES, n, minimum_first=8)
    rng.shuffle(sectors)
    places = Places(rng, n)
    names: set[str] = {"Lebensmittel Kübler e.K."}
    result = []
    for i, sector in enumerate(sectors):
        kind = pick(rng, [(k, k.weight) for k in _KINDS if k.sector == sector])
        family = rng.choice(_GERMAN_SURNAMES)
        name = _employer_name(rng, kind, family, names)
        female = chance(rng, 0.5)
        given = rng.choice(_GERMAN_WOMEN if female else _GERMAN_MEN)
        contact_family = family if chance(rng, 0.5) else rng.choice(_GERMAN_SURNAMES)
        result.append(
            (
                Employer(
                    id=f"E{start + i:03d}",
                    name=name,
                    location=places.point(places.draw(), 2.0),
                    sector=sector,
                    onsite_interviews=chance(rng, 0.85),
                    trial_work=chance(rng, 0.8),
                    contact_name=f"{given} {contact_family}",
                    contact_email=(
                        f"{email_safe(given)}.{email_safe(contact_family)}"
                        f"@{firm_slug(name)}.example"
                    ),
                    contact_phone=phone(4998 - i),
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


def _employer_name(rng: random.Random, kind: Kind, family: str, taken: set[str]) -> str:
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
