"""Benchmark of the partitioned matching (issue 14): one process against regional parts.

    .venv/bin/python bench/bench_scale.py [--sizes district,land] [--parts N]
                                          [--no-dask] [--only-dask] [--all-pairs]
                                          [--cache DIR] [--seed S]

For each size the synthetic caseload (``bench/synthetic.py``) is matched three ways, each
from the Dataset to the typed outcome (problem, solve, report; reading the file is not
timed): in one process (``match_dataset``), in parts in this process and in parts as
tasks on a Dask ``LocalCluster`` sized to the machine (``match --dask local``; the
cluster's start is timed too). One table: wall time, parts, border pairs (feasible pairs
whose vacancy lies in another part), candidates re-decided by the border flow, coverage
and total score, their loss against one process (negative: the parts did better, which
happens because joint household proposals, a stage before the flow, can only use a
part's own vacancies), joint household proposals, the largest resident memory of this
process so far (the client; with a ``LocalCluster`` also its scheduler) and of the
largest Dask worker. ``--all-pairs`` adds a run in parts whose border flow sees every
pair of the candidates it re-decides, not only their best
(``matching.partition.TOP_PER_CANDIDATE``): what the cut costs. ``--cache DIR`` keeps the
generated caseloads as pickles (the country takes a minute to generate).
"""

from __future__ import annotations

import argparse
import os
import pickle
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
    worker_gb: float = 0.0


def rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def row(size: str, how: str, seconds: float, outcome: MatchOutcome, parts: int = 1,
        border: int = 0, released: int = 0, workers: tuple[int, ...] = ()) -> Row:
    s = outcome.summary
    return Row(size, how, seconds, parts, border, released, s.coverage, s.total_score,
               s.joint_household_proposals, rss_gb(), max(workers, default=0) / 1e9)


def caseload(name: str, seed: int, cache: str | None):
    """The synthetic caseload, from the cache when it holds it."""
    n_c, n_v = SIZES[name]
    path = os.path.join(cache, f"{name}-{seed}.pkl") if cache else None
    start = time.perf_counter()
    if path and os.path.exists(path):
        with open(path, "rb") as f:
            dataset = pickle.load(f)
        print(f"{name}: read from {path} in {time.perf_counter() - start:.0f} s", flush=True)
        return dataset
    dataset = synthetic_dataset(n_c, n_v, seed)
    print(f"{name}: generated in {time.perf_counter() - start:.0f} s", flush=True)
    if path:
        os.makedirs(cache, exist_ok=True)
        with open(path + ".tmp", "wb") as f:
            pickle.dump(dataset, f, protocol=5)
        os.replace(path + ".tmp", path)
    return dataset


def _progress(how: str, start: float):
    def show(done: int, total: int) -> None:
        print(f"  {how}: {done}/{total} parts, {time.perf_counter() - start:.0f} s, "
              f"client {rss_gb():.2f} GB", flush=True)
    return show


def run_size(name: str, parts: int | None, dask: bool, seed: int, only_dask: bool = False,
             all_pairs: bool = False, cache: str | None = None) -> list[Row]:
    dataset = caseload(name, seed, cache)
    travel = reference_model()
    rows = []
    ways = [("ring 1, dask local", "local", 1, True)]
    if not only_dask:
        start = time.perf_counter()
        one = match_dataset(dataset, travel, titles={})
        rows.append(row(name, "one process", time.perf_counter() - start, one.outcome))
        del one
        ways = [("parts, ring 1", None, 1, True)]
        if all_pairs:
            ways.append(("ring 1, all pairs", None, 1, False))
        ways.append(("parts, ring 2", None, 2, True))
        if dask:
            ways.append(("ring 1, dask local", "local", 1, True))
    for how, address, ring, cut in ways:
        start = time.perf_counter()
        progress = _progress(how, start)
        kwargs = {} if cut else {"top": None}
        scaled = match_partitioned(dataset, travel, parts=parts, dask=address, titles={},
                                   ring=ring, progress=progress, **kwargs)
        f = scaled.figures
        rows.append(row(name, how, time.perf_counter() - start, scaled.run.outcome, f.parts,
                        f.border_pairs, f.released_candidates, scaled.worker_peak_bytes))
        print(f"  {how}: done in {time.perf_counter() - start:.0f} s, feasible pairs "
              f"{f.feasible_pairs:,d}, border flow pairs {f.border_flow_pairs:,d}, workers "
              f"{[round(b / 1e9, 2) for b in scaled.worker_peak_bytes]} GB", flush=True)
        del scaled
    return rows


def table(rows: list[Row]) -> str:
    head = (f"{'size':<9} {'how':<18} {'time s':>7} {'parts':>5} {'border pairs':>12} "
            f"{'re-decided':>10} {'coverage':>9} {'loss %':>7} {'score':>11} {'loss %':>7} "
            f"{'joint':>5} {'rss GB':>6} {'worker GB':>9}")
    lines = [head, "-" * len(head)]
    base: dict[str, Row] = {}
    for r in rows:
        ref = base.setdefault(r.size, r)
        cov_loss = 100 * (ref.coverage - r.coverage) / max(ref.coverage, 1)
        score_loss = 100 * (ref.score - r.score) / max(ref.score, 1e-9)
        lines.append(
            f"{r.size:<9} {r.how:<18} {r.seconds:7.1f} {r.parts:5d} {r.border_pairs:12,d} "
            f"{r.released:10,d} {r.coverage:9,d} {cov_loss:7.3f} {r.score:11.1f} "
            f"{score_loss:7.3f} {r.joint:5d} {r.rss_gb:6.2f} {r.worker_gb:9.2f}")
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
    parser.add_argument("--all-pairs", action="store_true",
                        help="also ring 1 with every pair of the re-decided candidates")
    parser.add_argument("--cache", default=None,
                        help="keep generated caseloads as pickles in this folder")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for name in args.sizes.split(","):
        rows.extend(run_size(name, args.parts or None, not args.no_dask, args.seed,
                             args.only_dask, args.all_pairs, args.cache))
        print(table(rows), flush=True)
        print(flush=True)


if __name__ == "__main__":
    main()
