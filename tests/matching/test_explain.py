"""``explain``: every rule with the oracle's verdict, and the score's components."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from passgenau.domain import NotFound
from passgenau.matching.explain import explain
from passgenau.matching.problem import MatchProblem
from passgenau.matching.scoring import COMPONENTS
from tests.matching import oracle
from tests.matching.instances import examples, matching_datasets, spouses_story
from tests.matching.support import run


@settings(max_examples=examples(25), deadline=None)
@given(matching_datasets(max_candidates=6, max_vacancies=4))
def test_explain_gives_each_rule_with_the_oracles_verdict(travel, ds):
    """explain lists the nine rules in order with the oracle's ok, commute and fitting shifts."""
    problem = MatchProblem.from_dataset(ds)
    for cand in ds.candidates:
        for vac in ds.vacancies:
            text = explain(problem, travel, cand.id, vac.id)
            json.dumps(text)  # plain JSON values only
            want = oracle.verdict(ds, cand, vac)
            assert [r["code"] for r in text["rules"]] == list(oracle.RULE_CODES)
            assert {r["code"]: r["ok"] for r in text["rules"]} == want.rules
            assert text["feasible"] is want.feasible
            commute = next(r for r in text["rules"] if r["code"] == "COMMUTE")
            assert commute["commute_minutes"] == want.travel
            assert commute["mode"] == (want.mode.value if want.mode else None)
            assert commute["max_commute_minutes"] == cand.max_commute_minutes
            schedule = next(r for r in text["rules"] if r["code"] == "SCHEDULE")
            fits = [k for k, s in enumerate(schedule["shifts"]) if s["fits"]]
            assert fits == list(want.fitting_shifts)


@settings(max_examples=examples(20), deadline=None)
@given(matching_datasets(max_candidates=6, max_vacancies=4))
def test_explain_shows_the_score_components_of_proposals(travel, ds):
    """explain shows every score component and the same total as the result document."""
    result, document = run(ds, travel)
    for shortlist in document["shortlists"]:
        for proposal in shortlist["proposals"]:
            text = explain(
                result.problem, travel, proposal["candidate_id"], shortlist["vacancy_id"]
            )
            score = text["score"]
            assert list(score["components"]) == list(COMPONENTS)
            assert all(0.0 <= x <= 1.0 for x in score["components"].values())
            assert set(score["weights"]) == set(COMPONENTS)
            assert score["total"] == proposal["score"]


def test_explain_names_unknown_ids(travel):
    """Unknown candidate or vacancy ids raise NotFound naming the id."""
    problem = MatchProblem.from_dataset(spouses_story())
    with pytest.raises(NotFound, match="C99"):
        explain(problem, travel, "C99", "V1")
    with pytest.raises(NotFound, match="V99"):
        explain(problem, travel, "C1", "V99")


def test_explain_tells_why_the_wife_cannot_work_late(travel):
    """In the story, the wife (free mornings) fits the early shift, not the late one."""
    problem = MatchProblem.from_dataset(spouses_story())
    text = explain(problem, travel, "C1", "V1")
    schedule = next(r for r in text["rules"] if r["code"] == "SCHEDULE")
    assert schedule["ok"] is True
    assert [(s["shift"], s["fits"]) for s in schedule["shifts"]] == [
        ("Frühschicht", True),
        ("Spätschicht", False),
    ]
