"""The result document ``passgenau/1-result`` as the spec describes it."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

from hypothesis import given, settings

from passgenau.domain import Dataset, GermanLevel, WorkPermit
from passgenau.matching.engine import solve
from passgenau.matching.problem import MatchProblem
from passgenau.matching.report import dump_result, result_document
from tests.matching import oracle
from tests.matching.instances import (
    WAIBLINGEN,
    candidate,
    dataset,
    examples,
    matching_datasets,
    point_at,
    spouses_story,
    vacancy,
)
from tests.matching.support import index, proposals, run, shortlist


@settings(max_examples=examples(30), deadline=None)
@given(matching_datasets())
def test_shortlists_follow_the_spec(travel, ds):
    """Vacancies in input order; ranks 1..n by descending score; scores rounded to 4 places."""
    _, document = run(ds, travel)
    assert document["format"] == "passgenau/1-result"
    assert document["reference_date"] == ds.reference_date.isoformat()
    assert [s["vacancy_id"] for s in document["shortlists"]] == [v.id for v in ds.vacancies]
    for entry, vac in zip(document["shortlists"], ds.vacancies, strict=True):
        assert entry["employer_id"] == vac.employer_id
        ranks = [p["rank"] for p in entry["proposals"]]
        assert ranks == list(range(1, len(ranks) + 1))
        scores = [p["score"] for p in entry["proposals"]]
        assert scores == sorted(scores, reverse=True)
        for p in entry["proposals"]:
            assert isinstance(p["score"], float)
            assert 0.0 <= p["score"] <= 1.0
            assert p["score"] == round(p["score"], 4)


@settings(max_examples=examples(30), deadline=None)
@given(matching_datasets())
def test_shortfall_is_null_iff_the_minimum_shortlist_is_reached(travel, ds):
    """shortfall is null iff min(3, size) is reached, else counts the feasible candidates."""
    _, document = run(ds, travel)
    feasible = oracle.feasible_set(ds)
    for j, (entry, vac) in enumerate(zip(document["shortlists"], ds.vacancies, strict=True)):
        if len(entry["proposals"]) >= min(3, vac.shortlist_size):
            assert entry["shortfall"] is None
        else:
            count = sum(1 for _, v in feasible if v == j)
            assert entry["shortfall"] == {"feasible_candidates": count}


@settings(max_examples=examples(30), deadline=None)
@given(matching_datasets())
def test_unproposed_candidates_and_their_blocking_rules(travel, ds):
    """Every candidate without proposal is listed with the oracle's per-rule blocked counts."""
    cands, _ = index(ds)
    _, document = run(ds, travel)
    proposed = {p["candidate_id"] for _, p in proposals(document)}
    listed = [u["candidate_id"] for u in document["unproposed_candidates"]]
    assert len(listed) == len(set(listed))
    assert set(listed) == {c.id for c in ds.candidates if c.id not in proposed}
    for entry in document["unproposed_candidates"]:
        assert entry["blocked_by"] == oracle.blocked_by(ds, cands[entry["candidate_id"]])


@settings(max_examples=examples(30), deadline=None)
@given(matching_datasets())
def test_household_marks_agree_with_household_proposals(travel, ds):
    """household_id marks exactly the proposals listed in household_proposals, same shift."""
    _, document = run(ds, travel)
    joint = {
        (p["candidate_id"], p["vacancy_id"]): (h["household_id"], p["shift"])
        for h in document["household_proposals"]
        for p in h["proposals"]
    }
    for vacancy_id, p in proposals(document):
        key = (p["candidate_id"], vacancy_id)
        if p["household_id"] is None:
            assert key not in joint
        else:
            assert joint[key] == (p["household_id"], p["shift"])
    household_of = ds.household_of()
    vacancies = {v.id: v for v in ds.vacancies}
    for h in document["household_proposals"]:
        members = {p["candidate_id"] for p in h["proposals"]}
        assert members == set(household_of[next(iter(members))].members)
        # each member works a shift option of their vacancy (by its label), and the
        # members' options do not overlap in time (one partner is always at home)
        labelled = []
        for p in h["proposals"]:
            options = vacancies[p["vacancy_id"]].shifts
            labelled.append([o for k, o in enumerate(options) if o.label(k) == p["shift"]])
            assert labelled[-1], p
        assert any(
            not any(a.overlaps(b) for k, a in enumerate(combo) for b in combo[k + 1:])
            for combo in itertools.product(*labelled)
        )


