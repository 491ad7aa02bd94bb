"""What an import could not keep: one entry per source element, one report line per kind.

Every element of a BPMN model becomes an SOP node, a note on one, or a `Loss` here; the
command line prints the summary (one line per element type and reason, not one per inner
flow) and `--strict` fails on any loss.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Loss:
    """One source element the SOP does not hold, and why."""

    kind: str
    """The BPMN element type: "dataObject", "sequenceFlow"."""
    element: str
    """Its id in the source."""
    reason: str
    name: str = ""

    def __str__(self) -> str:
        named = f" '{self.name}'" if self.name else ""
        return f"{self.kind} {self.element}{named}: {self.reason}"


def summary(losses: Iterable[Loss], shown: int = 3) -> list[str]:
    """One line per (type, reason): how many, the first few ids or names, the reason."""
    groups: dict[tuple[str, str], list[Loss]] = {}
    for loss in losses:
        groups.setdefault((loss.kind, loss.reason), []).append(loss)
    lines = []
    for (kind, reason), found in groups.items():
        names = [f"'{loss.name}'" if loss.name else loss.element for loss in found[:shown]]
        more = f" and {len(found) - shown} more" if len(found) > shown else ""
        lines.append(f"{len(found)} × {kind} ({', '.join(names)}{more}): {reason}")
    return lines
