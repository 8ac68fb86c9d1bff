"""``/candidates``: the filtered list and one candidate (every view logged)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from passgenau.domain.accounts import KEEPS_CASEWORK, SEES_CASELOAD
from passgenau.domain.levels import GermanLevel
from passgenau.domain.routing import Team
from passgenau.services.casework import candidate_overview
from passgenau.services.consent import list_consents
from passgenau.services.directory import candidate_profile, find_candidates
from passgenau.services.followups import record_contact
from passgenau.services.workflow import list_proposals
from passgenau.web.api.auth import ApiUser, RuntimeDep, Today, UnitsOfWork, require
from passgenau.web.api.errors import COMMON, NOT_FOUND
from passgenau.web.api.models import (
    CandidateListOut,
    CandidateOut,
    ContactIn,
    ContactOut,
    Level,
)
from passgenau.web.api.params import ID_PATTERN, RecordId

router = APIRouter(tags=["candidates"])


@router.get("/candidates", responses=COMMON)
def candidates(
    user: ApiUser, units: UnitsOfWork, runtime: RuntimeDep, today: Today,
    team: Team | None = None, level: Level | None = None,
    municipality: Annotated[str | None, Query(max_length=200, pattern=ID_PATTERN)] = None,
) -> CandidateListOut:
    """Active candidates, filtered by team, German level and home municipality; the
    first 100 by id (each logged as viewed) and how many match."""
    require(user, SEES_CASELOAD, "die Liste der Kandidatinnen und Kandidaten sehen")
    found = find_candidates(units(), runtime.settings.routing, today, team=team,
                            level=GermanLevel[level] if level else None,
                            municipality=municipality or None)
    return CandidateListOut.of(found)


@router.get("/candidates/{candidate_id}", responses=COMMON | NOT_FOUND)
def candidate(candidate_id: RecordId, user: ApiUser, units: UnitsOfWork,
              runtime: RuntimeDep, today: Today) -> CandidateOut:
    """One candidate: profile, level and team with their history, proposals, consents
    (logged as viewed)."""
    require(user, SEES_CASELOAD, "Kandidatenprofile sehen")
    profile = candidate_profile(units(), candidate_id)  # 404 before anything else
    overview = candidate_overview(units(), runtime.settings.routing, candidate_id, today)
    proposals = list_proposals(units(), candidate_id=candidate_id)
    consents = list_consents(units(), candidate_id)
    return CandidateOut.of(profile, overview, proposals, consents)


@router.post("/candidates/{candidate_id}/contacts", responses=COMMON | NOT_FOUND,
             status_code=201)
def contact(candidate_id: RecordId, body: ContactIn, user: ApiUser, units: UnitsOfWork,
            runtime: RuntimeDep, today: Today) -> ContactOut:
    """Record a contact with the candidate: their open general follow-ups are done, and
    the next one is the configured interval later."""
    require(user, KEEPS_CASEWORK, "Kontakte erfassen")
    following = record_contact(units(), runtime.settings.followups, candidate_id,
                               body.on or today)
    return ContactOut(candidate_id=candidate_id, next_follow_up=following)