@settings(max_examples=examples(20), deadline=None)
@given(matching_datasets())
def test_result_is_byte_identical_across_runs_and_rebuilt_problems(travel, ds):
    """The dumped result is byte-identical across runs and across a rebuilt problem."""
    problem = MatchProblem.from_dataset(ds)
    first = dump_result(result_document(solve(problem, travel)))
    assert dump_result(result_document(solve(problem, travel))) == first
    rebuilt = Dataset(
        employers=tuple(ds.employers),
        vacancies=tuple(replace(v) for v in ds.vacancies),
        candidates=tuple(replace(c) for c in ds.candidates),
        households=tuple(ds.households),
        settings=ds.settings,
        reference_date=ds.reference_date,
    )
    assert dump_result(result_document(solve(MatchProblem.from_dataset(rebuilt), travel))) == first
    assert json.loads(first)["format"] == "passgenau/1-result"


def test_approval_required_is_allowed_and_flagged(travel):
    """A candidate needing approval is proposed and flagged approval_required."""
    ds = dataset(
        (vacancy("V1"),),
        (
            candidate("C1", work_permit=WorkPermit.APPROVAL_REQUIRED),
            candidate("C2"),
        ),
    )
    _, document = run(ds, travel)
    flags = {p["candidate_id"]: p["flags"] for p in shortlist(document, "V1")["proposals"]}
    assert flags == {"C1": ["approval_required"], "C2": []}


def test_shortfall_counts_feasible_candidates(travel):
    """A short list reports its feasible candidates; the blocked candidate's rules counted."""
    far = point_at(WAIBLINGEN, 60.0)
    ds = dataset(
        (vacancy("V1"), vacancy("V2", german_level_min=GermanLevel.C2)),
        (
            candidate("C1"),
            candidate("C2"),
            candidate("C3", german_level=GermanLevel.A0, home=far),
        ),
    )
    _, document = run(ds, travel)
    assert shortlist(document, "V1")["shortfall"] == {"feasible_candidates": 2}
    assert shortlist(document, "V2")["shortfall"] == {"feasible_candidates": 0}
    (blocked,) = document["unproposed_candidates"]
    # every vacancy fails two rules (no near miss), and A1 is below both minimums
    assert blocked == {
        "candidate_id": "C3",
        "blocked_by": {"LANGUAGE": 2, "COMMUTE": 2},
        "near_misses": [],
        "would_open": {"german_level_plus_1": 0, "driving_licence": 0,
                       "max_commute_plus_15": 0, "availability_plus_60": 0},
    }


def test_ties_in_score_are_ranked_by_candidate_id(travel):
    """Proposals of equal score are ranked by candidate id."""
    ds = dataset((vacancy("V1"),), (candidate("C2"), candidate("C1"), candidate("C3")))
    _, document = run(ds, travel)
    entries = shortlist(document, "V1")["proposals"]
    assert [p["candidate_id"] for p in entries] == ["C1", "C2", "C3"]
    assert [p["rank"] for p in entries] == [1, 2, 3]


def test_story_result_document_is_stable(travel):
    """The success story's document is the same bytes over repeated runs."""
    ds = spouses_story()
    runs = {dump_result(run(ds, travel)[1]) for _ in range(3)}
    assert len(runs) == 1


def test_experience_is_phrased_in_correct_german(travel):
    """One year reads "1 Jahr Erfahrung", none reads as a qualification, more as "Jahre"."""
    from passgenau.domain import KldbCode, Occupation

    def occupation_reason(years: float) -> str:
        person = candidate("C1", occupations=(Occupation(KldbCode("62101"), years),))
        _, document = run(dataset((vacancy("V1"),), (person,)), travel)
        (proposal,) = shortlist(document, "V1")["proposals"]
        return proposal["reasons"][1]

    assert "; 1 Jahr Erfahrung als" in occupation_reason(1.0)
    assert "; 2,5 Jahre Erfahrung als" in occupation_reason(2.5)
    assert "; Qualifikation ohne Berufsjahre als" in occupation_reason(0.0)
