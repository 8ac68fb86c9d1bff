"""Speed-dating timetables at a job fair's size: time and gap (issue 12's target:
40 employers × 250 candidates × 10 rounds in at most 10 s, the gap included).

Two kinds of rows, each the fastest of ``--repeat`` runs in this one process:

* ``fair``: the whole use case on a synthetic caseload (``bench/synthetic.py``: 250
  candidates, vacancies until 40 employers have some): the nine rules with the commute to
  the fair's hall, the best score per employer and candidate, the min-cost flow, the
  rounds (``services.scheduling.speed_dating``, what ``passgenau speed-dating`` runs
  after reading its file).
* ``solver``: the timetable alone on synthetic pairs (each employer fits a share of the
  candidates, scores drawn from a Beta(5, 3), the shape of the matching's fit scores),
  larger sizes too.

``bound`` is the flow's optimum for the plan's objective; ``gap`` is
``(bound - total) / bound``. ``no fairness`` is the best total score with coverage and
the fair minimum left out: what giving everyone a meeting costs in score.

    .venv/bin/python bench/bench_timetable.py
    .venv/bin/python bench/bench_timetable.py --repeat 3 --seed 2
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import synthetic_dataset  # noqa: E402

from passgenau.domain.model import Dataset, Location  # noqa: E402
from passgenau.geo.travel import reference_model  # noqa: E402
from passgenau.scheduling.speed_dating import (  # noqa: E402
    SpeedDatingInput,
    SpeedDatingPlan,
    plan_speed_dating,
)
from passgenau.services.scheduling import EventTime, speed_dating  # noqa: E402

SOLVER_SIZES = ((40, 250, 10, 0.3), (40, 250, 10, 0.8), (100, 1000, 12, 0.3))
#: Shares of candidates who can attend only the first half of the rounds (childcare)
#: and only the last 60 % (arriving late), for the side-rule rows.
EARLY_LEAVERS, LATE_COMERS = 0.2, 0.1


def fair_caseload(
    n_employers: int, n_candidates: int, seed: int
) -> tuple[Dataset, tuple[str, ...]]:
    """A synthetic district's caseload with vacancies at ``n_employers`` employers (the
    first that have any), and the hall in the middle of them."""
    n_vacancies = 2 * n_employers
    while True:
        dataset = synthetic_dataset(n_candidates, n_vacancies, seed)
        with_jobs = list(dict.fromkeys(v.employer_id for v in dataset.vacancies))
        if len(with_jobs) >= n_employers:
            return dataset, tuple(with_jobs[:n_employers])
        n_vacancies *= 2


def hall(dataset: Dataset) -> Location:
    lat = float(np.mean([c.home.lat for c in dataset.candidates]))
    lon = float(np.mean([c.home.lon for c in dataset.candidates]))
    return Location(lat, lon)


def best_of(repeat: int, work):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def row(kind: str, size: str, pairs: int, seconds: float, plan: SpeedDatingPlan) -> str:
    return (f"| {kind} | {size} | {pairs:,} | {len(plan.meetings)} | "
            f"{plan.candidates_met}/{plan.fitting_candidates} | {plan.fair_minimum} | "
            f"{plan.total_score:.4f} | {plan.bound:.4f} | {plan.gap:.4%} | "
            f"{plan.score_without_fairness:.4f} | {plan.method} | {seconds:.3f} |")


def availability(rng: np.random.Generator, n_c: int, rounds: int) -> np.ndarray:
    """Rounds each candidate can attend: most all, some the first half, some the last
    60 %."""
    allowed = np.ones((n_c, rounds), dtype=bool)
    draw = rng.random(n_c)
    allowed[draw < EARLY_LEAVERS, rounds // 2:] = False
    late = (draw >= EARLY_LEAVERS) & (draw < EARLY_LEAVERS + LATE_COMERS)
    allowed[late, : rounds - (3 * rounds) // 5] = False
    return allowed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print("| kind | employers × candidates × rounds | feasible pairs | meetings | met/fitting "
          "| fair min | total score | bound | gap | no fairness | rounds by | seconds |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    dataset, employers = fair_caseload(40, 250, args.seed)
    model = reference_model()
    place = hall(dataset)
    speed_dating(dataset, employers, 10, model, place=place)  # warm up (numba, OR-Tools)
    seconds, run = best_of(args.repeat, lambda: speed_dating(dataset, employers, 10, model,
                                                             place=place))
    print(row("fair", "40 × 250 × 10", len(run.pairs.table), seconds, run.plan))
    # the same fair on a Tuesday from 11:00 in 15-minute rounds (until 13:30): whoever
    # must be home for the children at 13:00 can stay only for the first rounds
    noon = EventTime(date(2026, 12, 1), 11 * 60, 15)
    seconds, run = best_of(args.repeat, lambda: speed_dating(dataset, employers, 10, model,
                                                             place=place, time=noon))
    print(row(f"fair, Tue 11:00–13:30 ({len(run.partly_available)} partly, "
              f"{len(run.not_available)} not available)", "40 × 250 × 10",
              len(run.pairs.table), seconds, run.plan))
    rng = np.random.default_rng(args.seed)
    for n_t, n_c, rounds, density in SOLVER_SIZES:
        mask = rng.random((n_t, n_c)) < density
        table, cand = np.nonzero(mask)
        problem = SpeedDatingInput(n_t, n_c, table.astype(np.int64), cand.astype(np.int64),
                                   np.round(rng.beta(5, 3, len(table)), 4), rounds)
        seconds, plan = best_of(args.repeat, lambda p=problem: plan_speed_dating(p))
        print(row(f"solver ({density:.0%} fit)", f"{n_t} × {n_c:,} × {rounds}", len(table),
                  seconds, plan))
        limited = replace(problem, allowed=availability(rng, n_c, rounds))
        seconds, plan = best_of(args.repeat, lambda p=limited: plan_speed_dating(p))
        print(row(f"solver ({density:.0%} fit, rounds limited)",
                  f"{n_t} × {n_c:,} × {rounds}", len(table), seconds, plan))


if __name__ == "__main__":
    main()
