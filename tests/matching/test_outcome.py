"""The typed match outcome: the one shape the document, the table, the CSV and the stored
proposals read."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings

from passgenau.domain import Dataset, GermanLevel, TravelMode, WorkPermit
from passgenau.geo.travel import TravelModel
from passgenau.matching.document import document, result_text
from passgenau.matching.engine import solve
from passgenau.matching.problem import MatchProblem
from passgenau.matching.report import match_outcome
from passgenau.matching.result import MatchOutcome, UnproposedCandidate
from tests.matching.instances import (
    WAIBLINGEN,
    candidate,
    dataset,
    examples,
    matching_datasets,
    point_at,
    spouses_story,
    three_couples_crowding,
    vacancy,
)


def outcome_of(ds: Dataset, travel: TravelModel) -> MatchOutcome:
    return match_outcome(solve(MatchProblem.from_dataset(ds), travel))


def check_outcome(ds: Dataset, outcome: MatchOutcome) -> None:
    """What holds for every outcome (the spec's result document, in typed form)."""
    assert outcome.reference_date == ds.reference_date
    assert [s.vacancy_id for s in outcome.shortlists] == [v.id for v in ds.vacancies]
    assert [s.employer_id for s in outcome.shortlists] == [v.employer_id for v in ds.vacancies]
    for shortlist in outcome.shortlists:
        lines = shortlist.proposals
        assert [line.rank for line in lines] == list(range(1, len(lines) + 1))
        # ranked by descending score, ties by candidate id
        order = sorted(lines, key=lambda line: (-line.score, line.candidate_id))
        assert list(lines) == order
    proposed = {line.candidate_id for _, line in outcome.lines()}
    unproposed = [u.candidate_id for u in outcome.unproposed]
    assert len(unproposed) == len(set(unproposed))
    assert set(unproposed) == {c.id for c in ds.candidates if c.id not in proposed}
    joint = {
        (m.candidate_id, m.vacancy_id): (j.household_id, m.shift)
        for j in outcome.household_proposals
        for m in j.members
    }
    marked = {
        (line.candidate_id, shortlist.vacancy_id): (line.household_id, line.shift)
        for shortlist, line in outcome.lines()
        if line.household_id is not None
    }
    assert marked == joint


def test_every_vacancy_has_its_shortlist_in_input_order(travel):
    """Fourteen vacancies, six candidates: every vacancy is listed, in input order, with
    ranks 1..n by score and its employer."""
    ds = three_couples_crowding()
    outcome = outcome_of(ds, travel)
    check_outcome(ds, outcome)
    assert len(outcome.shortlists) == 14


def test_ties_are_ranked_by_candidate_id(travel):
    """Three equal candidates on one vacancy come ranked C1, C2, C3."""
    ds = dataset((vacancy("V1"),), (candidate("C2"), candidate("C1"), candidate("C3")))
    (shortlist,) = outcome_of(ds, travel).shortlists
    assert [(line.rank, line.candidate_id) for line in shortlist.proposals] == [
        (1, "C1"), (2, "C2"), (3, "C3"),
    ]
    assert len({line.score for line in shortlist.proposals}) == 1


def test_joint_members_stand_on_their_shortlists_with_their_household(travel):
    """The success story: the couple is placed together, each member on the vacancy's
    shortlist marked with the household, she early and he late."""
    ds = spouses_story()
    outcome = outcome_of(ds, travel)
    check_outcome(ds, outcome)
    (joint,) = outcome.household_proposals
    assert (joint.household_id, joint.employer_id) == ("H1", "E1")
    assert {(m.candidate_id, m.vacancy_id, m.shift) for m in joint.members} == {
        ("C1", "V1", "Frühschicht"), ("C2", "V1", "Spätschicht"),
    }
    (shortlist,) = outcome.shortlists
    marked = {line.candidate_id: line.household_id for line in shortlist.proposals}
    assert marked["C1"] == marked["C2"] == "H1"
    assert all(marked[s] is None for s in marked if s.startswith("S"))


def test_unproposed_are_exactly_the_candidates_without_proposal(travel):
    """A candidate far away and below every language minimum is the only one left out,
    with the rules that excluded each vacancy; a short list counts its feasible people."""
    far = point_at(WAIBLINGEN, 60.0)
    ds = dataset(
        (vacancy("V1"), vacancy("V2", german_level_min=GermanLevel.C2)),
        (candidate("C1"), candidate("C2"),
         candidate("C3", german_level=GermanLevel.A0, home=far)),
    )
    outcome = outcome_of(ds, travel)
    check_outcome(ds, outcome)
    assert outcome.unproposed == (
        UnproposedCandidate("C3", {"LANGUAGE": 2, "COMMUTE": 2}),
    )
    v1, v2 = outcome.shortlists
    assert v1.shortfall is not None and v1.shortfall.feasible_candidates == 2
    assert v2.shortfall is not None and v2.shortfall.feasible_candidates == 0
    assert v2.proposals == ()


def test_a_proposal_line_carries_what_the_spec_names(travel):
    """Approval needed is flagged; commute, mode and reasons are those of the pair."""
    ds = dataset(
        (vacancy("V1"),),
        (candidate("C1", work_permit=WorkPermit.APPROVAL_REQUIRED,
                   modes=(TravelMode.WALK,)),),
    )
    (line,) = outcome_of(ds, travel).shortlists[0].proposals
    assert line.flags == ("approval_required",)
    assert line.mode is TravelMode.WALK
    assert line.shift is None and line.household_id is None
    assert 0 < line.commute_minutes <= 60
    assert line.reasons[0].startswith("Passung ")
    assert any("Zustimmung der Ausländerbehörde" in r for r in line.reasons)


def test_summary_counts_the_outcome(travel):
    """The summary's figures are the outcome's own counts."""
    ds = three_couples_crowding()
    outcome = outcome_of(ds, travel)
    summary = outcome.summary
    assert summary.candidates == len(ds.candidates)
    assert summary.vacancies == len(outcome.shortlists)
    assert summary.proposals == sum(1 for _ in outcome.lines())
    assert summary.joint_household_proposals == len(outcome.household_proposals) == 3
    assert summary.candidates_without_proposal == len(outcome.unproposed)
    assert summary.vacancies_reaching_minimum == sum(
        s.shortfall is None for s in outcome.shortlists
    )
    total = sum(line.score for _, line in outcome.lines())
    assert summary.total_score == pytest.approx(total, abs=1e-3)


def test_the_outcome_is_frozen(travel):
    """Nobody downstream can change what the run decided."""
    outcome = outcome_of(spouses_story(), travel)
    with pytest.raises(dataclasses.FrozenInstanceError):
        outcome.shortlists[0].proposals[0].rank = 9  # type: ignore[misc]
    assert isinstance(outcome.shortlists, tuple)
    assert isinstance(outcome.shortlists[0].proposals[0].reasons, tuple)


def test_the_document_is_a_view_of_the_outcome(travel):
    """Every field of the result document is the outcome's, under the spec's names."""
    outcome = outcome_of(spouses_story(), travel)
    doc = json.loads(result_text(outcome))
    assert doc == json.loads(json.dumps(document(outcome)))
    assert list(doc) == ["format", "reference_date", "shortlists", "household_proposals",
                         "unproposed_candidates"]
    (entry,) = doc["shortlists"]
    (shortlist,) = outcome.shortlists
    assert entry["vacancy_id"] == shortlist.vacancy_id
    assert [p["candidate_id"] for p in entry["proposals"]] == [
        line.candidate_id for line in shortlist.proposals
    ]
    first, line = entry["proposals"][0], shortlist.proposals[0]
    assert first == {
        "candidate_id": line.candidate_id, "rank": line.rank, "score": line.score,
        "commute_minutes": line.commute_minutes, "mode": line.mode.value,
        "shift": line.shift, "household_id": line.household_id,
        "flags": list(line.flags), "reasons": list(line.reasons),
    }
    (joint,) = doc["household_proposals"]
    assert joint["household_id"] == "H1"
    assert {p["candidate_id"] for p in joint["proposals"]} == {"C1", "C2"}


@settings(max_examples=examples(25), deadline=None)
@given(matching_datasets())
def test_outcome_invariants_on_generated_caseloads(travel, ds):
    """Input order, ranks by score, joint marks and the unproposed list hold everywhere."""
    check_outcome(ds, outcome_of(ds, travel))
