"""The demo datasets the tests look at: generated once per session, they are frozen."""

from __future__ import annotations

import pytest

from passgenau.demo.generator import generate_demo
from passgenau.domain.model import Dataset

# Distribution tests run on two seeds, so that they check the generator, not one lucky draw.
SEEDS = (2024, 7)


@pytest.fixture(scope="session")
def demo() -> Dataset:
    """The default demo: seed 2024, 2,000 candidates, 150 employers, 400 vacancies."""
    return generate_demo()


@pytest.fixture(scope="session", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def any_demo(request: pytest.FixtureRequest, demo: Dataset) -> Dataset:
    """A default-size demo for each seed in SEEDS."""
    return demo if request.param == 2024 else generate_demo(request.param)
