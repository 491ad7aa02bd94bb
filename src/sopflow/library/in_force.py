"""Which revision of a document is in force, worked out when read: no scheduler needed.

An approved revision carries the moment it takes effect (`effective_from`). The revision in
force is the highest-numbered approved one whose moment has come; approved ones below it are
superseded, and one whose moment is still ahead stays "approved". A document made obsolete
keeps its last revision in force readable, marked "obsolete". Revisions stored as "effective"
directly (before document control, or by an import) count as approved from the start.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, DateTime, and_, case, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from sopflow.library.tables import documents, revisions
from sopflow.model.revisions import RevisionState

APPROVED = (RevisionState.APPROVED.value, RevisionState.EFFECTIVE.value)
"""Stored states of a revision that passed review."""


class utc_now(FunctionElement[Any]):  # noqa: N801 (named as the SQL function reads)
    """The current UTC time in the form each database compares with stored moments: SQLite
    stores `YYYY-MM-DD HH:MM:SS.ffffff` text, so its now is written the same way."""

    type = DateTime(timezone=True)
    inherit_cache = True


@compiles(utc_now)
def _utc_now(element: utc_now, compiler: SQLCompiler, **kw: Any) -> str:
    return "CURRENT_TIMESTAMP"


@compiles(utc_now, "sqlite")
def _utc_now_sqlite(element: utc_now, compiler: SQLCompiler, **kw: Any) -> str:
    return "strftime('%Y-%m-%d %H:%M:%f000', 'now')"


def _taken_effect(table: Any) -> ColumnElement[bool]:
    """Whether the revision row of table has passed review and its moment has come."""
    return or_(
        table.c.state == RevisionState.EFFECTIVE.value,
        and_(
            table.c.state == RevisionState.APPROVED.value,
            table.c.effective_from <= utc_now(),
        ),
    )


IN_FORCE = (
    select(func.max(revisions.c.number))
    .where(revisions.c.document_id == documents.c.id, _taken_effect(revisions))
    .correlate(documents)
    .scalar_subquery()
)
"""The number of the revision in force of the document of the row (None: none is)."""


def _in_force_of_revision() -> Any:
    """IN_FORCE for the document of the revision row, correlated to revisions."""
    inner = revisions.alias("in_force")
    return (
        select(func.max(inner.c.number))
        .where(inner.c.document_id == revisions.c.document_id, _taken_effect(inner))
        .scalar_subquery()
    )


def shown_state() -> ColumnElement[str]:
    """The state of the revision row as of now (the documents row joined beside it)."""
    in_force = _in_force_of_revision()
    approved = revisions.c.state.in_(APPROVED)
    return case(
        (
            and_(approved, revisions.c.number == in_force),
            case(
                (documents.c.obsolete_at.is_(None), RevisionState.EFFECTIVE.value),
                else_=RevisionState.OBSOLETE.value,
            ),
        ),
        (and_(approved, revisions.c.number < in_force), RevisionState.SUPERSEDED.value),
        else_=revisions.c.state,
    ).label("state")


def document_state() -> ColumnElement[str]:
    """The state of the document row's latest revision as of now: the documents row caches
    the stored state, which says "approved" for a revision that has since taken effect."""
    return case(
        (documents.c.state == RevisionState.OBSOLETE.value, RevisionState.OBSOLETE.value),
        (
            and_(documents.c.state.in_(APPROVED), documents.c.latest == IN_FORCE),
            RevisionState.EFFECTIVE.value,
        ),
        else_=documents.c.state,
    )
