"""The library's tables, as SQLAlchemy Core metadata; Alembic migrations create them.

The search index is not here: it is an FTS5 virtual table on SQLite and a tsvector column
with a GIN index on PostgreSQL, created by the migration for each dialect (see search.py).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("owner", Text),
    Column("department", Text),
    Column("state", String(16), nullable=False),
    Column("latest", Integer, nullable=False),  # the number of the latest revision
    Column("review_months", Integer, nullable=False, server_default="12"),
    Column("obsolete_reason", Text),  # set when the document was made obsolete
    Column("obsolete_at", DateTime(timezone=True)),
    Column("acknowledge_days", Integer, nullable=False, server_default="14"),
    Index("ix_documents_kind", "kind"),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("content", Text, nullable=False),  # canonical JSON: sorted keys, compact
    Column("sha256", String(64), nullable=False),
    Column("author", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("summary", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("effective_from", DateTime(timezone=True)),  # approved: in force from then on
    UniqueConstraint("document_id", "number", name="uq_revisions_document_number"),
)

code_counters = Table(
    "code_counters",
    metadata,
    Column("prefix", String(16), primary_key=True),  # KIND-AREA, for example SOP-FIN
    Column("last", Integer, nullable=False),
)

links = Table(
    "links",
    metadata,
    Column("source_id", Integer, ForeignKey("documents.id"), primary_key=True),
    Column("target_code", String(32), primary_key=True),
    Index("ix_links_target_code", "target_code"),
)

tags = Table(
    "tags",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id"), primary_key=True),
    Column("tag", Text, primary_key=True),
)

# Search filters compare departments and tags whatever their case (see search.py).
Index("ix_documents_lower_department", func.lower(documents.c.department))
Index("ix_tags_lower_tag", func.lower(tags.c.tag))

attachments = Table(
    "attachments",
    metadata,
    Column("sha256", String(64), primary_key=True),  # of the bytes: stored once, never changed
    Column("media_type", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

revision_files = Table(
    "revision_files",
    metadata,
    Column("revision_id", Integer, ForeignKey("revisions.id"), primary_key=True),
    Column("path", Text, primary_key=True),  # as the revision refers to it, relative to itself
    Column("sha256", String(64), ForeignKey("attachments.sha256"), nullable=False),
)

# People and their access: accounts with Argon2 password hashes, the roles each holds,
# browser sessions and API tokens (both stored as the SHA-256 of the secret, never the secret).
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),  # the login name
    Column("full_name", Text, nullable=False),
    Column("email", Text),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("password_changed_at", DateTime(timezone=True), nullable=False),
)

user_roles = Table(
    "user_roles",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(16), primary_key=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_sessions_user_id", "user_id"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
)

# Long work the web app runs in the background (capture jobs): the state, progress and
# result summary as JSON text, so the record survives a restart and another worker can read it.
capture_jobs = Table(
    "capture_jobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(32), nullable=False),  # which handler runs it: "capture"
    Column("owner_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("owner_name", String(64), nullable=False),
    Column("state", String(16), nullable=False),  # queued, running, done, failed, cancelled
    Column("inputs", Text, nullable=False),  # JSON
    Column("stages", Text, nullable=False),  # JSON list of each stage's progress
    Column("error", Text),
    Column("result", Text),  # JSON summary; the full result is `output`
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    # migration 0012: who runs it, proof they are alive, a stop asked from anywhere, the result
    Column("attempt", Integer, nullable=False, server_default="0"),
    Column("claim", String(32)),
    Column("heartbeat_at", DateTime(timezone=True)),
    Column("stop", String(16)),  # "cancelled" once someone cancels it while it runs
    Column("output", Text),  # JSON: the full result, written once with the job's end
    Index("ix_capture_jobs_owner_name", "owner_name", "created_at"),
    Index("ix_capture_jobs_state", "state"),
)

# Failed sign-ins (migration 0012), one row each, so every app server counts the same ones.
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False),  # "ip:127.0.0.1" or "name:arthur"
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_login_failures_key", "key", "at"),
)

# Document control (migration 0008): a review request per submission with its approvers in
# order, electronic signatures bound to the SHA-256 of what was signed, periodic reviews of
# the revision in force, and notices to the people a change concerns.
reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("revision_id", Integer, ForeignKey("revisions.id"), nullable=False),
    Column("mode", String(16), nullable=False),  # sequential, parallel
    Column("reason", Text, nullable=False),  # why the change is made
    Column("requested_by", String(64), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("state", String(16), nullable=False),  # open, approved, rejected, withdrawn
    Column("closed_at", DateTime(timezone=True)),
    Column("effective_on", DateTime(timezone=True)),
    Index("ix_reviews_revision_id", "revision_id"),
)

review_steps = Table(
    "review_steps",
    metadata,
    Column("review_id", Integer, ForeignKey("reviews.id"), primary_key=True),
    Column("position", Integer, primary_key=True),  # from 1, the order of a sequence
    Column("approver", String(80), nullable=False),  # a login name, or role:ROLE
    Column("decision", String(16)),  # None pending; approved, rejected, withdrawn
    Column("decided_by", String(64)),
    Column("comment", Text),
    Column("decided_at", DateTime(timezone=True)),
)

signatures = Table(
    "signatures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("revision_id", Integer, ForeignKey("revisions.id"), nullable=False),
    Column("signer", String(64), nullable=False),
    Column("full_name", Text, nullable=False),
    Column("meaning", String(16), nullable=False),  # authored, reviewed, approved, acknowledged
    Column("signed_at", DateTime(timezone=True), nullable=False),
    Column("sha256", String(64), nullable=False),  # of the revision's canonical content
    Column("seal", String(64), nullable=False),  # SHA-256 of the signature record itself
    Index("ix_signatures_revision_id", "revision_id"),
)

periodic_reviews = Table(
    "periodic_reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("number", Integer, nullable=False),  # the revision in force that was reviewed
    Column("reviewed_by", String(64), nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    Index("ix_periodic_reviews_document_id", "document_id"),
)

notices = Table(
    "notices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("recipient", String(80), nullable=False),  # a login name, or role:ROLE
    Column("code", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_notices_recipient", "recipient", "created_at"),
)

# The audit trail: an append-only hash chain (see audit.py). Triggers made by the migration
# refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) for every database role.
audit_entries = Table(
    "audit_entries",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),  # UTC, ISO 8601, as hashed in content
    Column("actor", String(200), nullable=False),
    Column("action", String(64), nullable=False),
    Column("subject", Text, nullable=False),
    Column("content", Text, nullable=False),  # canonical JSON: sorted keys, no spaces
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_entries_actor", "actor", "seq"),
    Index("ix_audit_entries_action", "action", "seq"),
)

# Documents of external origin (ISO 9001 clause 7.5.3.2): a standard, a customer specification,
# a regulation. The organisation controls which revision it uses, not the content; SOPs name
# them by their code, EXT-..., among their references.
external_documents = Table(
    "external_documents",
    metadata,
    Column("code", String(48), primary_key=True),  # EXT-ISO-9001
    Column("issuer", Text, nullable=False),  # who publishes it: "ISO", "Acme Corp"
    Column("reference", Text, nullable=False),  # the issuer's identifier: "ISO 9001"
    Column("revision", Text, nullable=False),  # the edition in use: "2015", "Rev C"
    Column("title", Text),
    Column("url", Text),
    Column("issued", Date),  # the date of that edition
    Column("registered_by", Text, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
)

# Read-and-acknowledge (migration 0011): who must acknowledge a document's revision in force,
# as login names or role:ROLE, each with when it was put on the list. The acknowledgements
# themselves are signatures with the meaning "acknowledged".
distribution = Table(
    "distribution",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id"), primary_key=True),
    Column("entry", String(80), primary_key=True),  # a login name, or role:ROLE
    Column("added_by", String(64), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
)
