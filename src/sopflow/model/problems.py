"""Problems found in a document, located by a path into its source structure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Path = tuple[str | int, ...]
"""Keys and list indices from the document root: ("flow", "nodes", 3, "next")."""

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document.

    The path lets the source-format layer turn the problem into FILE:LINE:COLUMN.
    """

    path: Path
    message: str
    rule: str
    severity: Severity = "error"


def dotted(path: Path) -> str:
    """A path as people write it: flow.nodes[3].next."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(document)"
