"""The web application over HTTP (FastAPI's TestClient), on SQLite and PostgreSQL: sign-in,
the tenant wall, CSRF, escaping, throttling, and a refused move in German."""

from __future__ import annotations

import re

from passgenau.web.app import SESSION_COOKIE

from .conftest import EVIL_NAME, Site


def test_without_a_session_the_start_page_redirects_to_the_sign_in(site: Site) -> None:
    """GET / without a session answers 303 to /anmelden (the issue's contract)."""
    answer = site.client.get("/", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/anmelden"


def test_sign_in_sets_a_secure_session_and_opens_the_dashboard(site: Site) -> None:
    """The right password signs in; the cookie is Secure, HttpOnly and SameSite=Lax."""
    answer = site.sign_in("anna")
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "httponly" in cookie.lower() and "secure" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    page = site.client.get("/")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert "Übersicht" in page.text and "Stellen ohne volle Vorschlagsliste" in page.text


def test_wrong_password_is_refused_without_saying_which_part_is_wrong(site: Site) -> None:
    answer = site.sign_in("anna", "falsch-falsch")
    assert answer.status_code == 400
    assert "Benutzername oder Passwort ist falsch." in answer.text
    assert site.sign_in("niemand").status_code == 400


def test_sign_in_is_throttled_after_repeated_failures(site: Site) -> None:
    """After five failures even the right password is refused for a while."""
    for _ in range(4):
        assert site.sign_in("anna", "falsch-falsch").status_code == 400
    assert site.sign_in("anna", "falsch-falsch").status_code == 429
    answer = site.sign_in("anna")
    assert answer.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldungen" in answer.text
    assert site.sign_in("bernd").status_code == 303  # other accounts are not affected


def test_a_user_of_jobcenter_a_gets_404_for_jobcenter_b_s_records(site: Site) -> None:
    """Another tenant's candidate, vacancy and trail answer exactly like missing ones."""
    site.sign_in("anna")
    assert site.client.get("/kandidaten/AC1").status_code == 200
    other = site.client.get("/kandidaten/BC1")
    missing = site.client.get("/kandidaten/GIBTESNICHT")
    assert other.status_code == missing.status_code == 404
    assert other.text == missing.text
    assert "Bodo" not in other.text
    assert site.client.get("/stellen/BV1").status_code == 404
    assert site.client.get("/protokoll/candidate/BC1").status_code == 404
    assert "BC1" not in site.client.get("/kandidaten").text


def test_a_form_without_or_with_a_wrong_csrf_token_is_refused(site: Site) -> None:
    site.sign_in("anna")
    form = {"target": "prepared", "version": "1", "back": "/vorschlaege"}
    for token in (None, "falsch"):
        data = form if token is None else {**form, "csrf_token": token}
        answer = site.client.post("/vorschlaege/AV1/AC1/bewegen", data=data,
                                  follow_redirects=False)
        assert answer.status_code == 403
        assert "CSRF" in answer.text
    board = site.client.get("/vorschlaege").text
    assert "vorgeschlagen (Matching) (1)" in board  # nothing moved
    no_token = site.client.post("/anmelden", data={"username": "anna", "password": "x"})
    assert no_token.status_code == 403


def test_html_in_a_candidate_name_is_shown_escaped(site: Site) -> None:
    site.sign_in("anna")
    for path in ("/kandidaten/AC1", "/kandidaten", "/stellen/AV1"):
        text = site.client.get(path).text
        assert EVIL_NAME not in text, path
        assert "&lt;script&gt;" in text, path


def test_the_vacancy_shows_its_shortlist_with_explanations_and_a_move(site: Site) -> None:
    site.sign_in("anna")
    page = site.client.get("/stellen/AV1").text
    assert "Der Arbeitsweg dauert 25 Minuten." in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    answer = site.client.post("/vorschlaege/AV1/AC1/bewegen", data={
        "target": "prepared", "version": "1", "back": "/stellen/AV1", "csrf_token": token,
    }, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/stellen/AV1"
    assert "vorbereitet" in site.client.get("/stellen/AV1").text
    trail = site.client.get("/protokoll/proposal/AV1/AC1")
    assert trail.status_code == 200 and "anna" in trail.text


def test_a_stale_move_is_refused_with_a_german_message(site: Site) -> None:
    """A form read before someone else's move names an old version: refused, in German."""
    site.sign_in("anna")
    token = site.csrf("/stellen/AV1")
    first = {"target": "prepared", "version": "1", "csrf_token": token}
    assert site.client.post("/vorschlaege/AV1/AC1/bewegen", data=first,
                            follow_redirects=False).status_code == 303
    stale = {"target": "withdrawn", "reason": "other", "version": "1", "csrf_token": token}
    answer = site.client.post("/vorschlaege/AV1/AC1/bewegen", data=stale)
    assert answer.status_code == 409
    assert "inzwischen von jemand anderem geändert" in answer.text
    assert "Traceback" not in answer.text


def test_an_illegal_move_and_a_read_only_role_are_refused_with_reasons(site: Site) -> None:
    site.sign_in("anna")
    token = site.csrf("/stellen/AV1")
    answer = site.client.post("/vorschlaege/AV1/AC1/bewegen", data={
        "target": "hired", "version": "1", "csrf_token": token})
    assert answer.status_code == 409 and "nicht erlaubt" in answer.text
    site.client.cookies.clear()
    site.sign_in("lea")
    token = site.csrf("/stellen/AV1")
    answer = site.client.post("/vorschlaege/AV1/AC1/bewegen", data={
        "target": "prepared", "version": "1", "csrf_token": token})
    assert answer.status_code == 403
    assert "Ihre Rolle (Leitung) darf Vorschläge bewegen nicht." in answer.text


def test_every_view_of_a_candidate_is_in_the_audit_log(site: Site) -> None:
    """Who saw which candidate, and when: the profile view is logged under the user."""
    site.sign_in("anna")
    site.client.get("/kandidaten/AC2")
    trail = site.client.get("/protokoll/candidate/AC2").text
    assert "view" in trail and "anna" in trail


def test_the_candidate_list_filters_and_answers_htmx_with_the_results_only(site: Site) -> None:
    site.sign_in("anna")
    full = site.client.get("/kandidaten?level=A2")
    assert "<html" in full.text and "AC1" in full.text
    assert "<td>A2</td>" in full.text  # the level's name, not its number
    part = site.client.get("/kandidaten?level=B2", headers={"HX-Request": "true"})
    assert "<html" not in part.text and "0 gefunden" in part.text
