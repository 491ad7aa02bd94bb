"""Screenshots in folder sync: read beside imported files, written beside exported ones.

A document refers to its screenshots by paths relative to its own file, so an export writes
each stored screenshot at that path under the document's export folder, and an import reads
them from beside the file the document came from. Both keep the guarantees of the document
sync: an import stores them in its transaction, and an export rewrites only changed files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, select

from sopflow.formats.files import write_atomically
from sopflow.formats.images import folder_images
from sopflow.formats.yaml_fast import quick_load
from sopflow.formats.yaml_source import find_sources
from sopflow.library.attachments import Attached, attach_files
from sopflow.library.engine import LibraryError
from sopflow.library.sync import KIND_FOLDERS
from sopflow.library.tables import attachments, documents, revision_files, revisions
from sopflow.model import AnyDocument
from sopflow.model.codes import Kind
from sopflow.model.media import media_paths

MEDIA_KEYS = ("screenshot:", "image:")
"""What a source file that refers to a screenshot contains; other files are not read twice."""


def media_sources(paths: Iterable[Path]) -> dict[str, Path]:
    """The folder of each document under paths that refers to screenshots, by code."""
    files, _ = find_sources(paths)
    found: dict[str, Path] = {}
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if any(key in text for key in MEDIA_KEYS):
            document = quick_load(file)
            if document is not None and media_paths(document):
                found[document.code] = file.parent
    return found


@dataclass
class MediaImport:
    """Screenshots an import stored, and those it could not find, as (code, path)."""

    stored: int = 0
    missing: list[tuple[str, str]] = field(default_factory=list)


def import_media(
    connection: Connection, *, docs: Iterable[AnyDocument], folders: dict[str, Path]
) -> MediaImport:
    """Store, with the latest revision of each document, the screenshots beside its file."""
    report = MediaImport()
    for document in docs:
        folder = folders.get(document.code)
        wanted = media_paths(document)
        if folder is None or not wanted:
            continue
        latest = connection.execute(
            select(documents.c.latest).where(documents.c.code == document.code)
        ).scalar_one()
        image = folder_images(folder)
        files = {path: data for path in wanted if (data := image(path)) is not None}
        attached: Attached = attach_files(
            connection, code=document.code, number=latest, files=files
        )
        report.stored += len(attached.stored)
        report.missing += [(document.code, path) for path in attached.missing]
    return report


def latest_media(connection: Connection) -> Iterator[tuple[Kind, str, str, bytes]]:
    """(kind, code, path, bytes) of every screenshot of every latest revision."""
    query = (
        select(documents.c.kind, documents.c.code, revision_files.c.path, attachments.c.data)
        .join(revisions, revisions.c.document_id == documents.c.id)
        .join(revision_files, revision_files.c.revision_id == revisions.c.id)
        .join(attachments, attachments.c.sha256 == revision_files.c.sha256)
        .where(revisions.c.number == documents.c.latest)
        .order_by(documents.c.code, revision_files.c.path)
    )
    for row in connection.execute(query):
        yield row.kind, row.code, row.path, bytes(row.data)


def media_targets(connection: Connection, *, folder: Path) -> list[tuple[Path, bytes]]:
    """Where each screenshot of every latest revision goes under folder, with its bytes; a
    stored path that leads out of the folder is refused (LibraryError naming the document)
    before anything is written."""
    targets: list[tuple[Path, bytes]] = []
    for kind, code, path, data in latest_media(connection):
        base = (folder / KIND_FOLDERS[kind]).resolve()
        target = (base / path).resolve()
        if not target.is_relative_to(base):
            raise LibraryError(f"{code}: screenshot path {path} leads outside the export folder")
        targets.append((target, data))
    return targets


def export_media(targets: Iterable[tuple[Path, bytes]]) -> tuple[list[Path], list[Path]]:
    """Write the screenshots media_targets found; a file whose bytes are already there is
    left alone. Returns (written, unchanged)."""
    written: list[Path] = []
    unchanged: list[Path] = []
    for target, data in targets:
        if target.is_file() and target.read_bytes() == data:
            unchanged.append(target)
            continue
        write_atomically(target, data)
        written.append(target)
    return written, unchanged


__all__ = [
    "MediaImport",
    "export_media",
    "import_media",
    "latest_media",
    "media_sources",
    "media_targets",
]
