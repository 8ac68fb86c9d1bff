"""Employers and vacancies for the staff: ``/betriebe`` (the list), ``/betriebe/{id}``
(one employer with its vacancies and contact history) and ``/stellen`` (the vacancies,
filtered by place, KldB code and whether the shortlist is full).

The staff's employer pages live under ``/betriebe`` so that they never meet the
employer's own no-account page at ``/arbeitgeber/<token>``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from passgenau.domain.accounts import SEES_CASELOAD
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.partners import EmployerContactKind
from passgenau.services.directory import employer_page, find_vacancies, list_employers
from passgenau.web.deps import CurrentUser, UnitsOfWork, require
from passgenau.web.rendering import render

router = APIRouter()
LIST_PAGE = 50  # lines a list page shows (then a pager)

#: The shortlist filter's values (``?liste=``) and whether they mean "full".
SHORTLIST_FILTER = {"": None, "voll": True, "offen": False}

CONTACT_KIND = {
    EmployerContactKind.VISIT: "Besuch", EmployerContactKind.CALL: "Anruf",
    EmployerContactKind.EVENT: "Veranstaltung", EmployerContactKind.EMAIL: "E-Mail",
    EmployerContactKind.LETTER: "Brief",
}


@router.get("/betriebe")
def employers(request: Request, user: CurrentUser, units: UnitsOfWork) -> Response:
    require(user, SEES_CASELOAD, "die Arbeitgeber sehen")
    return render(request, "employers.html", {"user": user,
                                              "employers": list_employers(units())})


@router.get("/betriebe/{employer_id}")
def employer(request: Request, employer_id: str, user: CurrentUser,
             units: UnitsOfWork) -> Response:
    require(user, SEES_CASELOAD, "Arbeitgeber sehen")
    page = employer_page(units(), employer_id)
    return render(request, "employer_detail.html", {"user": user, "page": page,
                                             "contact_kind": CONTACT_KIND})


def _kldb(text: str | None) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    if not (text.isdigit() and len(text) <= 5):
        raise InvalidInput([Problem("Filter", "kldb",
                                    "Die KldB-Kennziffer hat 1 bis 5 Ziffern (z. B. 293).")])
    return text


@router.get("/stellen")
def vacancies(
    request: Request, user: CurrentUser, units: UnitsOfWork, ort: str | None = None,
    kldb: str | None = None, liste: str = "", seite: int = 1,
) -> Response:
    require(user, SEES_CASELOAD, "die Stellen sehen")
    if liste not in SHORTLIST_FILTER:
        raise InvalidInput([Problem("Filter", "liste", "unbekannter Wert")])
    found = find_vacancies(units(), municipality=ort or None, kldb=_kldb(kldb),
                           full=SHORTLIST_FILTER[liste], page=seite, page_size=LIST_PAGE)
    chosen = {"ort": ort or "", "kldb": kldb or "", "liste": liste}
    return render(request, "vacancies.html", {
        "user": user, "found": found, "chosen": chosen,
        "query": urlencode({k: v for k, v in chosen.items() if v}),
    }, block="results")
