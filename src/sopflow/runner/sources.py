"""Revisions to follow, read from source text: a loose YAML file is pinned by its SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from sopflow.errors import SopflowError
from sopflow.formats.yaml_source import parse_document, read_documents
from sopflow.model import AnyDocument, Sop
from sopflow.model.runs import RevisionRef
from sopflow.runner.engine import Followed


def sha256_text(text: str) -> str:
    """The SHA-256 of a revision's source text, as UTF-8: the content a run is pinned to."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def followed_from_text(text: str, source: str, *, number: int | None = None) -> Followed:
    """The SOP in text, pinned to the text's SHA-256; SopflowError when it is not a valid SOP.

    number is the library's revision number (the text is then the revision's stored
    content, and source names it for messages only); None for a loose file.
    """
    loaded = parse_document(text, source)
    if not loaded.ok or loaded.document is None:
        problems = "\n".join(
            str(problem) for problem in loaded.problems if problem.severity == "error"
        )
        raise SopflowError(f"{source} cannot be followed until it is valid:\n{problems}")
    document = loaded.document
    if not isinstance(document, Sop):
        raise SopflowError(
            f"{source}: {document.code} is a {document.kind}; only an SOP can be run "
            "(a work instruction is followed from the SOP step that references it)"
        )
    revision = RevisionRef(
        code=document.code,
        number=number,
        sha256=sha256_text(text),
        source=source if number is None else None,
    )
    return Followed(document, revision)


def read_source(path: Path) -> str:
    """The text of a source file; SopflowError naming the file when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SopflowError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SopflowError(f"{path}: cannot read it ({error})") from None


def followed_from_file(path: Path) -> Followed:
    """The SOP in a YAML file, pinned to the file content's SHA-256."""
    return followed_from_text(read_source(path), str(path))


def documents_by_code(paths: Iterable[Path]) -> dict[str, AnyDocument]:
    """The valid documents under paths, by code (the first file wins on a repeated code)."""
    found: dict[str, AnyDocument] = {}
    for loaded in read_documents(paths):
        if loaded.document is not None:
            found.setdefault(loaded.document.code, loaded.document)
    return found
