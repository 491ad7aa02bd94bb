"""Search titles kept in the row (PostgreSQL), so ranking a thousand candidates by title is cheap.

The search orders its candidates by the words of their titles (sopflow.library.ranking),
which reads the index's title column of every candidate. Next to a vector kept in the row
(0003), PostgreSQL's TOAST moved short titles out of the row too: each candidate's title
then cost a TOAST lookup, more than the ranking itself. Storage MAIN keeps them in the row
(as it keeps the vector: out of it only when a row cannot hold it otherwise), and a CLUSTER
rewrites the rows already stored. SQLite reads the title from the documents table.

Revision ID: 0005_title_inline
Revises: 0004_attachments
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0005_title_inline"
down_revision: str | None = "0004_attachments"
branch_labels: str | None = None
depends_on: str | None = None


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if _postgres():
        op.execute("ALTER TABLE search_index ALTER COLUMN title SET STORAGE MAIN")
        op.execute("CLUSTER search_index USING search_index_pkey")
        op.execute("ALTER TABLE search_index SET WITHOUT CLUSTER")
        op.execute("ANALYZE search_index")


def downgrade() -> None:
    if _postgres():
        op.execute("ALTER TABLE search_index ALTER COLUMN title SET STORAGE EXTENDED")
