"""A dataset's records through Arrow IPC (how the parts of ``match --dask`` travel to the
workers): any rows of any collection read back as the records they were."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passgenau.domain import Dataset
from passgenau.exchange import read_document
from passgenau.exchange.arrow_tables import RecordTables, households_within, read_ipc, write_ipc
from passgenau.exchange.models import COLLECTIONS
from tests.exchange.support import valid_document
from tests.strategies import datasets

pytest.importorskip("pyarrow")


def rows_back(dataset: Dataset, name: str, rows: list[int]) -> tuple:
    tables = RecordTables.of(dataset)
    return read_ipc(name, write_ipc(tables.tables[name], np.array(rows, dtype=np.int64)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets(max_vacancies=4, max_candidates=4), data=st.data())
def test_any_rows_of_any_collection_read_back_as_the_records(ds: Dataset,
                                                             data: st.DataObject) -> None:
    for name in COLLECTIONS:
        records = getattr(ds, name)
        rows = data.draw(st.lists(st.integers(0, max(len(records) - 1, 0)), unique=True)
                         if records else st.just([]))
        assert rows_back(ds, name, rows) == tuple(records[k] for k in rows)


def test_a_whole_collection_and_nothing() -> None:
    ds = read_document(valid_document())
    tables = RecordTables.of(ds)
    for name in COLLECTIONS:
        assert read_ipc(name, write_ipc(tables.tables[name])) == getattr(ds, name)
    assert write_ipc(tables.tables["vacancies"], np.zeros(0, dtype=np.int64)) == b""
    assert read_ipc("vacancies", b"") == ()


def test_households_within_keeps_those_wholly_among_the_candidates() -> None:
    ds = read_document(valid_document())
    everyone = np.arange(len(ds.candidates))
    assert households_within(ds, everyone).tolist() == list(range(len(ds.households)))
    assert households_within(ds, everyone[:0]).tolist() == []
