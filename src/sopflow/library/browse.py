"""Browsing the library: documents filtered and paged, the values to filter on, the revision
a reader is shown.

Filters read the document rows, which cache what the latest revision says (title, owner,
department, state), so a page of a hundred thousand documents costs one indexed query and
one count, never a revision's content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, bindparam, exists, func, select

from sopflow.library.documents import LISTED_COLUMNS, Listed
from sopflow.library.in_force import IN_FORCE
from sopflow.library.tables import documents, tags

_LISTED = LISTED_COLUMNS


@dataclass(frozen=True)
class DocumentFilters:
    """Narrow a list to documents of one kind, department, state, tag or owner.

    Kind and state match exactly; department, tag and owner whatever their case, as the
    search filters do.
    """

    kind: str | None = None
    department: str | None = None
    state: str | None = None
    tag: str | None = None
    owner: str | None = None


def document_conditions(
    filters: DocumentFilters, *, state: ColumnElement[str] | None = None
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of filters on the documents table; state is the column the
    state filter compares (the stored state unless given: the register reads it as of now)."""
    conditions: list[ColumnElement[bool]] = []
    if filters.kind:
        conditions.append(documents.c.kind == filters.kind)
    if filters.state:
        column = documents.c.state if state is None else state
        conditions.append(column == filters.state)
    if filters.department:
        conditions.append(func.lower(documents.c.department) == filters.department.lower())
    if filters.owner:
        conditions.append(func.lower(documents.c.owner) == filters.owner.lower())
    if filters.tag:
        conditions.append(
            exists().where(
                tags.c.document_id == documents.c.id, func.lower(tags.c.tag) == filters.tag.lower()
            )
        )
    return conditions


def _filtered(query: Select[Any], filters: DocumentFilters) -> Select[Any]:
    conditions = document_conditions(filters)
    return query.where(*conditions) if conditions else query


def find_documents(
    connection: Connection, *, filters: DocumentFilters, limit: int, offset: int
) -> tuple[list[Listed], int]:
    """One page of the documents that pass filters, by code, and how many pass in all."""
    page = _filtered(select(*_LISTED), filters).order_by(documents.c.code)
    rows = connection.execute(page.limit(limit).offset(offset)).all()
    total: int = connection.execute(
        _filtered(select(func.count()).select_from(documents), filters)
    ).scalar_one()
    return [Listed(*row) for row in rows], total


def listed_by_codes(connection: Connection, *, codes: Iterable[str]) -> dict[str, Listed]:
    """The documents among codes that the library holds, by code (unknown codes left out)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    rows = connection.execute(select(*_LISTED).where(documents.c.code.in_(wanted))).all()
    return {row.code: Listed(*row) for row in rows}


@dataclass(frozen=True)
class Facet:
    """One value a filter can take, and how many documents have it."""

    value: str
    count: int


@dataclass(frozen=True)
class Facets:
    """The kinds, departments and states the library's documents have, with their counts."""

    kinds: tuple[Facet, ...]
    departments: tuple[Facet, ...]
    states: tuple[Facet, ...]


_COMBINATIONS = select(
    documents.c.kind, documents.c.department, documents.c.state, func.count()
).group_by(documents.c.kind, documents.c.department, documents.c.state)
"""How many documents have each kind, department and state together: a few dozen rows,
from one pass over the table instead of one per filter."""


def _counted(counts: dict[str, int]) -> tuple[Facet, ...]:
    return tuple(Facet(value, counts[value]) for value in sorted(counts))


def facets(connection: Connection) -> Facets:
    """What the filters of a library page can choose from."""
    kinds: dict[str, int] = {}
    departments: dict[str, int] = {}
    states: dict[str, int] = {}
    for kind, department, state, count in connection.execute(_COMBINATIONS):
        for counts, value in ((kinds, kind), (departments, department), (states, state)):
            if value is not None:
                counts[str(value)] = counts.get(str(value), 0) + int(count)
    return Facets(_counted(kinds), _counted(departments), _counted(states))


_LAST_EFFECTIVE = IN_FORCE
LAST_EFFECTIVE = IN_FORCE
"""Per document row: the number of its revision in force, or NULL."""


def last_effective(connection: Connection, *, code: str) -> int | None:
    """The number of the last effective revision of code, or None when none is effective."""
    number: int | None = connection.execute(_EFFECTIVE_OF_CODE, {"code": code}).scalar()
    return number


_EFFECTIVE_OF_CODE = select(_LAST_EFFECTIVE).where(documents.c.code == bindparam("code"))
_NUMBERS = select(documents.c.code, documents.c.latest, _LAST_EFFECTIVE)


def revision_numbers(
    connection: Connection, *, codes: Iterable[str]
) -> dict[str, tuple[int, int | None]]:
    """For each of codes the library holds: its latest revision and its last effective one
    (None when none is), in one statement."""
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return {}
    rows = connection.execute(
        _NUMBERS.where(documents.c.code.in_(bindparam("codes", expanding=True))),
        {"codes": wanted},
    )
    return {code: (latest, effective) for code, latest, effective in rows}


__all__ = [
    "LAST_EFFECTIVE",
    "DocumentFilters",
    "Facet",
    "Facets",
    "facets",
    "find_documents",
    "last_effective",
    "listed_by_codes",
    "revision_numbers",
]
