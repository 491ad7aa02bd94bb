"""The sign-in throttle on a real library (SQLite and PostgreSQL): five failures lock a
key out for the window, a name locked from one address is locked from every address, other
names and addresses are not, and the lock-out is audited once per key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sopflow.library.store import Library
from sopflow.services import audit
from sopflow.services.access import Actor, Role
from sopflow.services.throttle import LoginThrottle

ADMIN = Actor("ada", "Ada", frozenset({Role.ADMIN}))


def test_a_name_locked_from_one_address_is_locked_from_all(library: Library) -> None:
    now = [datetime(2026, 12, 3, 9, 0, tzinfo=UTC)]
    throttle = LoginThrottle(library=library, limit=5, window=300, clock=lambda: now[0])
    for _ in range(6):
        throttle.failed("ip:10.0.0.1", "name:vera", actor="vera")
    assert throttle.retry_after("ip:10.0.0.2", "name:vera") == 301
    assert throttle.retry_after("ip:10.0.0.2", "name:rita") == 0  # others are not locked
    now[0] += timedelta(seconds=299)
    assert throttle.retry_after("ip:10.0.0.2", "name:vera") == 2
    now[0] += timedelta(seconds=2)
    assert throttle.retry_after("ip:10.0.0.2", "name:vera") == 0  # the window passed
    locks = [
        (e.actor, e.subject, e.details)
        for e in reversed(audit.show_entries(library=library, actor=ADMIN))
        if e.action == "login.locked"
    ]
    assert locks == [
        ("vera", "ip:10.0.0.1", {"failures": 5, "seconds": 300}),
        ("vera", "name:vera", {"failures": 5, "seconds": 300}),
    ]  # the sixth failure adds no second lock-out entry
