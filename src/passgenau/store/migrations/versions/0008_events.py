"""Events: job fairs, speed-datings, information sessions; their employers, invitations
and leads; each proposal's format (``source``) and event.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-06

Spelled out by hand (no ORM import). Rows owned by a candidate (invitations, leads)
delete with the candidate; which columns hold personal data is classified in
:mod:`passgenau.domain.personal_data`. The proposals gain ``source`` (``shortlist`` for
every existing one) and ``event_id``; SQLite cannot add a foreign key in place, so that
is done in batch mode.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _keys(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")
        ),
    ]


def _fk(table: str, column: str, target: str, ondelete: str | None = None,
        nullable: bool = False) -> list[sa.SchemaItem]:
    return [
        sa.Column(column, sa.Integer(), nullable=nullable),
        sa.ForeignKeyConstraint(
            [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"),
            ondelete=ondelete,
        ),
    ]


def _created() -> sa.Column[object]:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def _text(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.Text(), nullable=False)


def _code(name: str, length: int) -> sa.Column[object]:
    return sa.Column(name, sa.String(length=length), nullable=False)


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "events", *_keys("events"),
        sa.Column("ext_id", sa.String(length=64), nullable=False),
        _text("title"), _code("kind", 16),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("lat", sa.Double(), nullable=False),
        sa.Column("lon", sa.Double(), nullable=False),
        _text("postcode"), _text("municipality"), _text("venue"),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("bring", sa.JSON(), nullable=False),
        _created(),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 1", name=op.f("ck_events_capacity")),
        sa.UniqueConstraint("tenant_id", "ext_id", name=op.f("uq_events_tenant_id_ext_id")),
    )
    op.create_table(
        "event_employers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_employers")),
        *_fk("event_employers", "event_id", "events", "CASCADE"),
        *_fk("event_employers", "employer_id", "employers"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.UniqueConstraint("event_id", "employer_id",
                            name=op.f("uq_event_employers_event_id_employer_id")),
    )
    _index("event_employers", "employer_id")
    op.create_table(
        "event_invitations", *_keys("event_invitations"),
        *_fk("event_invitations", "event_id", "events", "CASCADE"),
        *_fk("event_invitations", "candidate_id", "candidates", "CASCADE"),
        _code("status", 16),
        sa.Column("invited_on", sa.Date(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        _text("rules"),
        sa.Column("letter_sent_on", sa.Date(), nullable=True),
        _created(),
        sa.UniqueConstraint("event_id", "candidate_id",
                            name=op.f("uq_event_invitations_event_id_candidate_id")),
    )
    _index("event_invitations", "candidate_id")
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("source", sa.String(length=16), nullable=False,
                                   server_default="shortlist"))
        batch.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_proposals_event_id_events"), "events",
                                 ["event_id"], ["id"], ondelete="SET NULL")
        batch.create_index(op.f("ix_proposals_event_id"), ["event_id"], unique=False)
    op.create_table(
        "event_leads", *_keys("event_leads"),
        *_fk("event_leads", "event_id", "events", "CASCADE"),
        *_fk("event_leads", "candidate_id", "candidates", "CASCADE"),
        *_fk("event_leads", "employer_id", "employers"),
        *_fk("event_leads", "vacancy_id", "vacancies", nullable=True),
        *_fk("event_leads", "proposal_id", "proposals", "SET NULL", nullable=True),
        _code("format", 16), _code("outcome", 16),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        _text("note"), _created(),
    )
    for column in ("event_id", "candidate_id", "employer_id", "vacancy_id", "proposal_id"):
        _index("event_leads", column)


def downgrade() -> None:
    op.drop_table("event_leads")
    with op.batch_alter_table("proposals") as batch:
        batch.drop_index(op.f("ix_proposals_event_id"))
        batch.drop_constraint(op.f("fk_proposals_event_id_events"), type_="foreignkey")
        batch.drop_column("event_id")
        batch.drop_column("source")
    op.drop_table("event_invitations")
    op.drop_table("event_employers")
    op.drop_table("events")
