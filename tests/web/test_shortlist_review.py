"""The shortlist review over HTTP (SQLite and PostgreSQL): the candidates below the line
with why not, removing and swapping (a broken rule named in German), confirming into the
workflow, and the matching run in the background."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from passgenau.config import Settings
from passgenau.domain.accounts import Role
from passgenau.domain.kldb import KldbCode
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import Dataset, Occupation
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.services.database import add_tenant
from passgenau.services.records import import_dataset
from passgenau.services.runtime import Runtime
from passgenau.services.users import add_user
from passgenau.services.workflow import list_proposals
from passgenau.web import create_app

from ..store.datasets import WAIBLINGEN, candidate, employer, vacancy
from .conftest import PASSWORD, TODAY, Site

SELLER = (Occupation(KldbCode("62102"), 3.0),)


def _fits(ext_id: str, name: str, **kw: object):  # type: ignore[no-untyped-def]
    """A candidate who passes every rule for the sales vacancy (unless ``kw`` says not)."""
    return candidate(ext_id, name=name, home=WAIBLINGEN, occupations=SELLER, **kw)


@pytest.fixture
def review_site(database_url: str, tmp_path: Path) -> Iterator[Site]:
    """Jobcenter A: a sales vacancy V1 (German A2 at least) with C1 suggested; C2 fits and
    is not proposed; C3 speaks A1 only (fails LANGUAGE); C4 fits but is proposed for two
    other vacancies (their budget is used)."""
    runtime = Runtime(Settings(database_url=database_url, data_dir=tmp_path, tenant="jc-a"))
    runtime.upgrade()
    add_tenant(runtime, "jc-a", "Jobcenter A")
    import_dataset(runtime.unit_of_work("jc-a"), Dataset(
        employers=(employer("E1"),),
        vacancies=(vacancy("V1", "E1", shortlist_size=3), vacancy("V2", "E1"),
                   vacancy("V3", "E1")),
        candidates=(_fits("C1", "Carla Eins"), _fits("C2", "Cem Zwei"),
                    _fits("C3", "Chris Drei", german_level=GermanLevel.A1),
                    _fits("C4", "Clara Vier")),
    ))
    uow = runtime.unit_of_work("jc-a")
    with uow:
        uow.placements.add_proposal(Proposal("V1", "C1", rank=1, score=0.7),
                                    ("Passung 0,70: aus dem Matching.",))
        for v in ("V2", "V3"):
            uow.placements.add_proposal(Proposal(v, "C4", rank=1), ())
        uow.commit()
    add_user(runtime.accounts(), "anna", PASSWORD, Role.OFFICER, "jc-a")
    add_user(runtime.accounts(), "lea", PASSWORD, Role.MANAGEMENT, "jc-a")
    with TestClient(create_app(runtime, today=lambda: TODAY),
                    base_url="https://testserver") as client:
        yield Site(runtime, client)
    runtime.close()


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def _state(site: Site, vacancy_id: str, candidate_id: str) -> ProposalState | None:
    for p in list_proposals(site.runtime.unit_of_work("jc-a"), vacancy_id=vacancy_id):
        if p.candidate_id == candidate_id:
            return p.state
    return None


def test_the_review_shows_the_proposal_and_who_stands_below_the_line(review_site: Site) -> None:
    review_site.sign_in("anna")
    page = review_site.client.get("/stellen/V1/pruefung")
    assert page.status_code == 200
    text = page.text
    assert "Carla Eins" in text and "Passung 0,70: aus dem Matching." in text
    below = text.split("Unter dem Strich", 1)[1]
    assert "Cem Zwei" in below and "geringere Passung als die Vorgeschlagenen" in below
    assert "Clara Vier" in below and "schon für andere Stellen vorgeschlagen (V2, V3)" in below
    near = below.split("Knapp verfehlt", 1)[1]
    assert "Chris Drei" in near
    assert "Deutschkenntnisse: Deutsch A1, die Stelle verlangt mindestens A2." in near
    trail = review_site.client.get("/protokoll/candidate/C2").text
    assert "view" in trail and "anna" in trail  # the names shown are logged as viewed


def test_a_swap_with_a_candidate_who_breaks_a_rule_is_refused_naming_it(
        review_site: Site) -> None:
    review_site.sign_in("anna")
    token = _token(review_site.client.get("/stellen/V1/pruefung").text)
    answer = review_site.client.post("/stellen/V1/pruefung/tauschen", data={
        "candidate_id": "C1", "version": "1", "replacement": "C3", "csrf_token": token})
    assert answer.status_code == 409
    assert "verletzt eine Regel des Matchings" in answer.text
    assert "Deutschkenntnisse: Deutsch A1, die Stelle verlangt mindestens A2." in answer.text
    assert _state(review_site, "V1", "C1") is ProposalState.SUGGESTED  # nothing changed
    assert _state(review_site, "V1", "C3") is None
    budget = review_site.client.post("/stellen/V1/pruefung/tauschen", data={
        "candidate_id": "C1", "version": "1", "replacement": "C4", "csrf_token": token})
    assert budget.status_code == 409
    assert "Zahl der Vorschläge: die Person hat schon 2 offene Vorschläge" in budget.text


def test_a_swap_with_a_fitting_candidate_replaces_the_proposal(review_site: Site) -> None:
    review_site.sign_in("anna")
    token = _token(review_site.client.get("/stellen/V1/pruefung").text)
    answer = review_site.client.post("/stellen/V1/pruefung/tauschen", data={
        "candidate_id": "C1", "version": "1", "replacement": "C2", "reason": "hours",
        "csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303
    assert _state(review_site, "V1", "C1") is ProposalState.WITHDRAWN
    assert _state(review_site, "V1", "C2") is ProposalState.SUGGESTED
    page = review_site.client.get("/stellen/V1/pruefung").text
    shortlist = page.split("Unter dem Strich", 1)[0]
    assert "Cem Zwei" in shortlist
    assert "Deutsch A2 (gefordert mindestens A2)." in shortlist  # the matching's sentences
    again = review_site.client.post("/stellen/V1/pruefung/tauschen", data={
        "candidate_id": "C2", "version": "1", "replacement": "C1", "csrf_token": token})
    assert again.status_code == 409 and "schon einen Vorschlag (zurückgezogen)" in again.text


def test_removing_a_proposal_withdraws_it_and_a_stale_form_is_refused(
        review_site: Site) -> None:
    review_site.sign_in("anna")
    token = _token(review_site.client.get("/stellen/V1/pruefung").text)
    form = {"candidate_id": "C1", "version": "1", "reason": "commute", "csrf_token": token}
    answer = review_site.client.post("/stellen/V1/pruefung/entfernen", data=form,
                                     follow_redirects=False)
    assert answer.status_code == 303
    assert _state(review_site, "V1", "C1") is ProposalState.WITHDRAWN
    stale = review_site.client.post("/stellen/V1/pruefung/entfernen", data=form)
    assert stale.status_code == 409 and "inzwischen von jemand anderem" in stale.text
    no_csrf = review_site.client.post("/stellen/V1/pruefung/entfernen",
                                      data={**form, "csrf_token": "falsch"})
    assert no_csrf.status_code == 403


def test_confirming_moves_the_suggestions_into_the_workflow(review_site: Site) -> None:
    review_site.sign_in("anna")
    page = review_site.client.get("/stellen/V1/pruefung").text
    assert 'name="versions" value="C1:1"' in page
    answer = review_site.client.post("/stellen/V1/pruefung/bestaetigen", data={
        "versions": ["C1:1"], "csrf_token": _token(page)}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/stellen/V1"
    assert _state(review_site, "V1", "C1") is ProposalState.PREPARED
    assert "vorbereitet" in review_site.client.get("/stellen/V1").text
    trail = review_site.client.get("/protokoll/proposal/V1/C1").text
    assert "prepared" in trail and "anna" in trail


def test_a_confirmation_of_a_shortlist_that_changed_since_is_refused(
        review_site: Site) -> None:
    review_site.sign_in("anna")
    token = _token(review_site.client.get("/stellen/V1/pruefung").text)
    answer = review_site.client.post("/stellen/V1/pruefung/bestaetigen", data={
        "versions": ["C1:1", "C2:1"], "csrf_token": token})
    assert answer.status_code == 409 and "hat sich inzwischen geändert" in answer.text
    assert _state(review_site, "V1", "C1") is ProposalState.SUGGESTED


def test_management_may_review_but_not_change_the_shortlist(review_site: Site) -> None:
    review_site.sign_in("lea")
    page = review_site.client.get("/stellen/V1/pruefung")
    assert page.status_code == 200 and "Tauschen" not in page.text
    answer = review_site.client.post("/stellen/V1/pruefung/bestaetigen", data={
        "versions": ["C1:1"], "csrf_token": _token(page.text)})
    assert answer.status_code == 403


def test_the_matching_runs_in_the_background_and_its_result_is_stored(
        review_site: Site) -> None:
    review_site.sign_in("anna")
    page = review_site.client.get("/stellen/V1/pruefung").text
    assert "Matching starten" in page
    answer = review_site.client.post("/matching/starten", data={"csrf_token": _token(page)},
                                     headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert 'id="matching"' in answer.text and "<html" not in answer.text
    jobs = review_site.client.app.state.match_jobs  # type: ignore[attr-defined]
    jobs.wait("jc-a", timeout=60)
    status = review_site.client.get("/matching/stand")
    assert "Matching fertig" in status.text and "Vorschläge gespeichert" in status.text
    assert "every 1s" not in status.text  # no more polling once done
    # the run stored suggestions next to the kept ones: C1's stays, C2 is suggested too
    assert _state(review_site, "V1", "C2") is ProposalState.SUGGESTED


def test_a_vacancy_added_after_a_review_can_be_reviewed_at_once(review_site: Site) -> None:
    """The review keeps the caseload for a minute; a vacancy newer than that is read."""
    review_site.sign_in("anna")
    assert review_site.client.get("/stellen/V1/pruefung").status_code == 200
    import_dataset(review_site.runtime.unit_of_work("jc-a"), Dataset(
        vacancies=(vacancy("V4", "E1", title="Kassierer:in"),)))
    page = review_site.client.get("/stellen/V4/pruefung")
    assert page.status_code == 200 and "Kassierer:in" in page.text
    assert "Carla Eins" in page.text.split("Unter dem Strich", 1)[1]


def test_a_candidate_whose_case_ended_cannot_be_swapped_in(review_site: Site) -> None:
    """Out of the market (an ended case) is refused like a broken rule, and the review
    no longer lists the person below the line."""
    from passgenau.services.casework import end_case

    end_case(review_site.runtime.unit_of_work("jc-a"), "C2", TODAY)
    review_site.sign_in("anna")
    page = review_site.client.get("/stellen/V1/pruefung").text
    assert "Cem Zwei" not in page.split("Unter dem Strich", 1)[1]
    answer = review_site.client.post("/stellen/V1/pruefung/tauschen", data={
        "candidate_id": "C1", "version": "1", "replacement": "C2", "csrf_token": _token(page)})
    assert answer.status_code == 409
    assert "Verfügbarkeit: der Fall der Person ist beendet." in answer.text
    assert _state(review_site, "V1", "C1") is ProposalState.SUGGESTED
