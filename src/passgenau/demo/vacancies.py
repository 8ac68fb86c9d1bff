"""The demo's vacancies: which employer offers what, hours, German asked, shifts.

Why a module: a vacancy combines an employer's kind (``employers``), its shifts
(``shifts``) and the recognition rules (``qualifications``); the German level it asks for
is a table of its own.

Hours: full time 38–40, part time 15–30. Helper jobs ask A1–A2 German, customer-facing
jobs B1, care B1–B2, doctors and teachers C1.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from passgenau.demo.employers import Job, Kind
from passgenau.demo.places import Places
from passgenau.demo.qualifications import REGULATED
from passgenau.demo.sampling import chance, pick, words
from passgenau.demo.shifts import draw_shifts
from passgenau.domain.kldb import KldbCode
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import Employer, Vacancy

# German level a vacancy asks for.
_CUSTOMER_FACING = frozenset(
    words("""
    62101 62301 62102 62112 62302 62312 62322 62412 62212 62242 62262 63301 63302 63212 63222
    81102 81112 82312 71402 52112 52132""")
)
_CARE = frozenset(words("82101 82102 82103 81301 81302 83111 83112 83113"))
_C1_JOBS = frozenset(words("81404 81424 84124 84454"))


def _level_min(rng: random.Random, code: str) -> GermanLevel:
    level = int(code[4])
    if code in _C1_JOBS:
        return GermanLevel.C1
    if code in _CARE:
        return pick(
            rng,
            ((GermanLevel.A2, 0.4), (GermanLevel.B1, 0.6))
            if level == 1
            else ((GermanLevel.B1, 0.4), (GermanLevel.B2, 0.6)),
        )
    if level == 1:
        if code in _CUSTOMER_FACING:
            return pick(rng, ((GermanLevel.A2, 0.6), (GermanLevel.B1, 0.4)))
        return pick(rng, ((GermanLevel.A1, 0.35), (GermanLevel.A2, 0.65)))
    if level == 2:
        if code in _CUSTOMER_FACING:
            return pick(rng, ((GermanLevel.B1, 0.8), (GermanLevel.B2, 0.2)))
        return pick(rng, ((GermanLevel.A2, 0.15), (GermanLevel.B1, 0.75), (GermanLevel.B2, 0.1)))
    return pick(rng, ((GermanLevel.B1, 0.2), (GermanLevel.B2, 0.6), (GermanLevel.C1, 0.2)))


def draw_vacancies(
    rng: random.Random, n: int, staffed: list[tuple[Employer, Kind]], ref: date, *, start: int
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
    places = Places(rng, max(n // 6, 1))
    result = []
    for i, (employer, kind) in enumerate(chosen):
        job = pick(rng, [(j, j.weight) for j in kind.jobs])
        result.append(_vacancy(rng, f"V{start + i:04d}", employer, kind, job, ref, places))
    return result


def _vacancy(
    rng: random.Random,
    vid: str,
    employer: Employer,
    kind: Kind,
    job: Job,
    ref: date,
    places: Places,
) -> Vacancy:
    helper = job.code[4] == "1"
    part_time = chance(rng, kind.part_time)
    hours = (
        pick(rng, ((15.0, 0.1), (20.0, 0.35), (25.0, 0.3), (30.0, 0.25)))
        if part_time
        else pick(rng, ((38.0, 0.3), (38.5, 0.2), (39.0, 0.2), (40.0, 0.3)))
    )
    code = job.code
    licence = (code.startswith("52") and code != "52531") or chance(rng, kind.licence)
    branch = None
    if kind.sector in (
        "Einzelhandel",
        "Pflege und Gesundheit",
        "Gebäudereinigung",
        "Logistik",
    ) and chance(rng, 0.15):
        branch = places.point(places.draw(), 2.0)
    positions = pick(
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
        shortlist_size=pick(rng, ((4, 0.8), (3, 0.2))),
        german_level_min=_level_min(rng, code),
        shifts=draw_shifts(rng, job.style or kind.style, hours),
        driving_licence_required=licence,
        recognition_required=code in REGULATED,
        start_date=None if chance(rng, 0.3) else ref + timedelta(days=rng.randint(0, 56)),
    )
