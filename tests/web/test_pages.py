"""The remaining pages of issue 11 over HTTP, on SQLite and PostgreSQL: employers and
vacancies, the import with its row-level report, the Art. 15 information, the partner's
view and the dashboard per role, each behind the tenant wall and escaping what it shows.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from passgenau.domain.accounts import Role
from passgenau.domain.model import Dataset
from passgenau.domain.partners import (
    EmployerContact,
    EmployerContactKind,
    Partner,
    PartnerKind,
    Referral,
    ReferralStatus,
)
from passgenau.exchange import dump_document, write_csv_bundle
from passgenau.services.partners import add_employer_contact, refer, save_partner
from passgenau.services.users import add_user

from ..store.datasets import candidate, employer, vacancy
from .conftest import EVIL_NAME, PASSWORD, Site

PARTNER = "P-VHS"  # a partner's account is named by the partner's id


@pytest.fixture
def partner_site(site: Site) -> Site:
    """Jobcenter A refers AC1 (the name with HTML) to the VHS; AC2 is referred to
    another partner, and a declined referral of AC2 to the VHS gives it no sight."""
    uow = site.runtime.unit_of_work
    save_partner(uow("jc-a"), Partner(PARTNER, PartnerKind.COURSE_PROVIDER, "VHS Waiblingen"))
    save_partner(uow("jc-a"), Partner("P-IM", PartnerKind.INTEGRATION_MANAGER, "IM Rems"))
    refer(uow("jc-a"), Referral("AC1", PARTNER, date(2026, 11, 2), purpose="Sprachkurs B1"))
    refer(uow("jc-a"), Referral("AC2", "P-IM", date(2026, 11, 2), purpose="Coaching"))
    refer(uow("jc-a"), Referral("AC2", PARTNER, date(2026, 10, 1), purpose="Kurs",
                                status=ReferralStatus.DECLINED,
                                answered_on=date(2026, 10, 5)))
    add_user(site.runtime.accounts(), PARTNER, PASSWORD, Role.PARTNER, "jc-a")
    add_user(site.runtime.accounts(), "ali", PASSWORD, Role.ACQUISITION, "jc-a")
    add_user(site.runtime.accounts(), "root", PASSWORD, Role.ADMIN, "jc-a")
    return site


def _ids(text: str, prefix: str) -> set[str]:
    return set(re.findall(rf'href="/{prefix}/([A-Z0-9]+)"', text))


# -- the partner's view ----------------------------------------------------------------


def test_a_partner_sees_only_the_candidates_referred_to_it(partner_site: Site) -> None:
    site = partner_site
    assert site.sign_in(PARTNER).status_code == 303
    start = site.client.get("/", follow_redirects=False)
    assert start.status_code == 303 and start.headers["location"] == "/kandidaten"
    listing = site.client.get("/kandidaten")
    assert listing.status_code == 200
    assert _ids(listing.text, "kandidaten") == {"AC1"}  # not AC2 (other partner, declined)
    assert "1 gefunden" in listing.text
    profile = site.client.get("/kandidaten/AC1")
    assert profile.status_code == 200
    assert "Sprachkurs B1" in profile.text and "Zuweisungen an Sie" in profile.text
    assert "Coaching" not in profile.text  # another partner's referral stays hidden
    not_referred = site.client.get("/kandidaten/AC2")
    missing = site.client.get("/kandidaten/GIBTESNICHT")
    other_tenant = site.client.get("/kandidaten/BC1")
    assert not_referred.status_code == missing.status_code == other_tenant.status_code == 404
    assert not_referred.text == missing.text == other_tenant.text


@pytest.mark.parametrize("path", ["/vorschlaege", "/stellen", "/stellen/AV1", "/betriebe",
                                  "/betriebe/AE1", "/import", "/kandidaten/AC1/auskunft",
                                  "/protokoll/candidate/AC1"])
def test_everything_else_is_refused_to_a_partner_with_the_reason(
        partner_site: Site, path: str) -> None:
    partner_site.sign_in(PARTNER)
    answer = partner_site.client.get(path)
    assert answer.status_code == 403
    assert "Ihre Rolle (Kooperationspartner) darf" in answer.text


def test_the_partner_page_shows_a_name_with_html_escaped(partner_site: Site) -> None:
    partner_site.sign_in(PARTNER)
    for path in ("/kandidaten", "/kandidaten/AC1"):
        text = partner_site.client.get(path).text
        assert EVIL_NAME not in text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Amira" in text


# -- employers and vacancies -------------------------------------------------------------


def test_employers_list_and_page_show_the_tenant_s_own_only(partner_site: Site) -> None:
    site = partner_site
    add_employer_contact(site.runtime.unit_of_work("jc-a"), EmployerContact(
        "AE1", date(2026, 11, 20), EmployerContactKind.VISIT, staff="ali",
        summary="Bedarf an <b>Verkauf</b>", next_step="Stellen melden",
        next_step_on=date(2026, 12, 10)))
    site.sign_in("ali")
    start = site.client.get("/").text  # the acquisition's start page lists the next step
    assert "Nächste Schritte bei Arbeitgebern" in start and "Stellen melden" in start
    listing = site.client.get("/betriebe")
    assert listing.status_code == 200
    assert _ids(listing.text, "betriebe") == {"AE1"}
    page = site.client.get("/betriebe/AE1")
    assert page.status_code == 200
    assert "Firma AE1" in page.text and 'href="/stellen/AV1"' in page.text
    assert "Besuch" in page.text and "Stellen melden" in page.text
    assert "Bedarf an &lt;b&gt;Verkauf&lt;/b&gt;" in page.text
    other = site.client.get("/betriebe/BE1")
    missing = site.client.get("/betriebe/GIBTESNICHT")
    assert other.status_code == missing.status_code == 404
    assert other.text == missing.text


def test_vacancies_are_filtered_by_place_kldb_and_a_full_shortlist(site: Site) -> None:
    """AV1 (KldB 62102, one proposal of a shortlist of three) is not full."""
    site.sign_in("anna")
    everything = site.client.get("/stellen")
    assert _ids(everything.text, "stellen") == {"AV1"}  # never Jobcenter B's BV1
    assert "unvollständig" in everything.text
    assert _ids(site.client.get("/stellen?kldb=621").text, "stellen") == {"AV1"}
    assert _ids(site.client.get("/stellen?kldb=293").text, "stellen") == set()
    assert _ids(site.client.get("/stellen?liste=offen").text, "stellen") == {"AV1"}
    assert _ids(site.client.get("/stellen?liste=voll").text, "stellen") == set()
    place = site.client.get("/stellen?ort=Waiblingen")
    assert _ids(place.text, "stellen") == {"AV1"}
    assert _ids(site.client.get("/stellen?ort=Backnang").text, "stellen") == set()
    bad = site.client.get("/stellen?kldb=abc")
    assert bad.status_code == 400 and "1 bis 5 Ziffern" in bad.text


def test_the_vacancy_filter_answers_htmx_with_the_results_only(site: Site) -> None:
    site.sign_in("anna")
    answer = site.client.get("/stellen?liste=offen", headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert "<html" not in answer.text and 'href="/stellen/AV1"' in answer.text


# -- the import ------------------------------------------------------------------------


def _document(dataset: Dataset) -> bytes:
    return dump_document(dataset).encode("utf-8")


def _post_import(site: Site, files: list[tuple[str, bytes, str]]):  # type: ignore[no-untyped-def]
    return site.client.post("/import", data={"csrf_token": site.csrf("/import")}, files=[
        ("dateien", (name, content, kind)) for name, content, kind in files])


def _candidate_ids(site: Site) -> set[str]:
    return _ids(site.client.get("/kandidaten").text, "kandidaten")


def test_an_import_with_a_broken_row_shows_the_problem_and_stores_nothing(site: Site) -> None:
    site.sign_in("anna")
    before = _candidate_ids(site)
    document = json.loads(_document(Dataset(
        employers=(employer("AE2"),),
        vacancies=(vacancy("AV2", "AE-FEHLT"),),
        candidates=(candidate("AC3", name="Neue Person"),),
    )))
    answer = _post_import(site, [("neu.json", json.dumps(document).encode(), "application/json")])
    assert answer.status_code == 400
    assert "Nichts importiert: 1 Problem gefunden" in answer.text
    row = re.search(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", answer.text)
    assert row is not None
    assert row.group(1) == 'vacancies[0] (id &#34;AV2&#34;)' and row.group(2) == "employer_id"
    assert row.group(3).startswith("kein Arbeitgeber mit der Kennung")
    assert _candidate_ids(site) == before  # all or nothing: AC3 was not stored either
    assert site.client.get("/betriebe/AE2").status_code == 404


def test_a_csv_bundle_with_a_bad_cell_names_file_line_and_column(
        site: Site, tmp_path: Path) -> None:
    site.sign_in("anna")
    write_csv_bundle(Dataset(candidates=(candidate("AC3"), candidate("AC4"))), tmp_path)
    sheet = tmp_path / "candidates.csv"
    lines = sheet.read_text(encoding="utf-8").splitlines()
    separator = ";" if lines[0].count(";") > lines[0].count(",") else ","
    header = lines[0].split(separator)
    cells = lines[2].split(separator)
    cells[header.index("german_level")] = "B7"
    lines[2] = separator.join(cells)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("export/candidates.csv", "\n".join(lines) + "\n")
    answer = _post_import(site, [("paket.zip", archive.getvalue(), "application/zip")])
    assert answer.status_code == 400
    assert "candidates.csv line 3" in answer.text and "german_level" in answer.text
    assert "ist keiner der erlaubten Werte" in answer.text
    assert "AC3" not in _candidate_ids(site)


def test_a_good_import_reports_what_it_did(site: Site, tmp_path: Path) -> None:
    site.sign_in("anna")
    write_csv_bundle(Dataset(employers=(employer("AE2"),),
                             vacancies=(vacancy("AV2", "AE2"),),
                             candidates=(candidate("AC3", name="Neue Person"),)), tmp_path)
    files = [(p.name, p.read_bytes(), "text/csv") for p in sorted(tmp_path.glob("*.csv"))]
    answer = _post_import(site, files)
    assert answer.status_code == 200, answer.text
    assert "Import abgeschlossen" in answer.text
    assert re.search(r"<td>Bewerber:innen</td><td class=\"num\">1</td>", answer.text)
    assert "AC3" in _candidate_ids(site)
    assert site.client.get("/betriebe/AE2").status_code == 200


def test_the_import_needs_a_csrf_token_and_a_role_that_keeps_records(site: Site) -> None:
    site.sign_in("anna")
    refused = site.client.post("/import", files=[("dateien", ("x.json", b"{}", "text/json"))])
    assert refused.status_code == 403
    site.client.post("/abmelden", data={"csrf_token": site.csrf("/")})
    site.sign_in("lea")  # management only looks
    answer = site.client.get("/import")
    assert answer.status_code == 403 and "Ihre Rolle (Leitung) darf" in answer.text


def test_an_upload_that_is_no_exchange_file_is_refused_in_german(site: Site) -> None:
    site.sign_in("anna")
    answer = _post_import(site, [("bild.png", b"\x89PNG", "image/png")])
    assert answer.status_code == 400 and "Erwartet wird ein Austauschdokument" in answer.text
    broken = _post_import(site, [("kaputt.json", b"{nicht json", "application/json")])
    assert broken.status_code == 400 and "kein gültiges JSON" in broken.text
    assert "/tmp" not in broken.text  # the temporary folder is not shown


# -- the Art. 15 information -------------------------------------------------------------


def test_the_information_page_lists_everything_stored_and_is_logged(site: Site) -> None:
    site.sign_in("anna")
    answer = site.client.get("/kandidaten/AC1/auskunft")
    assert answer.status_code == 200
    text = answer.text
    assert "Auskunft über gespeicherte Daten (Art. 15 DSGVO)" in text
    for heading in ("Stammdaten", "Vermittlungsvorschläge", "Änderungsprotokoll"):
        assert f">{heading}</h2>" in text
    assert "Der Arbeitsweg dauert 25 Minuten." in text  # the proposal's explanation
    assert EVIL_NAME not in text and "&lt;script&gt;" in text
    assert 'data-print' in text and "@media print" in site.client.get(
        "/static/passgenau.css").text
    trail = site.client.get("/protokoll/candidate/AC1").text
    assert "information" in trail  # the information itself is a logged view


def test_the_information_page_keeps_to_the_tenant_and_the_roles(partner_site: Site) -> None:
    site = partner_site
    site.sign_in("anna")
    other = site.client.get("/kandidaten/BC1/auskunft")
    missing = site.client.get("/kandidaten/GIBTESNICHT/auskunft")
    assert other.status_code == missing.status_code == 404 and other.text == missing.text
    site.client.post("/abmelden", data={"csrf_token": site.csrf("/")})
    site.sign_in("ali")
    refused = site.client.get("/kandidaten/AC1/auskunft")
    assert refused.status_code == 403 and "Arbeitgeberservice" in refused.text


# -- the dashboard per role ------------------------------------------------------------


@pytest.mark.parametrize(("user", "shown", "not_shown"), [
    ("anna", ["Meine fälligen Wiedervorlagen", "Offene Vorschläge meiner Personen",
              "Stellen ohne volle Vorschlagsliste"], ["Personen im Bestand"]),
    ("ali", ["Stellen ohne volle Vorschlagsliste", 'href="/betriebe"'],
     ["Wiedervorlagen", "Personen im Bestand"]),
    ("lea", ["Personen im Bestand", "Fällige Wiedervorlagen", "Vorschläge nach Stand"],
     ["Meine fälligen", 'href="/import"']),
    ("root", ["Personen im Bestand", 'href="/import"'], ["Meine fälligen"]),
])
def test_each_role_has_its_own_dashboard(partner_site: Site, user: str, shown: list[str],
                                         not_shown: list[str]) -> None:
    partner_site.sign_in(user)
    page = partner_site.client.get("/")
    assert page.status_code == 200
    for text in shown:
        assert text in page.text, text
    for text in not_shown:
        assert text not in page.text, text


def test_the_candidate_list_is_paged_by_fifty(site: Site) -> None:
    """60 more candidates: 62 in all, 50 on the first page and 12 on the second."""
    from passgenau.services.records import import_dataset

    import_dataset(site.runtime.unit_of_work("jc-a"), Dataset(
        candidates=tuple(candidate(f"AX{i:02d}") for i in range(60))))
    site.sign_in("anna")
    first = site.client.get("/kandidaten")
    assert "62 gefunden, 50 auf dieser Seite" in first.text
    assert len(_ids(first.text, "kandidaten")) == 50 and "Seite 1 von 2" in first.text
    second = site.client.get("/kandidaten?seite=2")
    assert len(_ids(second.text, "kandidaten")) == 12
    assert _ids(first.text, "kandidaten").isdisjoint(_ids(second.text, "kandidaten"))
