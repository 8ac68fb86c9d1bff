"""Candidates: the filtered list and one candidate's page (every view logged).

A partner (role ``partner``; its user name is the partner's id) sees only the candidates
referred to it, and of them only the profile and the referrals: anyone else answers 404
like a record that does not exist.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from passgenau.domain.accounts import SEES_CASELOAD, Role
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.levels import GermanLevel
from passgenau.domain.routing import Team
from passgenau.services.casework import candidate_overview
from passgenau.services.consent import list_consents
from passgenau.services.directory import candidate_profile, find_candidates, partner_candidate
from passgenau.services.workflow import list_proposals
from passgenau.web.deps import CurrentUser, RuntimeDep, Today, UnitsOfWork, require
from passgenau.web.rendering import render

router = APIRouter()
LIST_PAGE = 50  # lines a list page shows (then a pager)


def _team(text: str | None) -> Team | None:
    if not text:
        return None
    try:
        return Team(text)
    except ValueError:
        raise InvalidInput([Problem("Filter", "team", "unbekanntes Team")]) from None


def _level(text: str | None) -> GermanLevel | None:
    if not text:
        return None
    try:
        return GermanLevel.parse(text)
    except ValueError:
        raise InvalidInput([Problem("Filter", "level", "unbekanntes Sprachniveau")]) \
            from None


@router.get("/kandidaten")
def candidate_list(
    request: Request, user: CurrentUser, units: UnitsOfWork, runtime: RuntimeDep,
    today: Today, team: str | None = None, level: str | None = None,
    municipality: str | None = None, seite: int = 1,
) -> Response:
    partner = user.role is Role.PARTNER
    if not partner:
        require(user, SEES_CASELOAD, "die Liste der Kandidatinnen und Kandidaten sehen")
    found = find_candidates(units(), runtime.settings.routing, today, team=_team(team),
                            level=_level(level), municipality=municipality or None,
                            page=seite, partner_id=user.username if partner else None,
                            page_size=LIST_PAGE)
    chosen = {"team": team or "", "level": level or "", "municipality": municipality or ""}
    return render(request, "candidates.html", {
        "user": user, "found": found, "teams": list(Team), "levels": list(GermanLevel),
        "chosen": chosen, "partner": partner,
        "query": urlencode({k: v for k, v in chosen.items() if v}),
    }, block="results")


@router.get("/kandidaten/{candidate_id}")
def candidate_page(request: Request, candidate_id: str, user: CurrentUser,
                   units: UnitsOfWork, runtime: RuntimeDep, today: Today) -> Response:
    if user.role is Role.PARTNER:
        seen = partner_candidate(units(), user.username, candidate_id)
        return render(request, "partner_candidate.html", {"user": user, "seen": seen})
    require(user, SEES_CASELOAD, "Kandidatenprofile sehen")
    candidate = candidate_profile(units(), candidate_id)  # 404 before anything else
    overview = candidate_overview(units(), runtime.settings.routing, candidate_id, today)
    proposals = list_proposals(units(), candidate_id=candidate_id)
    consents = list_consents(units(), candidate_id)
    return render(request, "candidate.html", {
        "user": user, "candidate": candidate, "overview": overview, "proposals": proposals,
        "consents": consents,
    })
