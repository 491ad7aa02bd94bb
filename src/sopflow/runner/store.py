"""Where runs are kept: a small store interface, and a folder of JSON files implementing it.

The library keeps runs in its database behind the same interface; the folder store serves
runs of loose YAML files. Each store also keeps the source text of every revision a run
follows, by SHA-256, so a paused run resumes on exactly its revision even after the file
changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from sopflow.errors import SopflowError
from sopflow.formats.files import write_atomically
from sopflow.model.runs import RevisionRef, Run, RunFormatError, run_from_data, run_to_data


class RunStore(Protocol):
    """What the runner needs from storage."""

    def save(self, run: Run) -> None:
        """Store a run, replacing an earlier save of the same run id."""

    def get(self, run_id: str) -> Run:
        """The run with that id; SopflowError when there is none."""

    def runs(self, code: str | None = None) -> list[Run]:
        """Every run of the document with that code (of every document for None), oldest
        first."""

    def keep_revision(self, revision: RevisionRef, text: str) -> None:
        """Keep the source text of a revision runs follow."""

    def revision_text(self, revision: RevisionRef) -> str | None:
        """The kept source text of a revision, or None."""


class FolderRunStore:
    """Runs as `runs/<id>.json` and followed revisions as `revisions/<sha256>.yaml`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _run_file(self, run_id: str) -> Path:
        if not run_id.isalnum():
            raise SopflowError(f"{run_id!r} is not a run id (letters and digits)")
        return self.root / "runs" / f"{run_id}.json"

    def save(self, run: Run) -> None:
        """Write the run in one piece."""
        text = json.dumps(run_to_data(run), indent=2, ensure_ascii=False) + "\n"
        write_atomically(self._run_file(run.id), text)

    def _read(self, file: Path) -> Run:
        try:
            return run_from_data(json.loads(file.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise SopflowError(f"{file}: not a saved run ({error})") from None
        except (ValidationError, RunFormatError) as error:
            raise SopflowError(f"{file}: not a valid saved run:\n{error}") from None

    def has(self, run_id: str) -> bool:
        """True when a run with that id is saved here."""
        return run_id.isalnum() and self._run_file(run_id).is_file()

    def get(self, run_id: str) -> Run:
        """The saved run with that id."""
        file = self._run_file(run_id)
        if not file.is_file():
            raise SopflowError(f"no run {run_id} in {self.root}")
        return self._read(file)

    def runs(self, code: str | None = None) -> list[Run]:
        """The saved runs of a document (of every document for None), oldest first."""
        folder = self.root / "runs"
        found = (
            [self._read(file) for file in sorted(folder.glob("*.json"))] if folder.is_dir() else []
        )
        chosen = (run for run in found if code is None or run.code == code)
        return sorted(chosen, key=lambda run: run.started_at)

    def keep_revision(self, revision: RevisionRef, text: str) -> None:
        """Keep the revision's text once; it never changes under the same SHA-256."""
        file = self.root / "revisions" / f"{revision.sha256}.yaml"
        if not file.exists():
            write_atomically(file, text)

    def revision_text(self, revision: RevisionRef) -> str | None:
        """The kept text of a revision, or None."""
        file = self.root / "revisions" / f"{revision.sha256}.yaml"
        return file.read_text(encoding="utf-8") if file.is_file() else None
