"""The matching problem as arrays: one row per candidate, vacancy, shift option, demand.

Built once from a :class:`Dataset`; everything after works on these arrays, so the rules
and scores are numpy expressions over pairs, never Python loops over
candidates × vacancies. Building loops once over records (linear in the input).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from passgenau.domain.model import (
    Dataset,
    MatchSettings,
    TravelMode,
    WorkPermit,
)
from passgenau.geo.distance import Points

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

MODES: tuple[TravelMode, ...] = (
    TravelMode.WALK,
    TravelMode.BIKE,
    TravelMode.TRANSIT,
    TravelMode.CAR,
)
PERMIT_CODES = {WorkPermit.PERMITTED: 0, WorkPermit.APPROVAL_REQUIRED: 1,
                WorkPermit.NOT_PERMITTED: 2}
#: Padding for unused availability slots: an interval that contains nothing.
_EMPTY_START, _EMPTY_END = 10_000, -10_000


@dataclass(frozen=True, slots=True)
class MatchProblem:
    """Frozen arrays of a caseload; indices are positions in the dataset's tuples."""

    dataset: Dataset
    reference_date: date
    settings: MatchSettings
    # candidates
    cand_ids: tuple[str, ...]
    cand_lat: FloatArray
    cand_lon: FloatArray
    homes: Points
    cand_level: IntArray
    cand_hours_min: FloatArray
    cand_hours_max: FloatArray
    cand_permit: IntArray  # PERMIT_CODES
    cand_licence: BoolArray
    cand_modes: BoolArray  # (C, len(MODES)) usable modes, car only with licence
    cand_max_commute: IntArray
    cand_available: IntArray  # ordinal day
    cand_motivation: IntArray
    cand_waiting_days: IntArray
    cand_avail: IntArray  # availability pattern of each candidate
    avail_start: IntArray  # (A, 7, K) per pattern: minutes; padded with empty intervals
    avail_end: IntArray
    # candidates' occupations (flattened) and wishes (flattened)
    occ_cand: IntArray
    occ_kldb: IntArray
    occ_years: FloatArray
    occ_recognised: BoolArray  # recognition full or not_required
    wish_cand: IntArray
    wish_kldb: IntArray
    # sorted keys ``candidate * 100_000 + code prefix`` for the QUALIFICATION (3 digits,
    # any occupation) and RECOGNITION (4 digits, recognised or not requiring it) rules
    qualified_keys: IntArray
    recognised_keys: IntArray
    # vacancies
    vac_ids: tuple[str, ...]
    vac_employer: IntArray  # index into dataset.employers
    vac_lat: FloatArray
    vac_lon: FloatArray
    workplaces: Points
    vac_kldb: IntArray
    vac_level_min: IntArray
    vac_hours: FloatArray
    vac_licence: BoolArray
    vac_recognition: BoolArray
    vac_start: IntArray  # ordinal day
    vac_size: IntArray  # shortlist_size
    vac_min: IntArray  # min(3, shortlist_size)
    vac_opt_first: IntArray  # (V+1) option ranges; a vacancy without shifts has none
    # shift options; their demands (one per window and day) are kept per distinct pattern,
    # since vacancies share a few shift templates
    opt_vacancy: IntArray
    opt_label: tuple[str, ...]
    opt_pattern: IntArray
    pat_dem_first: IntArray  # (S+1) demand ranges per shift pattern
    dem_day: IntArray
    dem_start: IntArray
    dem_end: IntArray

    @property
    def n_candidates(self) -> int:
        return len(self.cand_ids)

    @property
    def n_vacancies(self) -> int:
        return len(self.vac_ids)

    @classmethod
    def from_dataset(cls, dataset: Dataset, reference_date: date | None = None) -> MatchProblem:
        today = reference_date or dataset.reference_date or date.today()
        c = dataset.candidates
        cand_modes = np.zeros((len(c), len(MODES)), dtype=bool)
        for i, cand in enumerate(c):
            for mode in cand.usable_modes():
                cand_modes[i, MODES.index(mode)] = True
        cand_avail, avail_start, avail_end = _availability_arrays(dataset)
        occ = [(i, o) for i, cand in enumerate(c) for o in cand.occupations]
        wishes = [(i, w) for i, cand in enumerate(c) for w in cand.wishes]
        v = dataset.vacancies
        employer_index = {e.id: k for k, e in enumerate(dataset.employers)}
        locations = [
            vac.location or dataset.employers[employer_index[vac.employer_id]].location
            for vac in v
        ]
        opt_vacancy: list[int] = []
        opt_label: list[str] = []
        opt_pattern: list[int] = []
        vac_opt_first = [0]
        patterns: dict[tuple[tuple[int, int, int], ...], int] = {}
        for j, vac in enumerate(v):
            for k, option in enumerate(vac.shifts):
                opt_vacancy.append(j)
                opt_label.append(option.label(k))
                demands = tuple(
                    sorted((int(day), w.start, w.end) for w in option.windows for day in w.days)
                )
                opt_pattern.append(patterns.setdefault(demands, len(patterns)))
            vac_opt_first.append(len(opt_vacancy))
        pat_dem_first = [0]
        dem: list[tuple[int, int, int]] = []
        for demands in patterns:  # insertion order = pattern index
            dem.extend(demands)
            pat_dem_first.append(len(dem))
        return cls(
            dataset=dataset,
            reference_date=today,
            settings=dataset.settings,
            cand_ids=tuple(x.id for x in c),
            cand_lat=_f([x.home.lat for x in c]),
            cand_lon=_f([x.home.lon for x in c]),
            homes=Points(_f([x.home.lat for x in c]), _f([x.home.lon for x in c])),
            cand_level=_i([int(x.german_level) for x in c]),
            cand_hours_min=_f([x.hours_min for x in c]),
            cand_hours_max=_f([x.hours_max for x in c]),
            cand_permit=_i([PERMIT_CODES[x.work_permit] for x in c]),
            cand_licence=np.array([x.driving_licence for x in c], dtype=bool),
            cand_modes=cand_modes,
            cand_max_commute=_i([x.max_commute_minutes for x in c]),
            cand_available=_i([x.available_on(today).toordinal() for x in c]),
            cand_motivation=_i([x.motivation for x in c]),
            cand_waiting_days=_i(
                [max(0, (today - x.unemployed_since_on(today)).days) for x in c]
            ),
            cand_avail=cand_avail,
            avail_start=avail_start,
            avail_end=avail_end,
            occ_cand=_i([i for i, _ in occ]),
            occ_kldb=_i([int(o.kldb.code) for _, o in occ]),
            occ_years=_f([o.years for _, o in occ]),
            occ_recognised=np.array([o.recognition.suffices for _, o in occ], dtype=bool),
            qualified_keys=np.unique(_i([i * 100_000 + int(o.kldb.code[:3]) for i, o in occ])),
            recognised_keys=np.unique(
                _i([i * 100_000 + int(o.kldb.code[:4]) for i, o in occ
                    if o.recognition.suffices])
            ),
            wish_cand=_i([i for i, _ in wishes]),
            wish_kldb=_i([int(w.code) for _, w in wishes]),
            vac_ids=tuple(x.id for x in v),
            vac_employer=_i([employer_index[x.employer_id] for x in v]),
            vac_lat=_f([loc.lat for loc in locations]),
            vac_lon=_f([loc.lon for loc in locations]),
            workplaces=Points(_f([loc.lat for loc in locations]),
                              _f([loc.lon for loc in locations])),
            vac_kldb=_i([int(x.kldb.code) for x in v]),
            vac_level_min=_i([int(x.german_level_min) for x in v]),
            vac_hours=_f([x.hours for x in v]),
            vac_licence=np.array([x.driving_licence_required for x in v], dtype=bool),
            vac_recognition=np.array([x.recognition_required for x in v], dtype=bool),
            vac_start=_i([x.start_on(today).toordinal() for x in v]),
            vac_size=_i([x.shortlist_size for x in v]),
            vac_min=_i([x.minimum_shortlist for x in v]),
            vac_opt_first=_i(vac_opt_first),
            opt_vacancy=_i(opt_vacancy),
            opt_label=tuple(opt_label),
            opt_pattern=_i(opt_pattern),
            pat_dem_first=_i(pat_dem_first),
            dem_day=_i([d[0] for d in dem]),
            dem_start=_i([d[1] for d in dem]),
            dem_end=_i([d[2] for d in dem]),
        )


