"""The JSON API's tokens on dictionaries: the accounts' fake unit of work with a
``tokens`` repository (kept apart from ``fakes.py``, which the other use cases share)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any, Self

from passgenau.domain.errors import NotFound
from passgenau.domain.tokens import StoredToken

from .fakes import FakeAccountsUnitOfWork


class FakeTokenRepository:
    def __init__(self, store: dict[str, StoredToken], users: dict[str, Any]) -> None:
        self._store = store
        self._users = users

    def add(self, username: str, token_hash: str, created_at: datetime,
            expires_at: datetime) -> int:
        if username not in self._users:
            raise NotFound(f'no user "{username}"')
        number = len(self._store) + 1
        self._store[token_hash] = StoredToken(number, self._users[username].user, created_at,
                                              expires_at, None, None)
        return number

    def find(self, token_hash: str) -> StoredToken | None:
        return self._store.get(token_hash)

    def revoke_all(self, username: str, now: datetime) -> int:
        count = 0
        for key, token in list(self._store.items()):
            if token.user.username == username and token.usable(now):
                self._store[key] = dataclasses.replace(token, revoked_at=now)
                count += 1
        return count

    def touch(self, number: int, now: datetime) -> None:
        for key, token in list(self._store.items()):
            if token.number == number:
                self._store[key] = dataclasses.replace(token, last_used_at=now)


class FakeAccountsWithTokens(FakeAccountsUnitOfWork):
    def __init__(self, tenants: Any = ("default",)) -> None:
        super().__init__(tenants)
        self.committed_tokens: dict[str, StoredToken] = {}

    def __enter__(self) -> Self:
        super().__enter__()
        self._working_tokens = dict(self.committed_tokens)
        self.tokens = FakeTokenRepository(self._working_tokens, self._working)
        return self

    def commit(self) -> None:
        super().commit()
        self.committed_tokens = dict(self._working_tokens)
