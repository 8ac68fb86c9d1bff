"""Use cases of the staff accounts: add a user, sign in (throttled), change a password.

Passwords are kept as argon2id hashes (``argon2-cffi``'s defaults, rehashed when those
change). A failed sign-in counts against the account; after :class:`Throttle` ``failures``
in a row the account waits, and a sign-in in that time is refused even with the right
password. An unknown user name costs the same hash check as a known one, so that the
answer time does not tell which names exist.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from passgenau.domain.accounts import Role, SignInRefused, SignInThrottled, Throttle, User
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.services.unit_of_work import AccountsUnitOfWork

_HASHER = PasswordHasher()
_DUMMY_HASHES: dict[str, str] = {}  # hasher parameters -> the dummy hash made with them
MIN_PASSWORD_LENGTH = 10
DEFAULT_THROTTLE = Throttle()
MAX_USERNAME_LENGTH = 200


def _check(username: str, password: str) -> None:
    problems = []
    if not username or len(username) > MAX_USERNAME_LENGTH or username != username.strip():
        problems.append(Problem("user", "username", "must be 1..200 characters without "
                                "leading or trailing spaces"))
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(Problem("user", "password",
                                f"must have at least {MIN_PASSWORD_LENGTH} characters"))
    if problems:
        raise InvalidInput(problems)


def add_user(uow: AccountsUnitOfWork, username: str, password: str, role: Role,
             tenant: str) -> User:
    """Create an account for ``tenant`` (which must exist)."""
    _check(username, password)
    user = User(username, role, tenant)
    with uow:
        uow.users.add(user, _HASHER.hash(password))
        uow.commit()
    return user


def sign_in(uow: AccountsUnitOfWork, username: str, password: str,
            throttle: Throttle = DEFAULT_THROTTLE, now: datetime | None = None) -> User:
    """The user whose name and password these are; :class:`SignInRefused` (either wrong)
    or :class:`SignInThrottled` (too many failures)."""
    now = now or datetime.now(UTC)
    with uow:
        stored = uow.users.get(username)
        if stored is None:
            _verify(_dummy_hash(), password)
            raise SignInRefused()
        if stored.locked_until is not None and stored.locked_until > now:
            raise SignInThrottled(stored.locked_until)
        if not _verify(stored.password_hash, password):
            failed = stored.failed_sign_ins + 1
            until = throttle.locked_until(failed, now)
            uow.users.record_failure(username, 0 if until else failed, until)
            uow.commit()
            if until is not None:
                raise SignInThrottled(until)
            raise SignInRefused()
        if _HASHER.check_needs_rehash(stored.password_hash):
            uow.users.set_password_hash(username, _HASHER.hash(password))
        if stored.failed_sign_ins or stored.locked_until:
            uow.users.record_success(username)
        uow.commit()
        return stored.user


def _dummy_hash() -> str:
    """A hash no password matches, made with the current parameters on first use (not at
    import: one argon2 hash costs about half a second, which every command would pay)."""
    key = repr(_HASHER)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = _HASHER.hash(secrets.token_urlsafe(16))
    return _DUMMY_HASHES[key]


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


DEMO_USER = "demo"


def demo_sign_in(uow: AccountsUnitOfWork, tenant: str) -> tuple[str, str]:
    """A sign-in for the demo (an officer of ``tenant``) with a fresh random password,
    made or renewed on every start of the demo server: no password is fixed in code."""
    password = secrets.token_urlsafe(12)
    with uow:
        if uow.users.get(DEMO_USER) is None:
            uow.users.add(User(DEMO_USER, Role.OFFICER, tenant), _HASHER.hash(password))
        else:
            uow.users.set_password_hash(DEMO_USER, _HASHER.hash(password))
            uow.users.record_success(DEMO_USER)
        uow.commit()
    return DEMO_USER, password
