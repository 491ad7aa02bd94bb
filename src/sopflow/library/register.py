"""The document register's storage: every document with its revision in force, and the
documents of external origin (standards, customer specifications) the organisation uses.

The register reads the document rows (which cache the latest revision's title, owner,
department and stored state, read as of now: an approved revision whose moment has come is
effective) and, per document, the number of its revision in force, in one statement; it
never reads a revision's content (the lifecycle fields come from document control).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, delete, func, insert, or_, select

from sopflow.errors import ConflictError, NotFoundError
from sopflow.library.browse import LAST_EFFECTIVE, DocumentFilters, document_conditions
from sopflow.library.engine import LibraryError
from sopflow.library.in_force import document_state
from sopflow.library.tables import documents, external_documents


@dataclass(frozen=True)
class RegisterFilters:
    """Narrow the register: kind and state exactly, owner and department whatever their
    case, text anywhere in the code or title."""

    kind: str | None = None
    state: str | None = None
    owner: str | None = None
    department: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class RegisteredDocument:
    """One document as the register stores it: no lifecycle fields yet (see services)."""

    code: str
    kind: str
    title: str
    owner: str | None
    department: str | None
    state: str
    latest: int
    in_force: int | None  # the last effective revision's number, None when none is


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(filters: RegisterFilters) -> list[ColumnElement[bool]]:
    chosen = DocumentFilters(
        kind=filters.kind, department=filters.department, state=filters.state, owner=filters.owner
    )
    found = document_conditions(chosen, state=document_state())
    if filters.text:
        pattern = _like(filters.text)
        found.append(
            or_(
                func.lower(documents.c.code).like(pattern, escape="\\"),
                func.lower(documents.c.title).like(pattern, escape="\\"),
            )
        )
    return found


_ROWS: Select[Any] = select(
    documents.c.code,
    documents.c.kind,
    documents.c.title,
    documents.c.owner,
    documents.c.department,
    document_state().label("state"),
    documents.c.latest,
    LAST_EFFECTIVE.label("in_force"),
).order_by(documents.c.code)


def register_rows(
    connection: Connection, *, filters: RegisterFilters, only_in_force: bool = False
) -> list[RegisteredDocument]:
    """Every document that passes filters, by code (only_in_force: only those with an
    effective revision, or made obsolete, which stay listed and marked)."""
    query = _ROWS.where(*_conditions(filters))
    if only_in_force:
        query = query.where(or_(LAST_EFFECTIVE.is_not(None), document_state() == "obsolete"))
    return [RegisteredDocument(*row) for row in connection.execute(query).all()]


@dataclass(frozen=True)
class ExternalDocument:
    """A document of external origin: who issues it, their reference, the revision in use."""

    code: str
    issuer: str
    reference: str
    revision: str
    title: str | None = None
    url: str | None = None
    issued: date | None = None
    registered_by: str = ""
    registered_at: datetime | None = None


class ExternalTakenError(LibraryError, ConflictError):
    """An external document with that code is registered already."""


class ExternalNotFoundError(LibraryError, NotFoundError):
    """No external document with that code."""


def add_external(connection: Connection, document: ExternalDocument) -> ExternalDocument:
    """Register an external document; ExternalTakenError when its code is in use."""
    taken = connection.execute(
        select(external_documents.c.code).where(external_documents.c.code == document.code)
    ).first()
    if taken is not None:
        raise ExternalTakenError(f"code: {document.code} is registered already")
    now = datetime.now(UTC)
    values = {**document.__dict__, "registered_at": now}
    connection.execute(insert(external_documents).values(**values))
    return ExternalDocument(**values)


def _external(row: Any) -> ExternalDocument:
    found = ExternalDocument(*row)
    at = found.registered_at
    if at is not None and at.tzinfo is None:  # SQLite keeps no offset; stored in UTC
        found = ExternalDocument(**{**found.__dict__, "registered_at": at.replace(tzinfo=UTC)})
    return found


def list_external(connection: Connection) -> list[ExternalDocument]:
    """Every external document, by code."""
    query = select(*external_documents.c).order_by(external_documents.c.code)
    return [_external(row) for row in connection.execute(query).all()]


def remove_external(connection: Connection, *, code: str) -> None:
    """Withdraw an external document from the register; ExternalNotFoundError if unknown."""
    result = connection.execute(delete(external_documents).where(external_documents.c.code == code))
    if result.rowcount == 0:
        raise ExternalNotFoundError(f"code: no external document {code} is registered")


__all__ = [
    "ExternalDocument",
    "ExternalNotFoundError",
    "ExternalTakenError",
    "RegisterFilters",
    "RegisteredDocument",
    "add_external",
    "list_external",
    "register_rows",
    "remove_external",
]
