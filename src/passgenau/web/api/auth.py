"""Who a request to the API acts as: the user of its bearer token, never the session.

The API reads only ``Authorization: Bearer …``. A browser's session cookie does not
count here, so a page on another site cannot make a signed-in browser call the API
(no CSRF token is needed: a browser never adds the header on its own).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from passgenau.domain.accounts import User
from passgenau.domain.tokens import TokenRefused
from passgenau.services.tokens import user_of_token
from passgenau.services.unit_of_work import UnitOfWork
from passgenau.web.deps import RuntimeDep, Today, get_runtime, require, today

__all__ = ["ApiUser", "RuntimeDep", "Today", "UnitsOfWork", "api_user", "get_runtime",
           "require", "today"]

_bearer = HTTPBearer(auto_error=False, scheme_name="bearerToken",
                     description="A token from `passgenau user token USER`.")


def api_user(
    runtime: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """The token's user; :class:`TokenRefused` (401) without a usable one."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise TokenRefused()
    return user_of_token(runtime.accounts(), credentials.credentials)


ApiUser = Annotated[User, Depends(api_user)]


def unit_of_work_factory(runtime: RuntimeDep, user: ApiUser) -> Callable[[], UnitOfWork]:
    """Fresh units of work on the token user's tenant, acting (and audited) as the user."""
    return lambda: runtime.unit_of_work(user.tenant, actor=user.username)


UnitsOfWork = Annotated[Callable[[], UnitOfWork], Depends(unit_of_work_factory)]
