"""Banco de FAQ (entradas, revisiones, eventos, versión publicada) y registro de preguntas.

Revision ID: 0003_faq
Revises: 0001_base
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_faq"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _entry_fk(table: str) -> sa.Column:
    return sa.Column(
        "entry_id",
        sa.String(64),
        sa.ForeignKey("faq_entries.id", name=f"fk_{table}_entry_id_faq_entries"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "faq_entries",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("head_revision", sa.Integer, nullable=False),
        sa.Column("published_revision", sa.Integer, nullable=True),
        sa.Column("author", sa.String(128), nullable=False),
        sa.Column("reviewer", sa.String(128), nullable=True),
        _when("created_at"),
        _when("updated_at"),
        _when("published_at", nullable=True),
        sa.Column("needs_review", sa.Boolean, nullable=False),
        sa.Column("review_reason", sa.Text, nullable=True),
    )
    op.create_index("ix_faq_entries_status", "faq_entries", ["status"])
    op.create_table(
        "faq_revisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _entry_fk("faq_revisions"),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("alternatives", sa.JSON, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("sections", sa.JSON, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("author", sa.String(128), nullable=False),
        _when("created_at"),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("approved_by", sa.String(128), nullable=True),
        _when("approved_at", nullable=True),
        sa.Column("section_hashes", sa.JSON, nullable=True),
        sa.UniqueConstraint("entry_id", "number", name="uq_faq_revisions_entry_number"),
    )
    op.create_index("ix_faq_revisions_entry_id", "faq_revisions", ["entry_id"])
    op.create_table(
        "faq_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _entry_fk("faq_events"),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        _when("at"),
        sa.Column("reason", sa.Text, nullable=True),
    )
    op.create_index("ix_faq_events_entry_id", "faq_events", ["entry_id"])
    state = op.create_table(
        "faq_bank_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("published_version", sa.Integer, nullable=False),
        sa.Column("seed_imported", sa.Boolean, nullable=False),
    )
    op.bulk_insert(state, [{"id": 1, "published_version": 0, "seed_imported": False}])
    op.create_table(
        "question_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _when("created_at"),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("route", sa.String(16), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("abstained", sa.Boolean, nullable=False),
        sa.Column("faq_id", sa.String(64), nullable=True),
        sa.Column("conversation_id", sa.String(64), nullable=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=True),
        sa.Column("feedback", sa.String(16), nullable=True),
        sa.Column("feedback_reason", sa.Text, nullable=True),
        _when("feedback_at", nullable=True),
        sa.Column("resolved_by", sa.String(64), nullable=True),
    )
    op.create_index("ix_question_log_created_at", "question_log", ["created_at"])
    op.create_index("ix_question_log_conversation_id", "question_log", ["conversation_id"])


def downgrade() -> None:
    op.drop_index("ix_question_log_conversation_id", "question_log")
    op.drop_index("ix_question_log_created_at", "question_log")
    op.drop_table("question_log")
    op.drop_table("faq_bank_state")
    op.drop_index("ix_faq_events_entry_id", "faq_events")
    op.drop_table("faq_events")
    op.drop_index("ix_faq_revisions_entry_id", "faq_revisions")
    op.drop_table("faq_revisions")
    op.drop_index("ix_faq_entries_status", "faq_entries")
    op.drop_table("faq_entries")
