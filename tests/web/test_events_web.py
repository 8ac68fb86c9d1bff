"""The event pages over HTTP (FastAPI's TestClient), on SQLite and PostgreSQL: create an
event, invite by rules (preview, then confirm), register and check in, a lead that makes
and moves a proposal, the letter and the calendar file, the tenant wall, CSRF, the
read-only role, escaping, and the e-mail button."""

from __future__ import annotations

import re
from dataclasses import replace

from icalendar import Calendar

from passgenau.domain import Dataset
from passgenau.domain.accounts import Role
from passgenau.services.mail import SmtpSettings
from passgenau.services.records import import_dataset
from passgenau.services.users import add_user

from ..events.conftest import Inbox, smtp
from ..store.datasets import candidate
from .conftest import EVIL_NAME, Site

__all__ = ["smtp"]  # the local SMTP server's fixture

#: Waiblingen, where the fixture's employer AE1 is.
FORM = {"kind": "job_fair", "title": "Jobmesse Waiblingen", "day": "2027-03-04",
        "start": "09:00", "end": "12:30", "venue": "Bürgerzentrum, An der Talaue 4",
        "postcode": "71332", "municipality": "Waiblingen", "coordinates": "48.8303,9.3169",
        "capacity": "", "event_id": "JM-1", "employers": "AE1"}


