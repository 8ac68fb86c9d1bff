"""What a user waits for at the shell: whole ``passgenau`` commands, imports included.

Each command runs as a fresh process (``python -m passgenau …``, as the installed
``passgenau`` script does), once to warm the disk caches (and numba's kernel cache), then
``--repeat`` times counted; the table shows the median and the fastest wall seconds next
to the target of issue 8. The district document (5,000 candidates × 2,000 vacancies,
``bench/synthetic.py``, seed 1) is generated once into ``--workdir``.

    .venv/bin/python bench/bench_cli.py
    .venv/bin/python bench/bench_cli.py --repeat 9
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SMALL = HERE.parent / "tests" / "exchange" / "data" / "valid.json"


def district_file(workdir: Path) -> Path:
    """The district caseload as a ``passgenau/1`` file (made once)."""
    path = workdir / "cli-district-seed1.json"
    if not path.is_file():
        sys.path.insert(0, str(HERE))
        from synthetic import synthetic_dataset

        from passgenau.exchange import dump_document

        workdir.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_document(synthetic_dataset(5000, 2000, 1)), encoding="utf-8")
    return path


def timed(argv: list[str], repeat: int) -> list[float]:
    """Wall seconds of ``repeat`` counted runs after one warm-up; output thrown away."""
    command = [sys.executable, "-m", "passgenau", *argv]
    seconds = []
    for run in range(repeat + 1):
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              check=False)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
        if run:
            seconds.append(elapsed)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "passgenau-bench")
    args = parser.parse_args()
    district = district_file(args.workdir)
    rows = [
        ("validate, small file", ["validate", str(SMALL)], 0.3),
        ("match, small file", ["match", str(SMALL)], 0.7),
        ("match, district 5,000 × 2,000", ["match", str(district)], 2.0),
    ]
    print(f"{'command':<32} {'median s':>9} {'min s':>7} {'target s':>9}")
    for label, argv, target in rows:
        seconds = timed(argv, args.repeat)
        print(f"{label:<32} {statistics.median(seconds):>9.2f} {min(seconds):>7.2f} "
              f"{target:>9.1f}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"({args.repeat} counted runs each after one warm-up; load average {load:.1f}; "
          f"{os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
