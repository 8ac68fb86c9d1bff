"""The JSON API's bearer tokens on the in-memory unit of work: shown once and stored as
a hash, acting as their user until they expire or are revoked."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from passgenau.domain.accounts import Role, User
from passgenau.domain.errors import InvalidInput, NotFound
from passgenau.domain.tokens import TokenRefused
from passgenau.services.tokens import issue_token, revoke_tokens, user_of_token
from passgenau.services.users import add_user

from .fakes_tokens import FakeAccountsWithTokens

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
ANNA = User("anna", Role.OFFICER, "jc-a")


@pytest.fixture
def accounts() -> FakeAccountsWithTokens:
    uow = FakeAccountsWithTokens(["jc-a"])
    add_user(uow, "anna", "richtig-geheim-1", Role.OFFICER, "jc-a")
    return uow


def test_a_token_is_stored_only_as_its_sha256_hash(accounts: FakeAccountsWithTokens) -> None:
    issued = issue_token(accounts, "anna", days=30, now=NOW)
    assert issued.token.startswith("pga_") and len(issued.token) > 40
    assert issued.expires_at == NOW + timedelta(days=30)
    assert list(accounts.committed_tokens) == [
        hashlib.sha256(issued.token.encode()).hexdigest()]
    assert user_of_token(accounts, issued.token, NOW) == ANNA


def test_two_tokens_differ(accounts: FakeAccountsWithTokens) -> None:
    assert issue_token(accounts, "anna", now=NOW).token != \
        issue_token(accounts, "anna", now=NOW).token


def test_an_expired_a_revoked_and_an_unknown_token_are_refused_alike(
    accounts: FakeAccountsWithTokens,
) -> None:
    token = issue_token(accounts, "anna", days=1, now=NOW).token
    assert user_of_token(accounts, token, NOW + timedelta(hours=23)) == ANNA
    with pytest.raises(TokenRefused):
        user_of_token(accounts, token, NOW + timedelta(days=1))
    other = issue_token(accounts, "anna", days=10, now=NOW).token
    assert revoke_tokens(accounts, "anna", NOW + timedelta(hours=25)) == 1  # the usable one
    for bad in (other, "pga_unbekannt", "", "ä" * 10, "x" * 1000):
        with pytest.raises(TokenRefused):
            user_of_token(accounts, bad, NOW + timedelta(hours=26))


def test_last_use_is_noted_at_most_every_few_minutes(accounts: FakeAccountsWithTokens) -> None:
    token = issue_token(accounts, "anna", now=NOW).token
    commits = accounts.commits
    user_of_token(accounts, token, NOW)
    user_of_token(accounts, token, NOW + timedelta(minutes=1))
    assert accounts.commits == commits + 1  # the second use wrote nothing
    (stored,) = accounts.committed_tokens.values()
    assert stored.last_used_at == NOW


def test_bad_requests_for_tokens_are_refused(accounts: FakeAccountsWithTokens) -> None:
    with pytest.raises(NotFound):
        issue_token(accounts, "niemand", now=NOW)
    with pytest.raises(NotFound):
        revoke_tokens(accounts, "niemand", now=NOW)
    for days in (0, 366):
        with pytest.raises(InvalidInput):
            issue_token(accounts, "anna", days=days, now=NOW)
