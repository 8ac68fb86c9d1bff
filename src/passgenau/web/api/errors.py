"""Every refusal under ``/api/v1`` as JSON: ``{"error": {"code", "message", "problems"}}``.

Never an HTML page, never a traceback: the API's own handlers answer every error the
services raise, the framework's 404/405/422, and anything unexpected (as a 500 that
names no record). Messages are the web's German sentences
(:func:`passgenau.web.messages.german`); codes are stable for scripts.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from passgenau.domain.accounts import NotPermitted
from passgenau.domain.concurrency import StaleRecord
from passgenau.domain.errors import InvalidInput, NotFound, PassgenauError
from passgenau.domain.tokens import TokenRefused
from passgenau.domain.workflow import ConsentMissing, IllegalMove, NoOpenPosition
from passgenau.services.runtime import SchemaOutdated
from passgenau.web.api.models import ErrorOut
from passgenau.web.messages import german

#: The responses every operation may give besides its own, for the OpenAPI document.
COMMON: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "No token, or an unknown, expired or revoked "
          "one."},
    403: {"model": ErrorOut, "description": "The user's role may not do this."},
    422: {"model": ErrorOut, "description": "Invalid parameters or body."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such record in the user's Jobcenter (another "
          "Jobcenter's record answers the same)."},
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorOut, "description": "Refused by the workflow: a stale version, a "
          "move it does not allow, a missing consent, no open position."},
}

#: Conflicts with the workflow: what was read is stale or the move is not allowed.
_CONFLICTS: tuple[tuple[type[PassgenauError], str], ...] = (
    (StaleRecord, "stale_version"),
    (IllegalMove, "illegal_move"),
    (ConsentMissing, "consent_missing"),
    (NoOpenPosition, "no_open_position"),
)


class ApiConflict(PassgenauError):
    """A conflict the API itself finds (e.g. a matching run is already under way)."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.german = message
        super().__init__(code)


def error(status: int, code: str, message: str, problems: list[dict[str, str]] | None = None,
          headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "problems": problems or []}}
    return JSONResponse(body, status_code=status, headers=headers)


UNAUTHORIZED_HEADERS = {"WWW-Authenticate": 'Bearer realm="passgenau"'}


def unauthorized() -> JSONResponse:
    return error(401, "unauthorized", "Bitte melden Sie sich mit einem gültigen API-Token "
                 "an (Authorization: Bearer …); es fehlt, ist unbekannt, abgelaufen oder "
                 "widerrufen.", headers=UNAUTHORIZED_HEADERS)


def install(api: FastAPI) -> None:
    """The API's error handlers."""

    @api.exception_handler(TokenRefused)
    async def token_refused(request: Request, exc: TokenRefused) -> Response:
        return unauthorized()

    @api.exception_handler(NotPermitted)
    async def not_permitted(request: Request, exc: NotPermitted) -> Response:
        return error(403, "forbidden", german(exc))

    @api.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error(404, "not_found", german(exc))

    @api.exception_handler(InvalidInput)
    async def invalid(request: Request, exc: InvalidInput) -> Response:
        problems = [{"field": p.field, "message": p.message} for p in exc.problems]
        return error(422, "invalid", german(exc), problems)

    @api.exception_handler(ApiConflict)
    async def api_conflict(request: Request, exc: ApiConflict) -> Response:
        return error(409, exc.code, exc.german)

    @api.exception_handler(PassgenauError)
    async def refused(request: Request, exc: PassgenauError) -> Response:
        if isinstance(exc, StaleRecord):  # a script re-reads: say which version is current
            return error(409, "stale_version", f"Der Vorschlag wurde inzwischen von jemand "
                         f"anderem geändert (gelesen: Version {exc.read}, jetzt: Version "
                         f"{exc.current}). Bitte lesen Sie ihn neu und prüfen Sie den Stand, "
                         "bevor Sie ihn erneut bewegen.")
        for kind, code in _CONFLICTS:
            if isinstance(exc, kind):
                return error(409, code, german(exc))
        if isinstance(exc, SchemaOutdated):
            return error(503, "unavailable", "Die Datenbank muss aktualisiert werden "
                         "(passgenau db upgrade).")
        return error(409, "refused", german(exc))

    @api.exception_handler(RequestValidationError)
    async def unparsable(request: Request, exc: RequestValidationError) -> Response:
        problems = [{"field": ".".join(str(p) for p in e.get("loc", ())),
                     "message": str(e.get("msg", ""))} for e in exc.errors()]
        return error(422, "invalid", "Die Anfrage enthält ungültige oder fehlende Felder.",
                     problems)

    @api.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return error(404, "not_found", "Diese Adresse gibt es in der API nicht.")
        if exc.status_code == 400:  # a body that is not JSON at all: invalid, like any
            return error(422, "invalid", "Der Inhalt der Anfrage ist kein gültiges JSON.")
        if exc.status_code == 405:
            return error(405, "method_not_allowed", "Diese Methode ist hier nicht erlaubt.",
                         headers=dict(exc.headers or {}))
        return error(exc.status_code, "http_error", "Die Anfrage ist fehlgeschlagen.")

    @api.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        # the exception's text may quote records: only that something went wrong
        return error(500, "internal_error", "Ein interner Fehler ist aufgetreten.")
