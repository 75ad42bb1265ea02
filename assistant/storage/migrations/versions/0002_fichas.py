"""Fichas de pre-diseño: borradores, versiones, historial, comentarios, sesiones y bandeja
de notificaciones.

Revision ID: 0002_fichas
Revises: 0001_base
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_fichas"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _ficha_fk(table: str) -> sa.Column:
    return sa.Column(
        "ficha_id",
        sa.String(32),
        sa.ForeignKey("fichas.id", name=f"fk_{table}_ficha_id_fichas"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "fichas",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("unit", sa.String(300), nullable=False),
        sa.Column("unit_key", sa.String(300), nullable=False),
        sa.Column("owner_id", sa.String(128), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("draft", sa.JSON, nullable=False),
        sa.Column("current_version", sa.Integer, nullable=False),
        sa.Column("lock_version", sa.Integer, nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_fichas"),
    )
    op.create_index("ix_fichas_unit_key", "fichas", ["unit_key"])
    op.create_index("ix_fichas_status", "fichas", ["status"])

    op.create_table(
        "ficha_versions",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        _ficha_fk("ficha_versions"),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("report", sa.JSON, nullable=False),
        sa.Column("acknowledged", sa.JSON, nullable=False),
        sa.Column("submitted_by", sa.String(128), nullable=False),
        _when("submitted_at"),
        sa.PrimaryKeyConstraint("id", name="pk_ficha_versions"),
        sa.UniqueConstraint("ficha_id", "number", name="uq_ficha_versions_number"),
    )
    op.create_index("ix_ficha_versions_ficha_id", "ficha_versions", ["ficha_id"])

    op.create_table(
        "ficha_transitions",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        _ficha_fk("ficha_transitions"),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.String(128), nullable=False),
        sa.Column("actor_unit", sa.String(300), nullable=False),
        sa.Column("actor_roles", sa.String(100), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_ficha_transitions"),
    )
    op.create_index("ix_ficha_transitions_ficha_id", "ficha_transitions", ["ficha_id"])

    op.create_table(
        "ficha_comments",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        _ficha_fk("ficha_comments"),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("field", sa.String(100), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author_id", sa.String(128), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_ficha_comments"),
    )
    op.create_index("ix_ficha_comments_ficha_id", "ficha_comments", ["ficha_id"])

    op.create_table(
        "intake_sessions",
        sa.Column("user_id", sa.String(128), nullable=False),
        _ficha_fk("intake_sessions"),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("user_id", name="pk_intake_sessions"),
    )
    op.create_index("ix_intake_sessions_ficha_id", "intake_sessions", ["ficha_id"])

    op.create_table(
        "notification_outbox",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("event", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(300), nullable=False),
        sa.Column("subject", sa.String(500), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("ficha_id", sa.String(32), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        _when("next_attempt_at"),
        sa.Column("last_error", sa.Text, nullable=True),
        _when("created_at"),
        _when("delivered_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_notification_outbox"),
    )
    op.create_index("ix_notification_outbox_ficha_id", "notification_outbox", ["ficha_id"])
    op.create_index("ix_notification_outbox_status", "notification_outbox", ["status"])
    op.create_index(
        "ix_notification_outbox_next_attempt_at", "notification_outbox", ["next_attempt_at"]
    )


def downgrade() -> None:
    op.drop_table("notification_outbox")
    op.drop_table("intake_sessions")
    op.drop_table("ficha_comments")
    op.drop_table("ficha_transitions")
    op.drop_table("ficha_versions")
    op.drop_table("fichas")
