"""The demo's candidates and the households they live in.

Why a module: who lives with whom decides ages, childcare hours and hours wished, and
those in turn shape each candidate; the tables for German, age and work permits are here.

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
Households
  ~35 % of candidates live in a household with another candidate: couples with
  children (childcare windows: one parent only while children are in Kita/school,
  mon–fri 07:30–13:00, or the day split between the spouses, early/late, as in the
  interview's success story; only those split-day couples ask to be ``place_together``),
  couples without children, parents with an adult child. A household shares one home.
  Many Ukrainian women came with their children, the partner still in Ukraine (see
  ``origins``): so many single mothers with childcare hours among Ukrainian candidates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from passgenau.demo.contacts import email_safe, phone
from passgenau.demo.origins import ORIGINS, Origin
from passgenau.demo.places import Places
from passgenau.demo.qualifications import draw_occupations, draw_wishes
from passgenau.demo.sampling import Weighted, chance, pick
from passgenau.demo.shifts import window
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import Candidate, Household, Location, TravelMode, WorkPermit
from passgenau.domain.schedule import ALWAYS, TimeWindow

# German before adjustment for age (see ``_german_level``).
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

_HOUSEHOLD_SHARE = 0.35  # of candidates who live with another candidate
# (kind, weight): couples with children split the day or fit work around Kita hours.
_HOUSEHOLD_KINDS: Weighted[str] = (
    ("split_day", 0.25),
    ("kita", 0.22),
    ("both_kita", 0.08),
    ("couple", 0.28),
    ("adult_child", 0.17),
)

_EARLY = (window("mon-sat", "05:00", "13:30"),)
_LATE = (window("mon-sat", "13:30", "23:00"),)
_KITA = (window("mon-fri", "07:30", "13:00"),)
_KITA_LONG = (window("mon-fri", "07:00", "16:00"),)
_BROAD: Weighted[tuple[TimeWindow, ...]] = (
    ((ALWAYS,), 0.5),
    ((window("mon-sat", "05:00", "23:00"),), 0.3),
    ((window("mon-fri", "05:00", "22:00"), window("sat", "06:00", "18:00")), 0.2),
)


@dataclass(frozen=True, slots=True)
class _Role:
    """What the household decides for one member: age, childcare hours, hours wished."""

    female: bool
    age: int
    availability: tuple[TimeWindow, ...]
    parent: bool  # of young children: part time, shorter commutes


def draw_caseload(
    rng: random.Random, n: int, ref: date, *, start: int, first_household: int
) -> tuple[list[Candidate], list[Household]]:
    """``n`` candidates (ids from ``start``) and the households among them."""
    groups = _groups(rng, n)
    places = Places(rng, n)
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


def _groups(rng: random.Random, n: int) -> list[tuple[Origin, list[_Role], bool]]:
    """Households first until their share is reached, then singles; in random order."""
    groups: list[tuple[Origin, list[_Role], bool]] = []
    in_households = 0
    target = round(n * _HOUSEHOLD_SHARE)
    while in_households < target and n - in_households >= 2:
        origin = pick(rng, [(o, o.weight) for o in ORIGINS])
        roles, together = _household_roles(rng, origin, pick(rng, _HOUSEHOLD_KINDS))
        roles = roles[: n - in_households]
        groups.append((origin, roles, together))
        in_households += len(roles)
    for _ in range(n - in_households):
        origin = pick(rng, [(o, o.weight) for o in ORIGINS])
        groups.append((origin, [_single_role(rng, origin)], False))
    rng.shuffle(groups)
    return groups


def _adult_age(rng: random.Random) -> int:
    low, high = pick(rng, _AGE_BANDS)
    return rng.randint(low, high)


def _household_roles(rng: random.Random, origin: Origin, kind: str) -> tuple[list[_Role], bool]:
    """The members of one household and whether they ask to be placed together."""
    if kind == "adult_child":
        parent_age = rng.randint(42, 60)
        child = _Role(chance(rng, 0.5), rng.randint(18, 24), pick(rng, _BROAD), False)
        parents = [_Role(chance(rng, 0.6), parent_age, pick(rng, _BROAD), False)]
        if chance(rng, 0.5):
            parents.append(
                _Role(
                    not parents[0].female,
                    parent_age + rng.randint(-4, 4),
                    pick(rng, _BROAD),
                    False,
                )
            )
        return [*parents, child], False
    age = rng.randint(24, 46) if kind != "couple" else max(_adult_age(rng), 20)
    wife_age, husband_age = age, min(age + rng.randint(-2, 6), 64)
    if kind == "couple":
        return [
            _Role(True, wife_age, pick(rng, _BROAD), False),
            _Role(False, max(husband_age, 19), pick(rng, _BROAD), False),
        ], False
    if kind == "split_day":  # one works early, the other late: one is always at home
        wife_early = chance(rng, 0.5)
        return [
            _Role(True, wife_age, _EARLY if wife_early else _LATE, True),
            _Role(False, husband_age, _LATE if wife_early else _EARLY, True),
        ], chance(rng, 0.8)
    if kind == "both_kita":
        return [
            _Role(True, wife_age, _KITA_LONG, True),
            _Role(False, husband_age, _KITA_LONG, True),
        ], False
    # "kita": one parent only while the children are in Kita/school, the other freely
    mother_cares = chance(rng, 0.75)
    return [
        _Role(True, wife_age, _KITA if mother_cares else pick(rng, _BROAD), mother_cares),
        _Role(False, husband_age, pick(rng, _BROAD) if mother_cares else _KITA, not mother_cares),
    ], False


def _single_role(rng: random.Random, origin: Origin) -> _Role:
    female = chance(rng, origin.female_share_single)
    age = _adult_age(rng)
    # Single mothers: many Ukrainian women came with their children, partners stayed.
    single_mother = female and 24 <= age <= 50 and chance(rng, 0.4 if origin.key == "UA" else 0.15)
    if single_mother:
        return _Role(True, age, _KITA if chance(rng, 0.6) else _KITA_LONG, True)
    return _Role(female, age, pick(rng, _BROAD), False)


def _candidate(
    rng: random.Random,
    cid: str,
    origin: Origin,
    role: _Role,
    surname: str,
    home: Location,
    ref: date,
) -> Candidate:
    given = rng.choice(origin.women if role.female else origin.men)
    level = _german_level(rng, role.age)
    occupations = draw_occupations(rng, role.age)
    licence = chance(rng, 0.25)
    modes = [TravelMode.TRANSIT]
    if chance(rng, 0.15):
        modes.append(TravelMode.BIKE)
    modes.append(TravelMode.WALK)
    if licence and chance(rng, 0.6):
        modes.append(TravelMode.CAR)
    hours_min, hours_max = _hours(rng, role)
    languages = pick(rng, origin.languages)
    if "en" not in languages and chance(rng, origin.english):
        languages = (*languages, "en")
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
        max_commute_minutes=pick(
            rng,
            ((30, 0.3), (45, 0.45), (60, 0.25))
            if role.parent
            else ((30, 0.15), (45, 0.3), (60, 0.35), (75, 0.1), (90, 0.1)),
        ),
        work_permit=_work_permit(rng, origin),
        available_from=_available_from(rng, level, ref),
        motivation=pick(rng, ((1, 0.05), (2, 0.15), (3, 0.35), (4, 0.3), (5, 0.15))),
        unemployed_since=ref - timedelta(days=rng.randint(0, 4 * 365)),
        languages=languages,
        email=f"{email_safe(given)}.{email_safe(surname)}.{cid[1:]}@example.org",
        phone=phone(int(cid[1:])),
        # for the statistics and the fairness audit (issue 13); the matching never reads
        # them, and they draw nothing from ``rng``, so a seed's Jobcenter stays the same
        gender="f" if role.female else "m",
        citizenship=origin.key,
    )


def _german_level(rng: random.Random, age: int) -> GermanLevel:
    level = pick(rng, _GERMAN_LEVELS)
    if age >= 50 and level > GermanLevel.A0 and chance(rng, 0.3):
        return GermanLevel(level - 1)
    if age < 25 and level < GermanLevel.C1 and chance(rng, 0.25):
        return GermanLevel(level + 1)
    return level


def _hours(rng: random.Random, role: _Role) -> tuple[float, float]:
    if role.parent:
        upper = 25.0 if role.availability == _KITA else 30.0
        return float(rng.choice((10, 15, 20))), rng.choice((upper - 5, upper))
    if chance(rng, 0.65):
        return float(rng.choice((25, 30, 35))), 40.0
    return float(rng.choice((15, 20))), float(rng.choice((25, 30)))


def _work_permit(rng: random.Random, origin: Origin) -> WorkPermit:
    if origin.key == "UA":  # § 24 AufenthG: may work
        return WorkPermit.PERMITTED
    return pick(
        rng,
        (
            (WorkPermit.PERMITTED, 0.86),
            (WorkPermit.APPROVAL_REQUIRED, 0.10),
            (WorkPermit.NOT_PERMITTED, 0.04),
        ),
    )


def _available_from(rng: random.Random, level: GermanLevel, ref: date) -> date | None:
    if level <= GermanLevel.B1 and chance(rng, 0.2):  # language course still running
        return ref + timedelta(days=rng.randint(7, 70))
    if chance(rng, 0.3):
        return ref - timedelta(days=rng.randint(0, 180))
    return None
