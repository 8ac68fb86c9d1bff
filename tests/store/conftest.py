"""Fixtures of the store tests: named datasets and a row counter."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, func, select

from passgenau.domain import Dataset
from passgenau.store.tables import Base

from .datasets import caseload as build_caseload
from .datasets import sample_dataset


@pytest.fixture
def sample() -> Dataset:
    """A small caseload using every field the store keeps."""
    return sample_dataset()


@pytest.fixture
def caseload() -> Callable[[int], Dataset]:
    """``caseload(n)``: a uniform caseload of about 7n records."""
    return build_caseload


@pytest.fixture
def row_counts(engine: Engine) -> Callable[[], dict[str, int]]:
    """``row_counts()``: rows per table right now, to prove that nothing was written."""

    def count() -> dict[str, int]:
        with engine.connect() as conn:
            return {
                table.name: conn.scalar(select(func.count()).select_from(table)) or 0
                for table in Base.metadata.sorted_tables
            }

    return count
