"""In a real browser (Playwright driving Debian's chromium): sign in, open a vacancy, move
a proposal, and filter candidates through HTMX. Skipped where chromium is not installed
(``scripts/test`` installs it with apt when it runs as root)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from passgenau.config import Settings
from passgenau.domain.accounts import Role
from passgenau.domain.model import Dataset
from passgenau.domain.placement import Proposal
from passgenau.services.database import add_tenant
from passgenau.services.records import import_dataset
from passgenau.services.runtime import Runtime
from passgenau.services.users import add_user
from passgenau.web import create_app

from ..store.datasets import candidate, employer, vacancy
from .conftest import PASSWORD, TODAY

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The web application on loopback (plain HTTP, so no Secure cookie), in a thread."""
    import uvicorn

    runtime = Runtime(Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}",
                               data_dir=tmp_path, tenant="jc-a", cookie_secure=False))
    runtime.upgrade()
    add_tenant(runtime, "jc-a", "Jobcenter A")
    import_dataset(runtime.unit_of_work(), Dataset(
        employers=(employer("E1"),), vacancies=(vacancy("V1", "E1"),),
        candidates=(candidate("C1", name="Amira Haddad"), candidate("C2", name="Bo Berg")),
    ))
    uow = runtime.unit_of_work()
    with uow:
        uow.placements.add_proposal(Proposal("V1", "C1", rank=1),
                                    ("Arbeitsweg 21 Min. mit Bus und Bahn.",))
        uow.commit()
    add_user(runtime.accounts(), "anna", PASSWORD, Role.OFFICER, "jc-a")
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


def test_sign_in_open_a_vacancy_move_a_proposal_and_filter(server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(server + "/")
            assert page.url.endswith("/anmelden")
            page.get_by_label("Benutzername").fill("anna")
            page.get_by_label("Passwort").fill(PASSWORD)
            page.get_by_role("button", name="Anmelden").click()
            page.wait_for_url(server + "/")
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
        finally:
            browser.close()
