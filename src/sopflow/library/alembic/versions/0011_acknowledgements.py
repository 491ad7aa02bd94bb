"""Read-and-acknowledge: each document's distribution list (who must acknowledge its
revision in force, and within how many days), and on each run whether its starter had
acknowledged the revision it follows.

Revision ID: 0011_acknowledgements
Revises: 0010_register
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_acknowledgements"
down_revision: str | None = "0010_register"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "distribution",
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("entry", sa.String(80), primary_key=True),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.add_column(
        "documents",
        sa.Column("acknowledge_days", sa.Integer, nullable=False, server_default="14"),
    )
    op.add_column("runs", sa.Column("acknowledgement", sa.String(16)))


def downgrade() -> None:
    op.drop_table("distribution")
    for table, column in (("documents", "acknowledge_days"), ("runs", "acknowledgement")):
        # SQLite drops a plain column in place since 3.35; no table copy needed
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
