"""Staff accounts (table ``users``): global, each bound to one tenant by its key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from passgenau.domain.accounts import Role, StoredUser, User
from passgenau.domain.errors import InvalidInput, NotFound, Problem
from passgenau.store.tables import TenantRow, UserRow


class UserRepository:
    """Accounts by user name; the tenant is stored as its row and read back as its key."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, username: str) -> StoredUser | None:
        found = self._session.execute(
            select(UserRow, TenantRow.key).join(TenantRow, TenantRow.id == UserRow.tenant_id)
            .where(UserRow.username == username)
        ).first()
        if found is None:
            return None
        row, tenant = found
        return StoredUser(User(row.username, Role(row.role), tenant), row.password_hash,
                          row.failed_sign_ins, row.locked_until)

    def add(self, user: User, password_hash: str) -> None:
        tenant_id = self._session.scalar(select(TenantRow.id).where(TenantRow.key == user.tenant))
        if tenant_id is None:
            raise NotFound(f'no tenant with key "{user.tenant}"')
        if self._session.scalar(select(UserRow.id).where(UserRow.username == user.username)):
            raise InvalidInput([Problem("user", "username", "exists already")])
        self._session.add(UserRow(tenant_id=tenant_id, username=user.username,
                                  password_hash=password_hash, role=user.role.value))

    def set_password_hash(self, username: str, password_hash: str) -> None:
        self._session.execute(update(UserRow).where(UserRow.username == username)
                              .values(password_hash=password_hash))

    def record_failure(self, username: str, failed: int, locked_until: datetime | None) -> None:
        self._session.execute(update(UserRow).where(UserRow.username == username)
                              .values(failed_sign_ins=failed, locked_until=locked_until))

    def record_success(self, username: str) -> None:
        self.record_failure(username, 0, None)
