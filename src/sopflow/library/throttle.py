"""Failed sign-ins as rows, so every app server on the library counts the same ones."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, func, insert, select

from sopflow.library.tables import login_failures


def record_failures(connection: Connection, *, keys: Iterable[str], at: datetime) -> None:
    """One failed sign-in against each key."""
    connection.execute(insert(login_failures), [{"key": key, "at": at} for key in keys])


def failures_since(
    connection: Connection, *, key: str, since: datetime
) -> tuple[int, datetime | None]:
    """How many failures key has had since then, and the oldest of them."""
    count, oldest = connection.execute(
        select(func.count(), func.min(login_failures.c.at)).where(
            login_failures.c.key == key, login_failures.c.at >= since
        )
    ).one()
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)  # SQLite keeps no offset; all is stored in UTC
    return int(count), oldest


def forget_failures(
    connection: Connection, *, keys: Iterable[str] = (), before: datetime | None = None
) -> None:
    """Drop the failures of keys, and every failure older than before."""
    chosen = list(keys)
    if chosen:
        connection.execute(delete(login_failures).where(login_failures.c.key.in_(chosen)))
    if before is not None:
        connection.execute(delete(login_failures).where(login_failures.c.at < before))
