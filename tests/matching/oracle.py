"""The nine hard rules, once more, straight from the spec text: scalar and slow on purpose.

``exchange-format.md`` ("Feasibility: the hard rules", "The reference travel model") read
line by line into plain Python over the domain objects — no numpy, no arrays, no pruning —
so that the engine's vectorised rules (``matching.feasibility``) can be compared with it
pair by pair. The one shared piece is :func:`passgenau.domain.schedule.fits_availability`,
the domain's own scalar definition of "a shift option fits".

Two conventions the spec leaves open are fixed here as the engine documents them:
travel times are rounded up with a tolerance of ``1e-9`` minutes for float noise (a
commute of exactly 45 minutes computed as 45.000000000001 is 45), and when two modes
tie for fastest the earlier of walk, bike, transit, car is named.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations, product

from passgenau.domain import (
    Candidate,
    Dataset,
    Recognition,
    TravelMode,
    Vacancy,
    WorkPermit,
)
from passgenau.domain.schedule import fits_availability

RULE_CODES: tuple[str, ...] = (
    "WORK_PERMIT",
    "LANGUAGE",
    "HOURS",
    "COMMUTE",
    "SCHEDULE",
    "DRIVING_LICENCE",
    "RECOGNITION",
    "QUALIFICATION",
    "START",
)
EARTH_RADIUS_KM = 6371.0
#: The reference model's table: (detour, km/h, overhead minutes) per mode.
REFERENCE_TABLE: dict[TravelMode, tuple[float, float, float]] = {
    TravelMode.WALK: (1.3, 4.5, 0.0),
    TravelMode.BIKE: (1.3, 15.0, 2.0),
    TravelMode.TRANSIT: (1.3, 22.0, 15.0),
    TravelMode.CAR: (1.3, 50.0, 5.0),
}
#: Preference among modes of equal minutes (the engine's documented tie rule).
TIE_ORDER: tuple[TravelMode, ...] = (
    TravelMode.WALK,
    TravelMode.BIKE,
    TravelMode.TRANSIT,
    TravelMode.CAR,
)
CEIL_TOLERANCE = 1e-9


@dataclass(frozen=True)
class PairVerdict:
    """The oracle's answer for one (candidate, vacancy) pair."""

    rules: dict[str, bool]
    travel: int | None  # minutes by the fastest usable mode; None: no usable mode
    mode: TravelMode | None
    fitting_shifts: tuple[int, ...]  # indices of the vacancy's shift options that fit

    @property
    def feasible(self) -> bool:
        return all(self.rules.values())

    @property
    def failed(self) -> tuple[str, ...]:
        return tuple(code for code in RULE_CODES if not self.rules[code])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance, earth radius 6371 km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, a))))


def mode_minutes(mode: TravelMode, km: float) -> int:
    """The reference model: ``d * 1.3 / speed * 60 + overhead``, rounded up."""
    detour, kmh, overhead = REFERENCE_TABLE[mode]
    return math.ceil(km * detour / kmh * 60 + overhead - CEIL_TOLERANCE)


def fastest(candidate: Candidate, km: float) -> tuple[int | None, TravelMode | None]:
    """Minutes by the fastest of the candidate's modes; ``car`` only with a licence."""
    best: tuple[int | None, TravelMode | None] = (None, None)
    for mode in TIE_ORDER:
        if mode not in candidate.modes:
            continue
        if mode is TravelMode.CAR and not candidate.driving_licence:
            continue
        minutes = mode_minutes(mode, km)
        if best[0] is None or minutes < best[0]:
            best = (minutes, mode)
    return best


