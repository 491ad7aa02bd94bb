"""The throttle on failed sign-ins, kept in the library so that every app server (and
every process of `sopflow serve --workers N`) counts the same attempts.

At most `limit` failed sign-ins per key (a client address, a login name) in `window`
seconds; then sign-in is refused for that key until the oldest failure ages out. The
failure that locks a key out appends a `login.locked` entry to the audit trail, in the
transaction that counts it (each failure is a `login.failed` entry of its own).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sopflow.library import throttle as rows
from sopflow.library.audit import append_entry
from sopflow.library.store import Library


def _utc_now() -> datetime:
    return datetime.now(UTC)


class LoginThrottle:
    """Failed sign-ins counted in the database."""

    def __init__(
        self,
        *,
        library: Library,
        limit: int = 5,
        window: float = 300.0,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.library = library
        self.limit = limit
        self.window = timedelta(seconds=window)
        self.clock = clock

    def retry_after(self, *keys: str) -> int:
        """Seconds until any of keys may try again; 0 when all may try now."""
        now = self.clock()
        wait = 0.0
        with self.library.reading() as connection:
            for key in keys:
                count, oldest = rows.failures_since(connection, key=key, since=now - self.window)
                if count >= self.limit and oldest is not None:
                    wait = max(wait, (self.window - (now - oldest)).total_seconds())
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, *keys: str, actor: str = "-") -> None:
        """Count one failed sign-in against each key (and drop the ones aged out); audit
        the lock-out of each key this failure brings to the limit, as actor (the name
        tried)."""
        now = self.clock()
        with self.library.transaction() as connection:
            rows.forget_failures(connection, before=now - self.window)
            rows.record_failures(connection, keys=keys, at=now)
            for key in keys:
                count, _ = rows.failures_since(connection, key=key, since=now - self.window)
                if count == self.limit:
                    append_entry(
                        connection,
                        actor=actor,
                        action="login.locked",
                        subject=key,
                        details={"failures": count, "seconds": int(self.window.total_seconds())},
                    )

    def succeeded(self, *keys: str) -> None:
        """Forget the failures of keys after a successful sign-in."""
        with self.library.transaction() as connection:
            rows.forget_failures(connection, keys=keys)
