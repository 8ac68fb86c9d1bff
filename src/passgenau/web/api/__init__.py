"""The JSON API under ``/api/v1``: a FastAPI application of its own, mounted by the web
application, with its OpenAPI document at ``/api/v1/openapi.json``.

The same use cases as the pages (the services), the same tenant wall (every unit of work
is the token user's tenant: another Jobcenter's record answers 404 like a missing one),
the same version checks on moves, and every view of personal data in the audit log. It
authenticates by bearer token only (:mod:`passgenau.web.api.auth`) and answers every
error as JSON (:mod:`passgenau.web.api.errors`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi import FastAPI

from passgenau.services.background import MatchJobs
from passgenau.services.runtime import Runtime
from passgenau.web.api import candidates, errors, followups, match_runs, proposals, vacancies
from passgenau.web.api.auth import ApiUser
from passgenau.web.api.errors import COMMON
from passgenau.web.api.models import MeOut
from passgenau.web.api.runs import MatchRuns

API_PREFIX = "/api/v1"

DESCRIPTION = """\
The JSON API of passgenau, for the Jobcenter's own scripts.

Authenticate with `Authorization: Bearer <token>`; a token is made by
`passgenau user token USER` and acts as that user, with the user's role, on the user's
Jobcenter only. Errors are JSON: `{"error": {"code": ..., "message": ..., "problems": [...]}}`.
"""


def create_api(runtime: Runtime, *, today: Callable[[], date] = date.today,
               jobs: MatchJobs | None = None) -> FastAPI:
    """The API application (mount it at :data:`API_PREFIX`); ``jobs`` are the background
    runs it shares with the pages (one run per Jobcenter, whoever started it)."""
    api = FastAPI(title="passgenau API", version="1", description=DESCRIPTION,
                  openapi_url="/openapi.json", docs_url=None, redoc_url=None)
    api.state.runtime = runtime
    api.state.today = today
    api.state.match_runs = MatchRuns(runtime, jobs or MatchJobs())
    for module in (candidates, vacancies, proposals, followups, match_runs):
        api.include_router(module.router)
    api.get("/me", responses=COMMON, tags=["account"])(me)
    errors.install(api)
    return api


def me(user: ApiUser) -> MeOut:
    """Who the token acts as: user name, role and Jobcenter (every role may ask)."""
    return MeOut(username=user.username, role=user.role, tenant=user.tenant)
