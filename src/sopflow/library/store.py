"""Opening the library: the engine for a URL, a schema brought up to date, transactions.

Reading commands need an existing library and say so clearly when there is none; writing
commands create it. Every database failure leaves here as one LibraryError line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine

from sopflow.library.engine import (
    READ_ONLY,
    LibraryError,
    create_library_engine,
    database_errors,
    describe,
    parse_url,
)
from sopflow.library.migrations import current_revision, head_revision, upgrade


@dataclass
class Library:
    """An open library: its engine, and where it is for messages."""

    engine: Engine
    where: str

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with database_errors(self.where), self.engine.begin() as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A transaction that only reads: on SQLite it does not wait for a writer."""
        with (
            database_errors(self.where),
            self.engine.connect().execution_options(**{READ_ONLY: True}) as connection,
            connection.begin(),
        ):
            yield connection

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_library(url: str, *, create: bool, pool_size: int | None = None) -> Library:
    """Open the library at url, migrated to the current schema.

    create: make the library (and its SQLite file) when there is none; otherwise a missing
    library is a LibraryError telling how to make one.
    """
    return _open(url, create=create, pool_size=pool_size)[0]


def upgrade_library(url: str) -> tuple[str, str | None, str]:
    """Make or migrate the library at url now, as its first opening would (once, under the
    migration lock, however many processes try): where it is, and its schema revision
    before (None: there was no library) and after."""
    library, before = _open(url, create=True)
    with library:
        return library.where, before, head_revision()


def _open(url: str, *, create: bool, pool_size: int | None = None) -> tuple[Library, str | None]:
    """The library at url, migrated, and the schema revision it was at when opened."""
    parsed = parse_url(url)
    where = describe(parsed)
    sqlite_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (
        None,
        "",
        ":memory:",
    )
    if sqlite_file:
        path = Path(str(parsed.database))
        if not path.exists():
            if not create:
                raise LibraryError(
                    f"library {where}: no such file; add documents with `sopflow import PATH`"
                )
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise LibraryError(f"library {where}: cannot create its folder: {error}") from error
        elif path.is_dir():
            raise LibraryError(f"library {where}: is a folder, not a database file")
    engine = create_library_engine(parsed, pool_size=pool_size)
    try:
        with database_errors(where), engine.connect() as connection:
            current = current_revision(connection)
        if current is None and not create:
            raise LibraryError(
                f"library {where}: holds no sopflow library; add documents with "
                "`sopflow import PATH`"
            )
        if current != head_revision():
            with database_errors(where):
                upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return Library(engine, where), current
