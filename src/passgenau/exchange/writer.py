"""Writing a :class:`Dataset` as a ``passgenau/1`` document.

The writer dumps with the reader's own field tables, so ``read_document(to_document(ds))
== ds`` holds by construction (and a property test checks it). Output is deterministic,
byte for byte: records keep the dataset's order, fields the format table's order.
"""

from __future__ import annotations

import json

from passgenau.domain.model import Dataset
from passgenau.exchange.records import COLLECTIONS, DATE, FORMAT, SETTINGS


def to_document(dataset: Dataset) -> dict[str, object]:
    """The dataset as a JSON-shaped dict; fields whose value is ``None`` are left out."""
    document: dict[str, object] = {"format": FORMAT}
    if dataset.reference_date is not None:
        document["reference_date"] = DATE.dump(dataset.reference_date)
    document["settings"] = SETTINGS.dump(dataset.settings)
    for name, spec in COLLECTIONS.items():
        document[name] = [spec.dump(record) for record in getattr(dataset, name)]
    return document


def dump_document(dataset: Dataset) -> str:
    """The document as UTF-8-ready JSON text: indented by 2, non-ASCII kept, final newline."""
    # A tree just built holds no cycles: checking for them would only cost time.
    document = to_document(dataset)
    return json.dumps(document, ensure_ascii=False, indent=2, check_circular=False) + "\n"
