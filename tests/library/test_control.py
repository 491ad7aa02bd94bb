"""The database itself keeps controlled revisions unchanged: SQL that edits, re-states or
deletes one is refused by a trigger, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sopflow.library import control
from sopflow.library.store import Library
from sopflow.services import revisions
from sopflow.services.access import Actor


@pytest.fixture
def controlled(library: Library, examples: Path) -> Library:
    """The examples, with SOP-FIN-003 revision 1 approved and in force since yesterday."""
    revisions.import_documents(
        library=library,
        actor=Actor.local(),
        sources=revisions.read_import([examples / "refunds" / "SOP-FIN-003-customer-refund.yaml"]),
        summary="Imported",
    )
    with library.transaction() as connection:
        connection.execute(
            text(
                "UPDATE revisions SET state = 'approved', "
                "effective_from = CURRENT_TIMESTAMP - INTERVAL '1 day'"
                if connection.dialect.name == "postgresql"
                else "UPDATE revisions SET state = 'approved', "
                "effective_from = datetime('now', '-1 day')"
            )
        )
    return library


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE revisions SET content = '{}'",
        "UPDATE revisions SET sha256 = 'x'",
        "UPDATE revisions SET state = 'draft'",
        "DELETE FROM revisions",
    ],
)
def test_sql_cannot_change_a_controlled_revision(controlled: Library, statement: str) -> None:
    with pytest.raises(DBAPIError, match="revisions: a"), controlled.transaction() as connection:
        connection.execute(text(statement))
    with controlled.reading() as connection:
        state, content = connection.execute(text("SELECT state, content FROM revisions")).one()
    assert state == "approved"
    assert content.startswith("{")


def test_sql_may_still_rewrite_a_draft(library: Library, examples: Path) -> None:
    """A draft is the library's own to re-store (a format upgrade does); nobody signed it."""
    revisions.import_documents(
        library=library,
        actor=Actor.local(),
        sources=revisions.read_import([examples / "refunds" / "SOP-FIN-003-customer-refund.yaml"]),
        summary="Imported",
    )
    with library.transaction() as connection:
        connection.execute(text("UPDATE revisions SET summary = 'Imported again'"))
        connection.execute(text("UPDATE revisions SET content = content"))


def test_the_revision_in_force_is_worked_out_when_read(controlled: Library) -> None:
    with controlled.reading() as connection:
        (revision,) = control.controlled_revisions(connection, code="SOP-FIN-003")
        document = control.document_control(connection, code="SOP-FIN-003")
    assert (revision.state.value, document.in_force, document.review_months) == (
        "effective",
        1,
        12,
    )
