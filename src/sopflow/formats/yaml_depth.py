"""How deeply a YAML text nests, estimated in one pass before the YAML parser sees it.

The parser's scanner slows down with every open flow collection and its composer recurses
once per level, so a file of 5,000 `[` took seconds to be refused with a RecursionError. A
document is a few levels deep; this scan finds the first line past a limit in linear time
without parsing. It counts flow brackets outside quotes and comments, and block levels by
indentation and leading `- `, so it may count a level or two more than the parser would,
never fewer for flow collections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VALUE_STARTS = frozenset(":-?[{,")
"""What comes before a value: after these, a quote or bracket opens a scalar or collection."""


@dataclass
class _Scan:
    """Where the scan is between lines: open flow brackets, a quote, a block scalar."""

    flow: int = 0
    quote: str | None = None
    block_scalar: int | None = None
    """The indentation of the key whose literal or folded block is being skipped."""

    def line(self, text: str, room: int) -> int:
        """Read one line's brackets and quotes; the deepest flow level it reached (the scan
        stops once that is past room)."""
        deepest = self.flow
        escaped = -1
        for found in _MARKS.finditer(text):
            char, index = found.group(), found.start()
            if self.quote is not None:
                if char == "\\" and self.quote == '"' and index != escaped:
                    escaped = index + 1
                elif char == self.quote and index != escaped:
                    if char == "'" and text[index + 1 : index + 2] == "'":
                        escaped = index + 1  # '' is a quote inside single quotes
                    else:
                        self.quote = None
            elif char == "#" and (index == 0 or text[index - 1] in " \t"):
                break
            elif char in "'\"" and _after_value_start(text, index):
                self.quote = char
            elif char in "[{" and (self.flow or _after_value_start(text, index)):
                self.flow += 1
                deepest = max(deepest, self.flow)
                if deepest > room:
                    break
            elif char in "]}" and self.flow:
                self.flow -= 1
        return deepest


_MARKS = re.compile(r"""['"#\[\]{}\\]""")
"""The only characters that open or close anything the scan counts."""


def _after_value_start(text: str, index: int) -> bool:
    """Whether only spaces lie between a value indicator (or the line start) and index."""
    before = index - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    return before < 0 or text[before] in VALUE_STARTS


def too_deep(text: str, limit: int) -> int | None:
    """The number of the first line nested more than limit levels deep, or None."""
    scan = _Scan()
    indents: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if scan.block_scalar is not None:
            if not stripped or indent > scan.block_scalar:
                continue
            scan.block_scalar = None
        block = len(indents)
        if scan.flow == 0 and scan.quote is None and stripped and stripped[0] != "#":
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
            block = len(indents) + _leading_items(stripped)
            value = stripped.split(" #", 1)[0].rstrip()
            if value.endswith(("|", ">", "|-", ">-", "|+", ">+")):
                scan.block_scalar = indent
        if block + scan.line(stripped, limit - block) > limit:
            return number
    return None


def _leading_items(stripped: str) -> int:
    """How many sequence items open on one line: `- - - x` nests three levels."""
    found = _ITEMS.match(stripped)
    return found.group().count("-") + found.group().count("?") if found else 0


_ITEMS = re.compile(r"(?:[-?](?: +|$))*")


__all__ = ["too_deep"]
