"""Grupos de la cola de preguntas sin resolver, asignados de forma incremental.

Revision ID: 0007_unresolved_groups
Revises: 0001_base
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_unresolved_groups"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unresolved_groups",
        sa.Column("key", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("centroid", sa.JSON, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("newest_log_id", sa.Integer, nullable=False),
        sa.Column("newest_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("representative", sa.Text, nullable=False),
        sa.Column("representative_score", sa.Float, nullable=False),
    )
    op.create_index("ix_unresolved_groups_newest_log_id", "unresolved_groups", ["newest_log_id"])
    op.create_table(
        "unresolved_members",
        sa.Column("log_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("group_key", sa.Integer, nullable=False),
    )
    op.create_index("ix_unresolved_members_group_key", "unresolved_members", ["group_key"])


def downgrade() -> None:
    op.drop_index("ix_unresolved_members_group_key", table_name="unresolved_members")
    op.drop_table("unresolved_members")
    op.drop_index("ix_unresolved_groups_newest_log_id", table_name="unresolved_groups")
    op.drop_table("unresolved_groups")
