"""Use cases of the JSON API's bearer tokens: make one for a user, find the user a token
acts as, revoke a user's tokens.

A token is 32 random bytes (URL-safe text, with a ``pga_`` prefix so that a leaked one
is recognisable); only its SHA-256 hash is stored. SHA-256 rather than argon2 because the
token is random and long: nothing to guess, and a request must not pay a slow hash. The
token acts as its user with the user's *current* role, on the tenant the user had when
it was made.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from passgenau.domain.accounts import User
from passgenau.domain.errors import InvalidInput, NotFound, Problem
from passgenau.domain.tokens import DEFAULT_DAYS, MAX_DAYS, TokenRefused
from passgenau.services.unit_of_work import AccountsUnitOfWork

PREFIX = "pga_"
#: How stale the "last used" time may be: refreshed at most this often, so that reads
#: through the API do not each write to the accounts.
TOUCH_EVERY = timedelta(minutes=5)
MAX_TOKEN_LENGTH = 200


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new token: shown once, never stored as it is."""

    token: str
    user: User
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(uow: AccountsUnitOfWork, username: str, days: int = DEFAULT_DAYS,
                now: datetime | None = None) -> IssuedToken:
    """A new token for ``username``, valid ``days`` days (1..365)."""
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput([Problem("token", "days", f"must be 1..{MAX_DAYS}")])
    now = now or datetime.now(UTC)
    token = PREFIX + secrets.token_urlsafe(32)
    with uow:
        stored = uow.users.get(username)
        if stored is None:
            raise NotFound(f'no user "{username}"')
        expires = now + timedelta(days=days)
        uow.tokens.add(username, token_hash(token), now, expires)
        uow.commit()
    return IssuedToken(token, stored.user, expires)


def user_of_token(uow: AccountsUnitOfWork, token: str, now: datetime | None = None) -> User:
    """The user ``token`` acts as; :class:`TokenRefused` when it is unknown, expired or
    revoked (the same answer for each, so a caller learns nothing from it)."""
    if not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        raise TokenRefused()
    now = now or datetime.now(UTC)
    with uow:
        stored = uow.tokens.find(token_hash(token))
        if stored is None or not stored.usable(now):
            raise TokenRefused()
        if stored.last_used_at is None or now - stored.last_used_at >= TOUCH_EVERY:
            uow.tokens.touch(stored.number, now)
            uow.commit()
        return stored.user


def revoke_tokens(uow: AccountsUnitOfWork, username: str, now: datetime | None = None) -> int:
    """Revoke every usable token of ``username``; how many there were."""
    now = now or datetime.now(UTC)
    with uow:
        if uow.users.get(username) is None:
            raise NotFound(f'no user "{username}"')
        count = uow.tokens.revoke_all(username, now)
        uow.commit()
    return count
