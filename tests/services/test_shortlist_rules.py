"""The swap's rule check reads only the pair (its vacancy, employer and candidate): it
must say exactly what the matching says on the whole caseload, rule by rule and score."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from passgenau.domain.model import Dataset
from passgenau.geo.travel import reference_model
from passgenau.matching.explain import explain
from passgenau.matching.problem import MatchProblem
from passgenau.matching.scoring import ScoreWeights, rounded, score_components, total_score
from passgenau.services.shortlist import check_pair
from tests.matching.instances import REFERENCE_DATE, examples, matching_datasets


@settings(max_examples=examples(40), deadline=None)
@given(ds=matching_datasets(), pick=st.data())
def test_the_pair_alone_gives_the_rules_and_score_of_the_whole_caseload(
        ds: Dataset, pick: st.DataObject) -> None:
    candidate = pick.draw(st.sampled_from(ds.candidates))
    vacancy = pick.draw(st.sampled_from(ds.vacancies))
    employer = next(e for e in ds.employers if e.id == vacancy.employer_id)
    travel = reference_model()
    whole = explain(MatchProblem.from_dataset(ds, REFERENCE_DATE), travel, candidate.id,
                    vacancy.id)
    alone = MatchProblem.from_dataset(Dataset(
        employers=(employer,), vacancies=(vacancy,), candidates=(candidate,),
        settings=ds.settings), REFERENCE_DATE)
    ev, broken = check_pair(alone, travel, candidate.id, vacancy.id)
    assert [b.rule for b in broken] == [r["code"] for r in whole["rules"] if not r["ok"]]
    weights = ScoreWeights()
    comps = score_components(alone, weights, ev.cand, ev.vac, ev.travel.clip(max=10**6))
    assert rounded(total_score(comps, weights)[0]) == whole["score"]["total"]


def test_a_full_budget_is_a_broken_rule_of_its_own() -> None:
    from tests.matching.instances import candidate, dataset, vacancy

    ds = dataset((vacancy("V1"),), (candidate("C1"),), max_proposals_per_candidate=2)
    problem = MatchProblem.from_dataset(ds, REFERENCE_DATE)
    _, fine = check_pair(problem, reference_model(), "C1", "V1", open_elsewhere=1)
    _, full = check_pair(problem, reference_model(), "C1", "V1", open_elsewhere=2)
    assert [b.rule for b in full] == [*[b.rule for b in fine], "MAX_PROPOSALS"]
    assert (full[-1].value, full[-1].required) == ("2", "2")
