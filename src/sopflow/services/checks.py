"""Checks on library revisions: lint findings, and the readable diff of two revisions.

Both are for the people who write and review documents: they read revisions that are not
in force yet, so both need the read-drafts permission.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sopflow.analysis.diff import DocumentDiff, diff_documents
from sopflow.analysis.lint import Finding, lint_data, lint_text
from sopflow.analysis.lint_rules.base import KnownDocument, LintContext
from sopflow.errors import InvalidInputError
from sopflow.formats.data_source import document_from_data
from sopflow.formats.yaml_write import dump_document
from sopflow.library import documents as store
from sopflow.library.browse import listed_by_codes
from sopflow.library.register import list_external
from sopflow.library.store import Library
from sopflow.model import KIND_TYPES, AnyDocument, references
from sopflow.model.revisions import RevisionInfo, RevisionState
from sopflow.services.access import Actor, Permission, require
from sopflow.services.documents import check_code


def lint_context(
    *, library: Library, actor: Actor | None, code: str, number: int, today: date
) -> LintContext:
    """What lint knows about revision number of code: the state of each document it refers
    to, and when the revision in force (the last effective one up to number) took effect."""
    require(actor, Permission.READ_DRAFTS)
    check_code(code)
    with library.reading() as connection:
        stored = store.get_revision(connection, code=code, number=number)
        listed = listed_by_codes(connection, codes=references(stored.document))
        infos = store.history(connection, code=code)
        registered = frozenset(e.code for e in list_external(connection))
    known = {
        item.code: KnownDocument(item.code, kind, item.title, item.state)
        for item in listed.values()
        for kind in KIND_TYPES
        if kind == item.kind
    }
    effective = [
        info for info in infos if info.state == RevisionState.EFFECTIVE and info.number <= number
    ]
    reviewed_on = effective[-1].created_at.date() if effective else None
    return LintContext(known=known, reviewed_on=reviewed_on, today=today, external=registered)


@dataclass(frozen=True)
class Linted:
    """The findings on one library revision, located in its canonical YAML (`sopflow show`)."""

    revision: RevisionInfo
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for finding in self.findings if finding.severity == "error")


def lint_revision(
    *,
    library: Library,
    actor: Actor | None,
    code: str,
    number: int | None = None,
    today: date | None = None,
) -> Linted:
    """Lint a library revision (the latest unless number) against the library around it."""
    require(actor, Permission.READ_DRAFTS)
    check_code(code)
    with library.reading() as connection:
        stored = store.get_revision(connection, code=code, number=number)
    shown = stored.info.number
    context = lint_context(
        library=library, actor=actor, code=code, number=shown, today=today or date.today()
    )
    text = dump_document(stored.document)
    return Linted(stored.info, tuple(lint_text(text, f"{code}@{shown}", context)))


@dataclass(frozen=True)
class Checked:
    """The findings on a document that was posted, not saved: what an editor shows as the
    person edits. `savable` says whether a save would take it (no validation error);
    `draft_savable` whether a save keeping its problems would (it matches the format)."""

    code: str
    savable: bool
    findings: tuple[Finding, ...]
    draft_savable: bool = False

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for finding in self.findings if finding.severity == "error")


def _posted_context(
    *, library: Library, document: AnyDocument | None, code: str, today: date
) -> LintContext:
    """What lint knows about a posted document: the documents it refers to, and when the
    revision in force of code (if the library holds it) took effect."""
    codes = references(document) if document is not None else []
    with library.reading() as connection:
        listed = listed_by_codes(connection, codes=[*codes, code])
        infos = store.history(connection, code=code) if code in listed else []
    known = {
        item.code: KnownDocument(item.code, kind, item.title, item.state)
        for item in listed.values()
        for kind in KIND_TYPES
        if kind == item.kind and item.code in codes
    }
    effective = [info for info in infos if info.state == RevisionState.EFFECTIVE]
    reviewed_on = effective[-1].created_at.date() if effective else None
    return LintContext(known=known, reviewed_on=reviewed_on, today=today)


def check_document(
    *, library: Library, actor: Actor | None, code: str, data: object, today: date | None = None
) -> Checked:
    """Validate and lint a document given as data, storing nothing (the editor's live check).

    The same rules as a save and `sopflow lint`, so there is one implementation; findings are
    located by their path in the document (flow.nodes[3].next).
    """
    require(actor, Permission.EDIT)
    check_code(code)
    loaded = document_from_data(data)
    context = _posted_context(
        library=library, document=loaded.document, code=code, today=today or date.today()
    )
    document, findings = lint_data(loaded, context)
    matches = loaded.document is not None and loaded.document.code == code
    if document is not None and document.code != code:
        findings.insert(
            0,
            Finding(
                "code",
                "error",
                ("code",),
                f"the document's code is {document.code}, not {code}, the one being edited",
                "keep the code of the document being edited",
            ),
        )
        document = None
    return Checked(code, document is not None, tuple(findings), draft_savable=matches)


def diff_revisions(
    *, library: Library, actor: Actor | None, code: str, old: int, new: int
) -> DocumentDiff:
    """What changed from revision old of code to revision new: steps added, removed, moved
    and reworded, options and roles changed. The sides are named CODE@N."""
    require(actor, Permission.READ_DRAFTS)
    check_code(code)
    for name, value in (("from", old), ("to", new)):
        if value < 1:
            raise InvalidInputError(f"{name}: a revision number is 1 or more", field=name)
    with library.reading() as connection:
        before = store.get_revision(connection, code=code, number=old)
        after = store.get_revision(connection, code=code, number=new)
    return diff_documents(before.document, after.document, f"{code}@{old}", f"{code}@{new}")


__all__ = [
    "Checked",
    "Linted",
    "check_document",
    "diff_revisions",
    "lint_context",
    "lint_revision",
]
