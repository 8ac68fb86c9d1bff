"""Storage: SQLAlchemy tables, Alembic migrations, repositories and the unit of work.

The domain knows nothing of this package; services open a :class:`SqlUnitOfWork`, work
through its repositories (which speak in domain records) and commit explicitly.
"""

from passgenau.store.audit import AuditAction, AuditEntry
from passgenau.store.database import (
    current_revision,
    ensure_tenant,
    head_revision,
    make_engine,
    upgrade,
)
from passgenau.store.placements import FollowUpRecord, ProposalRecord
from passgenau.store.repository import Changes
from passgenau.store.unit_of_work import SqlUnitOfWork

__all__ = [
    "AuditAction",
    "AuditEntry",
    "Changes",
    "FollowUpRecord",
    "ProposalRecord",
    "SqlUnitOfWork",
    "current_revision",
    "ensure_tenant",
    "head_revision",
    "make_engine",
    "upgrade",
]
