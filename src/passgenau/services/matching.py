"""Use cases around the matching: run it on a document or on the stored caseload.

The engine itself (``matching/``) is pure; this module chooses the travel model, supplies
the KldB titles the explanations show, and persists shortlists as proposals. It returns
the typed outcome (:class:`~passgenau.matching.result.MatchOutcome`); how it is shown,
as the result document, a German table or a CSV, is the entry points' business
(``presentation/matching.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from passgenau.domain.errors import PassgenauError
from passgenau.domain.market import NOTHING_SET_ASIDE, SetAside, open_market
from passgenau.domain.model import Dataset
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.geo.travel import TravelModel, reference_model
from passgenau.matching.engine import Commitments, MatchParams, solve
from passgenau.matching.explain import explain
from passgenau.matching.problem import MatchProblem
from passgenau.matching.report import match_outcome
from passgenau.matching.result import MatchOutcome

if TYPE_CHECKING:
    from passgenau.services.unit_of_work import UnitOfWork


class UnknownTravelModel(PassgenauError):
    """``--travel`` names a model passgenau does not have."""


def travel_model(spec: str, reference_date: date, cache_dir: Path | None = None) -> TravelModel:
    """The travel model named on the command line or in the settings: ``reference`` (the
    exchange format's straight-line model) or ``gtfs:FEED`` (public transport from a GTFS
    feed, a .zip or a folder; its parsed timetable is cached, see ``transit import``).
    ``reference_date`` picks the week whose timetable counts."""
    if spec == "reference":
        return reference_model()
    if spec.startswith("gtfs:") and len(spec) > len("gtfs:"):
        from passgenau.geo.transit.travel import TimetableTravelModel
        from passgenau.services.transit import load_timetable

        path = Path(spec[len("gtfs:"):]).expanduser()
        if not path.exists():
            raise UnknownTravelModel(f"--travel: GTFS feed not found: {path}")
        timetable, _ = load_timetable(path, cache_dir)
        return TimetableTravelModel.of(timetable, reference_date, name=f"gtfs:{path.name}")
    raise UnknownTravelModel(
        f"--travel: unknown travel model {spec!r} (known: reference, gtfs:FEED.zip)"
    )


def travel_warnings(model: TravelModel) -> list[str]:
    """What the model wants the user to know (e.g. the feed has expired)."""
    return list(getattr(model, "warnings", ()))


def shipped_titles() -> dict[str, str]:
    """KldB code -> title of the occupations shipped with passgenau."""
    from passgenau.reference.kldb import common_occupations

    return {e.code.code: e.title for e in common_occupations()}


@dataclass(frozen=True, slots=True)
class MatchRun:
    """One matching run as the entry points show it: the typed outcome, the dataset it
    was made from (employer names and vacancy titles for a table), the KldB titles its
    explanations use, and what the travel model wants the user to know."""

    outcome: MatchOutcome
    dataset: Dataset
    titles: Mapping[str, str]
    warnings: tuple[str, ...] = ()
    set_aside: SetAside = NOTHING_SET_ASIDE  # a stored run: who was no longer in the market


def match_dataset(
    dataset: Dataset,
    travel: TravelModel,
    *,
    reference_date: date | None = None,
    params: MatchParams | None = None,
    titles: Mapping[str, str] | None = None,
) -> MatchRun:
    """Shortlists for every vacancy of a document; nothing is stored."""
    titles = titles if titles is not None else shipped_titles()
    problem = MatchProblem.from_dataset(dataset, reference_date)
    outcome = match_outcome(solve(problem, travel, params), titles)
    return MatchRun(outcome, dataset, titles, tuple(travel_warnings(travel)))


def explain_pair(
    dataset: Dataset, travel: TravelModel, candidate_id: str, vacancy_id: str
) -> dict[str, Any]:
    """Every rule for one pair with the values compared, and the score components: the
    ``explain`` document as :func:`passgenau.matching.explain.explain` makes it."""
    return explain(MatchProblem.from_dataset(dataset), travel, candidate_id, vacancy_id)


# -- the stored caseload ---------------------------------------------------------------
class MatchPhase(StrEnum):
    """The steps of a stored run, in order (what a progress display names)."""

    READING = "reading"  # the caseload is read
    SOLVING = "solving"  # the engine chooses the shortlists
    STORING = "storing"  # the suggestions are written


def match_stored(
    uow: UnitOfWork,
    travel: TravelModel,
    on: date,
    params: MatchParams | None = None,
    progress: Callable[[MatchPhase], None] | None = None,
) -> MatchRun:
    """Match the tenant's stored caseload and keep the shortlists as proposals, in one
    transaction of its own (``uow`` is entered here and committed on success).

    Proposals already in the workflow stay as they are: their pairs are not proposed again,
    and the active ones keep their place on the shortlist and the candidate's budget. They
    are counted, too: a vacancy's shortfall counts its active proposals with the new
    ones, ``feasible_candidates`` includes the pairs in the workflow, and a candidate with
    an active proposal is not listed as without proposal. The previous run's untouched
    suggestions are replaced by this run's.

    Candidates hired on a proposal or whose case has ended, and vacancies whose positions
    are all filled, are left out (:func:`~passgenau.domain.market.open_market`); the run
    says which in ``set_aside``. ``progress`` hears each phase as it begins (the web's
    background run shows it).
    """
    tell = progress or (lambda phase: None)
    with uow:
        tell(MatchPhase.READING)
        caseload = _read_caseload(uow, on)
        tell(MatchPhase.SOLVING)
        outcome = caseload.solve(travel, params)
        tell(MatchPhase.STORING)
        _store(uow, caseload, outcome, travel, params, on)
        uow.commit()
    return caseload.run(outcome, travel)


@dataclass(frozen=True, slots=True)
class _Caseload:
    """What a stored run reads: the open market, its titles, the proposals it keeps."""

    dataset: Dataset
    set_aside: SetAside
    titles: Mapping[str, str]
    problem: MatchProblem
    kept: list[Proposal]  # further in the workflow, among the open market's records
    workflow: list[Proposal]  # every proposal further in the workflow, in a stable order

    def solve(self, travel: TravelModel, params: MatchParams | None) -> MatchOutcome:
        result = solve(self.problem, travel, params, _commitments(self.problem, self.kept))
        return match_outcome(result, self.titles)

    def run(self, outcome: MatchOutcome, travel: TravelModel) -> MatchRun:
        return MatchRun(outcome, self.dataset, self.titles, tuple(travel_warnings(travel)),
                        self.set_aside)


def _read_caseload(uow: UnitOfWork, on: date) -> _Caseload:
    from passgenau.services import records

    stored = [r.proposal for r in uow.placements.list_proposals()]
    dataset, set_aside = open_market(
        records.dataset_of(uow), stored, uow.casework.case_files(), on)
    titles = shipped_titles() | records.kldb_titles(uow)
    problem = MatchProblem.from_dataset(dataset, on)
    candidates = set(problem.cand_ids)
    vacancies = set(problem.vac_ids)
    kept = [
        p for p in stored
        if p.state is not ProposalState.SUGGESTED
        and p.candidate_id in candidates and p.vacancy_id in vacancies
    ]
    return _Caseload(dataset, set_aside, titles, problem, kept, _in_workflow(stored))


def _in_workflow(stored: Sequence[Proposal]) -> list[Proposal]:
    """The proposals further in the workflow than *suggested*, in a stable order."""
    return sorted((p for p in stored if p.state is not ProposalState.SUGGESTED),
                  key=lambda p: (p.vacancy_id, p.candidate_id))


def _store(uow: UnitOfWork, caseload: _Caseload, outcome: MatchOutcome, travel: TravelModel,
           params: MatchParams | None, on: date) -> None:
    """The run's suggestions replace the last ones; the run enters the decision log."""
    from passgenau.services import decisions as decision_log

    uow.placements.replace_suggested(suggested_proposals(outcome))
    uow.audit("match", "proposals", None, ("suggested",))
    decision_log.record_run(uow, caseload.dataset, outcome, travel.name, params, on)


