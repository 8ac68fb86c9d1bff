"""The in-memory unit of work keeps the SQL one's promises: the same use cases on both
give the same results (so the service tests above prove something about production).

This one module uses a database (SQLite, in the test's own folder).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from passgenau.domain import Dataset, Household, InvalidInput, RoutingRules
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.services.records import (
    caseload_summary,
    export_dataset,
    import_dataset,
    kldb_titles,
    store_kldb_titles,
)
from passgenau.services.unit_of_work import UnitOfWork
from passgenau.store.database import make_engine, upgrade
from passgenau.store.unit_of_work import SqlUnitOfWork

from ..store.datasets import candidate, caseload, vacancy
from .fakes import FakeDatabase

NewUnitOfWork = Callable[[], UnitOfWork]


@pytest.fixture
def sql(tmp_path: Path) -> Iterator[NewUnitOfWork]:
    engine = make_engine(f"sqlite:///{tmp_path / 'contract.db'}")
    upgrade(engine)
    yield lambda: SqlUnitOfWork(engine)
    engine.dispose()


@pytest.fixture
def fake() -> NewUnitOfWork:
    return FakeDatabase().unit_of_work


def scenario(new: NewUnitOfWork, sample: Dataset) -> list[Any]:
    """Imports, a move between households, a refused file, a hire, titles, figures."""
    results: list[Any] = [import_dataset(new(), sample), import_dataset(new(), sample)]
    moved = Dataset(
        candidates=(candidate("C5"),),
        households=(Household("H2", ("C2", "C3")), Household("H3", ("C4", "C5"), True)),
    )
    results.append(import_dataset(new(), moved))
    results.append(import_dataset(new(), dataclasses.replace(
        sample, candidates=tuple(dataclasses.replace(c, motivation=5)
                                 for c in sample.candidates))))
    with pytest.raises(InvalidInput) as refused:
        import_dataset(new(), Dataset(vacancies=(vacancy("V9", "E404"),)))
    results.append(refused.value.problems)
    uow = new()
    with uow:
        uow.placements.add_proposal(Proposal("V1", "C1", ProposalState.HIRED))
        uow.commit()
    results.append(import_dataset(new(), caseload(3)))
    store_kldb_titles(new(), [("62102", 5, "Verkauf - Helfer", ""), ("5", 1, "Verkehr", None)])
    with new() as uow:
        results.append(kldb_titles(uow, ["62102", "5", "1"]))
    results.append(export_dataset(new()))
    results.append(caseload_summary(new(), RoutingRules(), date(2026, 11, 24)))
    return results


def test_the_fake_and_sql_units_of_work_agree(
    sql: NewUnitOfWork, fake: NewUnitOfWork, sample: Dataset
) -> None:
    """Every summary, problem list, title, exported record and count is the same."""
    on_sql, on_fake = scenario(sql, sample), scenario(fake, sample)
    for step, (expected, got) in enumerate(zip(on_sql, on_fake, strict=True)):
        assert got == expected, f"step {step}"
