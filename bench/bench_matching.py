"""Benchmark of ``match``: from an exchange JSON file to the result, at four sizes.

    .venv/bin/python bench/bench_matching.py [--sizes small,district,households,land,national]
                                             [--travel reference,gtfs]
                                             [--repeat N] [--seed S] [--timeout SECONDS]

For each size a fresh subprocess generates the synthetic caseload (``bench/synthetic.py``)
and writes it as a ``passgenau/1`` document (cached in ``--workdir``); then another fresh
subprocess times the path a Jobcenter's run takes — read the file, parse, validate into a
Dataset, build the MatchProblem, ``solve``, build and dump the result document — and
reports its peak resident memory (``ru_maxrss`` of that process: imports included,
generation excluded). Afterwards, outside the timing and the memory figure, the same
process runs the greedy baseline and, on the small size, the exact CP-SAT model on the same
feasible pairs and scores. One table sums it up; a second splits the wall time by stage.

``--travel gtfs`` matches with public transport from a GTFS timetable instead of the
straight-line reference model: a synthetic bus network over the caseload's own towns
(``bench/synthetic_feed.py``) is written as a GTFS zip next to the JSON (cached the same
way), and the timed run is ``--travel gtfs:FEED`` as the command line does it: the model
is built from the feed inside the timing (its parsed timetable comes from the transit
cache, as on any run after ``transit import``; the cold import is timed separately).
See ``bench/README.md`` for the columns.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Size:
    name: str
    candidates: int
    vacancies: int
    exact: bool  # compare with the exact CP-SAT model (small instances only)
    #: share of candidates in split-day couples asking to be placed together (None: the
    #: usual mix); the ``households`` size is a household-heavy district
    together: float | None = None


SIZES: dict[str, Size] = {
    s.name: s
    for s in (
        Size("small", 60, 25, True),
        Size("district", 5_000, 2_000, False),
        Size("households", 5_000, 2_000, False, 0.2),
        Size("land", 50_000, 20_000, False),
        Size("national", 200_000, 80_000, False),
    )
}

#: Travel models the benchmark can use (``--travel``).
TRAVELS = ("reference", "gtfs")

#: Stages of ``engine.solve`` timed by wrapping the names it calls (outermost call counts).
ENGINE_STAGES: tuple[tuple[str, str], ...] = (
    ("feasibility", "feasible_pairs"),
    ("scoring", "score_components"),
    ("scoring", "total_score"),
    ("households", "joint_options"),
    ("households", "choose_joint"),
    ("flow", "remaining_capacity"),
    ("flow", "assign"),
    ("blocked", "unproposed_rules"),
)
STAGE_ORDER = (
    "read",
    "parse",
    "document",
    "travel",
    "problem",
    "feasibility",
    "scoring",
    "households",
    "flow",
    "blocked",
    "solve_other",
    "report",
)


# ---------------------------------------------------------------------------------------
# Worker side: runs in a fresh process per size
# ---------------------------------------------------------------------------------------


def _emit(event: dict[str, Any]) -> None:
    """One JSON line on stdout for the parent (kept even when the run is cut off)."""
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def _status_mb(field: str) -> float:
    """``VmHWM`` (peak so far) or ``VmRSS`` from /proc, in MB; 0 where unavailable."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


def _peak_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024.0 if sys.platform != "darwin" else kb / 1024.0 / 1024.0


