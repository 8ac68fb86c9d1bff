"""``/proposals``: the list, one proposal, and its moves through the workflow (the
version read must still be current: 409 otherwise, as for a move the workflow forbids)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from passgenau.domain.accounts import MOVES_PROPOSALS, SEES_CASELOAD
from passgenau.domain.placement import ProposalState, can_move
from passgenau.services.listings import proposal_detail
from passgenau.services.workflow import list_proposals, move_proposal
from passgenau.web.api.auth import ApiUser, Today, UnitsOfWork, require
from passgenau.web.api.errors import COMMON, CONFLICT, NOT_FOUND
from passgenau.web.api.models import MoveIn, MoveOut, ProposalDetailOut, ProposalOut
from passgenau.web.api.params import ID_LENGTH, ID_PATTERN, RecordId

router = APIRouter(tags=["proposals"])
QueryId = Annotated[str | None, Query(min_length=1, max_length=ID_LENGTH, pattern=ID_PATTERN)]


@router.get("/proposals", responses=COMMON | NOT_FOUND)
def proposals(user: ApiUser, units: UnitsOfWork, vacancy_id: QueryId = None,
              candidate_id: QueryId = None,
              state: ProposalState | None = None) -> list[ProposalOut]:
    """Proposals with state and version, by vacancy then rank; filtered by vacancy,
    candidate (an unknown one: 404) and state."""
    require(user, SEES_CASELOAD, "Vorschläge sehen")
    return [ProposalOut.of(v) for v in list_proposals(units(), vacancy_id, candidate_id,
                                                       state)]


@router.get("/proposals/{vacancy_id}/{candidate_id}", responses=COMMON | NOT_FOUND)
def proposal(vacancy_id: RecordId, candidate_id: RecordId, user: ApiUser,
             units: UnitsOfWork) -> ProposalDetailOut:
    """One proposal with its explanation, note and the moves allowed from its state
    (logged as viewed)."""
    require(user, SEES_CASELOAD, "Vorschläge sehen")
    detail = proposal_detail(units(), vacancy_id, candidate_id)
    return ProposalDetailOut.of(detail, tuple(s for s in ProposalState
                                              if can_move(detail.state, s)))


@router.post("/proposals/{vacancy_id}/{candidate_id}/moves",
             responses=COMMON | NOT_FOUND | CONFLICT)
def move(vacancy_id: RecordId, candidate_id: RecordId, body: MoveIn, user: ApiUser,
         units: UnitsOfWork, today: Today) -> MoveOut:
    """Move the proposal one step (its household with it where the step concerns the
    employer; a hire withdraws what it makes moot). ``version`` is the one read."""
    require(user, MOVES_PROPOSALS, "Vorschläge bewegen")
    outcome = move_proposal(units(), vacancy_id, candidate_id, body.target, on=today,
                            reason=body.reason, note=body.note, read_version=body.version)
    return MoveOut.of(outcome)
