"""Placement workflow: versions for optimistic locking, proposal outcomes, consents, audit values.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

- ``version`` (NOT NULL, 1 for the rows there already) on ``candidates``, ``vacancies``,
  ``proposals`` and ``follow_ups``: an update names the version it read and a stale one
  is refused;
- ``proposals.reason`` (why it was rejected or withdrawn) and ``proposals.note``;
- ``audit_log.changes``: old and new values of the non-personal fields changed;
- ``consents``: a candidate's consents to pass the profile on, with their withdrawal.

SQLite cannot add constraints to a table in place, so columns are added in batch mode
there (the table is recreated), as Alembic's autogenerate would write it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("candidates", "vacancies", "proposals", "follow_ups")


def _version() -> sa.Column[int]:
    return sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, _version())
    op.add_column("proposals", sa.Column("reason", sa.String(length=32), nullable=True))
    op.add_column("proposals", sa.Column("note", sa.Text(), nullable=False, server_default=""))
    op.add_column("audit_log", sa.Column("changes", sa.JSON(), nullable=True))
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=True),
        sa.Column("employer_id", sa.Integer(), nullable=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidates.id"],
            name=op.f("fk_consents_candidate_id_candidates"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employers.id"], name=op.f("fk_consents_employer_id_employers")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_consents_tenant_id_tenants")
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"], ["vacancies.id"], name=op.f("fk_consents_vacancy_id_vacancies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    for column in ("candidate_id", "employer_id", "tenant_id", "vacancy_id"):
        op.create_index(op.f(f"ix_consents_{column}"), "consents", [column])


def downgrade() -> None:
    op.drop_table("consents")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("changes")
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("note")
        batch.drop_column("reason")
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
