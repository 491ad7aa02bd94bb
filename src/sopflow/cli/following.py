"""What `run` and `stats` share: where runs are kept and how a source names an SOP revision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sopflow.errors import SopflowError
from sopflow.model import AnyDocument, is_code
from sopflow.runner.engine import Followed
from sopflow.runner.sources import documents_by_code, followed_from_text, read_source
from sopflow.runner.store import FolderRunStore, RunStore
from sopflow.settings import load_settings


def now() -> datetime:
    """The time transitions are recorded at: aware, UTC."""
    return datetime.now(UTC)


def open_store() -> RunStore:
    """The run store of this installation: `runs/` in SOPFLOW_HOME."""
    return FolderRunStore(load_settings().home / "runs")


@dataclass(frozen=True)
class Source:
    """An SOP revision to follow, its source text, and the documents its steps reference."""

    followed: Followed
    text: str
    documents: dict[str, AnyDocument]


def open_source(source: str, docs: list[Path] | None = None) -> Source:
    """The SOP named by source: a YAML file (pinned by its content's SHA-256)."""
    path = Path(source)
    if not path.exists() and is_code(source):
        raise SopflowError(
            f"{source}: no such file; running a document by its code needs the library "
            "(give the SOP's YAML file instead)"
        )
    text = read_source(path)
    followed = followed_from_text(text, str(path))
    return Source(followed, text, documents_by_code(docs or [path.parent]))
