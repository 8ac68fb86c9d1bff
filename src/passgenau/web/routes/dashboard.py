"""The start page: the user's follow-ups due, vacancies short of a shortlist, proposals
per state."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from passgenau.domain.accounts import SEES_CASELOAD, Role
from passgenau.services.directory import dashboard
from passgenau.web.deps import CurrentUser, RuntimeDep, Today, UnitsOfWork, require
from passgenau.web.rendering import render

router = APIRouter()


@router.get("/")
def start(request: Request, user: CurrentUser, units: UnitsOfWork, runtime: RuntimeDep,
          today: Today) -> Response:
    require(user, SEES_CASELOAD, "die Übersicht des Jobcenters sehen")
    officer = user.username if user.role is Role.OFFICER else None
    view = dashboard(units(), units(), runtime.settings.routing, today, officer)
    return render(request, "dashboard.html", {"user": user, "view": view, "today": today,
                                              "own": officer is not None})
