"""Documents and their revisions: create, save with optimistic locking, read, list.

A document keeps its code for life. Every save appends an immutable revision; the
document row caches what lists and filters need from the latest one. A save names the
revision it was based on, and fails with a conflict when another was saved since.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, delete, func, insert, select, update

from sopflow.errors import ConflictError, NotFoundError
from sopflow.library.codes import allocate_code, reserve_codes
from sopflow.library.engine import LibraryError
from sopflow.library.in_force import shown_state
from sopflow.library.links import index_links
from sopflow.library.revisions import (
    StoredRevision,
    canonical_json,
    content_hash,
    revision_info,
    same_document,
    stored_document,
)
from sopflow.library.search import index_documents
from sopflow.library.tables import documents, revisions, tags
from sopflow.model import AnyDocument
from sopflow.model.codes import parse_code
from sopflow.model.revisions import RevisionInfo, RevisionState


class RevisionConflictError(LibraryError, ConflictError):
    """A save based on a revision that is no longer the latest."""

    def __init__(self, code: str, base: int | None, latest: int) -> None:
        based = f"revision {base}" if base is not None else "no revision (a new document)"
        super().__init__(
            f"{code}: conflict: this edit is based on {based}, but the latest is revision "
            f"{latest}; reload revision {latest} and apply the change to it"
        )
        self.code = code
        self.base = base
        self.latest = latest


class DocumentNotFoundError(LibraryError, NotFoundError):
    """No document with that code, or no such revision of it."""


@dataclass(frozen=True)
class Saved:
    """The outcome of a save: the latest revision, and whether this save created it."""

    revision: RevisionInfo
    created: bool


_INFO_COLUMNS = (
    documents.c.code,
    documents.c.kind,
    revisions.c.number,
    revisions.c.sha256,
    revisions.c.author,
    revisions.c.created_at,
    revisions.c.summary,
    shown_state(),
)


def _info(row: Row[tuple[object, ...]]) -> RevisionInfo:
    created = row.created_at
    if created.tzinfo is None:  # SQLite keeps no offset; everything is stored in UTC
        created = created.replace(tzinfo=UTC)
    return revision_info(
        code=row.code,
        kind=row.kind,
        number=row.number,
        sha256=row.sha256,
        author=row.author,
        created_at=created,
        summary=row.summary,
        state=row.state,
    )


def _reindex(
    connection: Connection, items: Sequence[tuple[int, AnyDocument]], *, new: bool
) -> None:
    """Bring the tags, links and search index of documents up to their new content."""
    if not new:
        ids = [document_id for document_id, _ in items]
        connection.execute(delete(tags).where(tags.c.document_id.in_(ids)))
    rows = [
        {"document_id": document_id, "tag": tag}
        for document_id, document in items
        for tag in dict.fromkeys(document.tags)
    ]
    if rows:
        connection.execute(insert(tags), rows)
    index_links(connection, items=items, new=new)
    index_documents(connection, items=items, new=new)


@dataclass(frozen=True)
class _Prepared:
    document: AnyDocument
    content: str
    sha256: str


def _prepare(document: AnyDocument) -> _Prepared:
    content = canonical_json(document)
    return _Prepared(document, content, content_hash(content))


def _fields(document: AnyDocument, state: RevisionState, number: int) -> dict[str, object]:
    return {
        "title": document.title,
        "owner": document.owner,
        "department": document.department,
        "state": state.value,
        "latest": number,
    }


def _insert_revisions(
    connection: Connection,
    items: Sequence[tuple[int, int, _Prepared]],
    *,
    author: str,
    summary: str,
    state: RevisionState,
) -> list[RevisionInfo]:
    """Append revisions (document id, number, content); what is known about each."""
    now = datetime.now(UTC)
    connection.execute(
        insert(revisions),
        [
            {
                "document_id": document_id,
                "number": number,
                "content": prepared.content,
                "sha256": prepared.sha256,
                "author": author,
                "created_at": now,
                "summary": summary,
                "state": state.value,
            }
            for document_id, number, prepared in items
        ],
    )
    return [
        RevisionInfo(
            p.document.code, p.document.kind, number, p.sha256, author, now, summary, state
        )
        for _, number, p in items
    ]


def add_new_documents(
    connection: Connection,
    *,
    docs: Sequence[AnyDocument],
    author: str,
    summary: str,
    state: RevisionState = RevisionState.DRAFT,
) -> list[RevisionInfo]:
    """Store documents whose codes the library does not hold yet, as their revision 1.

    In bulk: a handful of statements for the whole batch, which is what makes imports fast.
    A code that exists already fails the whole batch (the code is unique).
    """
    if not docs:
        return []
    prepared = [_prepare(document) for document in docs]
    reserve_codes(connection, codes=[document.code for document in docs])
    ids = (
        connection.execute(
            insert(documents).returning(documents.c.id, sort_by_parameter_order=True),
            [{"code": d.code, "kind": d.kind, **_fields(d, state, 1)} for d in docs],
        )
        .scalars()
        .all()
    )
    infos = _insert_revisions(
        connection,
        [(document_id, 1, p) for document_id, p in zip(ids, prepared, strict=True)],
        author=author,
        summary=summary,
        state=state,
    )
    _reindex(connection, list(zip(ids, docs, strict=True)), new=True)
    return infos


def save_document(
    connection: Connection,
    *,
    document: AnyDocument,
    author: str,
    summary: str,
    base: int | None,
    state: RevisionState = RevisionState.DRAFT,
) -> Saved:
    """Store document as a new revision on top of revision base (None: a new document).

    Content equal to the latest revision's adds nothing, also when that revision was stored
    in an older format version. A base that is not the latest
    revision raises RevisionConflictError naming both, so nobody's edit is silently lost.
    """
    current = connection.execute(
        select(documents.c.id, documents.c.latest).where(documents.c.code == document.code)
    ).first()
    latest = current.latest if current else None
    if base != latest:
        if latest is None:
            raise DocumentNotFoundError(
                f"{document.code}: no such document; save it as a new document"
            )
        raise RevisionConflictError(document.code, base, latest)
    if current is None:
        info = add_new_documents(
            connection, docs=[document], author=author, summary=summary, state=state
        )[0]
        return Saved(info, created=True)
    prepared = _prepare(document)
    row = _revision_row(connection, document.code, None)
    assert row is not None  # the document exists, so its latest revision does
    if row.sha256 == prepared.sha256 or same_document(row.content, document):
        return Saved(_info(row), created=False)
    number = current.latest + 1
    moved = connection.execute(
        update(documents)
        .where(documents.c.id == current.id, documents.c.latest == latest)
        .values(**_fields(document, state, number))
    )
    if moved.rowcount != 1:  # someone saved between our read and this write
        raise RevisionConflictError(document.code, base, _latest_number(connection, current.id))
    info = _insert_revisions(
        connection, [(current.id, number, prepared)], author=author, summary=summary, state=state
    )[0]
    _reindex(connection, [(current.id, document)], new=False)
    return Saved(info, created=True)


def _latest_number(connection: Connection, document_id: int) -> int:
    value: int = connection.execute(
        select(documents.c.latest).where(documents.c.id == document_id)
    ).scalar_one()
    return value


def create_document(
    connection: Connection, *, document: AnyDocument, author: str, summary: str
) -> Saved:
    """Store a new document under the next free code of its kind and area.

    The area is taken from the code the document carries (a draft's placeholder code).
    """
    code = allocate_code(connection, kind=document.kind, area=parse_code(document.code).area)
    renamed = document.model_copy(update={"code": code})
    return save_document(connection, document=renamed, author=author, summary=summary, base=None)


def _revision_select(*, latest: bool) -> Select[Any]:
    """The revision with its document code, for the bound :code (and :number)."""
    query = (
        select(*_INFO_COLUMNS, revisions.c.content)
        .join(revisions, revisions.c.document_id == documents.c.id)
        .where(documents.c.code == bindparam("code"))
    )
    if latest:
        return query.where(revisions.c.number == documents.c.latest)
    return query.where(revisions.c.number == bindparam("number"))


_LATEST_REVISION = _revision_select(latest=True)
_NUMBERED_REVISION = _revision_select(latest=False)
"""Built once: a page reads several revisions, and building and keying a statement each
time cost more than running it."""


def _revision_row(connection: Connection, code: str, number: int | None) -> Row[Any] | None:
    if number is None:
        return connection.execute(_LATEST_REVISION, {"code": code}).first()
    return connection.execute(_NUMBERED_REVISION, {"code": code, "number": number}).first()


def get_revision(connection: Connection, *, code: str, number: int | None = None) -> StoredRevision:
    """A revision of a document: the latest one unless number is given."""
    row = _revision_row(connection, code, number)
    if row is None:
        raise _missing(connection, code, number)
    return StoredRevision(_info(row), stored_document(row.sha256, row.content))


def get_info(connection: Connection, *, code: str, number: int | None = None) -> RevisionInfo:
    """What is known about a revision (the latest unless number is given), without content."""
    row = _revision_row(connection, code, number)
    if row is None:
        raise _missing(connection, code, number)
    return _info(row)


def _missing(connection: Connection, code: str, number: int | None) -> DocumentNotFoundError:
    latest = connection.execute(select(documents.c.latest).where(documents.c.code == code)).scalar()
    if latest is None:
        return DocumentNotFoundError(f"{code}: no such document in the library")
    return DocumentNotFoundError(f"{code}: no revision {number}; the latest is revision {latest}")


def history(connection: Connection, *, code: str) -> list[RevisionInfo]:
    """Every revision of a document, oldest first."""
    rows = connection.execute(
        select(*_INFO_COLUMNS)
        .join(revisions, revisions.c.document_id == documents.c.id)
        .where(documents.c.code == code)
        .order_by(revisions.c.number)
    ).all()
    if not rows:
        raise _missing(connection, code, None)
    return [_info(row) for row in rows]


@dataclass(frozen=True)
class Listed:
    """One document in a list: its code and what its latest revision says."""

    code: str
    kind: str
    title: str
    owner: str | None
    department: str | None
    state: str
    latest: int


LISTED_COLUMNS = (
    documents.c.code,
    documents.c.kind,
    documents.c.title,
    documents.c.owner,
    documents.c.department,
    documents.c.state,
    documents.c.latest,
)
"""The columns a `Listed` is made of, in its field order."""


def list_documents(connection: Connection, *, kind: str | None = None) -> list[Listed]:
    """Every document (of one kind if given), by code."""
    query = select(*LISTED_COLUMNS).order_by(documents.c.code)
    if kind:
        query = query.where(documents.c.kind == kind)
    return [Listed(*row) for row in connection.execute(query).all()]


def count_documents(connection: Connection) -> int:
    """How many documents the library holds."""
    value: int = connection.execute(select(func.count()).select_from(documents)).scalar_one()
    return value
