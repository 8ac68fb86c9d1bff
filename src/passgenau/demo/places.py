"""Where the demo's candidates live and its firms are: real places, weighted by population.

Why a module: candidates, employers and vacancies' branches are all spread the same way,
and the spread has to keep its proportions for every seed.

Real municipalities and postcodes of the Rems-Murr-Kreis (Destatis Gemeindeverzeichnis
31.12.2021, GeoNames; see ``reference/data/SOURCES.md``). Candidates and employers are
spread over the 31 municipalities in proportion to population (quota sampling, so the
proportions hold for every seed), homes within ~1.5 km of the centre, firms within
~2 km. A household shares one home.
"""

from __future__ import annotations

import math
import random

from passgenau.domain.model import Location
from passgenau.reference.places import Municipality, rems_murr_municipalities, rems_murr_postcodes


class Places:
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
