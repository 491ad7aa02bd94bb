"""What `run`, `stats`, `lint` and `diff` share on the command line: how a source names a
document revision (a YAML file, CODE or CODE@REV in the library), the library in force, and
where runs of loose files are kept. The use cases themselves are in `sopflow.services`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from sopflow.cli.library import open_from_settings
from sopflow.errors import SopflowError
from sopflow.library.engine import LibraryError
from sopflow.library.runs import LibraryRunStore
from sopflow.library.store import Library
from sopflow.model import is_code
from sopflow.model.runs import Run
from sopflow.runner.store import FolderRunStore, RunStore
from sopflow.services.access import Actor
from sopflow.services.following import Source, file_source
from sopflow.services.runs import open_run_source
from sopflow.settings import load_settings


def local_actor(name: str | None = None) -> Actor:
    """The command line's actor (every role), recorded under name when given (`--as`)."""
    actor = Actor.local()
    return replace(actor, name=name, full_name=name) if name else actor


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


@contextmanager
def open_source(source: str, actor: Actor, docs: list[Path] | None = None) -> Iterator[Source]:
    """The SOP named by source: a YAML file (pinned by its content's SHA-256), or CODE /
    CODE@REV in the library (the last effective revision, else the latest)."""
    path = Path(source)
    spec = None if path.exists() else library_spec(source)
    if spec is None:
        yield file_source(path, folder_store(), docs)
        return
    with existing_library() as library:
        if library is None:
            raise SopflowError(f"{source}: no such file, and there is no library to look it up in")
        code, number = spec
        yield open_run_source(library=library, actor=actor, code=code, number=number)


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
