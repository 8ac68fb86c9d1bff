"""Shared fixtures: the reference travel model of the exchange format."""

from __future__ import annotations

import pytest

from passgenau.geo.travel import StraightLineModel, reference_model


@pytest.fixture(scope="session")
def travel() -> StraightLineModel:
    return reference_model()
