"""What a lint rule is, and what it is given: the document and what is known around it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from sopflow.model import AnyDocument, Kind
from sopflow.model.problems import Path, Severity


@dataclass(frozen=True)
class KnownDocument:
    """A document a reference may point at."""

    code: str
    kind: Kind
    title: str
    status: str | None = None
    """The state of its current revision when it comes from the library: "effective",
    "obsolete"...; None for a loose file."""


@dataclass(frozen=True)
class LintContext:
    """What lint knows beyond the document itself; rules that need missing facts are skipped."""

    known: Mapping[str, KnownDocument] | None = None
    """Documents references may point at; None when unknown (references are not checked)."""
    reviewed_on: date | None = None
    """When the document's current revision became effective (from the library)."""
    today: date | None = None
    external: frozenset[str] | None = None
    """The codes of the external documents in the register; None when unknown (the codes a
    document names under `external` are not checked)."""


@dataclass(frozen=True)
class Hit:
    """Where a rule found a problem, and what it is."""

    path: Path
    message: str


Check = Callable[[AnyDocument, LintContext], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    """One lint rule: its id, how bad a finding is, what it checks and how to fix it."""

    id: str
    severity: Severity
    summary: str
    hint: str
    check: Check
