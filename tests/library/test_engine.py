"""Engines: SQLite in WAL with a busy timeout and immediate transactions; clear failures."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sopflow.library.engine import (
    DatabaseUnavailableError,
    LibraryError,
    create_library_engine,
    parse_url,
)
from sopflow.library.store import Library, open_library


def test_sqlite_runs_in_wal_with_a_busy_timeout(tmp_path: Path) -> None:
    engine = create_library_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_a_sqlite_transaction_takes_the_write_lock_when_it_begins(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    engine = create_library_engine(f"sqlite:///{path}")
    other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    other.execute("CREATE TABLE t (x)")
    with engine.begin() as holding:
        holding.exec_driver_sql("SELECT count(*) FROM t")  # reads only, yet holds the lock
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO t VALUES (1)")
    other.execute("INSERT INTO t VALUES (1)")  # free again once the transaction ends
    other.close()
    engine.dispose()


def test_plain_postgresql_urls_use_psycopg() -> None:
    assert parse_url("postgresql://u@h/db").drivername == "postgresql+psycopg"


def test_importing_the_library_creates_no_engine_and_reads_no_settings() -> None:
    code = (
        "import sys, sqlalchemy.engine.create as c\n"
        "made = []\n"
        "original = c.create_engine\n"
        "c.create_engine = lambda *a, **k: made.append(a) or original(*a, **k)\n"
        "import sopflow.library.store, sopflow.library.sync, sopflow.library.search\n"
        "import sopflow.cli.library\n"
        "sys.exit(len(made))\n"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_corrupt_file_is_one_clear_error(tmp_path: Path) -> None:
    corrupt = tmp_path / "library.sqlite3"
    corrupt.write_bytes(b"this is not a database, just some bytes" * 200)
    with pytest.raises(LibraryError, match=r"not a usable sopflow library: file is not a database"):
        open_library(f"sqlite:///{corrupt}", create=False)


def test_a_missing_file_is_an_error_for_reading(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "library.sqlite3"
    with pytest.raises(LibraryError, match="no such file; add documents with `sopflow import"):
        open_library(f"sqlite:///{missing}", create=False)
    assert not missing.parent.exists()


def test_an_unreachable_server_is_one_clear_error() -> None:
    with pytest.raises(DatabaseUnavailableError, match="does not answer") as caught:
        open_library("postgresql://postgres@127.0.0.1:1/sopflow", create=False)
    assert "\n" not in str(caught.value)
    assert "try again in 5 seconds" in str(caught.value)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_an_open_library_whose_server_goes_away_is_unavailable_for_a_while() -> None:
    """A library already open (its engine made) whose server stops answering: every
    transaction is a DatabaseUnavailableError with a retry hint, not a plain failure."""
    engine = create_library_engine(f"postgresql://postgres@127.0.0.1:{_closed_port()}/sopflow")
    library = Library(engine, "the test library")
    for begin in (library.reading, library.transaction):
        with pytest.raises(DatabaseUnavailableError) as caught, begin():
            pass
        assert caught.value.retry_after == 5
        assert "the test library: the database server does not answer" in str(caught.value)
    library.close()


def test_sqlite_failures_are_not_a_server_to_wait_for(tmp_path: Path) -> None:
    folder = tmp_path / "library.sqlite3"
    folder.mkdir()  # a folder where the file should be: opening it fails at once
    library = Library(create_library_engine(f"sqlite:///{folder}"), str(folder))
    with pytest.raises(LibraryError) as caught, library.reading():
        pass
    assert not isinstance(caught.value, DatabaseUnavailableError)
    library.close()


def test_a_bad_url_is_named() -> None:
    with pytest.raises(LibraryError, match="SOPFLOW_DATABASE_URL: 'not a url'"):
        open_library("not a url", create=False)


def test_a_reading_transaction_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    with open_library(f"sqlite:///{path}", create=True) as library:
        other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process is writing
        with library.reading() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM documents").scalar() == 0
        other.execute("ROLLBACK")
        other.close()
