"""The application factory: routers, static files, sessions, and errors as German pages.

The session is Starlette's signed cookie (itsdangerous): HttpOnly, SameSite=Lax, Secure
unless the settings allow plain HTTP for localhost, eight hours long. Its secret comes
from the settings (:func:`passgenau.config.session_secret` refuses a placeholder outside
development).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from passgenau.config import session_secret
from passgenau.domain.accounts import NotPermitted
from passgenau.domain.errors import InvalidInput, NotFound
from passgenau.services.background import MatchJobs
from passgenau.services.runtime import Runtime, SchemaOutdated
from passgenau.web.api import API_PREFIX, create_api
from passgenau.web.deps import CsrfRefused, NotSignedIn
from passgenau.web.messages import german
from passgenau.web.rendering import make_environment, render
from passgenau.web.routes import (
    audit,
    candidates,
    dashboard,
    employers,
    events,
    information,
    proposals,
    records_import,
    reports,
    sign_in,
    timetables,
    vacancies,
)
from passgenau.web.routes import employer as employer_routes
from passgenau.web.routes import shortlist as shortlist_routes

STATIC = Path(__file__).parent / "static"
SESSION_COOKIE = "passgenau_sitzung"
SESSION_HOURS = 8


def create_app(runtime: Runtime, *, today: Callable[[], date] = date.today) -> FastAPI:
    """The web application on ``runtime``'s database (connected on the first request)."""
    secret = session_secret(runtime.settings) or secrets.token_urlsafe(32)
    app = FastAPI(title="passgenau", docs_url=None, redoc_url=None, openapi_url=None)
    runtime.serve_concurrently()  # on SQLite: transactions one at a time, never "locked"
    app.state.runtime = runtime
    app.state.templates = make_environment()
    app.state.today = today
    app.add_middleware(
        SessionMiddleware, secret_key=secret, session_cookie=SESSION_COOKIE,
        max_age=SESSION_HOURS * 3600, same_site="lax",
        https_only=runtime.settings.cookie_secure,
    )
    app.middleware("http")(_security_headers)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (sign_in, dashboard, candidates, vacancies, proposals, audit, events,
                   timetables):
        app.include_router(module.router)
    for extra in (shortlist_routes, employer_routes):  # shortlist review, employer's page
        app.include_router(extra.router)
    for module in (employers, information, records_import):  # issue 11: the remaining pages
        app.include_router(module.router)
    app.include_router(reports.router)  # issue 13: reports, fairness, decision log
    app.state.match_jobs = MatchJobs()  # background matching runs, pages' and API's alike
    app.state.api = create_api(runtime, today=today, jobs=app.state.match_jobs)  # JSON API
    app.mount(API_PREFIX, app.state.api)
    _error_pages(app)
    return app


#: Only our own scripts and styles, no framing, forms only to ourselves.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                           "form-action 'self'; base-uri 'none'; object-src 'none'")


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Headers on every answer; pages (they hold social data) are never cached."""
    response = await call_next(request)
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if not request.url.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def _error_pages(app: FastAPI) -> None:
    def page(request: Request, status: int, title: str, message: str) -> Response:
        return render(request, "error.html", {"title": title, "message": message},
                      status_code=status)

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        return RedirectResponse("/anmelden", status_code=303)

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, exc: CsrfRefused) -> Response:
        return page(request, 403, "Zugriff verweigert",
                    "Das Formular ist abgelaufen oder sein Sicherheitsmerkmal (CSRF-Token) "
                    "fehlt oder stimmt nicht. Bitte laden Sie die Seite neu und senden Sie "
                    "es noch einmal.")

    @app.exception_handler(NotPermitted)
    async def not_permitted(request: Request, exc: NotPermitted) -> Response:
        return page(request, 403, "Zugriff verweigert", german(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return page(request, 404, "Nicht gefunden", german(exc))

    @app.exception_handler(InvalidInput)
    async def invalid(request: Request, exc: InvalidInput) -> Response:
        return page(request, 400, "Ungültige Eingabe", german(exc))

    @app.exception_handler(RequestValidationError)
    async def unparsable(request: Request, exc: RequestValidationError) -> Response:
        return page(request, 400, "Ungültige Eingabe",
                    "Die Anfrage enthält ungültige oder fehlende Felder.")

    @app.exception_handler(SchemaOutdated)
    async def outdated(request: Request, exc: SchemaOutdated) -> Response:
        return page(request, 503, "Wartung",
                    "Die Datenbank muss aktualisiert werden (passgenau db upgrade).")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return page(request, 404, "Nicht gefunden", "Diese Seite gibt es nicht.")
        return page(request, exc.status_code, "Fehler", "Die Anfrage ist fehlgeschlagen.")
