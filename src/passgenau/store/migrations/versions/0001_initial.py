"""Initial schema: tenants, caseload records, placement workflow, audit log, KldB titles.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Written by hand from Alembic's autogenerate output. It spells out the tables as they are
at this revision (it must not import the ORM, which will move on) and seeds the
"default" tenant that single-Jobcenter installations use.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _tenant_id() -> sa.Column[int]:
    return sa.Column("tenant_id", sa.Integer(), nullable=False)


def _ext_id() -> sa.Column[str]:
    return sa.Column("ext_id", sa.String(length=64), nullable=False)


def _timestamp(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")
    )


def _per_tenant(table: str) -> list[sa.SchemaItem]:
    """Primary key, tenant foreign key and the external id unique per tenant."""
    return [
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        _tenant_fk(table),
        sa.UniqueConstraint("tenant_id", "ext_id", name=op.f(f"uq_{table}_tenant_id_ext_id")),
    ]


def upgrade() -> None:
    tenants = op.create_table(
        "tenants",
        _id(),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("max_proposals_per_candidate", sa.Integer(), nullable=False),
        sa.Column("grace_days", sa.Integer(), nullable=False),
        sa.CheckConstraint("grace_days >= 0", name=op.f("ck_tenants_grace_days")),
        sa.CheckConstraint(
            "max_proposals_per_candidate >= 1", name=op.f("ck_tenants_max_proposals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenants")),
        sa.UniqueConstraint("key", name=op.f("uq_tenants_key")),
    )
    op.create_table(
        "kldb_titles",
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("short_title", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_kldb_titles")),
    )
    op.create_table(
        "audit_log",
        _id(),
        _tenant_id(),
        _timestamp("at"),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("ext_id", sa.String(length=200), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        _tenant_fk("audit_log"),
    )
    op.create_index(op.f("ix_audit_log_tenant_id_at"), "audit_log", ["tenant_id", "at"])
    op.create_index(
        op.f("ix_audit_log_tenant_id_entity_ext_id"),
        "audit_log",
        ["tenant_id", "entity", "ext_id"],
    )

    op.create_table(
        "employers",
        _id(),
        _tenant_id(),
        _ext_id(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("lat", sa.Double(), nullable=False),
        sa.Column("lon", sa.Double(), nullable=False),
        sa.Column("postcode", sa.Text(), nullable=False),
        sa.Column("municipality", sa.Text(), nullable=False),
        sa.Column("sector", sa.Text(), nullable=False),
        sa.Column("onsite_interviews", sa.Boolean(), nullable=False),
        sa.Column("trial_work", sa.Boolean(), nullable=False),
        sa.Column("contact_name", sa.Text(), nullable=False),
        sa.Column("contact_email", sa.Text(), nullable=False),
        sa.Column("contact_phone", sa.Text(), nullable=False),
        *_per_tenant("employers"),
    )
    op.create_table(
        "vacancies",
        _id(),
        _tenant_id(),
        _ext_id(),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kldb", sa.String(length=5), nullable=False),
        sa.Column("hours", sa.Double(), nullable=False),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("postcode", sa.Text(), nullable=True),
        sa.Column("municipality", sa.Text(), nullable=True),
        sa.Column("positions", sa.Integer(), nullable=False),
        sa.Column("shortlist_size", sa.Integer(), nullable=False),
        sa.Column("german_level_min", sa.String(length=2), nullable=False),
        sa.Column("shifts", sa.JSON(), nullable=False),
        sa.Column("driving_licence_required", sa.Boolean(), nullable=False),
        sa.Column("recognition_required", sa.Boolean(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.CheckConstraint("hours > 0", name=op.f("ck_vacancies_hours")),
        sa.CheckConstraint("positions >= 1", name=op.f("ck_vacancies_positions")),
        sa.CheckConstraint(
            "shortlist_size BETWEEN 1 AND 10", name=op.f("ck_vacancies_shortlist_size")
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employers.id"], name=op.f("fk_vacancies_employer_id_employers")
        ),
        *_per_tenant("vacancies"),
    )
    op.create_index(op.f("ix_vacancies_employer_id"), "vacancies", ["employer_id"])
    op.create_index(op.f("ix_vacancies_kldb"), "vacancies", ["kldb"])

    op.create_table(
        "candidates",
        _id(),
        _tenant_id(),
        _ext_id(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("home_lat", sa.Double(), nullable=False),
        sa.Column("home_lon", sa.Double(), nullable=False),
        sa.Column("home_postcode", sa.Text(), nullable=False),
        sa.Column("home_municipality", sa.Text(), nullable=False),
        sa.Column("german_level", sa.String(length=2), nullable=False),
        sa.Column("wishes", sa.JSON(), nullable=False),
        sa.Column("hours_min", sa.Double(), nullable=False),
        sa.Column("hours_max", sa.Double(), nullable=False),
        sa.Column("availability", sa.JSON(), nullable=False),
        sa.Column("modes", sa.JSON(), nullable=False),
        sa.Column("driving_licence", sa.Boolean(), nullable=False),
        sa.Column("max_commute_minutes", sa.Integer(), nullable=False),
        sa.Column("work_permit", sa.String(length=20), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("motivation", sa.Integer(), nullable=False),
        sa.Column("unemployed_since", sa.Date(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=False),
        sa.CheckConstraint("motivation BETWEEN 1 AND 5", name=op.f("ck_candidates_motivation")),
        *_per_tenant("candidates"),
    )
    op.create_table(
        "candidate_occupations",
        _id(),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kldb", sa.String(length=5), nullable=False),
        sa.Column("years", sa.Double(), nullable=False),
        sa.Column("recognition", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_occupations_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_occupations")),
    )
    op.create_index(
        op.f("ix_candidate_occupations_candidate_id"), "candidate_occupations", ["candidate_id"]
    )
    op.create_index(op.f("ix_candidate_occupations_kldb"), "candidate_occupations", ["kldb"])

    op.create_table(
        "households",
        _id(),
        _tenant_id(),
        _ext_id(),
        sa.Column("place_together", sa.Boolean(), nullable=False),
        *_per_tenant("households"),
    )
    op.create_table(
        "household_members",
        _id(),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_household_members_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_members_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_members")),
        sa.UniqueConstraint("candidate_id", name=op.f("uq_household_members_candidate_id")),
    )
    op.create_index(
        op.f("ix_household_members_household_id"), "household_members", ["household_id"]
    )

    op.create_table(
        "proposals",
        _id(),
        _tenant_id(),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("shift", sa.Text(), nullable=True),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidates.id"], name=op.f("fk_proposals_candidate_id_candidates")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_proposals_household_id_households"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"], ["vacancies.id"], name=op.f("fk_proposals_vacancy_id_vacancies")
        ),
        _tenant_fk("proposals"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
        sa.UniqueConstraint(
            "vacancy_id", "candidate_id", name=op.f("uq_proposals_vacancy_id_candidate_id")
        ),
    )
    op.create_index(op.f("ix_proposals_candidate_id"), "proposals", ["candidate_id"])
    op.create_index(op.f("ix_proposals_household_id"), "proposals", ["household_id"])
    op.create_index(op.f("ix_proposals_tenant_id"), "proposals", ["tenant_id"])

    op.create_table(
        "follow_ups",
        _id(),
        _tenant_id(),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("vacancy_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _timestamp("done_at", nullable=True),
        _timestamp("created_at"),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidates.id"], name=op.f("fk_follow_ups_candidate_id_candidates")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_follow_ups_proposal_id_proposals"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"], ["vacancies.id"], name=op.f("fk_follow_ups_vacancy_id_vacancies")
        ),
        _tenant_fk("follow_ups"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    op.create_index(op.f("ix_follow_ups_candidate_id"), "follow_ups", ["candidate_id"])
    op.create_index(op.f("ix_follow_ups_proposal_id"), "follow_ups", ["proposal_id"])
    op.create_index(op.f("ix_follow_ups_tenant_id_due"), "follow_ups", ["tenant_id", "due"])
    op.create_index(op.f("ix_follow_ups_vacancy_id"), "follow_ups", ["vacancy_id"])

    op.bulk_insert(
        tenants,
        [
            {
                "key": "default",
                "name": "Jobcenter",
                "max_proposals_per_candidate": 2,
                "grace_days": 28,
            }
        ],
    )


def downgrade() -> None:
    # Dropping a table drops its indexes; children before parents.
    for table in (
        "follow_ups",
        "proposals",
        "household_members",
        "households",
        "candidate_occupations",
        "candidates",
        "vacancies",
        "employers",
        "audit_log",
        "kldb_titles",
        "tenants",
    ):
        op.drop_table(table)
