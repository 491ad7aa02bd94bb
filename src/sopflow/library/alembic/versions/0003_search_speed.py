"""Faster searches: search vectors kept in the row (PostgreSQL), case-blind filter indexes.

On PostgreSQL a search reads the tsvector of each candidate. A row holds the title, roles,
tags, the compressed body and the vector, which together pass the 2 kB at which PostgreSQL
moves the largest value out of the row, and that was the vector: every candidate then cost
a TOAST index lookup and several page reads. With storage MAIN the body moves out instead
and the vector stays in the row (a CLUSTER rewrites the rows already stored).

The tag and department filters compare lower(...) on both databases; indexes on those
expressions replace the plain ones, which no query used, and give PostgreSQL statistics to
plan the filters with.

Revision ID: 0003_search_speed
Revises: 0002_runs
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_search_speed"
down_revision: str | None = "0002_runs"
branch_labels: str | None = None
depends_on: str | None = None


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.drop_index("ix_tags_tag", "tags")
    op.create_index("ix_tags_lower_tag", "tags", [sa.text("lower(tag)")])
    op.drop_index("ix_documents_department", "documents")
    op.create_index("ix_documents_lower_department", "documents", [sa.text("lower(department)")])
    if _postgres():
        op.execute("ALTER TABLE search_index ALTER COLUMN vector SET STORAGE MAIN")
        op.execute("CLUSTER search_index USING search_index_pkey")
        op.execute("ALTER TABLE search_index SET WITHOUT CLUSTER")
        for table in ("search_index", "documents", "tags"):
            op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    if _postgres():
        op.execute("ALTER TABLE search_index ALTER COLUMN vector SET STORAGE EXTENDED")
    op.drop_index("ix_documents_lower_department", "documents")
    op.create_index("ix_documents_department", "documents", ["department"])
    op.drop_index("ix_tags_lower_tag", "tags")
    op.create_index("ix_tags_tag", "tags", ["tag"])
