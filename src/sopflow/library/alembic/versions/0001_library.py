"""The library: documents, revisions, code counters, links, tags and the search index.

Revision ID: 0001_library
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The search index differs by dialect: an FTS5 table whose rowid is the document id on
# SQLite; a table with a weighted tsvector column and a GIN index on PostgreSQL.
SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "title, body, roles, tags, tokenize = 'porter unicode61 remove_diacritics 2')"
)
POSTGRES_SEARCH = (
    """
    CREATE TABLE search_index (
        document_id integer PRIMARY KEY REFERENCES documents (id),
        title text NOT NULL,
        body text NOT NULL,
        roles text NOT NULL,
        tags text NOT NULL,
        vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', title), 'A')
            || setweight(to_tsvector('english', tags), 'B')
            || setweight(to_tsvector('english', roles), 'C')
            || setweight(to_tsvector('english', body), 'D')
        ) STORED
    )
    """,
    "CREATE INDEX ix_search_index_vector ON search_index USING gin (vector)",
)

revision = "0001_library"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("owner", sa.Text),
        sa.Column("department", sa.Text),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("latest", sa.Integer, nullable=False),
    )
    op.create_index("ix_documents_kind", "documents", ["kind"])
    op.create_index("ix_documents_department", "documents", ["department"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.UniqueConstraint("document_id", "number", name="uq_revisions_document_number"),
    )
    op.create_table(
        "code_counters",
        sa.Column("prefix", sa.String(16), primary_key=True),
        sa.Column("last", sa.Integer, nullable=False),
    )
    op.create_table(
        "links",
        sa.Column("source_id", sa.Integer, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("target_code", sa.String(32), primary_key=True),
    )
    op.create_index("ix_links_target_code", "links", ["target_code"])
    op.create_table(
        "tags",
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("tag", sa.Text, primary_key=True),
    )
    op.create_index("ix_tags_tag", "tags", ["tag"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(SQLITE_SEARCH)
    else:
        for statement in POSTGRES_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    for table in ("tags", "links", "code_counters", "revisions", "documents"):
        op.drop_table(table)
