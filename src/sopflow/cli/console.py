"""The consoles commands write to: results on stdout, messages and progress on stderr."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

out = Console(highlight=False, soft_wrap=True)
"""Results: what a script would capture."""

err = Console(stderr=True, highlight=False, soft_wrap=True)
"""Messages, summaries and progress."""


def print_json(data: Any) -> None:
    """Machine-readable output: indented, keys in the order given, UTF-8 kept."""
    out.out(json.dumps(data, indent=2, ensure_ascii=False), highlight=False)
