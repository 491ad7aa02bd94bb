"""Capture jobs: the durable record of long work the web app runs in the background.

Revision ID: 0007_capture_jobs
Revises: 0006_users
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_capture_jobs"
down_revision: str | None = "0006_users"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "capture_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("owner_name", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("inputs", sa.Text, nullable=False),
        sa.Column("stages", sa.Text, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("result", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_capture_jobs_owner_name", "capture_jobs", ["owner_name", "created_at"])
    op.create_index("ix_capture_jobs_state", "capture_jobs", ["state"])


def downgrade() -> None:
    op.drop_index("ix_capture_jobs_state", table_name="capture_jobs")
    op.drop_index("ix_capture_jobs_owner_name", table_name="capture_jobs")
    op.drop_table("capture_jobs")