def verdict(dataset: Dataset, candidate: Candidate, vacancy: Vacancy) -> PairVerdict:
    """Every rule of the spec's table for one pair."""
    today = dataset.reference_date
    assert today is not None, "oracle datasets fix their reference date"
    work = dataset.vacancy_location(vacancy)
    km = haversine_km(candidate.home.lat, candidate.home.lon, work.lat, work.lon)
    travel, mode = fastest(candidate, km)
    fitting: tuple[int, ...] = ()
    if travel is not None:
        fitting = tuple(
            k
            for k, option in enumerate(vacancy.shifts)
            if fits_availability(option, candidate.availability, travel)
        )
    start: date = vacancy.start_date or today
    available: date = candidate.available_from or today
    rules = {
        "WORK_PERMIT": candidate.work_permit is not WorkPermit.NOT_PERMITTED,
        "LANGUAGE": candidate.german_level >= vacancy.german_level_min,
        "HOURS": candidate.hours_min <= vacancy.hours <= candidate.hours_max,
        "COMMUTE": travel is not None and travel <= candidate.max_commute_minutes,
        "SCHEDULE": not vacancy.shifts or bool(fitting),
        "DRIVING_LICENCE": not vacancy.driving_licence_required or candidate.driving_licence,
        "RECOGNITION": not vacancy.recognition_required
        or any(
            o.kldb.code[:4] == vacancy.kldb.code[:4]
            and o.recognition in (Recognition.FULL, Recognition.NOT_REQUIRED)
            for o in candidate.occupations
        ),
        "QUALIFICATION": int(vacancy.kldb.code[4]) < 2
        or any(o.kldb.code[:3] == vacancy.kldb.code[:3] for o in candidate.occupations),
        "START": available <= start + timedelta(days=dataset.settings.grace_days),
    }
    return PairVerdict(rules, travel, mode, fitting)


def all_verdicts(dataset: Dataset) -> dict[tuple[int, int], PairVerdict]:
    """(candidate index, vacancy index) -> verdict, for every pair."""
    return {
        (i, j): verdict(dataset, c, v)
        for i, c in enumerate(dataset.candidates)
        for j, v in enumerate(dataset.vacancies)
    }


def feasible_set(dataset: Dataset) -> set[tuple[int, int]]:
    return {pair for pair, v in all_verdicts(dataset).items() if v.feasible}


def blocked_by(dataset: Dataset, candidate_index: int) -> dict[str, int]:
    """Per rule, the vacancies it excludes the candidate from (a pair failing two rules
    counts for both); rules that exclude nothing are left out, as in the result."""
    counts = dict.fromkeys(RULE_CODES, 0)
    candidate = dataset.candidates[candidate_index]
    for vacancy in dataset.vacancies:
        for code in verdict(dataset, candidate, vacancy).failed:
            counts[code] += 1
    return {code: n for code, n in counts.items() if n}


def joint_placements(dataset: Dataset) -> dict[int, set[frozenset[tuple[int, int]]]]:
    """The spec's rule 2 read literally: for every household with ``place_together``, each
    way one employer can take all members — every member on a feasible pair with a
    vacancy of that employer, in a fitting shift option, the members' options pairwise
    without overlap, and no vacancy taking more members than its ``positions`` (nor its
    ``shortlist_size``). Household index -> the distinct placements, each as the set of
    (vacancy index, members placed there)."""
    index = {c.id: i for i, c in enumerate(dataset.candidates)}
    result: dict[int, set[frozenset[tuple[int, int]]]] = {}
    for h, household in enumerate(dataset.households):
        if not household.place_together:
            continue
        found: set[frozenset[tuple[int, int]]] = set()
        for employer in dataset.employers:
            choices = []
            for member in household.members:
                candidate = dataset.candidates[index[member]]
                choices.append([
                    (j, k)
                    for j, vacancy in enumerate(dataset.vacancies)
                    if vacancy.employer_id == employer.id
                    for k in _fitting_if_feasible(dataset, candidate, vacancy)
                ])
            for combo in product(*choices):
                shifts = [dataset.vacancies[j].shifts[k] for j, k in combo]
                if any(a.overlaps(b) for a, b in combinations(shifts, 2)):
                    continue
                taken = Counter(j for j, _ in combo)
                if all(n <= min(dataset.vacancies[j].positions, dataset.vacancies[j].shortlist_size)
                       for j, n in taken.items()):
                    found.add(frozenset(taken.items()))
        result[h] = found
    return result


def _fitting_if_feasible(dataset: Dataset, candidate: Candidate, vacancy: Vacancy
                         ) -> tuple[int, ...]:
    answer = verdict(dataset, candidate, vacancy)
    return answer.fitting_shifts if answer.feasible else ()
