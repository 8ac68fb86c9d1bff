"""The event pages in a real browser (Playwright driving Debian's chromium): create a job
fair through the form, preview an invitation by rules (HTMX puts the preview into the
page), confirm it, and check a candidate in. Skipped where chromium is not installed."""

from __future__ import annotations

import pytest

from .test_browser import CHROMIUM, server, signed_in

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
__all__ = ["server"]  # the served application's fixture


def test_create_an_event_preview_the_invitation_confirm_and_check_in(server: str) -> None:
    with signed_in(server) as page:
        page.get_by_role("link", name="Veranstaltungen").click()
        page.wait_for_url(server + "/veranstaltungen")
        page.get_by_label("Art").select_option("job_fair")
        page.get_by_label("Titel").fill("Jobmesse Waiblingen")
        page.get_by_label("Datum").fill("2027-03-04")
        page.get_by_label("Beginn").fill("09:00")
        page.get_by_label("Ende").fill("12:30")
        page.get_by_label("Koordinaten").fill("48.8303,9.3169")
        page.get_by_label("Kennung").fill("JM-1")
        page.get_by_label("Firma E1 (E1)").check()
        page.get_by_role("button", name="Veranstaltung anlegen").click()
        page.wait_for_url(server + "/veranstaltungen/JM-1")

        page.get_by_label("Deutsch mindestens").select_option("A2")
        page.get_by_role("button", name="Vorschau").click()
        confirm = page.get_by_role("button", name="2 Person(en) einladen")
        confirm.wait_for()  # swapped in by HTMX: still on the event's page
        assert page.url == server + "/veranstaltungen/JM-1"
        assert page.get_by_role("cell", name="Amira Haddad").is_visible()
        confirm.click()
        page.get_by_text("2 Person(en) neu eingeladen.").wait_for()

        row = page.get_by_role("row").filter(has_text="Amira Haddad")
        row.get_by_role("button", name="Einchecken").click()
        page.wait_for_load_state()
        row = page.get_by_role("row").filter(has_text="Amira Haddad")
        assert row.get_by_role("cell", name="teilgenommen").is_visible()