def _f(values: list[float]) -> FloatArray:
    return np.asarray(values, dtype=np.float64)


def _i(values: list[int]) -> IntArray:
    return np.asarray(values, dtype=np.int64)


def _availability_arrays(dataset: Dataset) -> tuple[IntArray, IntArray, IntArray]:
    """Each candidate's availability pattern, and (A, 7, K) interval starts and ends per
    distinct pattern and weekday (many candidates share a pattern, e.g. school hours).

    Windows are kept as given, not merged: the SCHEDULE rule asks for a shift to lie inside
    *one* availability window.
    """
    patterns: dict[tuple[tuple[tuple[int, int], ...], ...], int] = {}
    cand_pattern = np.empty(len(dataset.candidates), dtype=np.int64)
    for i, cand in enumerate(dataset.candidates):
        days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
        for window in cand.availability:
            for day in window.days:
                days[int(day)].append((window.start, window.end))
        key = tuple(tuple(sorted(d)) for d in days)
        cand_pattern[i] = patterns.setdefault(key, len(patterns))
    k = max([1, *(len(d) for key in patterns for d in key)])
    start = np.full((len(patterns), 7, k), _EMPTY_START, dtype=np.int64)
    end = np.full((len(patterns), 7, k), _EMPTY_END, dtype=np.int64)
    for a, key in enumerate(patterns):
        for d, intervals in enumerate(key):
            for slot, (s, e) in enumerate(intervals):
                start[a, d, slot] = s
                end[a, d, slot] = e
    return cand_pattern, start, end
