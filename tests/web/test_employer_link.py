"""The employer's page without an account over HTTP (SQLite and PostgreSQL): the signed
link (expired or altered: refused), no name before the candidate's consent for this
employer, feedback that moves the proposal, CSRF bound to the link, the audit log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from passgenau.config import Settings
from passgenau.domain.accounts import Role
from passgenau.domain.kldb import KldbCode
from passgenau.domain.model import Dataset, Occupation
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.services.audit import record_trail
from passgenau.services.consent import add_consent
from passgenau.services.database import add_tenant
from passgenau.services.employer_links import link_secret, make_link
from passgenau.services.followups import due_follow_ups
from passgenau.services.records import import_dataset
from passgenau.services.runtime import Runtime
from passgenau.services.users import add_user
from passgenau.services.workflow import list_proposals, move_proposal
from passgenau.web import create_app

from ..store.datasets import WAIBLINGEN, candidate, employer, vacancy
from .conftest import PASSWORD, TODAY, Site

SELLER = (Occupation(KldbCode("62102"), 3.0),)


@pytest.fixture
def link_site(database_url: str, tmp_path: Path) -> Iterator[Site]:
    """V1 of employer E1: C1 proposed to the employer (with consent for E1), C2 agreed
    to be proposed (state consented) but has no consent for E1 yet, C3 only suggested."""
    runtime = Runtime(Settings(database_url=database_url, data_dir=tmp_path, tenant="jc-a"))
    runtime.upgrade()
    for key in ("jc-a", "jc-b"):
        add_tenant(runtime, key, key)
    import_dataset(runtime.unit_of_work("jc-a"), Dataset(
        employers=(employer("E1", name="Bäckerei Sonne"),),
        vacancies=(vacancy("V1", "E1", title="Verkäufer:in Backwaren"),),
        candidates=tuple(candidate(c, name=n, home=WAIBLINGEN, occupations=SELLER,
                                   birth_year=1990, email=f"{c.lower()}@mail.example")
                         for c, n in (("C1", "Amira Haddad"), ("C2", "Bogdan Petrov"),
                                      ("C3", "Chen Li"))),
    ))
    uow = runtime.unit_of_work("jc-a")
    with uow:
        for rank, c in enumerate(("C1", "C2", "C3"), start=1):
            uow.placements.add_proposal(Proposal("V1", c, rank=rank), ())
        uow.commit()
    add_consent(runtime.unit_of_work("jc-a"), "C1", "Profil an Bäckerei Sonne", TODAY,
                employer_id="E1")
    for c, states in (("C1", ("prepared", "consented", "proposed")),
                      ("C2", ("prepared", "consented"))):
        for s in states:
            move_proposal(runtime.unit_of_work("jc-a"), "V1", c, ProposalState(s), on=TODAY)
    add_user(runtime.accounts(), "anna", PASSWORD, Role.OFFICER, "jc-a")
    with TestClient(create_app(runtime, today=lambda: TODAY),
                    base_url="https://testserver") as client:
        yield Site(runtime, client)
    runtime.close()


def _link_path(site: Site) -> str:
    """The link as the vacancy page's button makes it (then signed out: no account)."""
    site.sign_in("anna")
    page = site.client.get("/stellen/V1").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    made = site.client.post("/stellen/V1/arbeitgeberlink",
                            data={"days": "14", "csrf_token": token})
    assert made.status_code == 200
    url = re.search(r'value="(https://testserver/arbeitgeber/[^"]+)"', made.text)
    assert url, made.text
    site.client.cookies.clear()
    return url.group(1).removeprefix("https://testserver")


def _state(site: Site, candidate_id: str) -> ProposalState:
    views = list_proposals(site.runtime.unit_of_work("jc-a"), vacancy_id="V1",
                           candidate_id=candidate_id)
    return views[0].state


def _form(page: str, button: str, number: int = 0) -> dict[str, str]:
    """The hidden fields of the ``number``-th form whose button says ``button``."""
    forms = [f for f in re.findall(r"<form.*?</form>", page, re.S) if button in f]
    fields = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', forms[number]))
    action = re.search(r'action="([^"]+)"', forms[number]).group(1)  # type: ignore[union-attr]
    return {"_action": action, **fields}


def test_the_page_shows_consented_candidates_and_names_only_with_consent(
        link_site: Site) -> None:
    path = _link_path(link_site)
    page = link_site.client.get(path)
    assert page.status_code == 200
    text = page.text
    assert "Verkäufer:in Backwaren" in text and "Bäckerei Sonne" in text
    assert "Amira Haddad" in text  # consent for E1 recorded
    assert "Bogdan Petrov" not in text and "Person 2" in text  # consented, no consent for E1
    assert "Chen Li" not in text and "Person 3" not in text  # only suggested: not shown
    shown = re.sub(r"[A-Za-z0-9_.\-]{20,}", "", text)  # not inside random tokens (CSRF, link)
    for private in ("1990", "@mail.example", "Waiblingen", "71332", "C1", "C2"):
        assert private not in shown, private
    add_consent(link_site.runtime.unit_of_work("jc-a"), "C2", "Profil an Bäckerei Sonne",
                TODAY, employer_id="E1")
    assert "Bogdan Petrov" in link_site.client.get(path).text


def test_every_view_through_the_link_is_in_the_audit_log(link_site: Site) -> None:
    path = _link_path(link_site)
    link_site.client.get(path)
    for c, fields in (("C1", {"name", "profile"}), ("C2", {"profile"})):
        lines = record_trail(link_site.runtime.unit_of_work("jc-a"), f"candidate:{c}")
        views = [x for x in lines if x.action == "view" and x.actor.startswith("employer link ")]
        assert {x.field for x in views} == fields, c  # the name only where it was shown
    lines = record_trail(link_site.runtime.unit_of_work("jc-a"), "candidate:C3")
    assert not [x for x in lines if x.actor.startswith("employer link ")]  # not shown


