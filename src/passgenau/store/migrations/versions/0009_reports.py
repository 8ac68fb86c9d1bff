"""Reports: the decision log of matching runs, employment checks, consent purposes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

``match_runs`` keeps every matching run on the stored caseload for oversight (hashes,
settings, travel model, version, counts; no personal data). ``follow_ups.employed``
records, at a follow-up after a hire, whether the person still works there.
``consents.purpose`` tells a consent to send the profile from one to publish a success
story (existing consents are profile consents). ``candidates.gender`` and
``candidates.citizenship`` keep the exchange format's optional statistics fields for the
fairness audit (personal data; the matching never reads them).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "match_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("reference_date", sa.Date(), nullable=False),
        sa.Column("input_sha256", sa.String(length=64), nullable=False),
        sa.Column("result_sha256", sa.String(length=64), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("travel_model", sa.String(length=200), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_match_runs_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_runs")),
    )
    op.create_index(op.f("ix_match_runs_tenant_id_at"), "match_runs", ["tenant_id", "at"])
    with op.batch_alter_table("follow_ups") as batch:
        batch.add_column(sa.Column("employed", sa.Boolean(), nullable=True))
    with op.batch_alter_table("consents") as batch:
        batch.add_column(sa.Column("purpose", sa.String(length=24), nullable=False,
                                   server_default="profile"))
    with op.batch_alter_table("candidates") as batch:
        batch.add_column(sa.Column("gender", sa.String(length=1), nullable=True))
        batch.add_column(sa.Column("citizenship", sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("candidates") as batch:
        batch.drop_column("citizenship")
        batch.drop_column("gender")
    with op.batch_alter_table("consents") as batch:
        batch.drop_column("purpose")
    with op.batch_alter_table("follow_ups") as batch:
        batch.drop_column("employed")
    op.drop_index(op.f("ix_match_runs_tenant_id_at"), table_name="match_runs")
    op.drop_table("match_runs")
