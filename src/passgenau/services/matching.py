"""Use cases around the matching: run it on a document or on the stored caseload.

The engine itself (``matching/``) is pure; this module chooses the travel model, supplies
the KldB titles the explanations show, and persists shortlists as proposals. It returns
the typed outcome (:class:`~passgenau.matching.result.MatchOutcome`); how it is shown,
as the result document, a German table or a CSV, is the entry points' business
(``presentation/matching.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
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
def match_stored(
    uow: UnitOfWork,
    travel: TravelModel,
    on: date,
    params: MatchParams | None = None,
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
    says which in ``set_aside``.
    """
    from passgenau.services import records

    with uow:
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
        result = solve(problem, travel, params, _commitments(problem, kept))
        outcome = match_outcome(result, titles)
        uow.placements.replace_suggested(suggested_proposals(outcome))
        uow.audit("match", "proposals", None, ("suggested",))
        uow.commit()
    return MatchRun(outcome, dataset, titles, tuple(travel_warnings(travel)), set_aside)


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
