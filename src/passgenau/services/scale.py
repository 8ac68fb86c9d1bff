"""Matching a Land or the country: the caseload in regional parts, in this process or as
tasks on a Dask cluster (``passgenau match INPUT --dask local|tcp://HOST:8786``).

The computation is :mod:`passgenau.matching.partition`'s; this module cuts the dataset
into the parts' records, runs the parts (in order here, or as Dask tasks with retries),
and combines them into the one outcome a single run would give, in the same format. On
Dask the near misses of the candidates left without a proposal (checked against every
vacancy: the largest single step at a country's size) are tasks too
(:class:`NearMisses`).

What travels to the workers (:class:`PartInput`): each part's records as Arrow IPC
streams, cut out of the dataset's Arrow tables made once
(:mod:`passgenau.exchange.arrow_tables`): its candidates, its own vacancies, the other
parts' vacancies within reach (the halo), its households and every employer (vacancies
name their employer by index into all employers). Still pickled by Dask, being small:
the settings, the reference date, the travel model (a timetable model with its
timetable arrays), the match parameters and the part's few index arrays. What comes back
(:class:`~passgenau.matching.partition.PartResult`) is numpy arrays, pickled with
out-of-band buffers. The worker makes the domain records from the streams with the
exchange format's validators and builds the engine's arrays from them
(``MatchProblem.from_dataset``) as a one-process run does.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np

from passgenau.domain.errors import PassgenauError
from passgenau.domain.model import Dataset, MatchSettings
from passgenau.exchange.arrow_tables import RecordTables, households_within, read_ipc, write_ipc
from passgenau.geo.travel import TravelModel
from passgenau.matching.blocked import RuleOutcomes, unproposed_rules
from passgenau.matching.engine import MatchParams, MatchResult
from passgenau.matching.partition import (
    TOP_PER_CANDIDATE,
    TOP_PER_VACANCY,
    BorderFigures,
    Partition,
    PartResult,
    combine,
    default_parts,
    partition,
    solve_part,
)
from passgenau.matching.problem import IntArray, MatchProblem
from passgenau.matching.report import match_outcome
from passgenau.services.matching import MatchRun, shipped_titles, travel_warnings

#: Called before the first part with (0, parts in all), then after each part with
#: (parts done, parts in all).
Progress = Callable[[int, int], None]
#: A part that fails on a worker (e.g. the worker died) is run again this often.
RETRIES = 2


class ClusterUnavailable(PassgenauError):
    """``--dask``: Dask is not installed, or the scheduler cannot be reached (the
    environment's fault: exit code 1)."""


class BadClusterAddress(PassgenauError):
    """``--dask`` names neither ``local`` nor a scheduler address."""


#: Address schemes of a Dask scheduler.
SCHEMES = ("tcp://", "tls://", "inproc://", "ws://", "wss://")


def check_address(address: str) -> None:
    """``local`` or a scheduler address, else :class:`BadClusterAddress` (before any
    work is done)."""
    if address != "local" and not address.startswith(SCHEMES):
        raise BadClusterAddress(
            f"--dask: {address!r} is neither 'local' nor a scheduler address "
            "such as tcp://HOST:8786")


@dataclass(frozen=True, slots=True)
class ScaledRun:
    """A partitioned run: what the entry points show, and what crossing borders took.
    ``result.pairs`` holds only the pairs the parts sent back (the chosen ones and the
    border candidates'); ``figures.feasible_pairs`` counts all."""

    run: MatchRun
    result: MatchResult
    figures: BorderFigures
    #: on Dask, the largest resident memory of each worker process so far, in bytes
    worker_peak_bytes: tuple[int, ...] = ()


def match_partitioned(
    dataset: Dataset,
    travel: TravelModel,
    *,
    parts: int | None = None,
    dask: str | None = None,
    reference_date: date | None = None,
    params: MatchParams | None = None,
    titles: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    ring: int = 1,
    top: tuple[int, int] | None = (TOP_PER_CANDIDATE, TOP_PER_VACANCY),
) -> ScaledRun:
    """Shortlists for a document, solved in ``parts`` regions (default: one per
    25,000 candidates), in this process or on Dask (``dask``: ``local`` for a
    ``LocalCluster`` sized to the machine, or a scheduler address). ``ring``: which
    candidates the border flow re-decides (:func:`~passgenau.matching.partition.combine`);
    ``top``: how many of their pairs it sees, per candidate and per vacancy (None: all;
    :data:`~passgenau.matching.partition.TOP_PER_CANDIDATE`)."""
    if dask is not None:
        check_address(dask)
    titles = titles if titles is not None else shipped_titles()
    params = params or MatchParams()
    problem = MatchProblem.from_dataset(dataset, reference_date)
    split = partition(problem, travel, parts or default_parts(problem.n_candidates))
    inputs = PartInputs(dataset, split, problem.reference_date, travel, params, ring, top)
    peaks: tuple[int, ...] = ()
    if progress:
        progress(0, len(split))
    if dask is None:
        results = []
        for k in range(len(split)):
            results.append(_run(inputs.part(k)))
            if progress:
                progress(k + 1, len(split))
        del inputs
        result, figures = combine(problem, travel, split, results, ring)
    else:
        with _client(dask) as client:
            results = _submit_in_turn(client, inputs, progress)
            explain = NearMisses(client, inputs)
            del inputs
            result, figures = combine(problem, travel, split, results, ring, explain)
            peaks = _worker_peaks(client)
    outcome = match_outcome(result, titles)
    # the parts sent back only the pairs the combine needs; the summary counts them all
    outcome = replace(outcome, summary=replace(outcome.summary,
                                               feasible_pairs=figures.feasible_pairs))
    run = MatchRun(outcome, dataset, titles, tuple(travel_warnings(travel)))
    return ScaledRun(run, result, figures, peaks)


@dataclass(frozen=True, slots=True)
class PartInput:
    """One part's task: its records as Arrow IPC streams (:func:`write_ipc`), the rest
    pickled (see the module docstring)."""

    index: int
    employers: bytes  # every employer
    candidates: bytes  # home candidates
    vacancies: bytes  # home vacancies
    halo: bytes  # other parts' vacancies within reach
    households: bytes  # households wholly among the home candidates
    settings: MatchSettings
    reference_date: date
    travel: TravelModel
    params: MatchParams
    exposed: IntArray
    ring: int
    top: tuple[int, int] | None

    def datasets(self) -> tuple[Dataset, Dataset]:
        """The part's two sub-datasets: home candidates × home vacancies (with the
        households), home candidates × halo vacancies (for the border pairs)."""
        employers = read_ipc("employers", self.employers)
        candidates = read_ipc("candidates", self.candidates)
        home = Dataset(employers=employers, vacancies=read_ipc("vacancies", self.vacancies),
                       candidates=candidates,
                       households=read_ipc("households", self.households),
                       settings=self.settings, reference_date=self.reference_date)
        border = Dataset(employers=employers, vacancies=read_ipc("vacancies", self.halo),
                         candidates=candidates, settings=self.settings,
                         reference_date=self.reference_date)
        return home, border


class PartInputs:
    """Every part's :class:`PartInput`, each made when asked for (a run holds the dataset's
    Arrow tables and the inputs of the parts in flight, not of all parts)."""

    def __init__(self, dataset: Dataset, split: Partition, reference_date: date,
                 travel: TravelModel, params: MatchParams, ring: int,
                 top: tuple[int, int] | None) -> None:
        self.dataset, self.split = dataset, split
        self.reference_date, self.travel, self.params = reference_date, travel, params
        self.ring, self.top = ring, top
        self.tables = RecordTables.of(dataset)
        self.employers = write_ipc(self.tables.tables["employers"])

    def __len__(self) -> int:
        return len(self.split)

    def part(self, k: int) -> PartInput:
        part, t = self.split.parts[k], self.tables.tables
        return PartInput(
            index=k,
            employers=self.employers,
            candidates=write_ipc(t["candidates"], part.candidates),
            vacancies=write_ipc(t["vacancies"], part.vacancies),
            halo=write_ipc(t["vacancies"], part.halo),
            households=write_ipc(t["households"],
                                 households_within(self.dataset, part.candidates)),
            settings=self.dataset.settings,
            reference_date=self.reference_date,
            travel=self.travel, params=self.params, exposed=part.exposed,
            ring=self.ring, top=self.top,
        )


def _run(task: PartInput) -> PartResult:
    """One part, on a worker or here."""
    home, border = task.datasets()
    return solve_part(home, border, task.reference_date, task.travel, task.params,
                      task.index, task.exposed, task.ring, task.top)


@contextmanager
def _client(address: str) -> Iterator[Any]:
    """A Dask client of a ``LocalCluster`` sized to the machine (``local``) or of the
    scheduler at ``address``; closed (the cluster too) when done."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterUnavailable(
            "--dask: Dask is not installed (pip install 'passgenau[scale]')") from None
    cluster = None
    try:
        if address == "local":
            cluster = LocalCluster(n_workers=None, threads_per_worker=1,
                                   dashboard_address=":0")
            client = Client(cluster)
        else:
            client = Client(address, timeout="5s")
    except (OSError, TimeoutError) as error:
        if cluster is not None:
            cluster.close()
        raise ClusterUnavailable(
            f"--dask: no Dask scheduler at {address} ({type(error).__name__})") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


#: Candidates without a proposal per near-miss task at most (each task also builds the
#: arrays of every vacancy, so fewer tasks are cheaper, as long as every worker has one).
NEAR_MISS_CANDIDATES = 50_000


@dataclass(frozen=True, slots=True)
class NearMissInput:
    """Some candidates without a proposal and every vacancy, as Arrow IPC streams; the
    rest pickled."""

    employers: bytes
    vacancies: bytes  # every vacancy, in the dataset's order
    candidates: bytes
    settings: MatchSettings
    reference_date: date
    travel: TravelModel


class NearMisses:
    """The near misses, blocked counts and would-open counts of the candidates without a
    proposal (:func:`~passgenau.matching.blocked.unproposed_rules`) as tasks on the
    cluster, each on a slice of those candidates against every vacancy: what it works out
    for a candidate depends on that candidate and the vacancies alone, so the slices
    together are what one process gives, and the client, which would do it alone
    (hundreds of billions of candidate-vacancy checks for a country), only joins them."""

    def __init__(self, client: Any, inputs: PartInputs) -> None:
        self.client, self.inputs = client, inputs
        self.vacancies = write_ipc(inputs.tables.tables["vacancies"])

    def __call__(self, candidates: IntArray) -> RuleOutcomes:
        n = len(candidates)
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        pieces = max(workers, -(-n // NEAR_MISS_CANDIDATES)) if n else 0
        slices = [piece for piece in np.array_split(candidates, pieces) if len(piece)]
        inputs = self.inputs
        futures = []
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Sending large graph")
            for k, piece in enumerate(slices):
                task = NearMissInput(
                    inputs.employers, self.vacancies,
                    write_ipc(inputs.tables.tables["candidates"], piece),
                    inputs.dataset.settings, inputs.reference_date, inputs.travel)
                futures.append(self.client.submit(
                    _near_misses, task, key=f"passgenau-near-{k}-{id(self)}",
                    retries=RETRIES, pure=False))
        outcomes = self.client.gather(futures)
        if not outcomes:
            return RuleOutcomes.empty(0)
        return RuleOutcomes(*(np.concatenate([getattr(o, f) for o in outcomes])
                              for f in RuleOutcomes.__dataclass_fields__))


def _near_misses(task: NearMissInput) -> RuleOutcomes:
    """One slice of near misses, on a worker."""
    dataset = Dataset(employers=read_ipc("employers", task.employers),
                      vacancies=read_ipc("vacancies", task.vacancies),
                      candidates=read_ipc("candidates", task.candidates),
                      settings=task.settings, reference_date=task.reference_date)
    problem = MatchProblem.from_dataset(dataset, task.reference_date)
    return unproposed_rules(problem, task.travel, np.arange(problem.n_candidates))


def _submit_in_turn(client, tasks: PartInputs, progress: Progress | None
                    ) -> list[PartResult]:
    """A few parts more than there are workers in flight at a time, the next submitted
    as one finishes: the client (whose process also holds a ``LocalCluster``'s scheduler
    and the tasks' inputs until they run) holds a few parts' inputs, not all. Results in
    part order whatever order they finish in."""
    from distributed import as_completed

    ahead = max(2, 2 * len(client.scheduler_info().get("workers", {})))
    queue = list(range(len(tasks)))
    results: dict[int, PartResult] = {}
    key = id(tasks)

    def submit(k: int):
        with warnings.catch_warnings():
            # a part's records go with its task on purpose (tens of MB at a country's
            # size); Dask's advice to load data on the workers does not apply
            warnings.filterwarnings("ignore", message="Sending large graph")
            return client.submit(_run, tasks.part(k), key=f"passgenau-part-{k}-{key}",
                                 retries=RETRIES, pure=False)

    running = as_completed([submit(queue.pop(0)) for _ in range(min(ahead, len(queue)))])
    for future in running:
        result = future.result()
        results[result.index] = result
        future.release()
        if queue:
            running.add(submit(queue.pop(0)))
        if progress:
            progress(len(results), len(tasks))
    return [results[k] for k in range(len(tasks))]


def _worker_peaks(client) -> tuple[int, ...]:
    """The largest resident memory each worker process has had, in bytes (0 where the
    platform does not tell)."""
    try:
        peaks = client.run(_peak_rss)
    except Exception:  # a figure for the benchmark, never worth failing a run for
        return ()
    return tuple(int(peaks[w]) for w in sorted(peaks))


def _peak_rss() -> int:
    try:
        import resource
    except ImportError:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
