"""The audit trail of one record (``/protokoll/candidate/C1``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from passgenau.domain.accounts import Role
from passgenau.domain.errors import NotFound
from passgenau.services.audit import record_trail
from passgenau.web.deps import CurrentUser, UnitsOfWork, require
from passgenau.web.rendering import render

router = APIRouter()
READERS = frozenset({Role.OFFICER, Role.MANAGEMENT, Role.ADMIN})


@router.get("/protokoll/{entity}/{ext_id:path}")
def trail(request: Request, entity: str, ext_id: str, user: CurrentUser,
          units: UnitsOfWork) -> Response:
    require(user, READERS, "das Änderungsprotokoll sehen")
    lines = record_trail(units(), f"{entity}:{ext_id}")
    if not lines:  # nothing here, or another tenant's record: the same answer
        raise NotFound("no audit entries")
    return render(request, "audit.html", {"user": user, "lines": lines,
                                          "record": f"{entity}:{ext_id}"})
