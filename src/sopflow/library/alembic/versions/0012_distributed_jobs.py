"""Jobs any process can run and the sign-in throttle every app server shares.

A job is claimed before it runs (`claim`, `attempt`) and the claimant proves it is alive
(`heartbeat_at`), so a second server or worker never runs a job another one holds, and a job
whose claimant died is taken over; `stop` asks the claimant to cancel from any process;
`output` is the full result, written once with the job's end. `login_failures` counts failed
sign-ins in the database, so every app server sees the same count.

Revision ID: 0012_distributed_jobs
Revises: 0011_acknowledgements
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_distributed_jobs"
down_revision: str | None = "0011_acknowledgements"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("capture_jobs") as batch:
        batch.add_column(sa.Column("attempt", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("claim", sa.String(32)))
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("stop", sa.String(16)))
        batch.add_column(sa.Column("output", sa.Text))
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_failures_key", "login_failures", ["key", "at"])


def downgrade() -> None:
    op.drop_index("ix_login_failures_key", table_name="login_failures")
    op.drop_table("login_failures")
    with op.batch_alter_table("capture_jobs") as batch:
        for name in ("output", "stop", "heartbeat_at", "claim", "attempt"):
            batch.drop_column(name)
