"""Folder sync: import YAML files into the library, export its latest revisions as YAML.

An import is all or nothing: every file is read and checked first, then everything is stored
in one transaction, so a failure half-way leaves the library exactly as it was. An export
writes one canonical YAML file per document at a path fixed by its code, so exporting into
a git checkout shows only real changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, select

from sopflow.formats.files import write_atomically
from sopflow.formats.yaml_fast import quick_load_all
from sopflow.formats.yaml_source import find_sources, read_documents
from sopflow.formats.yaml_write import dump_document
from sopflow.library import documents as store
from sopflow.library.engine import LibraryError
from sopflow.library.identity import refuse_other_documents
from sopflow.library.locks import Lock, hold
from sopflow.library.revisions import document_from_json
from sopflow.library.search import optimize_index
from sopflow.library.tables import documents, revisions
from sopflow.model import AnyDocument
from sopflow.model.codes import Kind
from sopflow.model.revisions import RevisionInfo

KIND_FOLDERS: dict[Kind, str] = {
    "policy": "policies",
    "workflow": "workflows",
    "sop": "sops",
    "wi": "work-instructions",
}
"""The export folder of each kind; a code's kind never changes, so neither does its path."""

MAX_PROBLEMS_SHOWN = 20

OPTIMIZE_AFTER = 1000
"""An import that stores at least this many documents, and at least a tenth of the library,
merges the search index afterwards (see merges_index)."""


def merges_index(*, stored: int, total: int) -> bool:
    """Whether an import that stored this many documents, of total now held, merges the index.

    A merge rewrites the whole index, so it pays after an import that changed much of it;
    after each thousand documents added to a library of a hundred thousand it would cost
    more than the import, and grow with the library (many imports, quadratic work).
    """
    return stored >= OPTIMIZE_AFTER and stored * 10 >= total


@dataclass
class ImportReport:
    """What an import did, by code."""

    created: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    stored: list[RevisionInfo] = field(default_factory=list)
    """Every revision the import added, new documents first in each batch."""


@dataclass(frozen=True)
class Sourced:
    """A document read for an import, and the file it was read from."""

    document: AnyDocument
    file: str


def read_sources(paths: Iterable[Path]) -> list[AnyDocument]:
    """Every document in the YAML files and folders named; LibraryError listing the problems."""
    return [item.document for item in read_sourced(paths)]


def read_sourced(paths: Iterable[Path]) -> list[Sourced]:
    """Every document in the YAML files and folders named, with its file; LibraryError
    listing the problems.

    Valid files load through the fast parser; when any file is not valid, all are read
    again with positions so that every problem is reported as FILE:LINE:COLUMN.
    """
    paths = list(paths)
    files, missing = find_sources(paths)
    if files and not missing:
        quick = quick_load_all(files)
        if quick is not None and len({document.code for document in quick}) == len(quick):
            return [Sourced(doc, str(file)) for doc, file in zip(quick, files, strict=True)]
    loaded = read_documents(paths)
    problems = [p for item in loaded for p in item.problems if p.severity == "error"]
    if problems:
        shown = [str(problem) for problem in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"… and {len(problems) - MAX_PROBLEMS_SHOWN} more")
        raise LibraryError("nothing imported; fix these problems first:\n" + "\n".join(shown))
    if not loaded:
        raise LibraryError("nothing to import: no YAML files found")
    return [Sourced(item.document, item.file) for item in loaded if item.document is not None]


def import_documents(
    connection: Connection,
    *,
    docs: Iterable[AnyDocument],
    author: str,
    summary: str,
    files: Mapping[str, str] | None = None,
    batch: int = 500,
) -> ImportReport:
    """Store each document as a new revision of its code, when its content changed.

    A document whose code belongs to another document (see `sopflow.library.identity`)
    raises CodeTakenError naming its file (from `files`, by code) and the holder; call inside
    one transaction, so that nothing is stored then. New codes are stored in bulk, batch
    documents at a time; existing ones one by one.

    Imports run one after another (`Lock.CODES`): each reads the latest revisions only
    once the one before has committed, so concurrent imports of one document all land, on
    PostgreSQL as on SQLite, instead of racing for its code or its next revision number.
    """
    hold(connection, Lock.CODES)
    report = ImportReport()
    pending = list(docs)
    for start in range(0, len(pending), batch):
        chunk = pending[start : start + batch]
        rows = connection.execute(
            select(documents.c.code, documents.c.latest, documents.c.title).where(
                documents.c.code.in_([document.code for document in chunk])
            )
        ).all()
        latest: dict[str, int] = {row.code: row.latest for row in rows}
        titles = {row.code: row.title for row in rows}
        refuse_other_documents(connection, chunk, titles=titles, files=files or {})
        fresh = [document for document in chunk if document.code not in latest]
        report.stored.extend(
            store.add_new_documents(connection, docs=fresh, author=author, summary=summary)
        )
        report.created.extend(document.code for document in fresh)
        for document in chunk:
            if document.code not in latest:
                continue
            saved = store.save_document(
                connection,
                document=document,
                author=author,
                summary=summary,
                base=latest[document.code],
            )
            (report.revised if saved.created else report.unchanged).append(document.code)
            if saved.created:
                report.stored.append(saved.revision)
    stored = len(report.created) + len(report.revised)
    if merges_index(stored=stored, total=store.count_documents(connection)):
        optimize_index(connection)
    return report


def latest_documents(connection: Connection, *, batch: int = 500) -> Iterator[AnyDocument]:
    """The latest revision of every document, by code, read in batches."""
    query = (
        select(revisions.c.content)
        .join(documents, documents.c.id == revisions.c.document_id)
        .where(revisions.c.number == documents.c.latest)
        .order_by(documents.c.code)
        .execution_options(yield_per=batch)
    )
    for (content,) in connection.execute(query):
        yield document_from_json(content)


def export_path(folder: Path, document: AnyDocument) -> Path:
    """Where a document's file goes in an export."""
    return folder / KIND_FOLDERS[document.kind] / f"{document.code}.yaml"


@dataclass
class ExportReport:
    """What an export did: files written, and files already up to date."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


def export_documents(docs: Iterable[AnyDocument], *, folder: Path) -> ExportReport:
    """Write each document's canonical YAML; files whose text is unchanged are left alone."""
    report = ExportReport()
    for document in docs:
        path = export_path(folder, document)
        text = dump_document(document)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            report.unchanged.append(path)
            continue
        write_atomically(path, text)
        report.written.append(path)
    return report
