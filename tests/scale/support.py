"""Instances for the partitioned matching: two caseloads side by side, far apart or close.

A copy of a caseload moved east by some kilometres (ids prefixed, so both can stand in one
document): far apart, no commute crosses between them and the partition's cut falls in
the gap; close, the copies' commuting areas overlap and pairs cross the border.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from passgenau.domain import Dataset, Location
from passgenau.matching.engine import MatchResult

_KM_PER_DEGREE = 111.19


def moved(location: Location, km_east: float) -> Location:
    return replace(location, lon=location.lon + km_east / (
        _KM_PER_DEGREE * math.cos(math.radians(location.lat))))


def shifted_copy(dataset: Dataset, prefix: str, km_east: float) -> Dataset:
    """The caseload ``km_east`` further east, every id prefixed with ``prefix``."""
    return Dataset(
        employers=tuple(replace(e, id=prefix + e.id, location=moved(e.location, km_east))
                        for e in dataset.employers),
        vacancies=tuple(
            replace(v, id=prefix + v.id, employer_id=prefix + v.employer_id,
                    location=None if v.location is None else moved(v.location, km_east))
            for v in dataset.vacancies),
        candidates=tuple(replace(c, id=prefix + c.id, home=moved(c.home, km_east))
                         for c in dataset.candidates),
        households=tuple(replace(h, id=prefix + h.id,
                                 members=tuple(prefix + m for m in h.members))
                         for h in dataset.households),
        settings=dataset.settings,
        reference_date=dataset.reference_date,
    )


def side_by_side(dataset: Dataset, km_east: float) -> Dataset:
    """The caseload and its copy ``km_east`` further east, in one document."""
    copy = shifted_copy(dataset, "B-", km_east)
    return Dataset(
        employers=dataset.employers + copy.employers,
        vacancies=dataset.vacancies + copy.vacancies,
        candidates=dataset.candidates + copy.candidates,
        households=dataset.households + copy.households,
        settings=dataset.settings,
        reference_date=dataset.reference_date,
    )


def assert_within_capacities(result: MatchResult) -> None:
    """No vacancy over its shortlist size, no candidate over the proposals allowed, every
    proposal a feasible pair proposed once."""
    p = result.problem
    chosen_vac = result.pairs.vac[result.chosen]
    chosen_cand = result.pairs.cand[result.chosen]
    assert (np.bincount(chosen_vac, minlength=p.n_vacancies) <= p.vac_size).all()
    limit = p.settings.max_proposals_per_candidate
    assert (np.bincount(chosen_cand, minlength=p.n_candidates) <= limit).all()
    keys = chosen_cand * p.n_vacancies + chosen_vac
    assert len(np.unique(keys)) == len(keys)
