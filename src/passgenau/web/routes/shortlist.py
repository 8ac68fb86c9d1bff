"""The shortlist review of a vacancy (``/stellen/{id}/pruefung``): its proposals with the
explanation, the candidates below the line, remove, swap, confirm; the matching run in the
background (``/matching``); the employer link button."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from passgenau.domain.accounts import MOVES_PROPOSALS, SEES_CASELOAD
from passgenau.domain.concurrency import StaleRecord
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.placement import ReasonCode
from passgenau.domain.workflow import IllegalMove
from passgenau.services.employer_links import make_link
from passgenau.services.matching import match_stored_detached
from passgenau.services.shortlist import (
    AlreadyProposed,
    RulesBroken,
    confirm_shortlist,
    remove_from_shortlist,
    review_shortlist,
    swap_on_shortlist,
)
from passgenau.services.workflow import parse_reason
from passgenau.web.deps import (
    CsrfChecked,
    CurrentUser,
    RuntimeDep,
    Today,
    UnitsOfWork,
    local_path,
    require,
)
from passgenau.web.messages import german
from passgenau.web.rendering import is_htmx, render
from passgenau.web.review_state import (
    employer_link_secret,
    match_jobs,
    problem_cache,
    travel_of,
)
from passgenau.web.rules_german import RULE_NAMES, WHY_NOT, rule_sentence

router = APIRouter()


def _review_path(vacancy_id: str) -> str:
    return f"/stellen/{vacancy_id}/pruefung"


@router.get("/stellen/{vacancy_id}/pruefung")
def review(request: Request, vacancy_id: str, user: CurrentUser, units: UnitsOfWork,
           today: Today) -> Response:
    require(user, SEES_CASELOAD, "Vorschlagslisten prüfen")
    page = review_shortlist(units(), travel_of(request, today), today, vacancy_id,
                            cache=problem_cache(request))
    return render(request, "review.html", {
        "user": user, "page": page, "may_move": user.role in MOVES_PROPOSALS,
        "why_not": WHY_NOT, "rule_sentence": rule_sentence, "rule_names": RULE_NAMES,
        "job": match_jobs(request).status(user.tenant), "now": datetime.now(UTC),
        "back": _review_path(vacancy_id),
    })


def _refused(request: Request, user: object, message: str, back: str,
             status: int) -> Response:
    return render(request, "refused.html", {"user": user, "message": message, "back": back},
                  status_code=status)


def _reason(text: str) -> ReasonCode:
    return parse_reason(text) if text else ReasonCode.OTHER


@router.post("/stellen/{vacancy_id}/pruefung/entfernen", dependencies=[CsrfChecked])
def remove(
    request: Request, vacancy_id: str, user: CurrentUser, units: UnitsOfWork, today: Today,
    candidate_id: Annotated[str, Form(max_length=100)], version: Annotated[int, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    require(user, MOVES_PROPOSALS, "Vorschlagslisten ändern")
    back = _review_path(vacancy_id)
    try:
        remove_from_shortlist(units(), vacancy_id, candidate_id, on=today,
                              read_version=version, reason=_reason(reason))
    except (StaleRecord, IllegalMove) as exc:
        return _refused(request, user, german(exc), back, 409)
    return RedirectResponse(back, status_code=303)


@router.post("/stellen/{vacancy_id}/pruefung/tauschen", dependencies=[CsrfChecked])
def swap(
    request: Request, vacancy_id: str, user: CurrentUser, units: UnitsOfWork, today: Today,
    candidate_id: Annotated[str, Form(max_length=100)], version: Annotated[int, Form()],
    replacement: Annotated[str, Form(max_length=100)],
    reason: Annotated[str, Form()] = "",
) -> Response:
    require(user, MOVES_PROPOSALS, "Vorschlagslisten ändern")
    back = _review_path(vacancy_id)
    if not replacement:
        raise InvalidInput([Problem("Tausch", "replacement", "keine Person gewählt")])
    try:
        swap_on_shortlist(units(), travel_of(request, today), today, vacancy_id,
                          candidate_id, replacement, read_version=version,
                          reason=_reason(reason))
    except RulesBroken as exc:
        sentences = " ".join(rule_sentence(b) for b in exc.broken)
        return _refused(request, user, f"Der Tausch ist nicht möglich, {replacement} "
                        f"verletzt eine Regel des Matchings. {sentences}", back, 409)
    except AlreadyProposed as exc:
        return _refused(request, user, f"{replacement} hat für diese Stelle schon einen "
                        f"Vorschlag ({exc.state.german}).", back, 409)
    except (StaleRecord, IllegalMove) as exc:
        return _refused(request, user, german(exc), back, 409)
    return RedirectResponse(back, status_code=303)


@router.post("/stellen/{vacancy_id}/pruefung/bestaetigen", dependencies=[CsrfChecked])
def confirm(
    request: Request, vacancy_id: str, user: CurrentUser, units: UnitsOfWork, today: Today,
    versions: Annotated[list[str] | None, Form()] = None,
) -> Response:
    require(user, MOVES_PROPOSALS, "Vorschlagslisten bestätigen")
    back = _review_path(vacancy_id)
    read: dict[str, int] = {}
    for item in versions or []:
        candidate_id, _, version = item.rpartition(":")
        if not candidate_id or not version.isdigit():
            raise InvalidInput([Problem("Bestätigung", "versions", "ungültiger Eintrag")])
        read[candidate_id] = int(version)
    if not read:
        return _refused(request, user, "Es gibt keine Vorschläge des Matchings zu "
                        "bestätigen.", back, 400)
    try:
        confirm_shortlist(units(), vacancy_id, read, on=today)
    except StaleRecord:
        return _refused(request, user, "Die Vorschlagsliste hat sich inzwischen geändert "
                        "(z. B. durch einen neuen Matching-Lauf). Bitte prüfen Sie sie "
                        "erneut, bevor Sie sie bestätigen.", back, 409)
    return RedirectResponse(f"/stellen/{vacancy_id}", status_code=303)


# -- the employer link -------------------------------------------------------------------
@router.post("/stellen/{vacancy_id}/arbeitgeberlink", dependencies=[CsrfChecked])
def employer_link(
    request: Request, vacancy_id: str, user: CurrentUser, units: UnitsOfWork,
    days: Annotated[int, Form(ge=1, le=365)] = 14,
) -> Response:
    require(user, MOVES_PROPOSALS, "Links für Arbeitgeber erstellen")
    link = make_link(units(), employer_link_secret(request), vacancy_id,
                     datetime.now(UTC), days)
    url = str(request.base_url).rstrip("/") + link.path
    return render(request, "employer_link_made.html", {
        "user": user, "link": link, "url": url, "vacancy_id": vacancy_id,
    })


# -- the matching in the background ------------------------------------------------------
@router.post("/matching/starten", dependencies=[CsrfChecked])
def start_matching(request: Request, user: CurrentUser, runtime: RuntimeDep,
                   today: Today, back: Annotated[str, Form()] = "/") -> Response:
    require(user, MOVES_PROPOSALS, "das Matching starten")
    travel = travel_of(request, today)
    tenant, actor = user.tenant, user.username
    job, _ = match_jobs(request).start(tenant, actor, lambda progress: match_stored_detached(
        lambda: runtime.unit_of_work(tenant, actor=actor), travel, today, progress=progress))
    if is_htmx(request):
        return _status(request, job)
    return RedirectResponse(local_path(back), status_code=303)


@router.get("/matching/stand")
def matching_status(request: Request, user: CurrentUser) -> Response:
    require(user, SEES_CASELOAD, "den Stand des Matchings sehen")
    return _status(request, match_jobs(request).status(user.tenant))


def _status(request: Request, job: object) -> Response:
    """The status fragment; its start form leads back to the page it is shown on."""
    shown_on = urlsplit(request.headers.get("HX-Current-URL", "")).path
    return render(request, "match_status.html", {
        "job": job, "now": datetime.now(UTC), "back": local_path(shown_on, "/")})
