"""What `run`, `stats`, `lint` and `diff` share: how a source names a document revision
(a YAML file, CODE or CODE@REV in the library) and where runs of it are kept."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sopflow.cli.library import open_from_settings
from sopflow.errors import SopflowError
from sopflow.library.documents import get_revision, history
from sopflow.library.engine import LibraryError
from sopflow.library.runs import LibraryRunStore, revision_to_follow
from sopflow.library.store import Library
from sopflow.model import AnyDocument, is_code, references
from sopflow.model.revisions import RevisionState
from sopflow.model.runs import Run
from sopflow.runner.engine import Followed
from sopflow.runner.sources import documents_by_code, followed_from_text, read_source
from sopflow.runner.store import FolderRunStore, RunStore
from sopflow.settings import load_settings


def now() -> datetime:
    """The time transitions are recorded at: aware, UTC."""
    return datetime.now(UTC)


def folder_store() -> FolderRunStore:
    """Where runs of loose YAML files are kept: `runs/` in SOPFLOW_HOME."""
    return FolderRunStore(load_settings().home / "runs")


def library_spec(text: str) -> tuple[str, int | None] | None:
    """CODE or CODE@REV as (code, revision number); None when text is neither."""
    code, _, number = text.partition("@")
    if not is_code(code) or (number and not number.isdigit()):
        return None
    return code, int(number) if number else None


@contextmanager
def existing_library() -> Iterator[Library | None]:
    """The configured library, or None when there is none yet."""
    try:
        library = open_from_settings(create=False)
    except LibraryError as error:
        if "no such file" in str(error) or "holds no sopflow library" in str(error):
            yield None
            return
        raise
    with library:
        yield library


def preferred_revision(library: Library, code: str) -> AnyDocument:
    """The document a reference to code means: its last effective revision, else its latest."""
    with library.reading() as connection:
        infos = history(connection, code=code)
        effective = [info for info in infos if info.state == RevisionState.EFFECTIVE]
        number = (effective or infos)[-1].number
        return get_revision(connection, code=code, number=number).document


@dataclass(frozen=True)
class Source:
    """An SOP revision to follow, its source text, the documents its steps reference, and
    the store its runs go to."""

    followed: Followed
    text: str
    documents: dict[str, AnyDocument]
    store: RunStore


def linked_documents(library: Library, document: AnyDocument) -> dict[str, AnyDocument]:
    """The documents a document references, as the library holds them."""
    linked: dict[str, AnyDocument] = {}
    for target in references(document):
        try:
            linked[target] = preferred_revision(library, target)
        except LibraryError:
            continue  # a missing reference is shown as such; lint reports it
    return linked


def _library_source(library: Library, code: str, number: int | None) -> Source:
    with library.reading() as connection:
        info, content = revision_to_follow(connection, code=code, number=number)
    followed = followed_from_text(content, f"{code}@{info.number}", number=info.number)
    return Source(
        followed, content, linked_documents(library, followed.sop), LibraryRunStore(library)
    )


def resumed_source(run: Run, store: RunStore, docs: list[Path] | None = None) -> Source:
    """The source a saved run follows: exactly its revision, as its store kept it."""
    text = store.revision_text(run.revision)
    if text is None:
        raise SopflowError(f"run {run.id}: the revision it follows ({run.revision}) is not kept")
    origin = run.revision.source or f"{run.code}@{run.revision.number}"
    followed = followed_from_text(text, origin, number=run.revision.number)
    followed = Followed(followed.sop, run.revision)
    if isinstance(store, LibraryRunStore):
        linked = linked_documents(store.library, followed.sop)
    else:
        linked = documents_by_code(docs or ([Path(origin).parent] if run.revision.source else []))
    return Source(followed, text, linked, store)


@contextmanager
def open_source(source: str, docs: list[Path] | None = None) -> Iterator[Source]:
    """The SOP named by source: a YAML file (pinned by its content's SHA-256), or CODE /
    CODE@REV in the library (the last effective revision, else the latest)."""
    path = Path(source)
    spec = None if path.exists() else library_spec(source)
    if spec is None:
        text = read_source(path)
        followed = followed_from_text(text, str(path))
        yield Source(followed, text, documents_by_code(docs or [path.parent]), folder_store())
        return
    with existing_library() as library:
        if library is None:
            raise SopflowError(f"{source}: no such file, and there is no library to look it up in")
        yield _library_source(library, *spec)


@contextmanager
def store_of_run(run_id: str) -> Iterator[tuple[Run, RunStore]]:
    """A saved run and the store that holds it: the runs folder, or the library."""
    files = folder_store()
    if files.has(run_id):
        yield files.get(run_id), files
        return
    with existing_library() as library:
        found = LibraryRunStore(library).find(run_id) if library else None
        if library is None or found is None:
            raise SopflowError(f"no run {run_id}: not among the saved runs nor in the library")
        yield found, LibraryRunStore(library)


def all_runs(code: str | None = None) -> list[Run]:
    """Every saved run of a document (of every document for None): runs of files and runs in
    the library, oldest first."""
    found = folder_store().runs(code)
    with existing_library() as library:
        if library is not None:
            found += LibraryRunStore(library).runs(code)
    return sorted(found, key=lambda run: run.started_at)
