"""Plain text and Markdown transcripts: one utterance per paragraph, `Name:` speaker tags kept."""

from __future__ import annotations

import re
from pathlib import Path

from sopflow.capture.readers.base import Reader, looks_like_text, read_text, split_speaker
from sopflow.capture.timeline import Utterance, Walkthrough

_MARKDOWN_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)")
_MARKDOWN_INLINE = re.compile(r"(\*\*|__|`)")


def parse_text(text: str) -> tuple[Utterance, ...]:
    """Paragraphs (blank-line separated; list items and speaker turns start new ones)."""
    utterances: list[Utterance] = []
    speaker: str | None = None
    lines: list[str] = []

    def flush() -> None:
        body = " ".join(part for part in lines if part)
        if body:
            utterances.append(Utterance(text=body, speaker=speaker))
        lines.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        if not line or line.startswith("<!--") or set(line) <= {"-", "=", "*", "_"}:
            flush()
            continue
        item = _MARKDOWN_PREFIX.match(line)
        if item:
            flush()
            line = line[item.end() :]
        name, rest = split_speaker(line)
        if name:
            flush()
            speaker, line = name, rest
        lines.append(_MARKDOWN_INLINE.sub("", line).strip())
    flush()
    return tuple(utterances)


_TITLE = re.compile(r"^\s*#\s+(?P<title>[^\n]+?)\s*#*\s*(?:\n|$)")


def split_title(text: str) -> tuple[str | None, str]:
    """A Markdown document's leading `# Title` line, and the text after it."""
    match = _TITLE.match(text.lstrip("\n"))
    if not match:
        return None, text
    return match.group("title"), text.lstrip("\n")[match.end() :]


def read_plain(path: Path) -> Walkthrough:
    """A plain text or Markdown file as untimed utterances; a leading `# Title` is its title."""
    title, body = split_title(read_text(path))
    return Walkthrough(sources=(str(path),), utterances=parse_text(body), title=title)


TEXT = Reader(
    name="text",
    suffixes=(".txt", ".text", ".md", ".markdown"),
    sniff=looks_like_text,
    read=read_plain,
)
