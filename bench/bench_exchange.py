"""Benchmark of the exchange reader and writer: CPU seconds per document size.

    .venv/bin/python bench/bench_exchange.py [--sizes small,district] [--repeat N] [--seed S]

For each size a demo caseload is generated (``passgenau.demo.generator``) and dumped once;
then ``load_json_text`` (JSON text -> validated Dataset, parsing included) and
``dump_document`` (Dataset -> JSON text) are each timed ``--repeat`` times with
``time.process_time`` (CPU time of this process, so other load on the machine counts as
little as it can), and the median is reported. The read result is checked to equal the
dataset. "read" is a repeated read in one process; "cold read" is the first read in a
fresh process, as a CLI run does it (the subprocess's imports are not timed; "import" is
the wall-clock time of ``import passgenau.exchange`` in a fresh process, interpreter
start-up excluded). "json.loads" is only for comparison: the reader validates straight
from the text.

All times are CPU seconds except "import". The target for the district size (5,000
candidates, 2,000 vacancies, 7.9 MB): read <= 0.6 s, cold read included.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from passgenau.demo.generator import generate_demo
from passgenau.exchange import dump_document, load_json_text


@dataclass(frozen=True)
class Size:
    name: str
    candidates: int
    employers: int
    vacancies: int


SIZES: dict[str, Size] = {
    s.name: s
    for s in (
        Size("small", 60, 10, 25),
        Size("district", 5_000, 700, 2_000),
        Size("land", 50_000, 7_000, 20_000),
    )
}


ROW = "{:<10}{:>7}{:>9}{:>14}{:>12}{:>12}{:>13}{:>10}"

COLD_READ = """
import sys, time
from passgenau.exchange import load_json_text
text = open(sys.argv[1], encoding="utf-8").read()
start = time.process_time()
load_json_text(text, "bench")
print(time.process_time() - start)
"""


IMPORT = """
import time
start = time.perf_counter()
import passgenau.exchange
print(time.perf_counter() - start)
"""


def _run(code: str, *args: str) -> float:
    run = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    return float(run.stdout)


def import_seconds(repeat: int) -> float:
    """The median wall-clock time of importing the exchange package in a fresh process."""
    return statistics.median(_run(IMPORT) for _ in range(repeat))


def cold_read_seconds(text: str, repeat: int) -> float:
    """The median CPU time of a first ``load_json_text`` in a fresh process."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "document.json"
        path.write_text(text, encoding="utf-8")
        return statistics.median(_run(COLD_READ, str(path)) for _ in range(repeat))


def cpu_seconds(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The median CPU time of ``repeat`` runs of ``action``, and the last run's result."""
    times = []
    result: object = None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.process_time()
        result = action()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="small,district", help="comma-separated sizes")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    print(
        ROW.format(
            "size", "MB", "records", "json.loads s", "read s", "cold read s", "write s", "import s"
        )
    )
    imported = f"{import_seconds(args.repeat):.3f}"
    for name in args.sizes.split(","):
        size = SIZES[name.strip()]
        dataset = generate_demo(
            args.seed,
            candidates=size.candidates,
            employers=size.employers,
            vacancies=size.vacancies,
        )
        text = dump_document(dataset)
        records = sum(
            len(getattr(dataset, c)) for c in ("employers", "vacancies", "candidates", "households")
        )
        loads, _ = cpu_seconds(lambda t=text: json.loads(t), args.repeat)
        read, parsed = cpu_seconds(lambda t=text: load_json_text(t, "bench"), args.repeat)
        if parsed != dataset:
            raise SystemExit(f"{name}: the document read back differs from the dataset")
        write, written = cpu_seconds(lambda d=dataset: dump_document(d), args.repeat)
        if written != text:
            raise SystemExit(f"{name}: dumping again gave different text")
        cold = cold_read_seconds(text, args.repeat)
        megabytes = len(text.encode("utf-8")) / 1e6
        seconds = (f"{s:.3f}" for s in (loads, read, cold, write))
        print(ROW.format(size.name, f"{megabytes:.1f}", records, *seconds, imported))


if __name__ == "__main__":
    main()
