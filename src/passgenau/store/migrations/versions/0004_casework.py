"""Casework: case files and team history, certificates, courses, recognition procedures,
partners, employer contacts, referrals.

Revision ID: 0004
Revises: 0002 (the lead chains it after 0003, the proposal workflow, when merging)
Create Date: 2026-12-06

Spelled out by hand (no ORM import): every candidate-owned table deletes with its
candidate (``ON DELETE CASCADE``); which columns hold personal data is classified in
:mod:`passgenau.domain.personal_data`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "candidate_cases", "team_changes", "certificates", "courses", "recognition_procedures",
    "partners", "employer_contacts", "referrals",
)


def _keys(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")
        ),
    ]


def _candidate(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidates.id"],
            name=op.f(f"fk_{table}_candidate_id_candidates"), ondelete="CASCADE",
        ),
    ]


def _created() -> sa.Column[object]:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def _text(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.Text(), nullable=False)


def _code(name: str, length: int, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _date(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.Date(), nullable=nullable)


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "candidate_cases", *_keys("candidate_cases"), *_candidate("candidate_cases"),
        _code("officer", 200), _code("team", 16, nullable=True), _date("ended_on"),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("candidate_id", name=op.f("uq_candidate_cases_candidate_id")),
    )
    op.create_table(
        "team_changes", *_keys("team_changes"), *_candidate("team_changes"),
        _date("changed_on", nullable=False), _code("from_team", 16, nullable=True),
        _code("to_team", 16), _code("reason", 20), _created(),
    )
    op.create_table(
        "certificates", *_keys("certificates"), *_candidate("certificates"),
        _code("test", 16), _code("level", 2), _date("taken_on", nullable=False),
        _code("previous_level", 2), _created(),
    )
    op.create_table(
        "courses", *_keys("courses"), *_candidate("courses"),
        _code("kind", 16), _text("provider"), _text("module"), _date("start"),
        _date("expected_end"), _code("status", 16), _date("ended_on"),
        _code("result_level", 2, nullable=True), _created(),
    )
    op.create_table(
        "recognition_procedures", *_keys("recognition_procedures"),
        *_candidate("recognition_procedures"),
        _code("kldb", 5), _text("authority"), _code("status", 16), _date("applied_on"),
        _date("decided_on"), _created(),
    )
    op.create_table(
        "partners", *_keys("partners"),
        sa.Column("ext_id", sa.String(length=64), nullable=False),
        _code("kind", 24), _text("name"), _text("municipality"),
        sa.Column("contacts", sa.JSON(), nullable=False), _text("note"),
        sa.UniqueConstraint("tenant_id", "ext_id", name=op.f("uq_partners_tenant_id_ext_id")),
    )
    op.create_table(
        "employer_contacts", *_keys("employer_contacts"),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employers.id"],
            name=op.f("fk_employer_contacts_employer_id_employers"), ondelete="CASCADE",
        ),
        _date("contacted_on", nullable=False), _code("kind", 16), _code("staff", 200),
        _text("summary"), _text("needs"), sa.Column("funding", sa.JSON(), nullable=False),
        _text("next_step"), _date("next_step_on"), _created(),
    )
    op.create_table(
        "referrals", *_keys("referrals"), *_candidate("referrals"),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=op.f("fk_referrals_partner_id_partners")
        ),
        _date("referred_on", nullable=False), _text("purpose"), _code("status", 16),
        _date("answered_on"), _text("answer"), _created(),
    )
    for table in ("team_changes", "certificates", "courses", "recognition_procedures",
                  "referrals"):
        _index(table, "candidate_id")
    _index("employer_contacts", "employer_id")
    _index("referrals", "partner_id")


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
