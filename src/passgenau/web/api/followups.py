"""``/followups``: the follow-ups due (their notes are personal data: logged as viewed),
and a new one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from passgenau.domain.accounts import KEEPS_CASEWORK, SEES_CASELOAD
from passgenau.domain.routing import Team
from passgenau.services.followups import schedule
from passgenau.services.listings import viewed_due_follow_ups
from passgenau.web.api.auth import ApiUser, RuntimeDep, Today, UnitsOfWork, require
from passgenau.web.api.errors import COMMON, NOT_FOUND
from passgenau.web.api.models import Day, FollowUpCreatedOut, FollowUpIn, FollowUpOut
from passgenau.web.api.params import ID_PATTERN

router = APIRouter(tags=["follow-ups"])


@router.get("/followups/due", responses=COMMON)
def due(
    user: ApiUser, units: UnitsOfWork, runtime: RuntimeDep, today: Today,
    on: Day | None = None, team: Team | None = None,
    officer: Annotated[str | None, Query(max_length=200, pattern=ID_PATTERN)] = None,
    mine: bool = False,
) -> list[FollowUpOut]:
    """Open follow-ups due on ``on`` (default today) or overdue, by officer, team and due
    date; of one team, one officer, or (``mine``) the user's own."""
    require(user, SEES_CASELOAD, "Wiedervorlagen sehen")
    entries = viewed_due_follow_ups(units(), units(), runtime.settings.routing, on or today,
                                    team=team, officer=user.username if mine else officer)
    return [FollowUpOut.of(e) for e in entries]


@router.post("/followups", responses=COMMON | NOT_FOUND, status_code=201)
def add(body: FollowUpIn, user: ApiUser, units: UnitsOfWork) -> FollowUpCreatedOut:
    """Schedule a follow-up for a candidate (optionally about a vacancy)."""
    require(user, KEEPS_CASEWORK, "Wiedervorlagen anlegen")
    number = schedule(units(), body.candidate_id, body.due, body.note, body.vacancy_id)
    return FollowUpCreatedOut(number=number)
