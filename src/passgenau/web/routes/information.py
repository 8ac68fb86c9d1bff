"""The Art. 15 GDPR information about one candidate, as a printable page
(``/kandidaten/{candidate_id}/auskunft``): everything stored about the person, table by
table, with the same German headings as ``passgenau candidates info --html``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from passgenau.domain.accounts import Role
from passgenau.presentation.privacy import information_sections
from passgenau.services.privacy import candidate_information
from passgenau.web.deps import CurrentUser, UnitsOfWork, require
from passgenau.web.rendering import render

router = APIRouter()
#: Who answers a request for information: placement, management and administration.
GIVES_INFORMATION = frozenset({Role.OFFICER, Role.MANAGEMENT, Role.ADMIN})


@router.get("/kandidaten/{candidate_id}/auskunft")
def information(request: Request, candidate_id: str, user: CurrentUser,
                units: UnitsOfWork) -> Response:
    require(user, GIVES_INFORMATION, "die Auskunft nach Art. 15 DSGVO erstellen")
    info = candidate_information(units(), candidate_id)
    return render(request, "information.html", {
        "user": user, "info": info, "sections": information_sections(info),
        "generated_at": f"{info.generated_at:%d.%m.%Y %H:%M} UTC",
    })