def test_inviting_moves_the_proposal_to_the_interview_and_books_the_slot(
        link_site: Site) -> None:
    path = _link_path(link_site)
    page = link_site.client.get(path).text
    form = _form(page, "Zum Gespräch einladen")
    slot = re.search(r'name="slot" value="([^"]+)" checked', page).group(1)  # type: ignore[union-attr]
    answer = link_site.client.post(form.pop("_action"), data={**form, "slot": slot},
                                   follow_redirects=False)
    assert answer.status_code == 303
    assert _state(link_site, "C1") is ProposalState.INTERVIEW
    assert "Danke! Die Einladung" in link_site.client.get(answer.headers["location"]).text
    due = due_follow_ups(link_site.runtime.unit_of_work("jc-a"),
                         link_site.runtime.settings.routing, TODAY + timedelta(days=10))
    assert [f.candidate_id for f in due] == ["C1"]
    trail = record_trail(link_site.runtime.unit_of_work("jc-a"), "proposal:V1/C1")
    state = [x for x in trail if x.field == "state"][-1]
    assert state.actor.startswith("employer link ") and state.new == "interview"


def test_declining_rejects_the_proposal_with_the_employer_s_reason(link_site: Site) -> None:
    path = _link_path(link_site)
    form = _form(link_site.client.get(path).text, "Passt nicht")
    action = form.pop("_action")
    answer = link_site.client.post(action, data={
        **form, "reason": "Wir brauchen Frühschicht"}, follow_redirects=False)
    assert answer.status_code == 303
    assert _state(link_site, "C1") is ProposalState.REJECTED
    views = list_proposals(link_site.runtime.unit_of_work("jc-a"), vacancy_id="V1",
                           candidate_id="C1")
    assert views[0].reason is not None and views[0].reason.value == "employer_declined"
    assert views[0].has_note
    again = link_site.client.post(action, data=form)  # shown no more: unknown reference
    assert again.status_code == 404


def test_a_feedback_form_without_the_link_s_csrf_token_is_refused(link_site: Site) -> None:
    path = _link_path(link_site)
    form = _form(link_site.client.get(path).text, "Passt nicht")
    action = form.pop("_action")
    for token in ("", "falsch"):
        answer = link_site.client.post(action, data={**form, "csrf_token": token})
        assert answer.status_code == 403 and "Sicherheitsmerkmal" in answer.text
    assert _state(link_site, "C1") is ProposalState.PROPOSED


def test_an_altered_or_expired_link_is_refused(link_site: Site) -> None:
    path = _link_path(link_site)
    token = path.rsplit("/", 1)[1]
    altered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    answer = link_site.client.get(f"/arbeitgeber/{altered}")
    assert answer.status_code == 403 and "ungültig oder wurde verändert" in answer.text
    assert "Amira" not in answer.text
    secret = link_secret(link_site.runtime.settings)
    old = make_link(link_site.runtime.unit_of_work("jc-a"), secret, "V1",
                    datetime.now(UTC) - timedelta(days=20), days=14)
    expired = link_site.client.get(old.path)
    assert expired.status_code == 410 and "abgelaufen" in expired.text
    assert "Amira" not in expired.text
    post = link_site.client.post(old.path + "/absagen", data={"ref": "x", "csrf_token": "y"})
    assert post.status_code == 410


def test_a_link_for_another_jobcenter_s_vacancy_cannot_be_made(link_site: Site) -> None:
    """Making a link checks the vacancy in the maker's tenant (404 like a missing one)."""
    from passgenau.domain.errors import NotFound

    secret = link_secret(link_site.runtime.settings)
    with pytest.raises(NotFound):
        make_link(link_site.runtime.unit_of_work("jc-b"), secret, "V1", datetime.now(UTC))


def test_shortlist_link_prints_a_link_the_web_accepts(
        link_site: Site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`passgenau shortlist link V1` on the same database and data directory: the printed
    path opens the employer's page; an unknown vacancy exits with 2."""
    from typer.testing import CliRunner

    from passgenau import cli

    settings = link_site.runtime.settings
    monkeypatch.setenv("PASSGENAU_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("PASSGENAU_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PASSGENAU_TENANT", "jc-a")
    monkeypatch.setenv("PASSGENAU_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    monkeypatch.setattr(cli._state, "runtime", None)
    runner = CliRunner()
    made = runner.invoke(cli.app, ["shortlist", "link", "V1", "--days", "3"])
    assert made.exit_code == 0, made.stderr
    path = made.stdout.strip()
    assert path.startswith("/arbeitgeber/")
    page = link_site.client.get(path)
    assert page.status_code == 200 and "Amira Haddad" in page.text
    missing = runner.invoke(cli.app, ["shortlist", "link", "V9"])
    assert missing.exit_code == 2 and "V9" in missing.stderr


def test_an_interview_time_in_the_past_is_refused_in_german(link_site: Site) -> None:
    path = _link_path(link_site)
    form = _form(link_site.client.get(path).text, "Zum Gespräch einladen")
    action = form.pop("_action")
    for other in ("2020-01-01T10:00", "morgen früh"):
        answer = link_site.client.post(action, data={**form, "slot_other": other})
        assert answer.status_code == 400 and "Termin ungültig" in answer.text
    assert _state(link_site, "C1") is ProposalState.PROPOSED
    own = link_site.client.post(action, data={**form, "slot_other": "2026-12-15T09:30"},
                                follow_redirects=False)
    assert own.status_code == 303 and _state(link_site, "C1") is ProposalState.INTERVIEW
