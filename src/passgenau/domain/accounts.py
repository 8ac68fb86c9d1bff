"""Staff accounts of the web application: roles, and the rule that throttles sign-in.

A user works for one Jobcenter (tenant) in one role. What a role may do is decided here,
so that the web and any later API ask the same question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from passgenau.domain.errors import PassgenauError


class Role(StrEnum):
    OFFICER = "officer"  # Vermittlungsfachkraft (placement)
    ACQUISITION = "acquisition"  # Arbeitgeberservice (employers)
    MANAGEMENT = "management"  # Leitung
    PARTNER = "partner"  # Kooperationspartner (sees only candidates referred to it)
    ADMIN = "admin"  # Administration

    @property
    def german(self) -> str:
        return _GERMAN[self]


_GERMAN = {
    Role.OFFICER: "Vermittlung",
    Role.ACQUISITION: "Arbeitgeberservice",
    Role.MANAGEMENT: "Leitung",
    Role.PARTNER: "Kooperationspartner",
    Role.ADMIN: "Administration",
}

#: Roles that may move proposals through the workflow (management only looks).
MOVES_PROPOSALS = frozenset({Role.OFFICER, Role.ACQUISITION, Role.ADMIN})
#: Roles that see the whole caseload (a partner only sees referred candidates).
SEES_CASELOAD = frozenset({Role.OFFICER, Role.ACQUISITION, Role.MANAGEMENT, Role.ADMIN})


@dataclass(frozen=True, slots=True)
class User:
    """A signed-in member of staff: who, in which role, for which Jobcenter."""

    username: str
    role: Role
    tenant: str


@dataclass(frozen=True, slots=True)
class StoredUser:
    """An account as stored: the hash and the sign-in failures since the last success."""

    user: User
    password_hash: str
    failed_sign_ins: int
    locked_until: datetime | None


@dataclass(frozen=True, slots=True)
class Throttle:
    """After ``failures`` failed sign-ins in a row an account waits ``minutes``."""

    failures: int = 5
    minutes: int = 15

    def locked_until(self, failed_sign_ins: int, now: datetime) -> datetime | None:
        """When the account opens again after this many failures (None: not locked)."""
        if failed_sign_ins < self.failures:
            return None
        return now + timedelta(minutes=self.minutes)


class SignInRefused(PassgenauError):
    """Unknown user or wrong password: deliberately not said which."""

    def __init__(self) -> None:
        super().__init__("user name or password is wrong")


class SignInThrottled(PassgenauError):
    """Too many failed sign-ins: the account waits until ``until``."""

    def __init__(self, until: datetime) -> None:
        self.until = until
        super().__init__(f"too many failed sign-ins; try again after {until:%H:%M} UTC")


class NotPermitted(PassgenauError):
    """The user's role may not do this; ``what`` says what was refused."""

    def __init__(self, role: Role, what: str) -> None:
        self.role = role
        self.what = what
        super().__init__(f"the role {role.value} may not {what}")


def parse_role(text: str) -> Role:
    from passgenau.domain.errors import InvalidInput, Problem

    try:
        return Role(text)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise InvalidInput([Problem("user", "role", f"{text!r} is not one of {roles}")]) \
            from None


# -- the JSON API (issue 11): what else a role may do ---------------------------------------

#: Roles that record casework (follow-ups, contacts): placement and administration.
KEEPS_CASEWORK = frozenset({Role.OFFICER, Role.ADMIN})
#: Roles that may start a matching run (it replaces the suggested proposals).
RUNS_MATCHING = frozenset({Role.OFFICER, Role.ACQUISITION, Role.ADMIN})
