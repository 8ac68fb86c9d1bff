"""Great-circle distances on numpy arrays (haversine, earth radius 6371 km, as the spec).

:class:`Points` keeps the radians and cosines of a set of places, so that distances for
many pairs of indices cost two sines, one square root and one arcsine each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Points:
    """Places in WGS84 degrees, with what the haversine formula needs precomputed."""

    lat: FloatArray
    lon: FloatArray
    phi: FloatArray = field(init=False, repr=False)
    lmb: FloatArray = field(init=False, repr=False)
    cos_phi: FloatArray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        phi = np.radians(np.asarray(self.lat, dtype=np.float64))
        object.__setattr__(self, "phi", phi)
        object.__setattr__(self, "lmb", np.radians(np.asarray(self.lon, dtype=np.float64)))
        object.__setattr__(self, "cos_phi", np.cos(phi))

    def __len__(self) -> int:
        return len(self.phi)


def pair_distance_km(a: Points, b: Points, ia: IntArray, ib: IntArray) -> FloatArray:
    """Distance in km between ``a[ia]`` and ``b[ib]``, element by element."""
    return _haversine(a.phi[ia], a.lmb[ia], a.cos_phi[ia], b.phi[ib], b.lmb[ib], b.cos_phi[ib])


def haversine_km(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    """Distance in km between points given in degrees; arrays broadcast."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    return _haversine(p1, np.radians(lon1), np.cos(p1), p2, np.radians(lon2), np.cos(p2))


def _haversine(
    phi1: FloatArray, lmb1: FloatArray, cos1: FloatArray,
    phi2: FloatArray, lmb2: FloatArray, cos2: FloatArray,
) -> FloatArray:
    s1 = np.sin((phi2 - phi1) / 2)
    s2 = np.sin((lmb2 - lmb1) / 2)
    a = s1 * s1 + cos1 * cos2 * (s2 * s2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
