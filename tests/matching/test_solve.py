"""Invariants of ``solve`` on generated caseloads: hard rules and capacities always hold."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings

from tests.matching import oracle
from tests.matching.instances import examples, matching_datasets
from tests.matching.support import index, proposals, run


@settings(max_examples=examples(40), deadline=None)
@given(matching_datasets())
def test_no_proposal_ever_breaks_a_hard_rule(travel, ds):
    """Every proposal is feasible by the oracle, with its commute, mode and a fitting shift."""
    cands, vacs = index(ds)
    _, document = run(ds, travel)
    for vacancy_id, proposal in proposals(document):
        vacancy = ds.vacancies[vacs[vacancy_id]]
        candidate = ds.candidates[cands[proposal["candidate_id"]]]
        want = oracle.verdict(ds, candidate, vacancy)
        assert want.feasible, (proposal["candidate_id"], vacancy_id, want.failed)
        assert proposal["commute_minutes"] == want.travel
        assert proposal["mode"] == want.mode.value
        if vacancy.shifts:
            labels = {vacancy.shifts[k].label(k) for k in want.fitting_shifts}
            assert proposal["shift"] in labels
        else:
            assert proposal["shift"] is None


@settings(max_examples=examples(40), deadline=None)
@given(matching_datasets())
def test_capacities_are_never_exceeded(travel, ds):
    """No shortlist above its size, no candidate above the limit, nobody twice on a list."""
    _, vacs = index(ds)
    _, document = run(ds, travel)
    per_candidate: Counter[str] = Counter()
    for entry in document["shortlists"]:
        ids = [p["candidate_id"] for p in entry["proposals"]]
        assert len(ids) == len(set(ids))
        assert len(ids) <= ds.vacancies[vacs[entry["vacancy_id"]]].shortlist_size
        per_candidate.update(ids)
    limit = ds.settings.max_proposals_per_candidate
    assert all(n <= limit for n in per_candidate.values())


@settings(max_examples=examples(25), deadline=None)
@given(matching_datasets(with_households=False))
def test_every_vacancy_with_feasible_candidates_gets_some(travel, ds):
    """No vacancy stays empty while a feasible candidate has proposals to spare."""
    result, document = run(ds, travel)
    used = Counter(p["candidate_id"] for _, p in proposals(document))
    limit = ds.settings.max_proposals_per_candidate
    feasible = oracle.feasible_set(ds)
    for j, entry in enumerate(document["shortlists"]):
        if entry["proposals"]:
            continue
        spare = [i for (i, v) in feasible if v == j and used[ds.candidates[i].id] < limit]
        assert not spare, (entry["vacancy_id"], spare)
    assert result.chosen.sum() == sum(len(s["proposals"]) for s in document["shortlists"])
