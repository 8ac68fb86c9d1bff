"""Bearer tokens of the JSON API (table ``api_tokens``), found by their hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from passgenau.domain.accounts import Role, User
from passgenau.domain.errors import NotFound
from passgenau.domain.tokens import StoredToken
from passgenau.store.tables import ApiTokenRow, TenantRow, UserRow


class TokenRepository:
    """Tokens by hash; a token's tenant is its user's when it was made, and it is only
    valid while the user still works for that tenant."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, username: str, token_hash: str, created_at: datetime,
            expires_at: datetime) -> int:
        user = self._session.scalar(select(UserRow).where(UserRow.username == username))
        if user is None:
            raise NotFound(f'no user "{username}"')
        row = ApiTokenRow(tenant_id=user.tenant_id, user_id=user.id, token_hash=token_hash,
                          created_at=created_at, expires_at=expires_at)
        self._session.add(row)
        self._session.flush()
        return row.id

    def find(self, token_hash: str) -> StoredToken | None:
        found = self._session.execute(
            select(ApiTokenRow, UserRow.username, UserRow.role, TenantRow.key)
            .join(UserRow, UserRow.id == ApiTokenRow.user_id)
            .join(TenantRow, TenantRow.id == ApiTokenRow.tenant_id)
            .where(ApiTokenRow.token_hash == token_hash,
                   UserRow.tenant_id == ApiTokenRow.tenant_id)
        ).first()
        if found is None:
            return None
        row, username, role, tenant = found
        return StoredToken(row.id, User(username, Role(role), tenant), row.created_at,
                           row.expires_at, row.revoked_at, row.last_used_at)

    def revoke_all(self, username: str, now: datetime) -> int:
        user_id = self._session.scalar(select(UserRow.id).where(UserRow.username == username))
        if user_id is None:
            raise NotFound(f'no user "{username}"')
        result = self._session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.user_id == user_id, ApiTokenRow.revoked_at.is_(None),
                   ApiTokenRow.expires_at > now)
            .values(revoked_at=now)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def touch(self, number: int, now: datetime) -> None:
        self._session.execute(update(ApiTokenRow).where(ApiTokenRow.id == number)
                              .values(last_used_at=now))
