"""Writing the library: save a new revision with optimistic concurrency, import YAML files,
export the latest revisions as YAML.

A save names the revision it was based on. When someone else saved a revision since, the
save fails with RevisionConflictError naming both revisions and stores nothing, so an edit
is never silently lost: the person reloads the latest revision and applies the change again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sopflow.errors import ConflictError, InvalidInputError, SopflowError
from sopflow.formats.data_source import document_from_data
from sopflow.library import documents as store
from sopflow.library import sync
from sopflow.library.attachments import attach_files
from sopflow.library.audit import NewEntry, append_entries, append_entry
from sopflow.library.browse import listed_by_codes
from sopflow.library.identity import CodeTakenError, other_holder
from sopflow.library.locks import Lock, hold
from sopflow.library.media_files import (
    MediaImport,
    export_media,
    import_media,
    media_sources,
    media_targets,
)
from sopflow.library.store import Library
from sopflow.library.sync import ExportReport, ImportReport
from sopflow.model import AnyDocument, check_document
from sopflow.model.problems import dotted
from sopflow.model.revisions import RevisionInfo
from sopflow.services import notify
from sopflow.services.access import Actor, Permission, require
from sopflow.services.control import withdraw_review
from sopflow.services.documents import check_code, forget_facets

MAX_PROBLEMS = 20
"""The most problems one refusal lists."""

NEW_DOCUMENT_HINT = "to save it as that document's next revision, name the revision it edits"
"""What a save of a new document under a taken code may have meant instead."""


class BaseRevisionRequiredError(ConflictError):
    """A save that names no base revision, of a document the library already holds."""

    def __init__(self, code: str, latest: int) -> None:
        super().__init__(
            f"{code}: the library holds this document already (latest revision {latest}); "
            "say which revision your edit is based on"
        )
        self.code = code
        self.latest = latest


def parse_document(
    data: object, *, field: str = "document", keep_problems: bool = False
) -> AnyDocument:
    """A document from plain data (a JSON body), checked as a YAML file is.

    InvalidInputError names the first wrong field (as FIELD.PATH, e.g.
    document.flow.nodes[3].instruction) and lists every problem in its message. With
    keep_problems, a document that matches the format but breaks the model's rules (a step
    leading nowhere, an unreachable node) is returned as it is, to be saved as a draft with
    its problems (`rule_problems` lists them; review refuses such a revision).
    """
    loaded = document_from_data(data)
    errors = loaded.errors
    if loaded.document is not None and (keep_problems or not errors):
        return loaded.document
    shown = [problem.message for problem in errors[:MAX_PROBLEMS]]
    if len(errors) > MAX_PROBLEMS:
        shown.append(f"… and {len(errors) - MAX_PROBLEMS} more")
    first = errors[0].path if errors else ()
    where = field + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first)
    raise InvalidInputError(f"{field}: " + "; ".join(shown), field=where)


def rule_problems(document: AnyDocument) -> list[str]:
    """The model's rule errors of a document that matches the format, as FIELD: MESSAGE
    (what a draft saved with its problems must lose before it goes into review)."""
    return [
        f"{dotted(found.path)}: {found.message}"
        for found in check_document(document)
        if found.severity == "error"
    ]


def editor(*, actor: Actor | None) -> Actor:
    """The actor, when they may save revisions: a face checks this before it reads what was
    sent, so nobody learns from validation messages about what they may not save."""
    return require(actor, Permission.EDIT)


@dataclass(frozen=True)
class SavedRevision:
    """The outcome of a save: the latest revision, whether this save added it, and whether
    the document is new."""

    revision: RevisionInfo
    created: bool
    new_document: bool


def save_revision(
    *,
    library: Library,
    actor: Actor | None,
    document: AnyDocument,
    base: int | None,
    summary: str,
    files: Mapping[str, bytes] | None = None,
) -> SavedRevision:
    """Store document as a new draft revision on top of revision base (None: a new document).

    Content equal to the latest revision's adds nothing. A base that is no longer the
    latest raises RevisionConflictError (both revisions named; nothing stored); no base for
    a code the library holds raises BaseRevisionRequiredError when the document is that
    one (`sopflow.library.identity`), CodeTakenError when it is another. The new revision keeps the
    screenshots of the one before it at the paths it still refers to, and takes the bytes of
    new ones from files (by the path the document writes). Saved while an earlier
    revision is in review, it withdraws that review and its approvals (`withdraw_review`).
    """
    author = require(actor, Permission.EDIT)
    check_code(document.code, field="document.code")
    said = summary.strip()
    if not said:
        raise InvalidInputError(
            "summary: say in a few words what this revision changes", field="summary"
        )
    withdrawn = None
    with library.transaction() as connection:
        if base is None:
            hold(connection, Lock.CODES)  # two editors adding one code: the second is told
            held = listed_by_codes(connection, codes=[document.code]).get(document.code)
            if held is not None:
                holder = other_holder(connection, document, title=held.title)
                if holder is not None:
                    raise CodeTakenError([("document", holder)], hint=NEW_DOCUMENT_HINT)
                raise BaseRevisionRequiredError(document.code, held.latest)
        saved = store.save_document(
            connection, document=document, author=author.name, summary=said, base=base
        )
        if saved.created and (saved.revision.number > 1 or files):
            attach_files(
                connection, code=document.code, number=saved.revision.number, files=files or {}
            )
        if saved.created and saved.revision.number > 1:
            withdrawn = withdraw_review(
                connection, code=document.code, number=saved.revision.number, by=author.name
            )
        if saved.created:
            append_entry(connection, **revision_entry("revision.saved", author, saved.revision))
    forget_facets(library)
    if withdrawn is not None:
        notify.review_withdrawn(
            library=library,
            code=document.code,
            review=withdrawn,
            by=author.name,
            number=saved.revision.number,
        )
    return SavedRevision(saved.revision, saved.created, new_document=base is None)


def revision_entry(action: str, actor: Actor, info: RevisionInfo) -> dict[str, Any]:
    """The audit entry of a stored revision: who, which, and the hash of its content."""
    details = {"revision": info.number, "sha256": info.sha256, "summary": info.summary}
    return {"actor": actor.name, "action": action, "subject": info.code, "details": details}


@dataclass(frozen=True)
class ImportSources:
    """YAML documents read for an import, and the folders of those that keep screenshots."""

    documents: tuple[AnyDocument, ...]
    folders: dict[str, Path]
    files: dict[str, str] = field(default_factory=dict)
    """The file each document was read from, by code, for messages."""


def read_import(paths: Sequence[Path]) -> ImportSources:
    """Read and check every YAML file under paths before anything is stored.

    A SopflowError lists the problems (FILE:LINE:COLUMN) when any file is not valid: an
    import is all or nothing.
    """
    read = sync.read_sourced(paths)
    return ImportSources(
        tuple(item.document for item in read),
        media_sources(paths),
        {item.document.code: item.file for item in read},
    )


@dataclass(frozen=True)
class Imported:
    """What an import stored: documents by outcome, and the screenshots."""

    report: ImportReport
    media: MediaImport


def import_documents(
    *,
    library: Library,
    actor: Actor | None,
    sources: ImportSources,
    summary: str,
    author: str | None = None,
) -> Imported:
    """Store each document read as a new revision of its code when its content changed, with
    its screenshots, in one transaction; author defaults to the actor's name. A document
    whose code belongs to another document raises CodeTakenError and nothing is stored."""
    editor = require(actor, Permission.EDIT)
    with library.transaction() as connection:
        report = sync.import_documents(
            connection,
            docs=sources.documents,
            author=author or editor.name,
            summary=summary,
            files=sources.files,
        )
        media = import_media(connection, docs=sources.documents, folders=sources.folders)
        append_entries(
            connection,
            [NewEntry(**revision_entry("revision.imported", editor, i)) for i in report.stored],
        )
    forget_facets(library)
    return Imported(report, media)


@dataclass(frozen=True)
class Exported:
    """What an export wrote: document files, and screenshot files written or left alone."""

    report: ExportReport
    media_written: tuple[Path, ...]
    media_unchanged: tuple[Path, ...]


def export_documents(*, library: Library, actor: Actor | None, folder: Path) -> Exported:
    """Write the latest revision of every document as canonical YAML under folder, one file
    each, with its screenshots; files already up to date are left alone."""
    require(actor, Permission.READ_DRAFTS)
    if folder.exists() and not folder.is_dir():
        raise SopflowError(f"{folder}: exists and is not a folder")
    with library.reading() as connection:
        targets = media_targets(connection, folder=folder)  # refused before a file is written
        report = sync.export_documents(sync.latest_documents(connection), folder=folder)
        written, unchanged = export_media(targets)
    return Exported(report, tuple(written), tuple(unchanged))


__all__ = [
    "BaseRevisionRequiredError",
    "CodeTakenError",
    "Exported",
    "ImportSources",
    "Imported",
    "SavedRevision",
    "export_documents",
    "import_documents",
    "parse_document",
    "read_import",
    "rule_problems",
    "save_revision",
]
