"""How a long capture reports where it is: stage name and amount done, no I/O.

Stages call a `ProgressReport` with `Progress` values; the CLI turns them into a progress bar
or plain lines, tests collect them in a list. Capture code never prints.
"""

from __future__ import annotations

from collections.abc import Callable
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