def token(site: Site, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', site.client.get(path).text)
    assert found, path
    return found.group(1)


def create(site: Site, **changes: object) -> str:
    """Create an event through the form; its page's path."""
    data = {**FORM, **changes, "csrf_token": token(site, "/veranstaltungen")}
    answer = site.client.post("/veranstaltungen", data=data, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def invite_all(site: Site, path: str) -> None:
    """Invite everyone with German A2 or better (both of Jobcenter A's candidates)."""
    answer = site.client.post(f"{path}/einladen", data={
        "niveau": "A2", "csrf_token": token(site, path)}, follow_redirects=False)
    assert answer.status_code == 303


def act(site: Site, path: str, candidate_id: str, action: str):  # type: ignore[no-untyped-def]
    return site.client.post(f"{path}/liste", data={
        "candidate_id": candidate_id, "action": action, "csrf_token": token(site, path)},
        follow_redirects=False)


def row(page: str, candidate_id: str) -> str:
    """The list's table row of one candidate."""
    found = re.search(rf'<tr>\s*<td><a href="/kandidaten/{candidate_id}">.*?</tr>', page,
                      re.S)
    assert found, candidate_id
    return found.group(0)


def test_an_event_is_created_and_listed_with_its_counts(site: Site) -> None:
    site.sign_in("anna")
    assert 'href="/veranstaltungen"' in site.client.get("/").text  # the navigation
    assert create(site) == "/veranstaltungen/JM-1"
    page = site.client.get("/veranstaltungen/JM-1").text
    assert "Jobmesse Waiblingen" in page and "04.03.2027, 09:00–12:30 Uhr" in page
    assert "Firma AE1 (AE1)" in page
    listing = site.client.get("/veranstaltungen").text
    assert "Jobmesse Waiblingen" in listing and "<td>Jobmesse</td>" in listing
    assert "<td>0</td><td>0</td><td>0</td><td>0</td>" in listing  # nobody invited yet


def test_an_id_is_made_and_the_place_found_from_the_postcode(site: Site) -> None:
    site.sign_in("anna")
    path = create(site, event_id="", coordinates="", kind="info_session")
    assert path == "/veranstaltungen/GI-2027-03-04"
    assert create(site, event_id="", kind="info_session") == "/veranstaltungen/GI-2027-03-04-2"


def test_a_bad_form_is_refused_in_german_and_keeps_what_was_typed(site: Site) -> None:
    site.sign_in("anna")
    data = {**FORM, "end": "08:00", "coordinates": "", "postcode": "", "municipality": "",
            "title": "Messe <b>fett</b>", "csrf_token": token(site, "/veranstaltungen")}
    answer = site.client.post("/veranstaltungen", data=data)
    assert answer.status_code == 400
    assert "Ende: muss nach dem Beginn (09:00) liegen." in answer.text
    assert "Ort: bitte Postleitzahl oder Gemeinde" in answer.text
    assert 'value="Messe &lt;b&gt;fett&lt;/b&gt;"' in answer.text
    assert "Noch keine Veranstaltungen." in answer.text
    create(site)
    for changes, message in (({"event_id": "JM-1"}, "Kennung: „JM-1“ ist schon vergeben."),
                             ({"event_id": "../x"}, "Kennung: nur Buchstaben"),
                             ({"event_id": "JM-9", "employers": "BE1"},
                              "einer der gewählten Arbeitgeber existiert nicht"),
                             ({"capacity": "0"}, "Plätze: eine ganze Zahl ab 1")):
        data = {**FORM, **changes, "csrf_token": token(site, "/veranstaltungen")}
        answer = site.client.post("/veranstaltungen", data=data)
        assert answer.status_code == 400 and message in answer.text, changes


def test_the_invitation_is_previewed_before_it_is_confirmed(site: Site) -> None:
    site.sign_in("anna")
    path = create(site)
    preview = site.client.get(f"{path}/einladen?niveau=A2&wohnort=Backnang")
    assert preview.status_code == 200
    assert "Deutsch mindestens A2" in preview.text and "Wohnort Backnang" in preview.text
    assert "AC1" in preview.text and "AC2" in preview.text
    assert "2 Person(en) einladen" in preview.text
    assert "Noch niemand auf der Liste." in site.client.get(path).text  # nothing yet
    part = site.client.get(f"{path}/einladen?niveau=B2", headers={"HX-Request": "true"})
    assert "<html" not in part.text and "Niemand neu einzuladen." in part.text
    answer = site.client.post(f"{path}/einladen", data={
        "niveau": "A2", "wohnort": "Backnang", "csrf_token": token(site, path)},
        follow_redirects=False)
    assert answer.headers["location"] == f"{path}?eingeladen=2"
    page = site.client.get(answer.headers["location"]).text
    assert "2 Person(en) neu eingeladen." in page
    assert "eingeladen" in row(page, "AC1") and "eingeladen" in row(page, "AC2")
    again = site.client.get(f"{path}/einladen?niveau=A2").text
    assert "Niemand neu einzuladen." in again


def test_a_rule_that_is_not_one_is_refused(site: Site) -> None:
    site.sign_in("anna")
    path = create(site)
    assert site.client.get(f"{path}/einladen").status_code == 400
    answer = site.client.get(f"{path}/einladen?kurs_wochen=999")
    assert answer.status_code == 400 and "ungültig" in answer.text


def test_register_and_check_in_until_the_places_are_taken(site: Site) -> None:
    site.sign_in("anna")
    path = create(site, capacity="1")
    invite_all(site, path)
    assert act(site, path, "AC1", "anmelden").status_code == 303
    page = site.client.get(path).text
    assert "angemeldet" in row(page, "AC1") and "06.12.2026" in row(page, "AC1")
    full = act(site, path, "AC2", "anmelden")
    assert full.status_code == 409
    assert "Alle Plätze dieser Veranstaltung sind vergeben." in full.text
    assert act(site, path, "AC2", "einchecken").status_code == 303  # walk-ins come in
    page = site.client.get(path).text
    assert "teilgenommen" in row(page, "AC2")
    assert "<td>2</td><td>2</td><td>1</td><td>0</td>" in site.client.get(
        "/veranstaltungen").text  # invited, registered or came, came, leads


def test_a_lead_makes_a_proposal_and_a_second_one_moves_it(site: Site) -> None:
    site.sign_in("anna")
    path = create(site)
    assert act(site, path, "AC2", "einchecken").status_code == 303
    for outcome, state in (("interview", "Kennenlerngespräch"), ("hired", "eingestellt")):
        answer = site.client.post(f"{path}/kontakte", data={
            "candidate_id": "AC2", "employer_id": "AE1", "vacancy_id": "AV1",
            "outcome": outcome, "csrf_token": token(site, path)}, follow_redirects=False)
        assert answer.status_code == 303, answer.text
        proposals = site.client.get("/kandidaten/AC2").text
        assert f"<td>{state}</td>" in proposals, outcome
    page = site.client.get(path).text
    assert "<td>Einstellung</td>" in page and "<td>Kennenlerngespräch</td>" in page


def test_a_lead_for_someone_not_checked_in_is_refused(site: Site) -> None:
    site.sign_in("anna")
    path = create(site)
    answer = site.client.post(f"{path}/kontakte", data={
        "candidate_id": "AC1", "employer_id": "AE1", "outcome": "interview",
        "csrf_token": token(site, path)})
    assert answer.status_code == 409 and "nicht eingecheckt" in answer.text


def test_the_letter_is_a_pdf_and_its_download_is_logged(site: Site) -> None:
    site.sign_in("anna")
    path = create(site)
    invite_all(site, path)
    for language in ("", "uk", "de"):
        answer = site.client.get(f"{path}/einladung/AC1.pdf?sprache={language}")
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/pdf"
        assert answer.content.startswith(b"%PDF")
    assert site.client.get(f"{path}/einladung/AC1.pdf?sprache=xx").status_code == 400
    chosen = site.client.get(f"{path}/einladung?person=AC2&sprache=ar")  # the page's form
    assert chosen.status_code == 200 and chosen.content.startswith(b"%PDF")
    trail = site.client.get("/protokoll/candidate/AC1").text
    assert "view" in trail and "invitation_letter" in trail


def test_the_calendar_file_parses_as_the_event(site: Site) -> None:
    site.sign_in("anna")
    path = create(site)
    answer = site.client.get(f"{path}/kalender.ics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(
        "text/calendar")
    (entry,) = Calendar.from_ical(answer.content).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Jobmesse Waiblingen (Jobmesse)"
    assert entry.decoded("DTSTART").strftime("%Y-%m-%d %H:%M") == "2027-03-04 09:00"
    assert "Waiblingen" in str(entry["LOCATION"])


def test_another_jobcenter_s_event_answers_404(site: Site) -> None:
    site.sign_in("anna")
    path = create(site)
    invite_all(site, path)
    site.client.cookies.clear()
    site.sign_in("bernd")
    missing = site.client.get("/veranstaltungen/GIBTESNICHT")
    for sub in ("", "/kalender.ics", "/einladung/AC1.pdf", "/einladen?niveau=A2",
                "/zeitplan?runden=2"):
        answer = site.client.get(path + sub)
        assert answer.status_code == 404, sub
        assert "Jobmesse Waiblingen" not in answer.text
    assert site.client.get("/veranstaltungen/GIBTESNICHT").text == missing.text
    assert "Jobmesse Waiblingen" not in site.client.get("/veranstaltungen").text
    answer = site.client.post(f"{path}/liste", data={
        "candidate_id": "AC1", "action": "einchecken",
        "csrf_token": token(site, "/veranstaltungen")}, follow_redirects=False)
    assert answer.status_code == 404
    assert site.client.get("/stellen/AV1/vorstellungstag").status_code == 404


def test_a_form_without_or_with_a_wrong_csrf_token_is_refused(site: Site) -> None:
    site.sign_in("anna")
    for bad in ({}, {"csrf_token": "falsch"}):
        answer = site.client.post("/veranstaltungen", data={**FORM, **bad})
        assert answer.status_code == 403 and "CSRF" in answer.text
    path = create(site)
    answer = site.client.post(f"{path}/einladen", data={"niveau": "A2",
                                                        "csrf_token": "falsch"})
    assert answer.status_code == 403
    answer = site.client.post(f"{path}/liste", data={"candidate_id": "AC1",
                                                     "action": "einchecken"})
    assert answer.status_code == 403
    assert "Noch niemand auf der Liste." in site.client.get(path).text
    assert site.client.get("/veranstaltungen").text.count("Jobmesse Waiblingen") == 1


def test_management_reads_events_but_changes_nothing(site: Site) -> None:
    site.sign_in("anna")
    path = create(site)
    invite_all(site, path)
    site.client.cookies.clear()
    site.sign_in("lea")
    listing = site.client.get("/veranstaltungen")
    assert listing.status_code == 200 and "Neue Veranstaltung" not in listing.text
    page = site.client.get(path)
    assert page.status_code == 200
    assert "Einladen nach Regeln" not in page.text and "Einchecken" not in page.text
    assert site.client.get(f"{path}/kalender.ics").status_code == 200
    answer = site.client.post("/veranstaltungen", data={
        **FORM, "event_id": "JM-2", "csrf_token": token(site, "/veranstaltungen")})
    assert answer.status_code == 403
    assert "Ihre Rolle (Leitung) darf Veranstaltungen anlegen nicht." in answer.text
    assert act(site, path, "AC1", "einchecken").status_code == 403
    assert site.client.get(f"{path}/einladen?niveau=A2").status_code == 403


def test_a_partner_sees_no_events(site: Site) -> None:
    add_user(site.runtime.accounts(), "paula", "richtig-geheim-1", Role.PARTNER, "jc-a")
    site.sign_in("paula")
    assert site.client.get("/veranstaltungen").status_code == 403


def test_html_in_names_and_titles_is_shown_escaped(site: Site) -> None:
    site.sign_in("anna")
    path = create(site, title='<img src=x onerror="alert(1)">Messe')
    invite_all(site, path)
    assert act(site, path, "AC1", "einchecken").status_code == 303
    for sub in ("", "/einladen?niveau=A2"):
        text = site.client.get(path + sub).text
        assert EVIL_NAME not in text and "&lt;script&gt;" in text, sub
    for view in (path, "/veranstaltungen"):
        text = site.client.get(view).text
        assert "<img src=x" not in text and "&lt;img src=x" in text
    assert "view" in site.client.get("/protokoll/candidate/AC1").text


def test_the_e_mail_button_says_when_e_mail_is_not_configured(site: Site) -> None:
    site.sign_in("anna")
    path = create(site)
    page = site.client.get(path).text
    assert "E-Mail-Versand ist nicht eingerichtet" in page
    answer = site.client.post(f"{path}/senden", data={"csrf_token": token(site, path)})
    assert answer.status_code == 409 and "nicht eingerichtet" in answer.text


def test_invitations_are_sent_through_the_configured_relay(
        site: Site, smtp: tuple[Inbox, SmtpSettings]) -> None:
    """Of three invited, the one with an address gets the letter and the .ics."""
    inbox, config = smtp
    import_dataset(site.runtime.unit_of_work("jc-a"), Dataset(candidates=(
        candidate("AC3", name="Olena K.", email="olena@example.org", languages=("uk",)),)))
    site.runtime.settings = replace(site.runtime.settings, smtp_host=config.host,
                                    smtp_port=config.port, smtp_sender=config.sender)
    site.sign_in("anna")
    path = create(site)
    invite_all(site, path)
    assert "Einladungen per E-Mail senden</button>" in site.client.get(path).text
    answer = site.client.post(f"{path}/senden", data={"csrf_token": token(site, path)},
                              follow_redirects=False)
    assert answer.status_code == 303
    page = site.client.get(answer.headers["location"]).text
    assert "1 von 3 Einladung(en) per E-Mail versandt" in page
    ((sender, recipients, message),) = inbox.messages
    assert recipients == ["olena@example.org"] and sender == config.sender
    kinds = sorted(part.get_content_type() for part in message.iter_attachments())
    assert kinds == ["application/pdf", "text/calendar"]
    assert "06.12.2026" in row(page, "AC3")  # the day the letter went out
