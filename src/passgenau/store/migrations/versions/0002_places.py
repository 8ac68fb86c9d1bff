"""Places for offline geocoding: the municipality register and postcode centroids.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

Global reference data like ``kldb_titles`` (no tenant): ``place_municipalities`` from the
Destatis Gemeindeverzeichnis, ``place_postcodes`` from OpenGeoDB and GeoNames, one row per
source and PLZ. Filled by ``passgenau reference import-places``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "place_municipalities",
        sa.Column("ags", sa.String(length=8), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("district_name", sa.Text(), nullable=False),
        sa.Column("postcode", sa.String(length=5), nullable=False),
        sa.Column("lat", sa.Double(), nullable=False),
        sa.Column("lon", sa.Double(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("ags", name=op.f("pk_place_municipalities")),
    )
    op.create_table(
        "place_postcodes",
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("postcode", sa.String(length=5), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("district", sa.String(length=5), nullable=False),
        sa.Column("lat", sa.Double(), nullable=False),
        sa.Column("lon", sa.Double(), nullable=False),
        sa.Column("organisation", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("source", "postcode", name=op.f("pk_place_postcodes")),
    )


def downgrade() -> None:
    op.drop_table("place_postcodes")
    op.drop_table("place_municipalities")
