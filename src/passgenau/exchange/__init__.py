"""The exchange format ``passgenau/1``: JSON documents and CSV bundles in, datasets out.

Everything that reads raises :class:`~passgenau.domain.errors.InvalidInput` carrying every
problem found, each naming the record and field; nothing here prints or exits.
"""

from passgenau.exchange.csv_bundle import read_csv_bundle, write_csv_bundle
from passgenau.exchange.integrity import KnownIds, reference_problems
from passgenau.exchange.loading import load_json_file, load_json_text, load_path
from passgenau.exchange.models import FORMAT
from passgenau.exchange.reader import read_document
from passgenau.exchange.writer import dump_document, to_document

__all__ = [
    "FORMAT",
    "KnownIds",
    "dump_document",
    "load_json_file",
    "load_json_text",
    "load_path",
    "read_csv_bundle",
    "read_document",
    "reference_problems",
    "to_document",
    "write_csv_bundle",
]
