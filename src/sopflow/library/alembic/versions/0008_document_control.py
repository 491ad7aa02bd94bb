"""Document control: review requests and their approvers, electronic signatures, effective
dates, periodic review, obsolescence, notices; and the guards that keep controlled revisions
unchanged in the database itself.

Revision ID: 0008_document_control
Revises: 0007_capture_jobs
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_document_control"
down_revision: str | None = "0007_capture_jobs"
branch_labels: str | None = None
depends_on: str | None = None

CONTROLLED = "('approved', 'effective', 'superseded', 'obsolete')"
"""Stored states whose revision is past review: its row never changes again."""
FIXED = "('in review', 'approved', 'effective', 'superseded', 'obsolete')"
"""Stored states whose content is what reviewers read or signed: it never changes. (A
draft's row is the library's own to rewrite, e.g. when a format upgrade re-stores it.)"""

SQLITE_GUARDS = (
    f"""CREATE TRIGGER revisions_content_fixed BEFORE UPDATE ON revisions
    WHEN (OLD.state IN {FIXED} AND (NEW.content IS NOT OLD.content
        OR NEW.sha256 IS NOT OLD.sha256 OR NEW.number IS NOT OLD.number
        OR NEW.document_id IS NOT OLD.document_id))
      OR (OLD.state IN {CONTROLLED} AND NEW.state IS NOT OLD.state)
    BEGIN SELECT RAISE(ABORT, 'revisions: a revision''s content never changes'); END""",
    f"""CREATE TRIGGER revisions_controlled_kept BEFORE DELETE ON revisions
    WHEN OLD.state IN {CONTROLLED}
    BEGIN SELECT RAISE(ABORT, 'revisions: a controlled revision is never deleted'); END""",
)
SQLITE_DROPS = (
    "DROP TRIGGER IF EXISTS revisions_content_fixed",
    "DROP TRIGGER IF EXISTS revisions_controlled_kept",
)

POSTGRES_GUARDS = (
    f"""CREATE FUNCTION sopflow_revision_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.state IN {CONTROLLED} THEN
          RAISE EXCEPTION 'revisions: a controlled revision is never deleted';
        END IF;
        RETURN OLD;
      END IF;
      IF (OLD.state IN {FIXED} AND (NEW.content IS DISTINCT FROM OLD.content
            OR NEW.sha256 IS DISTINCT FROM OLD.sha256 OR NEW.number IS DISTINCT FROM OLD.number
            OR NEW.document_id IS DISTINCT FROM OLD.document_id))
         OR (OLD.state IN {CONTROLLED} AND NEW.state IS DISTINCT FROM OLD.state) THEN
        RAISE EXCEPTION 'revisions: a revision''s content never changes';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER revisions_guard BEFORE UPDATE OR DELETE ON revisions
    FOR EACH ROW EXECUTE FUNCTION sopflow_revision_guard()""",
)
POSTGRES_DROPS = (
    "DROP TRIGGER IF EXISTS revisions_guard ON revisions",
    "DROP FUNCTION IF EXISTS sopflow_revision_guard()",
)


def _columns() -> None:
    op.add_column("revisions", sa.Column("effective_from", sa.DateTime(timezone=True)))
    op.add_column(
        "documents",
        sa.Column("review_months", sa.Integer, nullable=False, server_default="12"),
    )
    op.add_column("documents", sa.Column("obsolete_reason", sa.Text))
    op.add_column("documents", sa.Column("obsolete_at", sa.DateTime(timezone=True)))


def _tables() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id"), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
        sa.Column("effective_on", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_reviews_revision_id", "reviews", ["revision_id"])
    op.create_table(
        "review_steps",
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("approver", sa.String(80), nullable=False),
        sa.Column("decision", sa.String(16)),
        sa.Column("decided_by", sa.String(64)),
        sa.Column("comment", sa.Text),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "signatures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id"), nullable=False),
        sa.Column("signer", sa.String(64), nullable=False),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("meaning", sa.String(16), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("seal", sa.String(64), nullable=False),
    )
    op.create_index("ix_signatures_revision_id", "signatures", ["revision_id"])
    op.create_table(
        "periodic_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("reviewed_by", sa.String(64), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_periodic_reviews_document_id", "periodic_reviews", ["document_id"])
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("recipient", sa.String(80), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_notices_recipient", "notices", ["recipient", "created_at"])


def upgrade() -> None:
    _columns()
    _tables()
    guards = SQLITE_GUARDS if op.get_bind().dialect.name == "sqlite" else POSTGRES_GUARDS
    for statement in guards:
        op.execute(statement)


def downgrade() -> None:
    drops = SQLITE_DROPS if op.get_bind().dialect.name == "sqlite" else POSTGRES_DROPS
    for statement in drops:
        op.execute(statement)
    for name in ("notices", "periodic_reviews", "signatures", "review_steps", "reviews"):
        op.drop_table(name)
    for table, column in (
        ("documents", "obsolete_at"),
        ("documents", "obsolete_reason"),
        ("documents", "review_months"),
        ("revisions", "effective_from"),
    ):  # SQLite drops a plain column in place since 3.35; no table copy needed
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
