"""In a real browser (Playwright driving Debian's chromium): sign in, open a vacancy, move
a proposal, and filter candidates through HTMX. Skipped where chromium is not installed
(``scripts/test`` installs it with apt when it runs as root)."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from passgenau.config import Settings
from passgenau.domain.accounts import Role
from passgenau.domain.kldb import KldbCode
from passgenau.domain.model import Dataset, Occupation
from passgenau.domain.placement import Proposal
from passgenau.services.consent import add_consent
from passgenau.services.database import add_tenant
from passgenau.services.records import import_dataset
from passgenau.services.runtime import Runtime
from passgenau.services.users import add_user
from passgenau.web import create_app

from ..store.datasets import WAIBLINGEN, candidate, employer, vacancy
from .conftest import PASSWORD, TODAY

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


@contextmanager
def signed_in(server: str, username: str = "anna", console: list[str] | None = None
              ) -> Iterator[Any]:
    """A page of a fresh chromium signed in through the form as ``username`` (the start
    page without a session leads to the sign-in first); the browser closes at the end.
    ``console`` collects what the page writes to the browser's console."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            if console is not None:
                page.on("console", lambda m: console.append(m.text))
            page.goto(server + "/")
            assert page.url.endswith("/anmelden")
            page.get_by_label("Benutzername").fill(username)
            page.get_by_label("Passwort").fill(PASSWORD)
            page.get_by_role("button", name="Anmelden").click()
            page.wait_for_url(server + "/")
            yield page
        finally:
            browser.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(runtime: Runtime) -> Iterator[str]:
    """The application on loopback in a thread, until the test ends."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(create_app(runtime, today=lambda: TODAY), host="127.0.0.1",
                            port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if uv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)
    runtime.close()


def _runtime(tmp_path: Path) -> Runtime:
    """A database of its own, plain HTTP (so no Secure cookie), with the officer anna."""
    runtime = Runtime(Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}",
                               data_dir=tmp_path, tenant="jc-a", cookie_secure=False))
    runtime.upgrade()
    add_tenant(runtime, "jc-a", "Jobcenter A")
    add_user(runtime.accounts(), "anna", PASSWORD, Role.OFFICER, "jc-a")
    return runtime


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The web application on loopback (plain HTTP, so no Secure cookie), in a thread."""
    runtime = _runtime(tmp_path)
    import_dataset(runtime.unit_of_work(), Dataset(
        employers=(employer("E1"),), vacancies=(vacancy("V1", "E1"),),
        candidates=(candidate("C1", name="Amira Haddad"), candidate("C2", name="Bo Berg")),
    ))
    uow = runtime.unit_of_work()
    with uow:
        uow.placements.add_proposal(Proposal("V1", "C1", rank=1),
                                    ("Arbeitsweg 21 Min. mit Bus und Bahn.",))
        uow.commit()
    yield from _serve(runtime)


@pytest.fixture
def matching_server(tmp_path: Path) -> Iterator[str]:
    """A sales vacancy V1 at E1 with two fitting candidates and nothing proposed yet;
    Amira Haddad has consented to be proposed to E1."""
    runtime = _runtime(tmp_path)
    seller = (Occupation(KldbCode("62102"), 3.0),)
    import_dataset(runtime.unit_of_work(), Dataset(
        employers=(employer("E1", name="Bäckerei Sonne"),),
        vacancies=(vacancy("V1", "E1", title="Verkäufer:in", shortlist_size=3),),
        candidates=(candidate("C1", name="Amira Haddad", home=WAIBLINGEN, occupations=seller),
                    candidate("C2", name="Bo Berg", home=WAIBLINGEN, occupations=seller)),
    ))
    add_consent(runtime.unit_of_work(), "C1", "Profil an Bäckerei Sonne", TODAY,
                employer_id="E1")
    yield from _serve(runtime)


def test_sign_in_open_a_vacancy_move_a_proposal_and_filter(server: str) -> None:
    with signed_in(server) as page:
        assert page.get_by_role("heading", name="Übersicht").is_visible()

        page.goto(server + "/stellen/V1")
        assert page.get_by_text("Arbeitsweg 21 Min. mit Bus und Bahn.").is_visible()
        page.get_by_label("Nächster Schritt").select_option("prepared")
        page.get_by_role("button", name="Bewegen").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="Amira Haddad (C1) – vorbereitet") \
            .is_visible()

        page.goto(server + "/kandidaten")
        assert page.get_by_role("link", name="C2").is_visible()
        page.get_by_label("Sprachniveau").select_option("B2")  # HTMX swaps the list
        page.get_by_text("0 gefunden").wait_for()
        assert page.get_by_role("link", name="C2").count() == 0


def test_review_and_confirm_a_shortlist_hire_and_the_employer_s_feedback(
        matching_server: str) -> None:
    """Sign in, run the matching (in the background, the page polls its status), confirm
    the shortlist, move Amira's proposal on to the employer, open the employer link in a
    browser without a session and invite her, then record the hire."""
    server = matching_server
    with signed_in(server) as page:

        page.goto(server + "/stellen/V1")
        page.get_by_role("link", name="Vorschlagsliste prüfen").click()
        page.get_by_role("button", name="Matching starten").click()  # HTMX, polled
        page.get_by_text("Matching fertig").wait_for(timeout=30_000)
        page.reload()
        shortlist = page.locator("ol.shortlist")
        assert shortlist.get_by_role("link", name="Amira Haddad").is_visible()
        assert shortlist.get_by_role("link", name="Bo Berg").is_visible()
        page.get_by_role("button", name="Vorschlagsliste bestätigen").click()
        page.wait_for_url(server + "/stellen/V1")
        amira = page.locator("li", has=page.get_by_role("heading", name=re.compile(
            "Amira Haddad")))
        assert "vorbereitet" in amira.get_by_role("heading").inner_text()

        for target in ("consented", "proposed"):
            amira.get_by_label("Nächster Schritt").select_option(target)
            amira.get_by_role("button", name="Bewegen").click()
            page.wait_for_load_state()
        assert "dem Arbeitgeber vorgeschlagen" in amira.get_by_role("heading").inner_text()

        page.get_by_role("button", name="Link für den Arbeitgeber erstellen").click()
        link = page.get_by_label("Link").input_value()
        assert "/arbeitgeber/" in link

        employer_view = page.context.browser.new_context().new_page()  # no session: no account
        employer_view.goto(link)
        assert employer_view.get_by_role("heading", name="Amira Haddad").is_visible()
        assert employer_view.get_by_text("Bo Berg").count() == 0
        employer_view.get_by_role("button", name="Zum Gespräch einladen").click()
        employer_view.get_by_text("Danke! Die Einladung").wait_for()

        page.goto(server + "/stellen/V1")
        amira = page.locator("li", has=page.get_by_role("heading", name=re.compile(
            "Amira Haddad")))
        assert "Kennenlerngespräch" in amira.get_by_role("heading").inner_text()
        amira.get_by_label("Nächster Schritt").select_option("hired")
        amira.get_by_role("button", name="Bewegen").click()
        page.wait_for_load_state()
        amira = page.locator("li", has=page.get_by_role("heading", name=re.compile(
            "Amira Haddad")))
        assert "eingestellt" in amira.get_by_role("heading").inner_text()