class _Stages:
    """Accumulates seconds per stage; nested timed calls count once (the outermost)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.seconds: dict[str, float] = {}
        self._depth = 0

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
        hwm = _status_mb("VmHWM")
        _emit({"event": "stage", "stage": stage, "seconds": seconds, "hwm_mb": hwm})
        print(
            f"  [{self.label}] {stage:<12} {seconds:8.3f} s   peak {hwm:8.0f} MB",
            file=sys.stderr,
            flush=True,
        )

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._depth += 1
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self.add(stage, time.perf_counter() - start)

        timed.__wrapped__ = fn  # type: ignore[attr-defined]
        return timed

    def time(self, stage: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        value = fn()
        self.add(stage, time.perf_counter() - start)
        return value


def _dataset_hash() -> str:
    """Cache key of generated files: the generator's sources (with the demo tables it
    draws from) and the exchange package's, which writes them."""
    digest = hashlib.sha256((HERE / "synthetic.py").read_bytes())
    package = HERE.parent / "src" / "passgenau"
    for path in sorted([*package.glob("exchange/*.py"), *package.glob("demo/*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _feed_hash() -> str:
    """Cache key of generated feeds: the feed generator's sources and the caseload
    generator's (whose towns the feed serves)."""
    digest = hashlib.sha256((HERE / "synthetic_feed.py").read_bytes())
    digest.update((HERE / "synthetic.py").read_bytes())
    return digest.hexdigest()[:10]


def worker_generate(size: Size, seed: int, path: Path) -> None:
    sys.path.insert(0, str(HERE))
    from synthetic import synthetic_dataset

    start = time.perf_counter()
    dataset = synthetic_dataset(
        size.candidates, size.vacancies, seed, place_together_share=size.together
    )
    generated = time.perf_counter() - start
    try:
        from passgenau.exchange import dump_document
    except ImportError:
        _emit({"event": "generated", "seconds": generated, "json": False})
        return
    start = time.perf_counter()
    text = dump_document(dataset)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    _emit(
        {
            "event": "generated",
            "seconds": generated,
            "json": True,
            "dump_seconds": time.perf_counter() - start,
            "bytes": len(text.encode("utf-8")),
        }
    )


def _import_feed(feed: Path, cache_dir: Path) -> dict[str, Any]:
    """Time the cold import of the feed (unzip, parse, build the arrays) and make sure its
    timetable is in the transit cache, so the timed runs load it as a user's run would
    after ``passgenau transit import``. Not part of the timed runs."""
    from passgenau.services.transit import load_timetable, parse_feed

    start = time.perf_counter()
    timetable, from_cache = load_timetable(feed, cache_dir)
    seconds = time.perf_counter() - start
    if from_cache:  # parsed on an earlier run: parse again for the cold figure
        start = time.perf_counter()
        timetable = parse_feed(feed)
        seconds = time.perf_counter() - start
    return {
        "import_seconds": seconds,
        "stops": timetable.n_stops,
        "trips": timetable.n_trips,
        "connections": timetable.n_connections,
    }


class _ScanCounter:
    """Counts the connection scans and their seconds (wraps ``TransitModel._scan`` and
    ``TransitModel.scan_into``)."""

    def __init__(self) -> None:
        self.scans = 0
        self.seconds = 0.0

    def install(self) -> None:
        from passgenau.geo.transit.matrix import TransitModel

        def counting(scan: Any) -> Any:
            def counted(model: Any, lat: Any, *args: Any, **kwargs: Any) -> Any:
                start = time.perf_counter()
                try:
                    return scan(model, lat, *args, **kwargs)
                finally:
                    self.seconds += time.perf_counter() - start
                    self.scans += len(lat)

            return counted

        TransitModel._scan = counting(TransitModel._scan)  # type: ignore[method-assign]
        TransitModel.scan_into = counting(TransitModel.scan_into)  # type: ignore[method-assign]


def worker_run(
    size: Size,
    seed: int,
    path: Path | None,
    repeat: int,
    travel_spec: str = "reference",
    cache_dir: Path | None = None,
) -> None:
    import numpy as np

    from passgenau.matching import engine
    from passgenau.matching.assignment import Capacities, coverage
    from passgenau.matching.greedy import greedy_assign
    from passgenau.matching.problem import MatchProblem
    from passgenau.matching.report import dump_result, result_document
    from passgenau.services.matching import travel_model, travel_warnings

    _emit({"event": "imported", "rss_mb": _status_mb("VmRSS")})
    feed_info: dict[str, Any] = {}
    scans = _ScanCounter()
    if travel_spec.startswith("gtfs:"):
        assert cache_dir is not None
        feed_info = _import_feed(Path(travel_spec[len("gtfs:"):]), cache_dir)
        scans.install()
    stages = _Stages(size.name)
    for stage, attr in ENGINE_STAGES:
        if hasattr(engine, attr):
            setattr(engine, attr, stages.wrap(stage, getattr(engine, attr)))
    out_path = (path or Path(tempfile.gettempdir()) / "bench").with_suffix(".result.json")

    def dataset_from_json() -> Any:
        from passgenau.exchange.reader import read_document

        assert path is not None
        text: str = stages.time("read", lambda: path.read_text(encoding="utf-8"))
        obj = stages.time("parse", lambda: json.loads(text))
        return stages.time("document", lambda: read_document(obj))

    def dataset_generated() -> Any:  # no exchange writer: start from the Dataset
        sys.path.insert(0, str(HERE))
        from synthetic import synthetic_dataset

        return synthetic_dataset(
            size.candidates, size.vacancies, seed, place_together_share=size.together
        )

    best: dict[str, Any] | None = None
    result = None
    warnings: list[str] = []
    for run in range(repeat):
        stages.seconds = {}
        scans.scans, scans.seconds = 0, 0.0
        result = None
        start, cpu_start = time.perf_counter(), time.process_time()
        dataset = dataset_from_json() if path is not None else dataset_generated()
        # as the command line: the model for the document's reference date (a timetable
        # model loads the feed's cached timetable and readies it for scans)
        day = dataset.reference_date or date.today()
        travel = stages.time("travel", lambda d=day: travel_model(travel_spec, d, cache_dir))
        warnings = travel_warnings(travel)
        problem = stages.time("problem", lambda ds=dataset: MatchProblem.from_dataset(ds))
        solve_start = time.perf_counter()
        result = engine.solve(problem, travel)
        solve_seconds = time.perf_counter() - solve_start
        timed_inside = sum(stages.seconds.get(s, 0.0) for s, _ in ENGINE_STAGES)
        stages.seconds["solve_other"] = max(solve_seconds - timed_inside, 0.0)

        def report(r: Any = result) -> None:
            out_path.write_text(dump_result(result_document(r)), encoding="utf-8")

        stages.time("report", report)
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        _emit({"event": "run", "run": run, "wall": wall, "cpu": cpu})
        if best is None or wall < best["wall"]:
            best = {"wall": wall, "cpu": cpu, "stages": dict(stages.seconds),
                    "scans": scans.scans, "scan_seconds": scans.seconds}
        del dataset, problem, travel
    assert best is not None and result is not None
    peak = _peak_mb()  # before the baselines: the figure is the run's own
    out_path.unlink(missing_ok=True)  # written to be timed, not to be kept

    pairs, score = result.pairs, result.score
    p = result.problem
    summary = result.summary()
    full = Capacities(
        candidate=np.full(p.n_candidates, p.settings.max_proposals_per_candidate, np.int64),
        vacancy=p.vac_size.copy(),
        minimum=p.vac_min.copy(),
    )
    start = time.perf_counter()
    greedy = greedy_assign(pairs.cand, pairs.vac, score, full)
    greedy_seconds = time.perf_counter() - start
    greedy_counts = np.bincount(pairs.vac[greedy], minlength=p.n_vacancies)
    comparison: dict[str, Any] = {
        "greedy_seconds": greedy_seconds,
        "greedy_coverage": coverage(pairs.vac, greedy, p.vac_min),
        "greedy_score": float(score[greedy].sum()),
        "greedy_reaching": int((greedy_counts >= p.vac_min).sum()),
    }
    if size.exact:
        try:
            from passgenau.matching.exact import exact_assign
        except ImportError:
            comparison["exact_error"] = "passgenau.matching.exact not available"
        else:
            start = time.perf_counter()
            try:
                exact = exact_assign(pairs.cand, pairs.vac, score, full)
            except Exception as err:  # a solver failure is a finding, not a crash
                comparison["exact_error"] = f"{type(err).__name__}: {err}"
            else:
                comparison["exact_seconds"] = time.perf_counter() - start
                comparison["exact_coverage"] = coverage(pairs.vac, exact, p.vac_min)
                comparison["exact_score"] = float(score[exact].sum())
    _emit(
        {
            "event": "result",
            "wall": best["wall"],
            "cpu": best["cpu"],
            "stages": best["stages"],
            "load": os.getloadavg()[0],
            "peak_mb": peak,
            "summary": summary,
            "pairs_per_candidate": len(pairs.cand) / max(p.n_candidates, 1),
            "from_json": path is not None,
            "scans": best["scans"],
            "scan_seconds": best["scan_seconds"],
            "warnings": warnings,
            "notes": list(result.notes),
            "households": sum(1 for h in result.problem.dataset.households if h.place_together),
            **feed_info,
            **comparison,
        }
    )


# ---------------------------------------------------------------------------------------
# Parent side: orchestrates the workers and prints the tables
# ---------------------------------------------------------------------------------------


@dataclass
class Outcome:
    size: Size
    generated: dict[str, Any]
    imported: dict[str, Any]
    result: dict[str, Any] | None
    stages: dict[str, float]
    runs: list[float]
    problem: str = ""  # why there is no result (timeout, crash)
    peak_seen_mb: float = 0.0
    travel: str = "reference"
    feed: dict[str, Any] | None = None  # gtfs: how the feed was made (seconds, bytes)

    @property
    def label(self) -> str:
        return self.size.name if self.travel == "reference" else f"{self.size.name} {self.travel}"

    @property
    def wall(self) -> float | None:
        return None if self.result is None else float(self.result["wall"])


def _events(text: str) -> list[dict[str, Any]]:
    events = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                events.append(json.loads(line))
    return events


def _worker(args: list[str], timeout: float) -> tuple[list[dict[str, Any]], str, float]:
    """Run a worker; its events, a problem description ("" if fine), its peak RSS in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    problem = ""
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()  # our own child, by its handle
        out, _ = proc.communicate()
        problem = f"timeout after {timeout:.0f} s"
    if not problem and proc.returncode != 0:
        problem = f"worker failed (exit {proc.returncode})"
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # RUSAGE_CHILDREN is the largest child so far: only meaningful if it grew.
    peak = after / 1024.0 if after > before else 0.0
    return _events(out), problem, peak


def synthetic_feed_path(size: Size, args: argparse.Namespace) -> tuple[Path, dict[str, Any]]:
    """The size's synthetic GTFS zip in the workdir (generated here if missing)."""
    sys.path.insert(0, str(HERE))
    from synthetic_feed import caseload_feed, write_feed

    workdir = Path(args.workdir)
    path = workdir / f"{size.name}-seed{args.seed}-{_feed_hash()}.gtfs.zip"
    made: dict[str, Any] = {"cached": True}
    if not path.exists() or args.regenerate:
        for stale in workdir.glob(f"{size.name}-seed{args.seed}-*.gtfs.zip"):
            stale.unlink()  # feeds of an older generator
        print(f"[{size.name}] writing the synthetic GTFS feed …", file=sys.stderr, flush=True)
        start = time.perf_counter()
        write_feed(caseload_feed(size.candidates, args.seed), path)
        made = {"seconds": time.perf_counter() - start}
    made["bytes"] = path.stat().st_size
    return path, made


def run_size(size: Size, args: argparse.Namespace) -> list[Outcome]:
    """One Outcome per travel model asked for (the caseload is generated once)."""
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"{size.name}-seed{args.seed}-{_dataset_hash()}.json"
    generated: dict[str, Any] = {"cached": True, "json": True}
    if not path.exists() or args.regenerate:
        for stale in workdir.glob(f"{size.name}-seed{args.seed}-*.json"):
            stale.unlink()  # files of an older generator or writer
        print(
            f"[{size.name}] generating {size.candidates} × {size.vacancies} …",
            file=sys.stderr,
            flush=True,
        )
        events, problem, _ = _worker(
            ["--worker-generate", size.name, "--seed", str(args.seed), "--path", str(path)],
            args.timeout,
        )
        done = [e for e in events if e.get("event") == "generated"]
        if problem or not done:
            return [
                Outcome(size, {}, {}, None, {}, [], problem=f"generation: {problem}", travel=t)
                for t in args.travel
            ]
        generated = done[0]
    if generated.get("json", True) and path.exists():
        generated.setdefault("bytes", path.stat().st_size)
    return [_match(size, args, path, generated, travel) for travel in args.travel]


def _match(
    size: Size, args: argparse.Namespace, path: Path, generated: dict[str, Any], travel: str
) -> Outcome:
    """Time the matching of one size with one travel model in a fresh worker."""
    feed: dict[str, Any] | None = None
    spec = "reference"
    if travel == "gtfs":
        feed_path, feed = synthetic_feed_path(size, args)
        spec = f"gtfs:{feed_path}"
    print(f"[{size.name}] matching ({travel}) …", file=sys.stderr, flush=True)
    run_args = ["--worker-run", size.name, "--seed", str(args.seed), "--repeat", str(args.repeat),
                "--travel-spec", spec,
                "--cache-dir", str(Path(args.workdir) / "transit-cache")]
    if generated.get("json", True):
        run_args += ["--path", str(path)]
    events, problem, peak = _worker(run_args, args.timeout)
    imported = next((e for e in events if e.get("event") == "imported"), {})
    result = next((e for e in events if e.get("event") == "result"), None)
    runs = [e["wall"] for e in events if e.get("event") == "run"]
    stages: dict[str, float] = {}
    if result is not None:
        stages = result["stages"]
    else:  # cut off: what the first (unfinished) run got through
        for e in events:
            if e.get("event") == "stage":
                stages[e["stage"]] = stages.get(e["stage"], 0.0) + e["seconds"]
        seen = [e.get("hwm_mb", 0.0) for e in events if e.get("event") == "stage"]
        peak = max([peak, *seen])
    return Outcome(size, generated, imported, result, stages, runs, problem, peak, travel, feed)


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "—"
    if b == 0:
        return "—" if a == 0 else "inf"
    return f"{a / b:.3f}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = "  ".join(
        h.rjust(w) if i else h.ljust(w) for i, (h, w) in enumerate(zip(header, widths, strict=True))
    )
    rule = "  ".join("-" * w for w in widths)
    body = [
        "  ".join(
            c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    return "\n".join([line, rule, *body])


def _travel_cell(o: Outcome) -> str:
    """The travel model, and for a timetable where its parsed timetable came from (the
    timed runs load it from the transit cache; the cold import is in the details)."""
    return o.travel if o.travel == "reference" else f"{o.travel} (cache)"


def _versus_reference(o: Outcome, outcomes: list[Outcome]) -> str:
    """Wall time ÷ the reference model's on the same size ("—" if that did not run)."""
    if o.travel == "reference":
        return "—"
    ref = next((x for x in outcomes if x.size == o.size and x.travel == "reference"), None)
    return _ratio(o.wall, ref.wall if ref else None)


def main_table(outcomes: list[Outcome]) -> str:
    header = [
        "size",
        "travel",
        "cand",
        "vac",
        "wall s",
        "cpu s",
        "÷ref",
        "peak MB",
        "feasible pairs",
        "reach m",
        "coverage",
        "score",
        "cov/greedy",
        "score/greedy",
        "cov/exact",
        "score/exact",
    ]
    rows = []
    for o in outcomes:
        r = o.result
        if r is None:
            rows.append(
                [
                    o.size.name,
                    _travel_cell(o),
                    str(o.size.candidates),
                    str(o.size.vacancies),
                    f">{sum(o.stages.values()):.1f}" if o.stages else "—",
                    "—",
                    "—",
                    f"{o.peak_seen_mb:.0f}" if o.peak_seen_mb else "—",
                    "—",
                    "—",
                    "—",
                    "—",
                    "—",
                    "—",
                    "—",
                    f"({o.problem})",
                ]
            )
            continue
        s = r["summary"]
        rows.append(
            [
                o.size.name,
                _travel_cell(o),
                str(s["candidates"]),
                str(s["vacancies"]),
                f"{r['wall']:.2f}",
                f"{r['cpu']:.2f}",
                _versus_reference(o, outcomes),
                f"{r['peak_mb']:.0f}",
                str(s["feasible_pairs"]),
                str(s["vacancies_reaching_minimum"]),
                str(s["coverage"]),
                f"{s['total_score']:.1f}",
                _ratio(s["coverage"], r.get("greedy_coverage")),
                _ratio(s["total_score"], r.get("greedy_score")),
                _ratio(s["coverage"], r.get("exact_coverage")),
                _ratio(s["total_score"], r.get("exact_score")),
            ]
        )
    return _table(header, rows)


def stage_table(outcomes: list[Outcome]) -> str:
    header = [
        "size",
        "travel",
        *STAGE_ORDER,
        "total",
        "gen s",
        "JSON MB",
        "base MB",
        "pairs/cand",
        "greedy s",
        "exact s",
    ]
    rows = []
    for o in outcomes:
        cells = [o.size.name, o.travel]
        for stage in STAGE_ORDER:
            cells.append(f"{o.stages[stage]:.3f}" if stage in o.stages else "—")
        total = sum(o.stages.values())
        cells.append(f"{total:.3f}" + ("" if o.result else "+"))
        gen = o.generated.get("seconds")
        cells.append(f"{gen:.1f}" if gen is not None else "cached")
        size_bytes = o.generated.get("bytes")
        cells.append(f"{size_bytes / 1e6:.1f}" if size_bytes else "—")
        cells.append(f"{o.imported['rss_mb']:.0f}" if "rss_mb" in o.imported else "—")
        r = o.result or {}
        cells.append(f"{r['pairs_per_candidate']:.1f}" if "pairs_per_candidate" in r else "—")
        cells.append(f"{r['greedy_seconds']:.2f}" if "greedy_seconds" in r else "—")
        cells.append(
            f"{r['exact_seconds']:.2f}"
            if "exact_seconds" in r
            else ("err" if "exact_error" in r else "—")
        )
        rows.append(cells)
    return _table(header, rows)


def details(outcomes: list[Outcome]) -> list[str]:
    lines = []
    for o in outcomes:
        r = o.result
        if r is None:
            lines.append(f"{o.label}: no result — {o.problem}")
            continue
        s = r["summary"]
        lines.append(
            f"{o.label}: proposals {s['proposals']}, joint household proposals "
            f"{s['joint_household_proposals']}, candidates without proposal "
            f"{s['candidates_without_proposal']}; greedy reach m {r['greedy_reaching']}, "
            f"coverage {r['greedy_coverage']}, score {r['greedy_score']:.1f}"
            + (
                f"; exact coverage {r['exact_coverage']}, score {r['exact_score']:.1f}"
                if "exact_coverage" in r
                else ""
            )
            + (f"; exact: {r['exact_error']}" if "exact_error" in r else "")
            + ("" if r.get("from_json") else "; timed from the Dataset (no exchange writer)")
            + (f"; runs {', '.join(f'{w:.2f}' for w in o.runs)} s" if len(o.runs) > 1 else "")
            + (
                f"; {r['households']} households asking to be placed together, household "
                f"stage {o.stages.get('households', 0.0):.3f} s"
                if r.get("households")
                else ""
            )
            + ("; notes: " + " | ".join(r["notes"]) if r.get("notes") else "")
            + f"; load average {r['load']:.1f} at the end"
        )
        if o.travel == "gtfs":
            lines.append(_feed_details(o, outcomes))
    return lines


def _feed_details(o: Outcome, outcomes: list[Outcome]) -> str:
    """The feed, its cold import, the scans, and the ratio to the reference model."""
    r = o.result or {}
    feed = o.feed or {}
    made = "cached" if feed.get("cached") else f"written in {feed.get('seconds', 0.0):.1f} s"
    text = (
        f"  {o.label}: synthetic feed {feed.get('bytes', 0) / 1e6:.1f} MB ({made}), "
        f"{r.get('stops', 0):,} stops, {r.get('trips', 0):,} trips, "
        f"{r.get('connections', 0):,} connections; cold import (unzip, parse, arrays) "
        f"{r.get('import_seconds', 0.0):.2f} s, not in wall s: the timed runs load the "
        f"timetable from the transit cache ('travel' stage {o.stages.get('travel', 0.0):.2f} s "
        f"with the scan arrays); {r.get('scans', 0):,} scans in "
        f"{r.get('scan_seconds', 0.0):.2f} s; wall ÷ reference {_versus_reference(o, outcomes)}"
    )
    if r.get("warnings"):
        text += "; warnings: " + " | ".join(r["warnings"])
    return text


def check_seeds(count: int) -> list[str]:
    """The small size over seeds 1..count: engine vs greedy vs exact on the same pairs.

    Objectives are compared as ``exact.objective`` does: (coverage, integer score sum).
    "flow" is ``assign`` alone on all feasible pairs (no joint household stage first).
    """
    sys.path.insert(0, str(HERE))
    import numpy as np
    from synthetic import synthetic_dataset

    from passgenau.geo.travel import reference_model
    from passgenau.matching.assignment import Capacities, assign
    from passgenau.matching.engine import solve
    from passgenau.matching.greedy import greedy_assign
    from passgenau.matching.problem import MatchProblem

    try:
        from passgenau.matching.exact import exact_assign, objective
    except ImportError:
        exact_assign = objective = None  # type: ignore[assignment]
    size = SIZES["small"]
    travel = reference_model()
    tally = {"ge": 0, "gt": 0, "engine_exact": 0, "flow_exact": 0}
    notes = []
    for seed in range(1, count + 1):
        problem = MatchProblem.from_dataset(
            synthetic_dataset(size.candidates, size.vacancies, seed)
        )
        result = solve(problem, travel)
        pairs, score = result.pairs, result.score
        full = Capacities(
            np.full(problem.n_candidates, problem.settings.max_proposals_per_candidate),
            problem.vac_size.copy(),
            problem.vac_min.copy(),
        )
        greedy = greedy_assign(pairs.cand, pairs.vac, score, full)
        engine_cov = result.coverage()
        greedy_cov = int(
            np.minimum(
                np.bincount(pairs.vac[greedy], minlength=len(full.minimum)), full.minimum
            ).sum()
        )
        tally["ge"] += engine_cov >= greedy_cov
        tally["gt"] += engine_cov > greedy_cov
        if engine_cov < greedy_cov:
            notes.append(f"  seed {seed}: engine coverage {engine_cov} < greedy {greedy_cov}")
        if exact_assign is None or objective is None:
            continue
        exact = objective(
            pairs.cand, pairs.vac, score, exact_assign(pairs.cand, pairs.vac, score, full), full
        )
        flow = objective(
            pairs.cand, pairs.vac, score, assign(pairs.cand, pairs.vac, score, full), full
        )
        engine = objective(pairs.cand, pairs.vac, score, result.chosen, full)
        tally["engine_exact"] += engine == exact
        tally["flow_exact"] += flow == exact
        if engine != exact:
            notes.append(
                f"  seed {seed}: engine {engine} vs exact {exact} "
                f"(joint household proposals: {len(result.joint)})"
            )
        if flow != exact:
            notes.append(f"  seed {seed}: flow {flow} vs exact {exact}")
    lines = [
        f"small over seeds 1..{count}: engine coverage >= greedy on {tally['ge']}/{count}, "
        f"strictly higher on {tally['gt']}/{count}"
        + (
            ""
            if exact_assign is None
            else f"; engine = exact on {tally['engine_exact']}/{count}, "
            f"flow alone = exact on {tally['flow_exact']}/{count}"
            " (objective: coverage, then integer score)"
        ),
        *notes,
    ]
    return lines


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="small,district,households,land",
        help="comma-separated: " + ",".join(SIZES),
    )
    parser.add_argument(
        "--travel",
        default="reference",
        help="comma-separated travel models, each timed separately: reference (straight "
        "line), gtfs (a synthetic GTFS feed over the caseload's towns)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the best counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--timeout",
        type=float,
        default=600.0,
        help="seconds per worker process (generation, matching)",
    )
    parser.add_argument(
        "--workdir",
        default=os.path.join(tempfile.gettempdir(), "passgenau-bench"),
        help="where generated JSON files are cached",
    )
    parser.add_argument(
        "--check-seeds",
        type=int,
        default=0,
        metavar="N",
        help="also compare engine, greedy and exact on small seeds 1..N",
    )
    parser.add_argument("--regenerate", action="store_true", help="ignore cached JSON files")
    parser.add_argument("--worker-generate", metavar="SIZE", help=argparse.SUPPRESS)
    parser.add_argument("--worker-run", metavar="SIZE", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--travel-spec", default="reference", help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    args.travel = [t.strip() for t in args.travel.split(",") if t.strip()]
    unknown = [t for t in args.travel if t not in TRAVELS]
    if unknown or not args.travel:
        parser.error(f"--travel: choose from {', '.join(TRAVELS)} (got {', '.join(unknown)})")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker_generate:
        worker_generate(SIZES[args.worker_generate], args.seed, Path(args.path))
        return 0
    if args.worker_run:
        worker_run(
            SIZES[args.worker_run],
            args.seed,
            Path(args.path) if args.path else None,
            args.repeat,
            args.travel_spec,
            Path(args.cache_dir) if args.cache_dir else None,
        )
        return 0
    names = [n.strip() for n in args.sizes.split(",") if n.strip()]
    unknown = [n for n in names if n not in SIZES]
    if unknown:
        print(
            f"unknown size(s): {', '.join(unknown)}; choose from {', '.join(SIZES)}",
            file=sys.stderr,
        )
        return 2
    outcomes = [o for n in names for o in run_size(SIZES[n], args)]
    print()
    print(
        f"passgenau match benchmark — seed {args.seed}, best of {args.repeat}, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    )
    print()
    print(main_table(outcomes))
    print()
    print("Seconds per stage (best run):")
    print(stage_table(outcomes))
    print()
    for line in details(outcomes):
        print(line)
    if args.check_seeds:
        print()
        for line in check_seeds(args.check_seeds):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
