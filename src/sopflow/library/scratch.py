"""Scratch PostgreSQL databases: made for one test session or benchmark run, dropped after.

The test suite and the library benchmark both need an empty database of their own on a
server other people use too; one helper makes sure both name, create and drop it the same
way (a unique name, and a forced drop so a leftover connection cannot keep it alive).
Nothing here runs at import time; the server is the one SOPFLOW_TEST_POSTGRES_URL names,
or postgres@127.0.0.1:5432.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from sopflow.library.engine import LibraryError, parse_url

ADMIN_URL_VARIABLE = "SOPFLOW_TEST_POSTGRES_URL"
"""Environment variable naming a database on the server to create scratch databases from."""

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
"""The server's maintenance database, as a local development server is usually set up."""

CONNECT_TIMEOUT_S = 3
"""How long to wait for the server: a scratch database is for machines where it answers."""


class ServerUnavailableError(LibraryError):
    """No PostgreSQL server answers at the admin URL; tests skip on it instead of failing."""


def admin_url(environ: Mapping[str, str] | None = None) -> str:
    """The URL of the database to create scratch databases from (the environment's, or local)."""
    env = os.environ if environ is None else environ
    return env.get(ADMIN_URL_VARIABLE, "").strip() or DEFAULT_ADMIN_URL


@contextmanager
def scratch_postgres_database(prefix: str, *, admin: str | None = None) -> Iterator[str]:
    """A new, empty PostgreSQL database named prefix plus a unique suffix; yields its URL.

    The database is dropped afterwards, with any connection still open to it. Raises
    ServerUnavailableError when the server cannot be reached.
    """
    url = parse_url(admin or admin_url())
    engine = create_engine(  # pre-ping: the server may have restarted since (a fault scenario)
        url,
        isolation_level="AUTOCOMMIT",
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
    )
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except OperationalError as error:
        engine.dispose()
        reason = str(error.orig).splitlines()[0] if error.orig else str(error)
        raise ServerUnavailableError(
            f"PostgreSQL not reachable at {url.render_as_string()}: {reason}"
        ) from error
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()
