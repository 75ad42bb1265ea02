"""Avisos de la web: qué avisos (filas de la bandeja de notificaciones) leyó cada persona.

Revision ID: 0007_web_avisos
Revises: 0001_base
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_web_avisos"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notice_reads",
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("notification_id", sa.Integer, nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "notification_id", name="pk_notice_reads"),
    )


def downgrade() -> None:
    op.drop_table("notice_reads")
