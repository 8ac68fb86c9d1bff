"""Fixtures of the service tests: an in-memory database, no SQL anywhere."""

from __future__ import annotations

import pytest

from passgenau.domain import Dataset

from ..store.datasets import sample_dataset
from .fakes import FakeDatabase


@pytest.fixture
def database() -> FakeDatabase:
    """An empty in-memory database with the tenant ``default``."""
    return FakeDatabase()


@pytest.fixture
def sample() -> Dataset:
    """A small caseload: 2 employers, 2 vacancies, 4 candidates, one household."""
    return sample_dataset()
