"""The library as a tree: policies at the top, then workflows, SOPs and work instructions
under what links with them (sopflow.library.hierarchy says which is above which).

A document that several parents use appears under each of them; a cycle of links stops
where a document would appear inside itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from sopflow.library import hierarchy
from sopflow.library.documents import Listed
from sopflow.library.store import Library
from sopflow.services.access import Actor, Permission, require
from sopflow.services.documents import check_code, check_page

MAX_DEPTH = 4
"""Policy, workflow, SOP, work instruction: deeper only through SOPs that use SOPs."""

MAX_CHILDREN = 100
"""The most children shown under one document."""


@dataclass(frozen=True)
class Node:
    """A document in the tree and what sits below it."""

    code: str
    kind: str
    title: str
    children: tuple[Node, ...] = ()
    more: int = 0
    """Children left out beyond MAX_CHILDREN, or below MAX_DEPTH."""


@dataclass(frozen=True)
class Tree:
    """One page of the tops of the hierarchy, each with what is below it."""

    roots: tuple[Node, ...]
    more: bool
    """Whether more tops follow (the next page starts after the last root's code)."""
    limit: int


def _grow(library: Library, tops: list[Listed], depth: int) -> dict[str, list[hierarchy.Relation]]:
    """The children of every document reachable from tops, down to depth, by code."""
    below: dict[str, list[hierarchy.Relation]] = {}
    seen: set[tuple[str, str]] = set()  # linked both ways (policy and SOP name each other)
    kinds = {top.code: top.kind for top in tops}
    frontier = list(kinds)
    with library.reading() as connection:
        for _ in range(depth):
            if not frontier:
                break
            found = hierarchy.relations(connection, codes=frontier)
            frontier = []
            for relation in found:
                pair = (relation.code, relation.other)
                if (
                    relation.kind is None
                    or pair in seen
                    or not hierarchy.is_child(kinds[relation.code], relation)
                ):
                    continue
                seen.add(pair)
                below.setdefault(relation.code, []).append(relation)
                if relation.other not in kinds:
                    kinds[relation.other] = relation.kind
                    frontier.append(relation.other)
    return below


def _node(
    code: str,
    kind: str,
    title: str,
    *,
    below: dict[str, list[hierarchy.Relation]],
    ancestors: frozenset[str],
    depth: int,
) -> Node:
    children = sorted(
        (r for r in below.get(code, []) if r.other not in ancestors),
        key=lambda r: (hierarchy.level(r.kind or ""), r.other),
    )
    if depth <= 1:
        return Node(code, kind, title, (), len(children))
    inside = ancestors | {code}
    shown = tuple(
        _node(r.other, r.kind or "", r.title or "", below=below, ancestors=inside, depth=depth - 1)
        for r in children[:MAX_CHILDREN]
    )
    return Node(code, kind, title, shown, max(0, len(children) - MAX_CHILDREN))


def hierarchy_tree(
    *, library: Library, actor: Actor | None, limit: int = 50, after: str | None = None
) -> Tree:
    """The documents at the top of the hierarchy (nothing above them) by kind and code, a
    page at a time starting after the code `after`, each with the documents below it down
    to MAX_DEPTH levels."""
    require(actor, Permission.READ)
    check_page(limit, 0)
    if after:
        check_code(after, field="after")
    with library.reading() as connection:
        tops, more = hierarchy.roots(connection, after=after, limit=limit)
    below = _grow(library, tops, MAX_DEPTH - 1)
    roots = tuple(
        _node(top.code, top.kind, top.title, below=below, ancestors=frozenset(), depth=MAX_DEPTH)
        for top in tops
    )
    return Tree(roots, more, limit)


__all__ = ["MAX_CHILDREN", "MAX_DEPTH", "Node", "Tree", "hierarchy_tree"]
