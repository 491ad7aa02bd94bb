"""Library-wide locks held to the end of a transaction, so that writers that must not
interleave queue instead of failing.

PostgreSQL: transaction-level advisory locks, released at commit or rollback. SQLite: the
library's engines begin every writing transaction IMMEDIATE, so the file's write lock is
already held and the other writers queue for it (up to the busy timeout); nothing to take.
"""

from __future__ import annotations

from enum import IntEnum

from sqlalchemy import Connection, text


class Lock(IntEnum):
    """The advisory lock keys; each is its name in ASCII."""

    SCHEMA = 0x736F70666C6F77  # "sopflow": migrations and appends to the audit chain
    CODES = 0x636F646573  # "codes": imports and new documents, the writers that add codes


def hold(connection: Connection, lock: Lock) -> None:
    """Make every other transaction that holds `lock` wait until this one ends.

    Take it before reading what the transaction will write from: a waiter then reads what
    the holder committed.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": int(lock)})
