"""A travel model that kills the Dask worker using it, once: the test of retried parts.

Kept in its own module so that worker processes can import it to unpickle the model.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from passgenau.domain.model import TravelMode
from passgenau.geo.travel import REFERENCE_SPEEDS, StraightLineModel
from passgenau.matching.problem import FloatArray


def in_worker() -> bool:
    from distributed import get_worker

    try:
        get_worker()
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class WorkerKillingModel(StraightLineModel):
    """The reference model; in a Dask worker, while ``flag`` does not exist, it creates the
    flag and ends the worker's process on the spot (as a crash or an OOM kill would)."""

    flag: str = ""

    @classmethod
    def of(cls, flag: Path) -> WorkerKillingModel:
        return cls(dict(REFERENCE_SPEEDS), "reference", str(flag))

    def reach_km(self, mode: TravelMode, minutes: FloatArray) -> FloatArray:
        if self.flag and not os.path.exists(self.flag) and in_worker():
            Path(self.flag).touch()
            os._exit(1)
        return StraightLineModel.reach_km(self, mode, minutes)
