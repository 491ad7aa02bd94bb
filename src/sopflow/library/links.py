"""Links between documents, indexed from their content: where-used and broken references.

A link runs from the document that refers (an SOP step, a policy, a workflow stage) to the
code it names. The target need not exist: that is a broken reference, which `check` reports.
A document's `external` codes (EXT-...) are links too, to the register's external documents:
the register says which documents refer to each, and lint checks that they are registered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select

from sopflow.library.tables import documents, links
from sopflow.model import AnyDocument, external_references, references

EXTERNAL = "EXT-"
"""How the code of a document of external origin starts."""


def index_links(
    connection: Connection, *, items: Sequence[tuple[int, AnyDocument]], new: bool = False
) -> None:
    """Replace the links of documents with those of their new content (new: none yet)."""
    if not new:
        ids = [document_id for document_id, _ in items]
        connection.execute(delete(links).where(links.c.source_id.in_(ids)))
    rows = [
        {"source_id": document_id, "target_code": code}
        for document_id, document in items
        for code in (*references(document), *external_references(document))
    ]
    if rows:
        connection.execute(insert(links), rows)


@dataclass(frozen=True)
class Dependant:
    """A document that depends on another, directly (depth 1) or through others."""

    code: str
    kind: str
    title: str
    depends_on: str
    """The code this document refers to: the one asked about, or a dependant of it."""
    depth: int


def where_used(connection: Connection, *, code: str, transitive: bool = False) -> list[Dependant]:
    """Every document that refers to code; with transitive, also those that refer to them.

    Breadth first, each document once at its shortest depth, sorted by depth then code.
    """
    found: dict[str, Dependant] = {}
    frontier = [code]
    depth = 1
    while frontier:
        rows = connection.execute(
            select(documents.c.code, documents.c.kind, documents.c.title, links.c.target_code)
            .join(links, links.c.source_id == documents.c.id)
            .where(links.c.target_code.in_(frontier))
            .order_by(documents.c.code, links.c.target_code)
        ).all()
        frontier = []
        for row in rows:
            if row.code in found or row.code == code:
                continue
            found[row.code] = Dependant(row.code, row.kind, row.title, row.target_code, depth)
            frontier.append(row.code)
        if not transitive:
            break
        depth += 1
    return sorted(found.values(), key=lambda item: (item.depth, item.code))


@dataclass(frozen=True)
class BrokenLink:
    """A reference from a document to a code that is not in the library."""

    source: str
    target: str


def broken_links(connection: Connection) -> list[BrokenLink]:
    """Every reference to a document the library does not hold, by source then target."""
    source = documents.alias("source")
    target = documents.alias("target")
    rows = connection.execute(
        select(source.c.code, links.c.target_code)
        .join(links, links.c.source_id == source.c.id)
        .outerjoin(target, target.c.code == links.c.target_code)
        .where(target.c.id.is_(None), links.c.target_code.not_like(f"{EXTERNAL}%"))
        .order_by(source.c.code, links.c.target_code)
    ).all()
    return [BrokenLink(row[0], row[1]) for row in rows]


def external_referrers(connection: Connection) -> dict[str, tuple[str, ...]]:
    """The codes of the documents that name each external document, by its code."""
    rows = connection.execute(
        select(links.c.target_code, documents.c.code)
        .join(documents, documents.c.id == links.c.source_id)
        .where(links.c.target_code.like(f"{EXTERNAL}%"))
        .order_by(links.c.target_code, documents.c.code)
    ).all()
    found: dict[str, list[str]] = {}
    for target, source in rows:
        found.setdefault(target, []).append(source)
    return {code: tuple(sources) for code, sources in found.items()}
