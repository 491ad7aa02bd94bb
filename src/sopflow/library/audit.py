"""The audit trail: an append-only hash chain of what people did, in the library's database.

Each entry holds its sequence number, UTC time, actor, action and subject, and its canonical
content: those fields and the details as JSON with sorted keys. Its hash is the SHA-256 of
that content followed by the previous entry's hash (64 zeros before the first entry), so an
entry edited, deleted, inserted or moved breaks the chain where it happened (`audit_verify`).

Appends run inside the caller's transaction, so an entry is stored exactly when the change
it records is. Appends are serialised so the chain never forks: on PostgreSQL by a
transaction-scoped advisory lock, on SQLite by the write lock every transaction of the
library takes when it begins (BEGIN IMMEDIATE, see engine.py); the primary key on the
sequence number refuses a fork even if both failed. Triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select

from sopflow.library.engine import READ_ONLY
from sopflow.library.locks import Lock, hold
from sopflow.library.tables import audit_entries

GENESIS = "0" * 64
"""The previous hash of the first entry."""

LONGEST_ACTOR = 200
LONGEST_ACTION = 64


@dataclass(frozen=True)
class NewEntry:
    """What a caller records: who did what to what, and the facts worth keeping."""

    actor: str
    action: str
    subject: str
    details: Mapping[str, object]


@dataclass(frozen=True)
class AuditEntry:
    """One stored entry of the chain."""

    seq: int
    at: str
    actor: str
    action: str
    subject: str
    details: dict[str, Any]
    content: str
    prev_hash: str
    hash: str

    def as_json(self) -> dict[str, Any]:
        """The entry as an export line holds it."""
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "subject": self.subject,
            "details": self.details,
            "content": self.content,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


def canonical(value: Mapping[str, object]) -> str:
    """JSON with sorted keys and no spaces: one text for one value, whoever writes it."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(content: str, prev_hash: str) -> str:
    """The SHA-256 (hex) that chains an entry: over its content, then the previous hash."""
    return hashlib.sha256((content + prev_hash).encode("utf-8")).hexdigest()


def content_of(*, seq: int, at: str, entry: NewEntry) -> str:
    """The canonical content of an entry: every field but the hashes."""
    return canonical(
        {
            "seq": seq,
            "at": at,
            "actor": entry.actor,
            "action": entry.action,
            "subject": entry.subject,
            "details": dict(entry.details),
        }
    )


def utc_stamp(moment: datetime | None = None) -> str:
    """A UTC time as entries hold it: ISO 8601 with microseconds and Z."""
    when = (moment or datetime.now(UTC)).astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _lock_chain(connection: Connection) -> None:
    if connection.get_execution_options().get(READ_ONLY, False):
        raise RuntimeError("audit entries are appended in a writing transaction")
    hold(connection, Lock.SCHEMA)


def head(connection: Connection) -> tuple[int, str]:
    """The last entry's sequence number and hash; (0, GENESIS) for an empty chain."""
    row = connection.execute(
        select(audit_entries.c.seq, audit_entries.c.hash)
        .order_by(audit_entries.c.seq.desc())
        .limit(1)
    ).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def _checked(entry: NewEntry) -> NewEntry:
    if not entry.action or len(entry.action) > LONGEST_ACTION:
        raise ValueError(f"audit action {entry.action!r}: 1 to {LONGEST_ACTION} characters")
    actor = entry.actor[:LONGEST_ACTOR] or "unknown"
    return NewEntry(actor, entry.action, entry.subject, entry.details)


def append_entries(connection: Connection, entries: Sequence[NewEntry]) -> list[AuditEntry]:
    """Append entries to the chain in the caller's transaction, in order; them as stored."""
    if not entries:
        return []
    _lock_chain(connection)
    seq, prev = head(connection)
    at = utc_stamp()
    stored: list[AuditEntry] = []
    for item in map(_checked, entries):
        seq += 1
        content = content_of(seq=seq, at=at, entry=item)
        digest = entry_hash(content, prev)
        stored.append(
            AuditEntry(
                seq, at, item.actor, item.action, item.subject, json.loads(content)["details"],
                content, prev, digest,
            )
        )  # fmt: skip
        prev = digest
    connection.execute(
        insert(audit_entries),
        [
            {
                "seq": entry.seq,
                "at": entry.at,
                "actor": entry.actor,
                "action": entry.action,
                "subject": entry.subject,
                "content": entry.content,
                "prev_hash": entry.prev_hash,
                "hash": entry.hash,
            }
            for entry in stored
        ],
    )
    return stored


def append_entry(
    connection: Connection,
    *,
    actor: str,
    action: str,
    subject: str,
    details: Mapping[str, object] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction: the one call a use case adds.

    details must be JSON-serialisable (strings, numbers, booleans, lists, mappings).
    """
    return append_entries(connection, [NewEntry(actor, action, subject, details or {})])[0]


def _entry(row: Row[Any]) -> AuditEntry:
    try:
        details = json.loads(row.content).get("details", {})
    except (ValueError, AttributeError):
        details = {}
    return AuditEntry(
        row.seq, row.at, row.actor, row.action, row.subject,
        details if isinstance(details, dict) else {}, row.content, row.prev_hash, row.hash,
    )  # fmt: skip


def recent_entries(
    connection: Connection,
    *,
    limit: int,
    actor: str | None = None,
    action: str | None = None,
    subject: str | None = None,
    before: int | None = None,
) -> list[AuditEntry]:
    """The newest entries first, at most limit, filtered by actor, action and subject
    (exact), older than sequence number before when given (the next page)."""
    query = select(audit_entries).order_by(audit_entries.c.seq.desc()).limit(limit)
    if actor is not None:
        query = query.where(audit_entries.c.actor == actor)
    if action is not None:
        query = query.where(audit_entries.c.action == action)
    if subject is not None:
        query = query.where(audit_entries.c.subject == subject)
    if before is not None:
        query = query.where(audit_entries.c.seq < before)
    return [_entry(row) for row in connection.execute(query)]


def all_entries(connection: Connection, *, batch: int = 1000) -> Iterator[AuditEntry]:
    """Every entry in sequence order, read in batches."""
    query = select(audit_entries).order_by(audit_entries.c.seq).execution_options(yield_per=batch)
    for row in connection.execute(query):
        yield _entry(row)


def count_entries(connection: Connection) -> int:
    """How many entries the chain holds."""
    value: int = connection.execute(select(func.count()).select_from(audit_entries)).scalar_one()
    return value
