"""Reading documents out of the library for the analysis commands (lint, diff)."""

from __future__ import annotations

from datetime import date

from sopflow.analysis.lint_rules.base import KnownDocument, LintContext
from sopflow.cli.following import existing_library
from sopflow.errors import SopflowError
from sopflow.library.documents import get_revision, history, list_documents
from sopflow.library.revisions import StoredRevision
from sopflow.model import KIND_TYPES
from sopflow.model.revisions import RevisionState


def stored_revision(code: str, number: int | None) -> StoredRevision:
    """A revision from the library (the latest unless number is given)."""
    with existing_library() as library:
        if library is None:
            raise SopflowError(f"{code}: no such file, and there is no library to look it up in")
        with library.reading() as connection:
            return get_revision(connection, code=code, number=number)


def library_lint_context(code: str, number: int, today: date) -> LintContext:
    """What lint knows about a library revision: every document's state, and when the
    revision in force (the last effective one up to number) took effect."""
    with existing_library() as library:
        if library is None:
            raise SopflowError(f"{code}: there is no library")
        with library.reading() as connection:
            listed = list_documents(connection)
            infos = history(connection, code=code)
    known = {
        item.code: KnownDocument(item.code, kind, item.title, item.state)
        for item in listed
        for kind in KIND_TYPES
        if kind == item.kind
    }
    effective = [
        info for info in infos if info.state == RevisionState.EFFECTIVE and info.number <= number
    ]
    reviewed_on = effective[-1].created_at.date() if effective else None
    return LintContext(known=known, reviewed_on=reviewed_on, today=today)
