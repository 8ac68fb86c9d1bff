"""The staff accounts' use cases on the in-memory unit of work: argon2 hashes, sign-in,
and the throttle after repeated failures (and its end)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from passgenau.domain.accounts import Role, SignInRefused, SignInThrottled, Throttle
from passgenau.domain.errors import InvalidInput, NotFound
from passgenau.services.users import add_user, demo_sign_in, sign_in

from .fakes import FakeAccountsUnitOfWork

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
PASSWORD = "richtig-geheim-1"


@pytest.fixture
def accounts() -> FakeAccountsUnitOfWork:
    uow = FakeAccountsUnitOfWork(["jc-a"])
    add_user(uow, "anna", PASSWORD, Role.OFFICER, "jc-a")
    return uow


def test_the_password_is_kept_only_as_an_argon2_hash(accounts: FakeAccountsUnitOfWork) -> None:
    stored = accounts.committed["anna"]
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    user = sign_in(accounts, "anna", PASSWORD, now=NOW)
    assert (user.username, user.role, user.tenant) == ("anna", Role.OFFICER, "jc-a")


def test_bad_accounts_are_refused(accounts: FakeAccountsUnitOfWork) -> None:
    with pytest.raises(InvalidInput):
        add_user(accounts, "anna", PASSWORD, Role.OFFICER, "jc-a")  # exists
    with pytest.raises(InvalidInput):
        add_user(accounts, "ben", "kurz", Role.OFFICER, "jc-a")
    with pytest.raises(NotFound):
        add_user(accounts, "ben", PASSWORD, Role.OFFICER, "jc-x")


def test_the_throttle_locks_after_failures_and_opens_again(
    accounts: FakeAccountsUnitOfWork,
) -> None:
    throttle = Throttle(failures=3, minutes=10)
    for _ in range(2):
        with pytest.raises(SignInRefused):
            sign_in(accounts, "anna", "falsch-falsch", throttle, NOW)
    with pytest.raises(SignInThrottled) as locked:
        sign_in(accounts, "anna", "falsch-falsch", throttle, NOW)
    assert locked.value.until == NOW + timedelta(minutes=10)
    with pytest.raises(SignInThrottled):  # the right password does not help while locked
        sign_in(accounts, "anna", PASSWORD, throttle, NOW + timedelta(minutes=9))
    assert sign_in(accounts, "anna", PASSWORD, throttle, NOW + timedelta(minutes=11))
    assert accounts.committed["anna"].failed_sign_ins == 0


def test_an_unknown_user_is_refused_like_a_wrong_password(
    accounts: FakeAccountsUnitOfWork,
) -> None:
    with pytest.raises(SignInRefused) as unknown:
        sign_in(accounts, "niemand", PASSWORD, now=NOW)
    with pytest.raises(SignInRefused) as wrong:
        sign_in(accounts, "anna", "falsch-falsch", now=NOW)
    assert str(unknown.value) == str(wrong.value)


def test_the_demo_sign_in_gets_a_fresh_password_each_time() -> None:
    uow = FakeAccountsUnitOfWork(["demo"])
    user, first = demo_sign_in(uow, "demo")
    _, second = demo_sign_in(uow, "demo")
    assert first != second
    with pytest.raises(SignInRefused):
        sign_in(uow, user, first, now=NOW)
    assert sign_in(uow, user, second, now=NOW).tenant == "demo"
