"""A vacancy with its shortlist: the proposals, their explanations, and their moves."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from passgenau.domain.accounts import MOVES_PROPOSALS, SEES_CASELOAD
from passgenau.services.directory import vacancy_page
from passgenau.web.deps import CurrentUser, UnitsOfWork, require
from passgenau.web.moves import move_choices
from passgenau.web.rendering import render

router = APIRouter()


@router.get("/stellen/{vacancy_id}")
def vacancy(request: Request, vacancy_id: str, user: CurrentUser,
            units: UnitsOfWork) -> Response:
    require(user, SEES_CASELOAD, "Stellen und ihre Vorschläge sehen")
    page = vacancy_page(units(), vacancy_id)
    return render(request, "vacancy.html", {
        "user": user, "page": page, "choices": move_choices,
        "may_move": user.role in MOVES_PROPOSALS, "back": f"/stellen/{vacancy_id}",
    })
