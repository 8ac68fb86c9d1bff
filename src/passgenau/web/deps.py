"""The web's dependencies, one place: the runtime, the signed-in user, units of work on
the user's tenant acting as the user, the CSRF check, role checks.

Every unit of work is made for the signed-in user's tenant only, so no URL or form field
can reach another Jobcenter's records: they answer ``NotFound`` (404), exactly like a
record that does not exist.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Collection
from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from passgenau.domain.accounts import NotPermitted, Role, User
from passgenau.services.runtime import Runtime
from passgenau.services.unit_of_work import UnitOfWork

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class NotSignedIn(Exception):
    """No session: the answer is a redirect to the sign-in page."""


class CsrfRefused(Exception):
    """A state-changing request without the session's CSRF token."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use (also before sign-in)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


async def check_csrf(request: Request) -> None:
    """Refuse a form or HTMX request whose token is missing or not the session's."""
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise CsrfRefused()


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


def current_user(request: Request) -> User:
    data = request.session.get("user")
    if not isinstance(data, dict):
        raise NotSignedIn()
    try:
        return User(str(data["name"]), Role(data["role"]), str(data["tenant"]))
    except (KeyError, ValueError):
        request.session.clear()
        raise NotSignedIn() from None


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
CurrentUser = Annotated[User, Depends(current_user)]
CsrfChecked = Depends(check_csrf)


def unit_of_work_factory(runtime: RuntimeDep, user: CurrentUser) -> Callable[[], UnitOfWork]:
    """Fresh units of work (a page may call several services) on the user's tenant."""
    return lambda: runtime.unit_of_work(user.tenant, actor=user.username)


UnitsOfWork = Annotated[Callable[[], UnitOfWork], Depends(unit_of_work_factory)]


def today(request: Request) -> date:
    return request.app.state.today()  # type: ignore[no-any-return]


Today = Annotated[date, Depends(today)]


def require(user: User, roles: Collection[Role], what: str) -> None:
    """Refuse with a 403 page that names what the user's role may not do."""
    if user.role not in roles:
        raise NotPermitted(user.role, what)


def local_path(target: str | None, default: str = "/") -> str:
    """A redirect target from a form: only a path on this site (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") \
            and "\\" not in target:
        return target
    return default
