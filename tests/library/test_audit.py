"""The audit chain: appends, the append-only guard, tampering found and named, and parallel
writers in separate processes that never fork the chain; on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from sopflow.library.audit import (
    GENESIS,
    NewEntry,
    append_entry,
    content_of,
    entry_hash,
    recent_entries,
)
from sopflow.library.audit_verify import verify_chain
from sopflow.library.store import Library


def _fill(library: Library, count: int = 5) -> None:
    with library.transaction() as connection:
        for number in range(1, count + 1):
            append_entry(
                connection,
                actor="arthur",
                action="revision.saved",
                subject="SOP-FIN-003",
                details={"revision": number},
            )


def _drop_guard(library: Library) -> None:
    """What an attacker holding the database does first: lift the triggers (on PostgreSQL
    disabled, since the test database is shared; `conftest` enables them again)."""
    with library.transaction() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER USER"))
        else:
            connection.execute(text("DROP TRIGGER audit_entries_no_update"))
            connection.execute(text("DROP TRIGGER audit_entries_no_delete"))


def _sql(library: Library, *statements: str) -> None:
    with library.transaction() as connection:
        for statement in statements:
            connection.execute(text(statement))


def _problem(library: Library) -> tuple[str, int]:
    with library.reading() as connection:
        result = verify_chain(connection)
    assert result.problem is not None, "tampering went unnoticed"
    return result.problem.kind, result.problem.seq


def test_entries_chain_each_to_the_one_before(library: Library) -> None:
    _fill(library, 3)
    with library.reading() as connection:
        entries = list(reversed(recent_entries(connection, limit=10)))
        result = verify_chain(connection)
    assert [entry.seq for entry in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS
    assert entries[1].prev_hash == entries[0].hash
    assert entries[2].hash == entry_hash(entries[2].content, entries[1].hash)
    assert entries[0].details == {"revision": 1}
    assert entries[0].at.endswith("Z")
    assert result.ok
    assert result.entries == 3
    assert result.head_hash == entries[2].hash


def test_an_append_rolls_back_with_its_transaction(library: Library) -> None:
    def fail_after_appending() -> None:
        with library.transaction() as connection:
            append_entry(connection, actor="ada", action="user.added", subject="user:rita")
            raise RuntimeError("the change it records failed")

    with pytest.raises(RuntimeError):
        fail_after_appending()
    with library.reading() as connection:
        assert recent_entries(connection, limit=10) == []


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entries SET actor = 'mallory' WHERE seq = 2",
        "DELETE FROM audit_entries WHERE seq = 2",
    ],
)
def test_the_table_refuses_updates_and_deletes(library: Library, statement: str) -> None:
    _fill(library, 3)
    with pytest.raises(DatabaseError, match="append-only"):
        _sql(library, statement)
    with library.reading() as connection:
        assert verify_chain(connection).ok


def test_postgres_refuses_truncate(library: Library) -> None:
    if library.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    _fill(library, 2)
    with pytest.raises(DatabaseError, match="append-only"):
        _sql(library, "TRUNCATE audit_entries")


def test_an_edited_entry_is_named(library: Library) -> None:
    _fill(library)
    _drop_guard(library)
    _sql(library, "UPDATE audit_entries SET content = replace(content, '3}', '9}') WHERE seq = 3")
    assert _problem(library) == ("edited", 3)


def test_an_edited_column_is_named(library: Library) -> None:
    _fill(library)
    _drop_guard(library)
    _sql(library, "UPDATE audit_entries SET actor = 'mallory' WHERE seq = 4")
    assert _problem(library) == ("edited", 4)


def test_an_edit_with_its_hash_recomputed_is_named(library: Library) -> None:
    _fill(library)
    with library.reading() as connection:
        second = recent_entries(connection, limit=1, before=3)[0]
    at = "2026-01-01T00:00:00.000000Z"
    forged = content_of(
        seq=3,
        at=at,
        entry=NewEntry("arthur", "revision.saved", "SOP-FIN-003", {"revision": 99}),
    )
    _drop_guard(library)
    with library.transaction() as connection:
        connection.execute(
            text("UPDATE audit_entries SET content = :c, at = :at, hash = :h WHERE seq = 3"),
            {
                "c": forged,
                "at": "2026-01-01T00:00:00.000000Z",
                "h": entry_hash(forged, second.hash),
            },
        )
    assert _problem(library) == ("edited", 3)


def test_a_deleted_entry_is_named(library: Library) -> None:
    _fill(library)
    _drop_guard(library)
    _sql(library, "DELETE FROM audit_entries WHERE seq = 2")
    assert _problem(library) == ("deleted", 2)


def test_entries_deleted_from_the_end_are_found_against_an_exported_head(
    library: Library,
) -> None:
    _fill(library)
    with library.reading() as connection:
        exported = verify_chain(connection).head_hash
    _drop_guard(library)
    _sql(library, "DELETE FROM audit_entries WHERE seq = 5")
    with library.reading() as connection:
        assert verify_chain(connection).ok  # a shorter chain holds on its own
        result = verify_chain(connection, expect_head=exported)
    assert result.problem is not None
    assert result.problem.kind == "deleted"


def test_an_inserted_entry_is_named(library: Library) -> None:
    """The careful attacker: renumbers the later entries, chains the forgery properly."""
    _fill(library)
    with library.reading() as connection:
        second = recent_entries(connection, limit=1, before=3)[0]
    at = "2026-01-01T00:00:00.000000Z"
    forged = content_of(seq=3, at=at, entry=NewEntry("mallory", "user.added", "user:x", {}))
    _drop_guard(library)
    _sql(
        library,
        "UPDATE audit_entries SET seq = seq + 1000 WHERE seq >= 3",
        "UPDATE audit_entries SET seq = seq - 999 WHERE seq >= 1000",
    )
    with library.transaction() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_entries (seq, at, actor, action, subject, content, "
                "prev_hash, hash) VALUES (3, :at, 'mallory', 'user.added', 'user:x', :c, :p, :h)"
            ),
            {"at": at, "c": forged, "p": second.hash, "h": entry_hash(forged, second.hash)},
        )
    assert _problem(library) == ("inserted", 3)


def test_reordered_entries_are_named(library: Library) -> None:
    _fill(library)
    _drop_guard(library)
    _sql(
        library,
        "UPDATE audit_entries SET seq = 100 WHERE seq = 3",
        "UPDATE audit_entries SET seq = 3 WHERE seq = 4",
        "UPDATE audit_entries SET seq = 4 WHERE seq = 100",
    )
    assert _problem(library) == ("reordered", 3)


APPENDER = """
import sys
from sopflow.library.audit import append_entry
from sopflow.library.store import open_library

url, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open_library(url, create=False) as library:
    for number in range(count):
        with library.transaction() as connection:
            append_entry(
                connection,
                actor=f"worker-{worker}",
                action="test.append",
                subject=f"entry {number}",
                details={"worker": worker, "number": number},
            )
"""
"""One writer: appends count entries, each in a transaction of its own."""


def test_parallel_processes_never_fork_the_chain(library: Library, library_url: str) -> None:
    workers, each = 6, 25
    processes = [
        subprocess.Popen([sys.executable, "-c", APPENDER, library_url, str(worker), str(each)])
        for worker in range(workers)
    ]
    assert [process.wait(timeout=120) for process in processes] == [0] * workers
    with library.reading() as connection:
        result = verify_chain(connection)
        actors = {entry.actor for entry in recent_entries(connection, limit=1000)}
    assert result.ok, result.problem
    assert result.entries == workers * each
    assert actors == {f"worker-{worker}" for worker in range(workers)}
