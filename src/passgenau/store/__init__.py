"""Storage: SQLAlchemy tables, Alembic migrations, repositories and the SQL unit of work.

The domain knows nothing of this package; services work through the unit of work
(:class:`SqlUnitOfWork` implements :class:`passgenau.services.unit_of_work.UnitOfWork`),
whose repositories speak in domain records.

The names below are loaded on first use, so that importing the SQLAlchemy-free
:mod:`passgenau.store.values` does not load the database machinery.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "AuditAction": "passgenau.store.values",
    "AuditEntry": "passgenau.store.audit",
    "Changes": "passgenau.store.values",
    "ProposalRecord": "passgenau.store.values",
    "SqlUnitOfWork": "passgenau.store.unit_of_work",
    "current_revision": "passgenau.store.database",
    "ensure_tenant": "passgenau.store.database",
    "head_revision": "passgenau.store.database",
    "make_engine": "passgenau.store.database",
    "upgrade": "passgenau.store.database",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
