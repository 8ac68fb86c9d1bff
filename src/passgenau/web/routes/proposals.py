"""The proposal board by state, and a move (POST → ``move_proposal``, version checked)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from passgenau.domain.accounts import MOVES_PROPOSALS, SEES_CASELOAD
from passgenau.domain.concurrency import StaleRecord
from passgenau.domain.workflow import ConsentMissing, IllegalMove, NoOpenPosition
from passgenau.services.directory import proposal_board
from passgenau.services.workflow import move_proposal, parse_reason, parse_state
from passgenau.web.deps import CsrfChecked, CurrentUser, Today, UnitsOfWork, local_path, require
from passgenau.web.messages import german
from passgenau.web.moves import move_choices
from passgenau.web.rendering import render

router = APIRouter()
PER_STATE = 50


@router.get("/vorschlaege")
def board(request: Request, user: CurrentUser, units: UnitsOfWork,
          stelle: str | None = None) -> Response:
    require(user, SEES_CASELOAD, "Vorschläge sehen")
    columns = proposal_board(units(), stelle or None, PER_STATE)  # light cards, counted
    back = f"/vorschlaege?stelle={stelle}" if stelle else "/vorschlaege"
    return render(request, "board.html", {
        "user": user, "columns": columns, "per_state": PER_STATE, "stelle": stelle or "",
        "choices": move_choices, "may_move": user.role in MOVES_PROPOSALS, "back": back,
    }, block="board")


@router.post("/vorschlaege/{vacancy_id}/{candidate_id}/bewegen", dependencies=[CsrfChecked])
def move(
    request: Request, vacancy_id: str, candidate_id: str, user: CurrentUser,
    units: UnitsOfWork, today: Today,
    target: Annotated[str, Form()], version: Annotated[int, Form()],
    reason: Annotated[str, Form()] = "", note: Annotated[str, Form(max_length=2000)] = "",
    back: Annotated[str, Form()] = "/vorschlaege",
) -> Response:
    require(user, MOVES_PROPOSALS, "Vorschläge bewegen")
    back = local_path(back, "/vorschlaege")
    try:
        move_proposal(units(), vacancy_id, candidate_id, parse_state(target), on=today,
                      reason=parse_reason(reason) if reason else None, note=note,
                      read_version=version)
    except (StaleRecord, IllegalMove, ConsentMissing, NoOpenPosition) as exc:
        return render(request, "refused.html", {
            "user": user, "message": german(exc), "back": back,
        }, status_code=409)
    return RedirectResponse(back, status_code=303)



