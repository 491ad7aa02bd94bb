"""Free document codes for new drafts: the next number of a kind and area in a folder.

Codes are never reused, so the next number is one above the highest found in the folder's
file names and `code:` lines, whatever gaps lie below it.
"""

from __future__ import annotations

import re
from pathlib import Path

from sopflow.model.codes import KIND_PREFIX, Kind, format_code

_CODE_IN_TEXT = re.compile(r"\b(POL|WF|SOP|WI)-([A-Z][A-Z0-9]{1,7})-(\d{3,6})\b")
AREA_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")


def codes_in_folder(folder: Path) -> set[tuple[str, str, int]]:
    """(prefix, area, number) of every code named by a YAML file in folder (recursively)."""
    found: set[tuple[str, str, int]] = set()
    if not folder.is_dir():
        return found
    for path in [*folder.rglob("*.yaml"), *folder.rglob("*.yml")]:
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:4000]
        except OSError:
            continue
        for text in (path.name, head):
            for prefix, area, number in _CODE_IN_TEXT.findall(text):
                found.add((prefix, area, int(number)))
    return found


class CodeAllocator:
    """Hands out KIND-AREA-NNN codes not yet used in a folder, nor by this allocator."""

    def __init__(self, folder: Path, area: str) -> None:
        if not AREA_PATTERN.match(area):
            raise ValueError(
                f"area {area!r} must be 2 to 8 upper-case letters or digits, starting with a letter"
            )
        self.area = area
        self.used = codes_in_folder(folder)

    def __call__(self, kind: Kind) -> str:
        prefix = KIND_PREFIX[kind]
        taken = [n for p, a, n in self.used if (p, a) == (prefix, self.area)]
        number = max(taken, default=0) + 1
        self.used.add((prefix, self.area, number))
        return format_code(kind, self.area, number)
