"""What an officer waits for on the shortlist review and the employer's page, on the demo
Jobcenter (``passgenau demo``'s caseload: 2,000 candidates, 150 employers, 400
vacancies, seed 2024) in a SQLite file of its own.

The review reads the caseload, evaluates every candidate against the vacancy with the
matching's rules and scores, and logs the names it shows; the swap re-checks one pair;
the background run is the whole matching, read, solved and stored. One process, one
thread: the table shows the median and the slowest of ``--repeat`` vacancies.

    .venv/bin/python bench/bench_review.py
    .venv/bin/python bench/bench_review.py --candidates 10000 --vacancies 2000
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from passgenau.config import Settings
from passgenau.domain.placement import ProposalState
from passgenau.geo.travel import reference_model
from passgenau.services.demo import DEMO_TENANT, run_demo
from passgenau.services.employer_links import employer_page, link_secret, make_link
from passgenau.services.matching import match_stored_detached
from passgenau.services.runtime import Runtime
from passgenau.services.shortlist import ProblemCache, check_pair, review_shortlist
from passgenau.services.workflow import list_proposals


def _timed(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    seconds = []
    for k in range(repeat):
        start = time.perf_counter()
        fn(k)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), max(seconds)


def _pair(uow, today: date, vacancy_id: str, candidate_id: str) -> None:  # type: ignore[no-untyped-def]
    from passgenau.services.shortlist import _pair_problem

    with uow:
        _pair_problem(uow, today, vacancy_id, candidate_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--employers", type=int, default=150)
    parser.add_argument("--vacancies", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runtime = Runtime(Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.db'}",
                                   data_dir=Path(tmp), tenant=DEMO_TENANT))
        run_demo(runtime, seed=2024, candidates=args.candidates, employers=args.employers,
                 vacancies=args.vacancies)
        today, travel = date.today(), reference_model()
        units = lambda: runtime.unit_of_work(DEMO_TENANT)  # noqa: E731
        proposals = list_proposals(units())
        vacancies = sorted({p.vacancy_id for p in proposals})[: args.repeat]
        rows = [("shortlist review, caseload read", *_timed(
            lambda k: review_shortlist(units(), travel, today, vacancies[k]), args.repeat))]
        cache = ProblemCache()
        review_shortlist(units(), travel, today, vacancies[0], cache=cache)
        rows.append(("shortlist review, caseload cached", *_timed(
            lambda k: review_shortlist(units(), travel, today, vacancies[k], cache=cache),
            args.repeat)))
        from passgenau.matching.problem import MatchProblem
        from passgenau.services import records

        uow = units()
        with uow:
            problem = MatchProblem.from_dataset(records.dataset_of(uow), today)
        rows.append(("swap: rules for one pair", *_timed(
            lambda k: check_pair(problem, travel, problem.cand_ids[k], vacancies[k]),
            args.repeat)))
        rows.append(("swap: read the pair's problem", *_timed(
            lambda k: _pair(units(), today, vacancies[k], problem.cand_ids[k]), args.repeat)))
        secret = link_secret(runtime.settings)
        links = [make_link(units(), secret, v, datetime.now(UTC)) for v in vacancies]
        rows.append(("employer page (page data)", *_timed(
            lambda k: employer_page(units(), secret, links[k], today), args.repeat)))
        rows.append(("matching run, read + solve + store", *_timed(
            lambda k: match_stored_detached(units, travel, today), 1)))
        suggested = sum(p.state is ProposalState.SUGGESTED for p in list_proposals(units()))
        runtime.close()
    print(f"demo caseload: {args.candidates} candidates, {args.vacancies} vacancies, "
          f"{suggested} suggestions")
    print(f"{'step':<38} {'median s':>9} {'max s':>9}")
    for name, median, worst in rows:
        print(f"{name:<38} {median:>9.3f} {worst:>9.3f}")


if __name__ == "__main__":
    main()
