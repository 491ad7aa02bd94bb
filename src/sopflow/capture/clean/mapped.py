"""Text that remembers where each character came from, so cleaning never loses provenance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Mapped:
    """A text and, for each of its characters, the offset of the original character it came from.

    Every cleaning step is an edit of a Mapped into a new Mapped; a span of the final text maps
    back to the original through `original_span`, and from there to times and speakers.
    """

    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Mapped:
        """The original text, mapped onto itself."""
        return cls(text, tuple(range(len(text))))

    def __post_init__(self) -> None:
        if len(self.text) != len(self.origin):
            raise ValueError("a Mapped text needs one origin offset per character")

    def replace(self, edits: Iterable[tuple[int, int, str]]) -> Mapped:
        """Replace spans [start, end) by new text; new characters map to the start of their span.

        Overlapping edits keep the first (leftmost, then longest) one.
        """
        parts: list[str] = []
        origin: list[int] = []
        cursor = 0
        for start, end, new in sorted(edits, key=lambda edit: (edit[0], -edit[1])):
            if start < cursor:
                continue
            parts.append(self.text[cursor:start])
            origin.extend(self.origin[cursor:start])
            if new:
                anchor = self.origin[start] if start < len(self.origin) else self._end()
                parts.append(new)
                origin.extend([anchor] * len(new))
            cursor = max(cursor, end)
        parts.append(self.text[cursor:])
        origin.extend(self.origin[cursor:])
        return Mapped("".join(parts), tuple(origin))

    def _end(self) -> int:
        return self.origin[-1] + 1 if self.origin else 0

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that characters [start, end) of this text came from."""
        if not self.origin:
            return (0, 0)
        start = min(max(start, 0), len(self.origin) - 1)
        end = min(max(end, start + 1), len(self.origin))
        return (self.origin[start], self.origin[end - 1] + 1)
