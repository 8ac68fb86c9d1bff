"""Helpers shared by the matching tests: run the engine and read its result document."""

from __future__ import annotations

from collections.abc import Iterator

from passgenau.domain import Dataset
from passgenau.geo.travel import TravelModel
from passgenau.matching.engine import MatchResult, solve
from passgenau.matching.problem import MatchProblem
from passgenau.matching.report import result_document


def run(ds: Dataset, travel: TravelModel) -> tuple[MatchResult, dict]:
    """``solve`` on a fresh problem, and its result document."""
    result = solve(MatchProblem.from_dataset(ds), travel)
    return result, result_document(result)


def proposals(document: dict) -> Iterator[tuple[str, dict]]:
    """(vacancy id, proposal) for every proposal of the document."""
    for shortlist in document["shortlists"]:
        for proposal in shortlist["proposals"]:
            yield shortlist["vacancy_id"], proposal


def shortlist(document: dict, vacancy_id: str) -> dict:
    return next(s for s in document["shortlists"] if s["vacancy_id"] == vacancy_id)


def index(ds: Dataset) -> tuple[dict[str, int], dict[str, int]]:
    """Candidate id -> index, vacancy id -> index."""
    return (
        {c.id: i for i, c in enumerate(ds.candidates)},
        {v.id: j for j, v in enumerate(ds.vacancies)},
    )
