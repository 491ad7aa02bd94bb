"""Runs: one row per run of a library document, with its record as JSON.

Revision ID: 0002_runs
Revises: 0001_library
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_runs"
down_revision: str | None = "0001_library"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("revision_number", sa.Integer),
        sa.Column("revision_sha256", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("started_by", sa.Text, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_runs_code_started_at", "runs", ["code", "started_at"])


def downgrade() -> None:
    op.drop_index("ix_runs_code_started_at", "runs")
    op.drop_table("runs")
