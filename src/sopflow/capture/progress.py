"""How a long capture reports where it is: stage name and amount done, no I/O.

Stages call a `ProgressReport` with `Progress` values; the CLI turns them into a progress bar
or plain lines, tests collect them in a list. Capture code never prints. Stages reached
through an interface without a report parameter (the reader chain) use `current_report()`,
which the caller sets with `reporting(...)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """One report: how far a stage has got, in the stage's own unit (seconds, frames, steps)."""

    stage: str
    done: float
    total: float | None = None
    """None when the amount of work is unknown."""
    unit: str = "s"

    @property
    def fraction(self) -> float | None:
        """Done over total, between 0 and 1, or None when the total is unknown."""
        if not self.total:
            return None
        return min(max(self.done / self.total, 0.0), 1.0)


ProgressReport = Callable[[Progress], None]


def no_progress(_: Progress) -> None:
    """The report for callers that don't show progress."""


_current: ContextVar[ProgressReport] = ContextVar("sopflow_progress", default=no_progress)


@contextmanager
def reporting(report: ProgressReport) -> Iterator[None]:
    """Make `report` the one stages called through a fixed interface (a reader) report to."""
    token = _current.set(report)
    try:
        yield
    finally:
        _current.reset(token)


def current_report() -> ProgressReport:
    """The report set by the innermost `reporting` block, or one that drops everything."""
    return _current.get()
