"""Benchmark of the partitioned matching (issue 14): one process against regional parts.

    .venv/bin/python bench/bench_scale.py [--sizes district,land] [--parts N]
                                          [--no-dask] [--seed S]

For each size the synthetic caseload (``bench/synthetic.py``) is matched three ways, each
from the Dataset to the typed outcome (problem, solve, report; reading the file is not
timed): in one process (``match_dataset``), in parts in this process and in parts as
tasks on a Dask ``LocalCluster`` sized to the machine (``match --dask local``; the
cluster's start is timed too). One table: wall time, parts, border pairs (feasible pairs
whose vacancy lies in another part), candidates re-decided by the border flow, coverage
and total score, their loss against one process (negative: the parts did better, which
happens because joint household proposals, a stage before the flow, can only use a
part's own vacancies), joint household proposals and the largest resident memory of
this process so far (Dask's workers not included).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_dataset

from passgenau.geo.travel import reference_model
from passgenau.matching.result import MatchOutcome
from passgenau.services.matching import match_dataset
from passgenau.services.scale import match_partitioned

SIZES = {"district": (5_000, 2_000), "land": (50_000, 20_000), "national": (200_000, 80_000),
         "country": (400_000, 700_000)}


@dataclass(frozen=True)
class Row:
    size: str
    how: str
    seconds: float
    parts: int
    border_pairs: int
    released: int
    coverage: int
    score: float
    joint: int
    rss_gb: float


def rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def row(size: str, how: str, seconds: float, outcome: MatchOutcome, parts: int = 1,
        border: int = 0, released: int = 0) -> Row:
    s = outcome.summary
    return Row(size, how, seconds, parts, border, released, s.coverage, s.total_score,
               s.joint_household_proposals, rss_gb())


def run_size(name: str, parts: int | None, dask: bool, seed: int, only_dask: bool = False
             ) -> list[Row]:
    n_c, n_v = SIZES[name]
    start = time.perf_counter()
    dataset = synthetic_dataset(n_c, n_v, seed)
    print(f"{name}: generated in {time.perf_counter() - start:.0f} s", flush=True)
    travel = reference_model()
    rows = []
    ways = [("ring 1, dask local", "local", 1)]
    if not only_dask:
        start = time.perf_counter()
        one = match_dataset(dataset, travel, titles={})
        rows.append(row(name, "one process", time.perf_counter() - start, one.outcome))
        ways = [("parts, ring 1", None, 1), ("parts, ring 2", None, 2)]
        if dask:
            ways.append(("ring 1, dask local", "local", 1))
    for how, address, ring in ways:
        start = time.perf_counter()
        scaled = match_partitioned(dataset, travel, parts=parts, dask=address, titles={},
                                   ring=ring)
        f = scaled.figures
        rows.append(row(name, how, time.perf_counter() - start, scaled.run.outcome, f.parts,
                        f.border_pairs, f.released_candidates))
    return rows


def table(rows: list[Row]) -> str:
    head = (f"{'size':<9} {'how':<18} {'time s':>7} {'parts':>5} {'border pairs':>12} "
            f"{'re-decided':>10} {'coverage':>9} {'loss %':>7} {'score':>11} {'loss %':>7} "
            f"{'joint':>5} {'rss GB':>6}")
    lines = [head, "-" * len(head)]
    base: dict[str, Row] = {}
    for r in rows:
        ref = base.setdefault(r.size, r)
        cov_loss = 100 * (ref.coverage - r.coverage) / max(ref.coverage, 1)
        score_loss = 100 * (ref.score - r.score) / max(ref.score, 1e-9)
        lines.append(
            f"{r.size:<9} {r.how:<18} {r.seconds:7.1f} {r.parts:5d} {r.border_pairs:12,d} "
            f"{r.released:10,d} {r.coverage:9,d} {cov_loss:7.3f} {r.score:11.1f} "
            f"{score_loss:7.3f} {r.joint:5d} {r.rss_gb:6.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="district,land",
                        help="comma-separated: " + ",".join(SIZES))
    parser.add_argument("--parts", type=int, default=4,
                        help="regional parts (default 4; 0: one per 25,000 candidates)")
    parser.add_argument("--only-dask", action="store_true",
                        help="only the Dask run (a size one process cannot hold)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for name in args.sizes.split(","):
        rows.extend(run_size(name, args.parts or None, not args.no_dask, args.seed,
                             args.only_dask))
        print(table(rows), flush=True)
        print(flush=True)


if __name__ == "__main__":
    main()
