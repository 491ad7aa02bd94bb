"""Runs kept in the library: the run store of documents that live there.

A run's record is stored whole as JSON (the run format, with its version key); the columns
beside it are what lists and statistics select on. The revision a run follows is read back
from the revisions table, whose content never changes, so a resumed run continues on
exactly the revision it started on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
    select,
)

from sopflow.errors import SopflowError
from sopflow.library.documents import DocumentNotFoundError, history
from sopflow.library.store import Library
from sopflow.library.tables import documents, metadata, revisions
from sopflow.model.revisions import RevisionInfo, RevisionState
from sopflow.model.runs import RevisionRef, Run, run_from_data, run_to_data

runs = Table(
    "runs",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("code", String(32), nullable=False),
    Column("revision_number", Integer),
    Column("revision_sha256", String(64), nullable=False),
    Column("state", String(16), nullable=False),
    Column("started_by", Text, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("record", Text, nullable=False),
    # whether the starter had acknowledged the revision, when they had to (migration 0011):
    # "acknowledged", "unacknowledged", or NULL when it was not asked of them
    Column("acknowledgement", String(16)),
    Index("ix_runs_code_started_at", "code", "started_at"),
)


class LibraryRunStore:
    """The RunStore of an open library: each save is its own committed transaction."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def save(self, run: Run) -> None:
        """Insert the run, or replace its record."""
        with self.library.transaction() as connection:
            store_run(connection, run)

    def find(self, run_id: str) -> Run | None:
        """The run with that id, or None."""
        with self.library.reading() as connection:
            return load_run(connection, run_id=run_id)

    def get(self, run_id: str) -> Run:
        """The run with that id."""
        found = self.find(run_id)
        if found is None:
            raise SopflowError(f"no run {run_id} in the library {self.library.where}")
        return found

    def runs(self, code: str | None = None) -> list[Run]:
        """Every run of a document (of every document for None), oldest first."""
        query = select(runs.c.record).order_by(runs.c.started_at)
        if code is not None:
            query = query.where(runs.c.code == code)
        with self.library.reading() as connection:
            records = connection.execute(query).scalars()
            return [run_from_data(json.loads(record)) for record in records]

    def keep_revision(self, revision: RevisionRef, text: str) -> None:
        """Nothing to keep: the library's revisions never change."""

    def revision_text(self, revision: RevisionRef) -> str | None:
        """The stored content of the revision, when it is the one the run was pinned to."""
        with self.library.reading() as connection:
            return revision_content(connection, revision)


def store_run(connection: Connection, run: Run) -> None:
    """Insert the run, or replace its record, in the caller's transaction."""
    values = {
        "code": run.code,
        "revision_number": run.revision.number,
        "revision_sha256": run.revision.sha256,
        "state": run.state,
        "started_by": run.started_by,
        "started_at": run.started_at,
        "record": json.dumps(run_to_data(run), ensure_ascii=False),
    }
    found = connection.execute(select(runs.c.id).where(runs.c.id == run.id)).first()
    if found is None:
        connection.execute(runs.insert().values(id=run.id, **values))
    else:
        connection.execute(runs.update().where(runs.c.id == run.id).values(**values))


def load_run(connection: Connection, *, run_id: str, lock: bool = False) -> Run | None:
    """The run with that id, or None; lock holds its row until the transaction ends, so
    two requests answering the same run take turns (PostgreSQL; SQLite writers take turns
    anyway)."""
    query = select(runs.c.record).where(runs.c.id == run_id)
    if lock:
        query = query.with_for_update()
    record = connection.execute(query).scalar()
    return run_from_data(json.loads(record)) if record is not None else None


@dataclass(frozen=True)
class RunFilter:
    """Which runs a list selects; None selects any."""

    code: str | None = None
    state: str | None = None
    started_by: str | None = None


def find_runs(
    connection: Connection,
    *,
    chosen: RunFilter,
    offset: int = 0,
    limit: int | None = None,
    newest_first: bool = False,
) -> tuple[list[Run], int]:
    """A page of the runs chosen, oldest first (newest first on request), and how many
    were chosen in all."""
    conditions = [
        column == value
        for column, value in (
            (runs.c.code, chosen.code),
            (runs.c.state, chosen.state),
            (runs.c.started_by, chosen.started_by),
        )
        if value is not None
    ]
    total = connection.execute(
        select(func.count()).select_from(runs).where(*conditions)
    ).scalar_one()
    order = (
        (runs.c.started_at.desc(), runs.c.id.desc())
        if newest_first
        else (runs.c.started_at, runs.c.id)
    )
    query = select(runs.c.record).where(*conditions).order_by(*order).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    records = connection.execute(query).scalars()
    return [run_from_data(json.loads(record)) for record in records], int(total)


def revision_content(connection: Connection, revision: RevisionRef) -> str | None:
    """The stored content of a library revision, when it is the one a run was pinned to."""
    if revision.number is None:
        return None
    row = connection.execute(
        select(revisions.c.content, revisions.c.sha256)
        .join(documents, revisions.c.document_id == documents.c.id)
        .where(documents.c.code == revision.code, revisions.c.number == revision.number)
    ).first()
    if row is None or row.sha256 != revision.sha256:
        return None
    content: str = row.content
    return content


def revision_to_follow(
    connection: Connection, *, code: str, number: int | None = None
) -> tuple[RevisionInfo, str]:
    """The revision a new run of code follows, and its stored content.

    Revision number when given; otherwise the last effective revision, or the latest one
    when none is effective yet.
    """
    infos = history(connection, code=code)
    if number is not None:
        chosen = next((info for info in infos if info.number == number), None)
        if chosen is None:
            raise DocumentNotFoundError(
                f"{code}: no revision {number}; the latest is revision {infos[-1].number}"
            )
    else:
        effective = [info for info in infos if info.state == RevisionState.EFFECTIVE]
        chosen = effective[-1] if effective else infos[-1]
    content = connection.execute(
        select(revisions.c.content)
        .join(documents, revisions.c.document_id == documents.c.id)
        .where(documents.c.code == code, revisions.c.number == chosen.number)
    ).scalar_one()
    return chosen, str(content)
