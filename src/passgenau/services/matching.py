"""Use cases around the matching: run it on a document or on the stored caseload.

The engine itself (``matching/``) is pure; this module chooses the travel model, supplies
the KldB titles the explanations show, and persists shortlists as proposals.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from passgenau.domain.errors import PassgenauError
from passgenau.domain.model import Dataset
from passgenau.geo.travel import TravelModel, reference_model
from passgenau.matching.engine import MatchParams, MatchResult, solve
from passgenau.matching.explain import explain
from passgenau.matching.problem import MatchProblem
from passgenau.matching.report import dump_result, result_document

if TYPE_CHECKING:
    from passgenau.store.unit_of_work import SqlUnitOfWork


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
    from passgenau.reference.kldb import common_occupations

    return {e.code.code: e.title for e in common_occupations()}


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    result: MatchResult
    document: dict


def match_dataset(
    dataset: Dataset,
    travel: TravelModel,
    *,
    reference_date: date | None = None,
    params: MatchParams | None = None,
    titles: dict[str, str] | None = None,
) -> MatchOutcome:
    problem = MatchProblem.from_dataset(dataset, reference_date)
    result = solve(problem, travel, params)
    document = result_document(result, titles if titles is not None else shipped_titles())
    return MatchOutcome(result, document)


def explain_pair(
    dataset: Dataset, travel: TravelModel, candidate_id: str, vacancy_id: str
) -> dict:
    return explain(MatchProblem.from_dataset(dataset), travel, candidate_id, vacancy_id)


def render(outcome: MatchOutcome, fmt: str, dataset: Dataset) -> str:
    """The result as ``json`` (the contract), ``table`` (German, for people) or ``csv``."""
    if fmt == "json":
        return dump_result(outcome.document)
    if fmt == "csv":
        return _csv(outcome.document)
    if fmt == "table":
        return _table(outcome, dataset)
    raise PassgenauError(f"--format: unknown format {fmt!r} (json, table, csv)")


_CSV_COLUMNS = ("vacancy_id", "employer_id", "rank", "candidate_id", "score",
                "commute_minutes", "mode", "shift", "household_id", "flags")


def _csv(document: dict) -> str:
    """One row per proposal, ``;``-separated with a BOM: what German Excel opens."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_CSV_COLUMNS)
    for shortlist in document["shortlists"]:
        for p in shortlist["proposals"]:
            writer.writerow([
                shortlist["vacancy_id"], shortlist["employer_id"], p["rank"],
                p["candidate_id"], f"{p['score']:.4f}".replace(".", ","),
                p["commute_minutes"], p["mode"], p["shift"] or "", p["household_id"] or "",
                "|".join(p["flags"]),
            ])
    return "\ufeff" + out.getvalue()


_MODE_GERMAN = {"walk": "zu Fuß", "bike": "Rad", "transit": "ÖPNV", "car": "Auto"}


def _table(outcome: MatchOutcome, dataset: Dataset) -> str:
    titles = shipped_titles()
    employers = {e.id: e for e in dataset.employers}
    vacancies = {v.id: v for v in dataset.vacancies}
    lines: list[str] = []
    summary = outcome.result.summary()
    lines.append(
        f"Vorschläge: {summary['proposals']} für {summary['vacancies']} Stellen; "
        f"{summary['vacancies_reaching_minimum']} Stellen mit mindestens 3 "
        f"(bzw. voller Auswahl); {summary['joint_household_proposals']} gemeinsame "
        f"Haushaltsvorschläge; {summary['candidates_without_proposal']} Bewerber:innen "
        "ohne Vorschlag."
    )
    for shortlist in outcome.document["shortlists"]:
        vac = vacancies[shortlist["vacancy_id"]]
        title = titles.get(vac.kldb.code, vac.kldb.code)
        lines.append("")
        lines.append(f"{vac.id}  {vac.title} ({title}) – {employers[vac.employer_id].name}")
        if shortlist["shortfall"] is not None:
            n = shortlist["shortfall"]["feasible_candidates"]
            lines.append(f"    Auswahl unvollständig: nur {n} passende Bewerber:innen.")
        for p in shortlist["proposals"]:
            shift = f"  {p['shift']}" if p["shift"] else ""
            joint = f"  gemeinsam ({p['household_id']})" if p["household_id"] else ""
            score = f"{p['score']:.2f}".replace(".", ",")
            lines.append(
                f"  {p['rank']}. {p['candidate_id']:<10} Passung {score}  "
                f"{p['commute_minutes']:>3} Min. {_MODE_GERMAN[p['mode']]}{shift}{joint}"
            )
    return "\n".join(lines) + "\n"


# -- the stored caseload ---------------------------------------------------------------
def match_stored(
    uow: SqlUnitOfWork,
    travel: TravelModel,
    on: date,
    params: MatchParams | None = None,
) -> MatchOutcome:
    """Match the tenant's stored caseload and keep the shortlists as proposals.

    Proposals already in the workflow stay as they are: their pairs are not proposed again,
    and the active ones keep their place on the shortlist and the candidate's budget.
    The previous run's untouched suggestions are replaced by this run's. The caller
    commits.
    """
    from passgenau.domain.placement import Proposal, ProposalState
    from passgenau.matching.engine import Commitments
    from passgenau.services.records import export_dataset, kldb_titles

    dataset = export_dataset(uow)
    problem = MatchProblem.from_dataset(dataset, on)
    cand_index = {cid: i for i, cid in enumerate(problem.cand_ids)}
    vac_index = {vid: j for j, vid in enumerate(problem.vac_ids)}
    kept = [
        r.proposal for r in uow.placements.list_proposals()
        if r.proposal.state is not ProposalState.SUGGESTED
    ]
    commitments = Commitments(
        cand=np.array([cand_index[p.candidate_id] for p in kept], dtype=np.int64),
        vac=np.array([vac_index[p.vacancy_id] for p in kept], dtype=np.int64),
        active=np.array([not p.state.is_final for p in kept], dtype=bool),
    )
    result = solve(problem, travel, params, commitments)
    titles = shipped_titles() | kldb_titles(uow)
    document = result_document(result, titles)
    proposals: list[tuple[Proposal, list[str]]] = []
    for shortlist in document["shortlists"]:
        for p in shortlist["proposals"]:
            proposals.append((
                Proposal(
                    vacancy_id=shortlist["vacancy_id"],
                    candidate_id=p["candidate_id"],
                    state=ProposalState.SUGGESTED,
                    score=p["score"],
                    rank=p["rank"],
                    shift=p["shift"],
                    household_id=p["household_id"],
                ),
                p["reasons"],
            ))
    uow.placements.replace_suggested(proposals)
    uow.audit("match", "proposals", None, ("suggested",))
    return MatchOutcome(result, document)
