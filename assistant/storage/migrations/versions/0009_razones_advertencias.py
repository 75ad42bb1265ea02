"""Motivos con los que la dependencia aceptó cada advertencia de una versión enviada (la DER
los ve junto a la advertencia en la revisión y en el documento).

Revision ID: 0009_razones_advertencias
Revises: 0002_fichas
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_razones_advertencias"
down_revision = "0002_fichas"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ficha_versions") as table:
        table.add_column(sa.Column("acknowledgement_reasons", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ficha_versions") as table:
        table.drop_column("acknowledgement_reasons")
