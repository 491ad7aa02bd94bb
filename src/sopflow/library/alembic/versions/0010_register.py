"""External documents for the document register: standards and customer specifications.

Revision ID: 0010_register
Revises: 0009_audit
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_register"
down_revision: str | None = "0009_audit"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "external_documents",
        sa.Column("code", sa.String(48), primary_key=True),
        sa.Column("issuer", sa.Text, nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("revision", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("issued", sa.Date),
        sa.Column("registered_by", sa.Text, nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("external_documents")
