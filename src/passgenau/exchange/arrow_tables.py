"""A dataset's records as Arrow tables, and parts of them as Arrow IPC streams.

Why: the parts of a partitioned run (``services/scale.py``) go to Dask workers, each with
some 25,000 candidates and a few hundred thousand vacancies (its own and those within
reach of its border). Pickled, those are millions of small Python objects, slow to pickle
and large on the wire; as Arrow they are a few columns of buffers, and cutting out a
part's rows is ``Table.take``.

How: every record is spelled once as the exchange format spells it (the writer's
:func:`~passgenau.exchange.writer.dump_value`, fields not given left out), Arrow infers
one nested schema per collection (structs, lists of structs), and the tables are cut per
part and written as IPC streams. A worker reads them back to the exchange spelling (a
field Arrow filled with null because another record gave it is left out again) and the
exchange format's own record validators (:func:`~passgenau.exchange.models.document_validator`)
make the domain records, so ``read_part(write_part(...))`` equals the sub-dataset (a test
holds them together). Records are validated once more on the worker: the client read
them already, so nothing can fail there but a bug.

pyarrow is imported on use: it comes with the ``scale`` extra.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from passgenau.domain.model import Dataset
from passgenau.exchange.models import COLLECTIONS, FORMAT, document_validator
from passgenau.exchange.writer import dump_value

if TYPE_CHECKING:
    import pyarrow as pa

Rows = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class RecordTables:
    """A dataset's collections as Arrow tables (None: the collection is empty), in the
    dataset's order."""

    tables: dict[str, pa.Table | None]

    @classmethod
    def of(cls, dataset: Dataset) -> RecordTables:
        return cls({name: _table(getattr(dataset, name)) for name in COLLECTIONS})

    def rows(self, name: str) -> int:
        table = self.tables[name]
        return 0 if table is None else table.num_rows


def _table(records: Sequence[object]) -> pa.Table | None:
    import pyarrow as pa

    if not records:
        return None
    return pa.Table.from_struct_array(pa.array([dump_value(r) for r in records]))


def write_ipc(table: pa.Table | None, rows: Rows | None = None) -> bytes:
    """``rows`` of ``table`` (all without ``rows``) as one Arrow IPC stream; ``b""`` for
    none."""
    import pyarrow as pa

    if table is None or (rows is not None and len(rows) == 0):
        return b""
    if rows is not None:
        table = table.take(pa.array(rows, type=pa.int64()))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def read_ipc(name: str, data: bytes) -> tuple[Any, ...]:
    """The domain records of collection ``name`` in an IPC stream of :func:`write_ipc`."""
    if not data:
        return ()
    import pyarrow as pa

    records = [_given(r) for r in pa.ipc.open_stream(data).read_all().to_pylist()]
    document = document_validator(True).validate_python({"format": FORMAT, name: records})
    return tuple(document[name])


def _given(value: Any) -> Any:
    """The exchange spelling back: nulls Arrow filled in for fields not given are dropped."""
    if isinstance(value, dict):
        return {k: _given(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_given(v) for v in value]
    return value


def households_within(dataset: Dataset, candidates: Rows) -> Rows:
    """The households all of whose members are among ``candidates`` (indices into the
    dataset's households, ascending), as :func:`~passgenau.matching.partition.sub_dataset`
    keeps them."""
    ids = {dataset.candidates[i].id for i in candidates.tolist()}
    return np.array([k for k, h in enumerate(dataset.households)
                     if all(m in ids for m in h.members)], dtype=np.int64)
