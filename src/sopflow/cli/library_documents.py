"""Reading documents out of the library for the analysis commands (lint, diff)."""

from __future__ import annotations

from datetime import date

from sopflow.analysis.lint_rules.base import LintContext
from sopflow.cli.following import existing_library
from sopflow.errors import SopflowError
from sopflow.library.revisions import StoredRevision
from sopflow.services import checks, documents
from sopflow.services.access import Actor


def stored_revision(code: str, number: int | None) -> StoredRevision:
    """A revision from the library (the latest unless number is given)."""
    with existing_library() as library:
        if library is None:
            raise SopflowError(f"{code}: no such file, and there is no library to look it up in")
        return documents.get_revision(
            library=library, actor=Actor.local(), code=code, number=number
        )


def library_lint_context(code: str, number: int, today: date) -> LintContext:
    """What lint knows about a library revision: the state of every document it refers to,
    and when the revision in force (the last effective one up to number) took effect."""
    with existing_library() as library:
        if library is None:
            raise SopflowError(f"{code}: there is no library")
        return checks.lint_context(
            library=library, actor=Actor.local(), code=code, number=number, today=today
        )
