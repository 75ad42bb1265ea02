"""Conversaciones que se reabren: detalles de cada turno (citas, valoración, ficha) y
búsqueda de las conversaciones de una persona.

Revision ID: 0007_web_conversaciones
Revises: 0001_base
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_web_conversaciones"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversation_turns") as batch:
        batch.add_column(sa.Column("details", sa.JSON, nullable=True))
    op.create_index("ix_conversations_user_id", "conversations", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_conversations_user_id", table_name="conversations")
    with op.batch_alter_table("conversation_turns") as batch:
        batch.drop_column("details")
