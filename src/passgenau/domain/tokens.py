"""Bearer tokens of the JSON API: what a stored token says, and when it may be used.

A token acts as the member of staff it was made for, with that user's role and tenant.
Only a hash of it is stored (the token itself is shown once, when it is made), so a copy
of the database does not hand out access. A token is usable from its creation until it
expires or is revoked, whichever comes first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from passgenau.domain.accounts import User
from passgenau.domain.errors import PassgenauError

DEFAULT_DAYS = 90
MAX_DAYS = 365


@dataclass(frozen=True, slots=True)
class StoredToken:
    """A token as stored: its number, whose it is, and its lifetime."""

    number: int
    user: User
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and self.created_at <= now < self.expires_at


class TokenRefused(PassgenauError):
    """No token, an unknown one, an expired or a revoked one: deliberately not said which."""

    def __init__(self) -> None:
        super().__init__("the API token is missing, unknown, expired or revoked")
