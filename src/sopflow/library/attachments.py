"""The files a revision refers to (screenshots), stored in the library with the revision.

Each file is stored once, by the SHA-256 of its bytes, so the same screenshot kept by many
revisions costs its size once, and a stored revision's screenshots can never change under
it. A new revision that refers to a path without bringing its bytes keeps the file its
previous revision had at that path: editing a captured SOP's text keeps its screenshots.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Row, insert, select

from sopflow.formats.images import media_type
from sopflow.library.documents import DocumentNotFoundError
from sopflow.library.revisions import document_from_json
from sopflow.library.tables import attachments, documents, revision_files, revisions
from sopflow.model.media import media_paths
from sopflow.model.revisions import RevisionState


@dataclass
class Attached:
    """What storing a revision's files did, by path."""

    stored: list[str] = field(default_factory=list)
    """Paths whose bytes were given."""
    kept: list[str] = field(default_factory=list)
    """Paths taken over from the previous revision."""
    missing: list[str] = field(default_factory=list)
    """Paths the revision refers to that neither the given files nor the previous revision
    have, or whose bytes are not an image."""


def _revision(connection: Connection, code: str, number: int) -> Row[Any]:
    row = connection.execute(
        select(revisions.c.id, revisions.c.content, revisions.c.state)
        .join(documents, documents.c.id == revisions.c.document_id)
        .where(documents.c.code == code, revisions.c.number == number)
    ).first()
    if row is None:
        raise DocumentNotFoundError(f"{code}: no revision {number} in the library")
    return row


def _files_of(connection: Connection, revision_id: int) -> dict[str, str]:
    rows = connection.execute(
        select(revision_files.c.path, revision_files.c.sha256).where(
            revision_files.c.revision_id == revision_id
        )
    )
    return {row.path: row.sha256 for row in rows}


def _store_bytes(connection: Connection, data: bytes, kind: str) -> str:
    digest = hashlib.sha256(data).hexdigest()
    known = connection.execute(
        select(attachments.c.sha256).where(attachments.c.sha256 == digest)
    ).first()
    if known is None:
        connection.execute(
            insert(attachments).values(sha256=digest, media_type=kind, size=len(data), data=data)
        )
    return digest


def attach_files(
    connection: Connection, *, code: str, number: int, files: Mapping[str, bytes]
) -> Attached:
    """Store the files revision `number` of `code` refers to; call in the saving transaction.

    `files` maps paths as the document writes them to their bytes. Files the revision does
    not refer to are ignored. Only a draft revision takes files it still lacks: once a
    revision leaves draft, its files are as fixed as its text.
    """
    revision = _revision(connection, code, number)
    revision_id = revision.id
    wanted = media_paths(document_from_json(revision.content))
    report = Attached()
    if not wanted or revision.state != RevisionState.DRAFT.value:
        return report
    have = _files_of(connection, revision_id)
    previous: dict[str, str] = {}
    if number > 1:
        previous = _files_of(connection, _revision(connection, code, number - 1).id)
    for path in wanted:
        if path in have:
            continue
        data = files.get(path)
        kind = media_type(data) if data is not None else None
        if data is not None and kind is not None:
            digest = _store_bytes(connection, data, kind)
            report.stored.append(path)
        elif path in previous:
            digest = previous[path]
            report.kept.append(path)
        else:
            report.missing.append(path)
            continue
        connection.execute(
            insert(revision_files).values(revision_id=revision_id, path=path, sha256=digest)
        )
    return report


def revision_files_data(connection: Connection, *, code: str, number: int) -> dict[str, bytes]:
    """The files revision `number` of `code` refers to, by path, with their bytes."""
    revision_id = _revision(connection, code, number).id
    rows = connection.execute(
        select(revision_files.c.path, attachments.c.data)
        .join(attachments, attachments.c.sha256 == revision_files.c.sha256)
        .where(revision_files.c.revision_id == revision_id)
        .order_by(revision_files.c.path)
    )
    return {row.path: bytes(row.data) for row in rows}


def revision_file(
    connection: Connection, *, code: str, number: int, path: str
) -> tuple[bytes, str] | None:
    """One file revision `number` of `code` refers to: its bytes and media type, or None when
    the revision keeps no file at that path."""
    revision_id = _revision(connection, code, number).id
    row = connection.execute(
        select(attachments.c.data, attachments.c.media_type)
        .join(revision_files, revision_files.c.sha256 == attachments.c.sha256)
        .where(revision_files.c.revision_id == revision_id, revision_files.c.path == path)
    ).first()
    return (bytes(row.data), str(row.media_type)) if row else None


def revision_paths(connection: Connection, *, code: str, number: int) -> set[str]:
    """The paths of the files revision `number` of `code` keeps, without their bytes."""
    revision_id = _revision(connection, code, number).id
    rows = connection.execute(
        select(revision_files.c.path).where(revision_files.c.revision_id == revision_id)
    )
    return {str(row.path) for row in rows}


__all__ = ["Attached", "attach_files", "revision_file", "revision_files_data", "revision_paths"]
