"""Mensajes del canal de la DER por versión de ficha (para marcar los anteriores como
reemplazados cuando llega una versión nueva).

Revision ID: 0009_slack_mensajes_der
Revises: 0005_slack
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_slack_mensajes_der"
down_revision = "0005_slack"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_der_messages",
        sa.Column("channel", sa.String(32), primary_key=True),
        sa.Column("ts", sa.String(32), primary_key=True),
        sa.Column("ficha_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("decision", sa.Text, nullable=True),
        sa.Column("superseded", sa.Boolean, nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_slack_der_messages_ficha_id", "slack_der_messages", ["ficha_id"])


def downgrade() -> None:
    op.drop_index("ix_slack_der_messages_ficha_id", table_name="slack_der_messages")
    op.drop_table("slack_der_messages")
