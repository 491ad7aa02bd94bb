"""The document hierarchy, policy → workflow → SOP → work instruction, read from the links.

A link runs from the document that names a code to that code, whichever way the hierarchy
goes: a policy names the SOPs that implement it, an SOP names its policies and its work
instructions. So the hierarchy is told by kind, not by the direction of the link: of two
linked documents the one of the higher kind is the parent, and of two of the same kind (an
SOP that refers to another SOP) the one that refers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, case, exists, select, text

from sopflow.library.documents import LISTED_COLUMNS, Listed
from sopflow.library.tables import documents, links
from sopflow.model import is_code, parse_code

_LISTED = LISTED_COLUMNS

LEVELS: dict[str, int] = {"policy": 0, "workflow": 1, "sop": 2, "wi": 3}
"""Each kind's place in the hierarchy, from the top."""


def level(kind: str) -> int:
    """A kind's place in the hierarchy (unknown kinds go last)."""
    return LEVELS.get(kind, len(LEVELS))


@dataclass(frozen=True)
class Relation:
    """A link between code and another document, seen from code."""

    code: str
    direction: Literal["refers", "referred"]
    """'refers': code names other; 'referred': other names code."""
    other: str
    kind: str | None
    """The other document's kind and title; None when the library does not hold it."""
    title: str | None


def is_child(parent_kind: str, relation: Relation) -> bool:
    """Whether relation's other document sits below its code (whose kind is parent_kind)."""
    if relation.kind is None:
        return False
    if level(relation.kind) != level(parent_kind):
        return level(relation.kind) > level(parent_kind)
    return relation.direction == "refers"


def relations(connection: Connection, *, codes: Iterable[str]) -> list[Relation]:
    """Every link from or to one of codes, with the other side's kind and title when known.

    By code, then outgoing before incoming, then the other code.
    """
    wanted = sorted(set(codes))
    if not wanted:
        return []
    source = documents.alias("source")
    target = documents.alias("target")
    outgoing = connection.execute(
        select(source.c.code, links.c.target_code, target.c.kind, target.c.title)
        .join(links, links.c.source_id == source.c.id)
        .outerjoin(target, target.c.code == links.c.target_code)
        .where(source.c.code.in_(wanted))
    ).all()
    incoming = connection.execute(
        select(links.c.target_code, source.c.code, source.c.kind, source.c.title)
        .join(source, source.c.id == links.c.source_id)
        .where(links.c.target_code.in_(wanted))
    ).all()
    found = [Relation(row[0], "refers", row[1], row[2], row[3]) for row in outgoing]
    found += [Relation(row[0], "referred", row[1], row[2], row[3]) for row in incoming]
    order = {"refers": 0, "referred": 1}
    return sorted(found, key=lambda r: (r.code, order[r.direction], r.other))


def _level_of(column: Any) -> Any:
    return case(LEVELS, value=column, else_=len(LEVELS))


def _of_kind(connection: Connection, kind: str) -> Any:
    """documents.kind = kind, written so that SQLite walks the codes in order and stops at
    the page's end (with its index on kind it would sort every document of the kind)."""
    if connection.dialect.name == "sqlite":
        return text("+documents.kind = :kind").bindparams(kind=kind)
    return documents.c.kind == kind


def roots(
    connection: Connection, *, after: str | None = None, limit: int
) -> tuple[list[Listed], bool]:
    """The documents nothing of a higher kind links with (the tops of the hierarchy), by
    kind then code, starting after the code `after`; and whether more follow.

    Policies are tops by definition; a workflow, SOP or work instruction is one when no
    document of a higher kind links with it either way.
    """
    parent = documents.alias("parent")
    mine = _level_of(documents.c.kind)
    has_parent = exists().where(
        links.c.target_code == documents.c.code,
        parent.c.id == links.c.source_id,
        _level_of(parent.c.kind) < mine,
    ) | exists().where(
        links.c.source_id == documents.c.id,
        parent.c.code == links.c.target_code,
        _level_of(parent.c.kind) < mine,
    )
    start = LEVELS.get(parse_code(after).kind, 0) if after and is_code(after) else 0
    found: list[Listed] = []
    for kind, place in sorted(LEVELS.items(), key=lambda item: item[1]):
        if place < start:
            continue
        query = select(*_LISTED).where(_of_kind(connection, kind))
        if place > 0:
            query = query.where(~has_parent)
        if after and place == start:
            query = query.where(documents.c.code > after)
        rows = connection.execute(
            query.order_by(documents.c.code).limit(limit + 1 - len(found))
        ).all()
        found += [Listed(*row) for row in rows]
        if len(found) > limit:
            break
    return found[:limit], len(found) > limit


__all__ = ["LEVELS", "Relation", "is_child", "level", "relations", "roots"]
