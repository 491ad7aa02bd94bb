"""Engines for the library: a SQLite file by default, any SQLAlchemy URL when configured.

SQLite gets WAL (readers never wait for the writer), a busy timeout (writers queue instead of
failing) and immediate transactions (a writer takes the write lock when it begins, so two
read-then-write transactions cannot deadlock); connections marked READ_ONLY begin deferred,
so readers never queue behind a writer. PostgreSQL goes through psycopg 3.
Nothing is created at import time: callers ask for an engine with a URL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DBAPIError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
)

from sopflow.errors import SopflowError, UnavailableError

BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another writer before giving up."""


class LibraryError(SopflowError):
    """The library cannot be used: unreachable, corrupt, missing, or a conflicting edit."""


RETRY_AFTER_S = 5
"""How soon to try again when the database server does not answer: a restart takes seconds."""


class DatabaseUnavailableError(LibraryError, UnavailableError):
    """The database server does not answer (stopped, restarting, the network down): the
    same request may succeed in a few seconds. The pool checks each connection before use,
    so the same process recovers once the server is back. `public` is the message for web
    clients: it names neither the server nor its address."""

    public = f"the database does not answer; try again in {RETRY_AFTER_S} seconds"

    def __init__(self, message: str) -> None:
        LibraryError.__init__(self, message)
        self.retry_after = RETRY_AFTER_S


def parse_url(url: str) -> URL:
    """The URL as SQLAlchemy reads it; plain postgresql:// means psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise LibraryError(f"SOPFLOW_DATABASE_URL: {url!r} is not a database URL") from error
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def describe(url: URL) -> str:
    """The URL to show in messages: the file for SQLite, no password otherwise."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's begin event issues BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


READ_ONLY = "sopflow_read_only"
"""Execution option of connections that only read: they begin deferred, not immediate."""


def _sqlite_begin(connection: Any) -> None:
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def create_library_engine(url: str | URL, *, pool_size: int | None = None) -> Engine:
    """An engine for the library at url, configured for its database; a server database
    keeps pool_size connections (and as many more at peak) when given."""
    parsed = parse_url(url) if isinstance(url, str) else url
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        connect_args = {"connect_timeout": 5} if parsed.get_backend_name() == "postgresql" else {}
        sizes = {} if pool_size is None else {"pool_size": pool_size, "max_overflow": pool_size}
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args, **sizes)
    except (ArgumentError, NoSuchModuleError) as error:
        raise LibraryError(
            f"SOPFLOW_DATABASE_URL: cannot use {describe(parsed)}: {error}"
        ) from error


def _first_line(error: DBAPIError) -> str:
    text = str(error.orig) if error.orig is not None else str(error)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def _unreachable(error: DBAPIError) -> bool:
    """Whether the error says the server is out of reach (no connection could be made, or
    the one in use was lost), not that the database refused a statement. A SQLite file
    that cannot be opened is not a server coming back: it stays a plain LibraryError."""
    if isinstance(error.orig, sqlite3.Error):
        return False
    return error.connection_invalidated or error.statement is None


@contextmanager
def database_errors(where: str) -> Iterator[None]:
    """Turn a database that cannot be reached or read into one clear LibraryError line; a
    server that does not answer is a DatabaseUnavailableError (try again shortly)."""
    try:
        yield
    except (OperationalError, InterfaceError) as error:
        if _unreachable(error):
            raise DatabaseUnavailableError(
                f"library {where}: the database server does not answer "
                f"({_first_line(error)}); try again in {RETRY_AFTER_S} seconds"
            ) from error
        if isinstance(error, InterfaceError):
            raise
        raise LibraryError(
            f"library {where}: cannot use the database: {_first_line(error)}"
        ) from error
    except DatabaseError as error:
        if type(error) is not DatabaseError:
            raise  # integrity and programming errors are bugs: keep their traceback
        raise LibraryError(
            f"library {where}: not a usable sopflow library: {_first_line(error)}"
        ) from error
