"""Bringing a database's schema up to date with the Alembic migrations shipped in the package.

The migration chain is linear (a test checks it): each revision has exactly one parent, so
branches that add their own tables (runs, approvals) stack their revisions on top.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from sopflow.library.locks import Lock, hold

SCRIPTS = Path(__file__).with_name("alembic")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for the shipped migrations, bound to connection if given."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def scripts() -> ScriptDirectory:
    """The migration scripts."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The revision a fully migrated library is at."""
    head = scripts().get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at; None for a database without a library."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> bool:
    """Apply every migration the database lacks, in one transaction, under a lock so that
    processes opening a new library together migrate it once; True when anything was done.

    The revision is read again once the lock is held: a process that waited finds the
    library already at the head and leaves it alone.
    """
    with engine.begin() as connection:
        hold(connection, Lock.SCHEMA)
        if current_revision(connection) == head_revision():
            return False
        command.upgrade(alembic_config(connection), "head")
        return True
