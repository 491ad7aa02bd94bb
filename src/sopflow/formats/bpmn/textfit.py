"""How much room a name takes in a BPMN viewer, so the export sizes boxes and labels to fit.

bpmn-js writes names in 12 px "Arial, sans-serif" inside tasks (7 px padding, 1.2 line
height) and 11 px outside events, gateways and flows, wrapping greedily at spaces and
hyphens and cutting a word too long for a line. The widths here are DejaVu Sans's, which
is what "Arial, sans-serif" falls back to where Arial is not installed and is wider than
Arial, so a name measured here fits wherever the file is opened.
"""

from __future__ import annotations

import re
import unicodedata

ADVANCES = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip
"""Advance widths of the printable ASCII characters (space to tilde) per 1000 em."""

SAFETY = 1.04
"""Room for rounding and for a font slightly wider than the one measured."""

TASK_FONT = 12.0
LABEL_FONT = 11.0
LINE = 1.2
"""bpmn-js's line height, as a multiple of the font size."""
TASK_PADDING = 7.0

_BREAK = re.compile(r"(\s|-)")


def _advance(char: str) -> int:
    code = ord(char)
    if 32 <= code < 127:
        return ADVANCES[code - 32]
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1000
    base = unicodedata.normalize("NFKD", char)[:1]
    if base and 32 <= ord(base) < 127:
        return ADVANCES[ord(base) - 32]
    return 0 if unicodedata.combining(char) else 700


def text_width(text: str, size: float) -> float:
    """The width of one line of text at a font size, in diagram units (pixels)."""
    return sum(_advance(char) for char in text.rstrip()) * size / 1000 * SAFETY


def _fit(line: str, width: float, size: float) -> str:
    """The longest start of line that fits, broken at a space or hyphen where one is."""
    if text_width(line, size) <= width or len(line) < 2:
        return line
    parts = _BREAK.split(line)
    fitted = ""
    for part in parts:
        if part and text_width(fitted + part, size) > width:
            break
        fitted += part
    if fitted.strip():
        return fitted
    cut = 1
    while cut < len(line) and text_width(line[: cut + 1], size) <= width:
        cut += 1
    return line[:cut]


def wrap(text: str, width: float, size: float) -> list[str]:
    """The lines text is drawn in within width, as bpmn-js wraps it."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        rest = " ".join(paragraph.split())
        while rest:
            line = _fit(rest, width, size)
            lines.append(line.strip())
            rest = rest[len(line) :].strip()
        if not paragraph.strip():
            lines.append("")
    return lines


def text_height(lines: int, size: float) -> float:
    """The height of that many lines."""
    return lines * size * LINE


def widest(lines: list[str], size: float) -> float:
    """The width of the longest of the lines."""
    return max((text_width(line, size) for line in lines), default=0.0)
