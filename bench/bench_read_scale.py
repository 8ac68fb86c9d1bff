"""Benchmark of reading a very large input document (issue 14, item 4): whole or record by
record.

    .venv/bin/python bench/bench_read_scale.py [--sizes land,national,country]
                                               [--ways whole,stream] [--cache DIR]

For each size the synthetic caseload (``bench/synthetic.py``, or the pickle
``bench_scale.py --cache`` left) is written once as a ``passgenau/1`` document to the cache
folder (record by record, one record a line, so writing needs no more memory than the
caseload), then read in a fresh process each way: *whole* (the file's bytes, its text and
pydantic's parse of it: ``load_json_text``, as ``passgenau`` reads files up to 64 MB) and
*stream* (``exchange.streaming.load_json_stream``, as it reads larger ones). One table:
file size, wall time and the reading process's peak resident memory (its interpreter and
imports included: about 0.1 GB).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import SIZES, caseload

from passgenau.exchange.models import COLLECTIONS, FORMAT
from passgenau.exchange.writer import dump_value

READERS = {
    "whole": (
        "from passgenau.exchange.loading import load_json_text\n"
        "from passgenau.exchange.text_files import decode_utf8, read_bytes\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "ds = load_json_text(decode_utf8(read_bytes(p), str(p)), str(p))\n"),
    "stream": (
        "from passgenau.exchange.streaming import load_json_stream\n"
        "ds = load_json_stream(pathlib.Path(sys.argv[1]))\n"),
}


def write_document(dataset, path: Path) -> None:
    """The document, one record a line (the writer's spelling, not its indentation)."""
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(f'{{"format": "{FORMAT}",\n')
        if dataset.reference_date is not None:
            f.write(f'"reference_date": "{dataset.reference_date.isoformat()}",\n')
        f.write(f'"settings": {json.dumps(dump_value(dataset.settings))}')
        for name in COLLECTIONS:
            f.write(f',\n"{name}": [')
            for k, record in enumerate(getattr(dataset, name)):
                f.write(",\n" if k else "\n")
                f.write(json.dumps(dump_value(record), ensure_ascii=False))
            f.write("\n]")
        f.write("}\n")
    os.replace(tmp, path)


def measure(way: str, path: Path) -> tuple[float, float, int]:
    """Wall seconds, peak resident GB of the reading process, candidates read."""
    code = ("import pathlib, sys\n" + READERS[way]
            + "print(len(ds.candidates), len(ds.vacancies))\n")
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                             text=True)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    out = child.stdout.read() if child.stdout else ""
    if status:
        raise SystemExit(f"{way} failed on {path} ({status})")
    return seconds, usage.ru_maxrss / 1e6, int(out.split()[0])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="land,national")
    parser.add_argument("--ways", default="whole,stream")
    parser.add_argument("--cache", default="/tmp/passgenau-bench")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows = []
    for name in args.sizes.split(","):
        path = Path(args.cache) / f"{name}-{args.seed}.json"
        if not path.exists():
            start = time.perf_counter()
            dataset = caseload(name, args.seed, args.cache)
            write_document(dataset, path)
            del dataset
            print(f"{name}: written in {time.perf_counter() - start:.0f} s", flush=True)
        for way in args.ways.split(","):
            seconds, gb, n = measure(way, path)
            assert n == SIZES[name][0]
            rows.append((name, way, path.stat().st_size / 1e9, seconds, gb))
            print(f"{name} {way}: {seconds:.0f} s, {gb:.2f} GB", flush=True)
    print(f"{'size':<9} {'way':<7} {'file GB':>7} {'time s':>7} {'peak GB':>7}")
    for name, way, size, seconds, gb in rows:
        print(f"{name:<9} {way:<7} {size:7.2f} {seconds:7.1f} {gb:7.2f}")


if __name__ == "__main__":
    main()