class WorkflowKeptChanging(PassgenauError):
    """Every attempt of a detached run saw the workflow change while the engine worked."""


def match_stored_detached(
    new_uow: Callable[[], UnitOfWork],
    travel: TravelModel,
    on: date,
    params: MatchParams | None = None,
    progress: Callable[[MatchPhase], None] | None = None,
    attempts: int = 3,
) -> MatchRun:
    """:func:`match_stored` for a run in the background while staff keep working: no
    transaction is held while the engine works (on SQLite a reading transaction would
    keep every writer waiting). The caseload is read in one short transaction, solved
    outside, and stored in a second one, if the proposals further in the workflow are
    still the ones the run was given; else it reads and solves again (at most
    ``attempts`` times, then :class:`WorkflowKeptChanging`). Changes to other records
    while it solves count as made just after the run.
    """
    tell = progress or (lambda phase: None)
    for _ in range(attempts):
        uow = new_uow()
        with uow:
            tell(MatchPhase.READING)
            caseload = _read_caseload(uow, on)
        tell(MatchPhase.SOLVING)
        outcome = caseload.solve(travel, params)
        uow = new_uow()
        with uow:
            tell(MatchPhase.STORING)
            now = _in_workflow([r.proposal for r in uow.placements.list_proposals()])
            if now != caseload.workflow:
                continue  # someone moved a proposal meanwhile: solve on what is now
            _store(uow, caseload, outcome, travel, params, on)
            uow.commit()
            return caseload.run(outcome, travel)
    raise WorkflowKeptChanging(f"the workflow changed during each of {attempts} attempts; "
                               "nothing was stored")


def _commitments(problem: MatchProblem, kept: Sequence[Proposal]) -> Commitments:
    """The proposals further in the workflow, as the engine's index arrays."""
    cand_index = {cid: i for i, cid in enumerate(problem.cand_ids)}
    vac_index = {vid: j for j, vid in enumerate(problem.vac_ids)}
    return Commitments(
        cand=np.array([cand_index[p.candidate_id] for p in kept], dtype=np.int64),
        vac=np.array([vac_index[p.vacancy_id] for p in kept], dtype=np.int64),
        active=np.array([not p.state.is_final for p in kept], dtype=bool),
    )


def suggested_proposals(outcome: MatchOutcome) -> list[tuple[Proposal, tuple[str, ...]]]:
    """This run's proposals as stored ones (state *suggested*), each with its reasons."""
    return [
        (
            Proposal(
                vacancy_id=shortlist.vacancy_id,
                candidate_id=line.candidate_id,
                state=ProposalState.SUGGESTED,
                score=line.score,
                rank=line.rank,
                shift=line.shift,
                household_id=line.household_id,
            ),
            line.reasons,
        )
        for shortlist, line in outcome.lines()
    ]
