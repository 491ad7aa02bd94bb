"""Run records: one person following one revision of an SOP, step by step.

A run is pinned to the revision it follows (code, revision number when it comes from the
library, and the SHA-256 of the revision's source text), so a new revision never changes a run
in progress. It keeps the active path (the nodes walked, with who finished each and when),
the answers given at decisions, the branch taken at each visit of a parallel node, and the
full history of transitions, including answers that were later changed by going back.

Saved runs carry a format version under `run_format`; `migrate_run_data` brings older saved
data up to date through the named functions in RUN_MIGRATIONS, like the document format does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from sopflow.model.base import Element, Identifier
from sopflow.model.codes import Code
from sopflow.model.versions import Data, FormatVersionError, VersionedFormat

RUN_FORMAT_VERSION = 2
"""The run format this program writes."""

RUN_FORMAT_KEY = "run_format"
"""The key that holds the run format version in every saved run."""

RunState = Literal["in_progress", "paused", "finished"]
"""A run is in progress, paused (to be resumed later) or finished at an outcome."""

TransitionKind = Literal[
    "start", "complete", "not_applicable", "answer", "branch", "back", "pause", "resume", "finish"
]
"""What happened in one transition of a run."""

NodeType = Literal["step", "decision", "parallel", "handoff", "outcome"]

SHA256_PATTERN = r"^[0-9a-f]{64}$"


class RevisionRef(Element):
    """The revision a run follows: enough to fetch exactly that content again."""

    code: Code
    number: int | None = Field(default=None, ge=1)
    """The library's revision number; None for a document read from a loose file."""
    sha256: str = Field(pattern=SHA256_PATTERN)
    """SHA-256 of the revision's source text: the content the run was pinned to."""
    source: str | None = None
    """Where it was read from: a file path, or None for the library."""

    def __str__(self) -> str:
        number = f" revision {self.number}" if self.number is not None else ""
        return f"{self.code}{number} (sha256 {self.sha256[:12]})"


class Transition(Element):
    """One recorded change of a run: who did what, when."""

    kind: TransitionKind
    who: str = Field(min_length=1)
    at: datetime
    node: Identifier | None = None
    """The node acted on (the step completed, the decision answered, the node gone back to)."""
    label: str | None = None
    """The option chosen at a decision."""
    branch: int | None = Field(default=None, ge=1)
    """The branch taken at a parallel node, numbered from 1."""
    note: str | None = None
    """A remark the performer added to a completed step."""
    reason: str | None = None
    """Why a step was not applicable."""


class PathEntry(Element):
    """One node on the active path of a run, and how it was finished."""

    node: Identifier
    type: NodeType
    arrived_at: datetime
    """When the run reached this node (the previous node was finished)."""
    done_by: str | None = None
    done_at: datetime | None = None
    answer: str | None = None
    """The option label chosen at a decision."""
    branch: int | None = Field(default=None, ge=1)
    """At a parallel node: the branch taken from here, numbered from 1. A run comes back to
    the parallel node after each branch, so the node is on the path once per branch."""
    note: str | None = None
    not_applicable: str | None = None
    """The reason given when a step was marked not applicable."""

    @property
    def done(self) -> bool:
        """True once the node was completed, answered, left by a branch or marked not
        applicable."""
        return self.done_at is not None


class Run(Element):
    """One execution of a revision by a person: path, answers, history and outcome."""

    run_format: int = RUN_FORMAT_VERSION
    id: str = Field(min_length=1, max_length=64)
    revision: RevisionRef
    started_by: str = Field(min_length=1)
    started_at: datetime
    state: RunState = "in_progress"
    path: tuple[PathEntry, ...] = ()
    """The active path: every node walked, the current one last."""
    answers: Mapping[str, str] = Field(default_factory=dict)
    """Decision id -> the option label chosen on the active path."""
    outcome: Identifier | None = None
    """The outcome node the run finished at."""
    history: tuple[Transition, ...] = ()
    """Every transition, in order; going back keeps what came before it."""

    @property
    def code(self) -> str:
        """The code of the document the run follows."""
        return self.revision.code

    @property
    def current(self) -> PathEntry | None:
        """The node the run is at, or None once it is finished."""
        if self.state == "finished" or not self.path:
            return None
        return self.path[-1]

    @property
    def finished_at(self) -> datetime | None:
        """When the run reached its outcome."""
        if self.state != "finished":
            return None
        return self.history[-1].at if self.history else None


class RunFormatError(FormatVersionError):
    """Saved run data whose format version is missing, malformed or too new."""


def add_branches(data: Data) -> Data:
    """Run format 1 to 2: version 2 records the branch taken at a parallel node (`branch` on
    path entries and transitions); version 1 runs have none, and read as they are."""
    return data


RUN_FORMAT = VersionedFormat(
    key="run_format",
    current=RUN_FORMAT_VERSION,
    name="run format",
    error=RunFormatError,
    migrations={1: add_branches},
)
"""Saved runs: their version key, the version written, and the named upgrades."""

RUN_MIGRATIONS = RUN_FORMAT.migrations
"""from-version -> the named function that upgrades saved run data by one version."""


def migrate_run_data(data: Data) -> Data:
    """Bring saved run data of any known format version up to the current run format."""
    return RUN_FORMAT.migrate(data)


def run_to_data(run: Run) -> dict[str, Any]:
    """A run as JSON-ready data, format version first."""
    return run.model_dump(mode="json")


def run_from_data(data: Mapping[str, Any]) -> Run:
    """A run from saved data of any known format version (pydantic errors when malformed)."""
    return Run.model_validate(migrate_run_data(dict(data)))


__all__ = [
    "RUN_FORMAT",
    "RUN_FORMAT_KEY",
    "RUN_FORMAT_VERSION",
    "RUN_MIGRATIONS",
    "PathEntry",
    "RevisionRef",
    "Run",
    "RunFormatError",
    "RunState",
    "Transition",
    "TransitionKind",
    "add_branches",
    "migrate_run_data",
    "run_from_data",
    "run_to_data",
]
