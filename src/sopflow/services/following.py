"""What a run follows: an SOP revision, its source text, the documents its steps reference,
and the store its runs go to.

A library document and a loose YAML file are both a `Source`, so the run use cases
(`sopflow.services.runs`) work the same on either; the faces only say which one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection

from sopflow.errors import InvalidInputError, NotFoundError, SopflowError
from sopflow.library.documents import get_revision, history
from sopflow.library.engine import LibraryError
from sopflow.library.runs import LibraryRunStore, revision_to_follow
from sopflow.library.store import Library
from sopflow.model import AnyDocument, Sop, references
from sopflow.model.revisions import RevisionInfo, RevisionState
from sopflow.model.runs import RevisionRef, Run
from sopflow.runner.engine import Followed
from sopflow.runner.sources import documents_by_code, followed_from_text, read_source
from sopflow.runner.store import RunStore


@dataclass(frozen=True)
class Source:
    """An SOP revision to follow, its source text, the documents its steps reference, and
    the store its runs go to."""

    followed: Followed
    text: str
    documents: Mapping[str, AnyDocument]
    store: RunStore
    info: RevisionInfo | None = None
    """What the library knows of the revision (its number, state); None for a file."""


@lru_cache(maxsize=64)
def _parsed(text: str, origin: str, number: int | None) -> Followed:
    """A revision's text parsed once: the same text always gives the same SOP."""
    return followed_from_text(text, origin, number=number)


def pinned(run: Run, text: str) -> Followed:
    """The revision a saved run follows, from its kept text, pinned as the run was."""
    origin = run.revision.source or f"{run.code}@{run.revision.number}"
    followed = _parsed(text, origin, run.revision.number)
    return Followed(followed.sop, run.revision)


def preferred_revision(connection: Connection, code: str) -> AnyDocument:
    """The document a reference to code means: its last effective revision, else its latest."""
    infos = history(connection, code=code)
    effective = [info for info in infos if info.state == RevisionState.EFFECTIVE]
    number = (effective or infos)[-1].number
    return get_revision(connection, code=code, number=number).document


def linked_documents(library: Library, document: AnyDocument) -> dict[str, AnyDocument]:
    """The documents a document references, as the library holds them (missing ones left
    out: the runner shows them as not found, and lint reports them)."""
    linked: dict[str, AnyDocument] = {}
    with library.reading() as connection:
        for target in references(document):
            try:
                linked[target] = preferred_revision(connection, target)
            except LibraryError:
                continue
    return linked


def library_source(library: Library, code: str, number: int | None = None) -> Source:
    """The revision of code a new run follows: revision number when given, else the last
    effective one, else the latest (`revision_to_follow`; until document control exists
    most documents have no effective revision, so that is their latest)."""
    with library.reading() as connection:
        info, content = revision_to_follow(connection, code=code, number=number)
    if info.kind != "sop":
        raise InvalidInputError(
            f"code: {code} is a {info.kind}; only an SOP can be run "
            "(a work instruction is followed from the SOP step that references it)",
            field="code",
        )
    followed = _parsed(content, f"{code}@{info.number}", info.number)
    linked = linked_documents(library, followed.sop)
    return Source(followed, content, linked, LibraryRunStore(library), info)


def file_source(path: Path, store: RunStore, docs: Iterable[Path] | None = None) -> Source:
    """The SOP in a YAML file, pinned by its text's SHA-256; referenced documents are looked
    up in docs (by default the file's folder)."""
    text = read_source(path)
    followed = followed_from_text(text, str(path))
    return Source(followed, text, documents_by_code(docs or [path.parent]), store)


def resumed_source(run: Run, store: RunStore, docs: Iterable[Path] | None = None) -> Source:
    """The source a saved run follows: exactly its revision, as its store kept it."""
    text = store.revision_text(run.revision)
    if text is None:
        raise SopflowError(f"run {run.id}: the revision it follows ({run.revision}) is not kept")
    followed = pinned(run, text)
    if isinstance(store, LibraryRunStore):
        linked = linked_documents(store.library, followed.sop)
    else:
        origin = run.revision.source
        linked = documents_by_code(docs or ([Path(origin).parent] if origin else []))
    return Source(followed, text, linked, store)


def sop_of(library: Library | None, code: str, kept: Iterable[tuple[RunStore, Run]]) -> Sop | None:
    """The SOP to name the nodes of code's runs by: the library's preferred revision, else
    the revision the last of the kept runs followed; None when neither is an SOP."""
    if library is not None:
        try:
            with library.reading() as connection:
                stored = preferred_revision(connection, code)
        except NotFoundError:
            stored = None
        if stored is not None:
            if not isinstance(stored, Sop):
                raise InvalidInputError(
                    f"code: {code} is a {stored.kind}; only an SOP has runs", field="code"
                )
            return stored
    for store, run in reversed(list(kept)):
        text = store.revision_text(run.revision)
        if text is not None:
            try:
                return pinned(run, text).sop
            except SopflowError:
                continue
    return None


def revision_label(revision: RevisionRef) -> str:
    """How a page names a revision: 'revision 3', or the file's SHA-256 prefix."""
    if revision.number is not None:
        return f"revision {revision.number}"
    return f"sha256 {revision.sha256[:12]}"
