"""Who may meet whom at an event: the matching's nine rules with the event's place.

At a speed-dating the candidate travels to the event, not to the workplace, so the
COMMUTE rule (and SCHEDULE, which widens each shift by the travel time, and the score's
commute component) is judged with every vacancy's location replaced by the event's
place; the other rules are the job's and stay as they are. A candidate fits an employer's
table when they are feasible for at least one of its vacancies, and the pair's score is
the best fit score over those vacancies. Without a place the vacancies keep their own
locations (an event at each employer's site).

This reuses the matching's own rule and score code on a changed dataset, so the two can
never disagree about a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from passgenau.domain.model import Dataset, Location
from passgenau.geo.travel import TravelModel
from passgenau.matching.feasibility import feasible_pairs
from passgenau.matching.problem import FloatArray, IntArray, MatchProblem
from passgenau.matching.scoring import ScoreWeights, rounded, score_components, total_score


@dataclass(frozen=True, slots=True)
class EventPairs:
    """The feasible (table, candidate) pairs of an event; table ``k`` is
    ``employer_ids[k]``, candidate ``i`` is ``candidate_ids[i]``."""

    employer_ids: tuple[str, ...]
    candidate_ids: tuple[str, ...]
    table: IntArray
    candidate: IntArray
    score: FloatArray  # best fit score over the employer's vacancies, 4 decimals
    vacancy_ids: tuple[str, ...]  # per pair: the vacancy that gave the score
    commute_minutes: IntArray  # per pair: to the event's place (that vacancy's)


def event_dataset(dataset: Dataset, employer_ids: tuple[str, ...],
                  place: Location | None) -> Dataset:
    """The listed employers' vacancies, moved to ``place``; households play no part
    (a speed-dating meets people one by one)."""
    chosen = set(employer_ids)
    vacancies = tuple(
        replace(v, location=place) if place is not None else v
        for v in dataset.vacancies if v.employer_id in chosen
    )
    employers = tuple(e for e in dataset.employers if e.id in chosen)
    return replace(dataset, employers=employers, vacancies=vacancies, households=())


def event_pairs(
    dataset: Dataset,
    employer_ids: tuple[str, ...],
    place: Location | None,
    travel: TravelModel,
    weights: ScoreWeights | None = None,
) -> EventPairs:
    """Every (employer, candidate) pair that may meet at the event, with its score."""
    weights = weights or ScoreWeights()
    event = event_dataset(dataset, employer_ids, place)
    candidate_ids = tuple(c.id for c in dataset.candidates)
    empty = np.zeros(0, dtype=np.int64)
    if not event.vacancies or not event.candidates:
        return EventPairs(employer_ids, candidate_ids, empty, empty, np.zeros(0), (), empty)
    problem = MatchProblem.from_dataset(event, dataset.reference_date)
    pairs = feasible_pairs(problem, travel)
    components = score_components(problem, weights, pairs.cand, pairs.vac, pairs.travel)
    score = np.array([rounded(s) for s in total_score(components, weights)])
    table_of = {eid: k for k, eid in enumerate(employer_ids)}
    employer_table = np.array([table_of[e.id] for e in event.employers], dtype=np.int64)
    table = employer_table[problem.vac_employer[pairs.vac]]
    # the best vacancy per (table, candidate): highest score, then input order
    order = np.lexsort((pairs.vac, -score, pairs.cand, table))
    key = table[order] * len(candidate_ids) + pairs.cand[order]
    first = order[np.r_[True, key[1:] != key[:-1]]] if len(order) else order
    first = first[np.lexsort((pairs.cand[first], table[first]))]
    return EventPairs(
        employer_ids=employer_ids,
        candidate_ids=candidate_ids,
        table=table[first],
        candidate=pairs.cand[first].astype(np.int64),
        score=score[first],
        vacancy_ids=tuple(problem.vac_ids[j] for j in pairs.vac[first]),
        commute_minutes=pairs.travel[first].astype(np.int64),
    )
