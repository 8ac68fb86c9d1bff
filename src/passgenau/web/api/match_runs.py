"""``/match-runs``: start a matching run of the stored caseload in the background, and
read how it went (its summary, once done)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from passgenau.domain.accounts import RUNS_MATCHING, SEES_CASELOAD
from passgenau.web.api.auth import ApiUser, Today, require
from passgenau.web.api.errors import COMMON, CONFLICT, NOT_FOUND
from passgenau.web.api.models import MatchRunOut, MatchSummaryOut
from passgenau.web.api.runs import MatchRuns, RunRecord

router = APIRouter(tags=["match runs"])


def _runs(request: Request) -> MatchRuns:
    return request.app.state.match_runs  # type: ignore[no-any-return]


Runs = Annotated[MatchRuns, Depends(_runs)]
RunId = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[0-9a-f]+$")]


def _out(record: RunRecord) -> MatchRunOut:
    return MatchRunOut(
        run_id=record.run_id, state=record.state, started_by=record.started_by,
        started_at=record.started_at, finished_at=record.finished_at,
        reference_date=record.reference_date,
        summary=MatchSummaryOut.of(record.summary) if record.summary else None,
        shortfalls=record.shortfalls, notes=list(record.notes), error=record.error,
    )


@router.post("/match-runs", status_code=202, responses=COMMON | CONFLICT)
def start(user: ApiUser, runs: Runs, today: Today) -> MatchRunOut:
    """Match the stored caseload in the background (the shortlists become suggested
    proposals); poll ``GET /match-runs/{run_id}`` for the result. One run at a time."""
    require(user, RUNS_MATCHING, "ein Matching starten")
    return _out(runs.start(user, today))


@router.get("/match-runs", responses=COMMON)
def listing(user: ApiUser, runs: Runs) -> list[MatchRunOut]:
    """The Jobcenter's recent runs, newest first (kept while the server runs)."""
    require(user, SEES_CASELOAD, "Matching-Läufe sehen")
    return [_out(r) for r in runs.of_tenant(user.tenant)]


@router.get("/match-runs/{run_id}", responses=COMMON | NOT_FOUND)
def run(run_id: RunId, user: ApiUser, runs: Runs) -> MatchRunOut:
    """One run: running, done (with its summary) or failed."""
    require(user, SEES_CASELOAD, "Matching-Läufe sehen")
    return _out(runs.get(user.tenant, run_id))
