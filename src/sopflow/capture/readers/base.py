"""What every reader shares: the Reader record and the checks on raw input bytes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sopflow.capture.timeline import Walkthrough
from sopflow.errors import SopflowError

HEAD_BYTES = 4096
"""How much of a file the chain looks at to recognise its content."""


@dataclass(frozen=True)
class Reader:
    """One input kind: how to recognise it and how to read it into a Walkthrough.

    `suffixes` are tried first (lower case, with the dot); `sniff` looks at the first bytes
    when no reader claims the suffix, so a transcript saved as .txt is still read as WebVTT.
    """

    name: str
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    read: Callable[[Path], Walkthrough]


def read_text(path: Path) -> str:
    """The file's text as UTF-8; a SopflowError naming the file when it is empty or binary."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SopflowError(f"{path}: cannot read: {error.strerror or error}") from error
    if not data.strip():
        raise SopflowError(f"{path}: the file is empty")
    if b"\x00" in data[:HEAD_BYTES]:
        raise SopflowError(f"{path}: binary data, not a transcript or event log")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SopflowError(
            f"{path}:{line}: not UTF-8 text (byte {error.start}); save the file as UTF-8"
        ) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_text(head: bytes) -> bool:
    """True when the first bytes decode as UTF-8 text without NUL bytes."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the head is still text.
        return error.start >= len(head) - 3
    return True


SPEAKER_PREFIX = re.compile(
    r"^(?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})\s?:\s+(?=\S)", re.UNICODE
)
"""`Name:` or `Alice Smith:` at the start of a line, as Zoom and plain transcripts write it."""

NOT_SPEAKERS = frozenset(
    {"note", "notes", "warning", "tip", "important", "step", "caution", "example", "result"}
)


def split_speaker(text: str) -> tuple[str | None, str]:
    """A leading `Name:` tag and the rest of the text; (None, text) when there is none."""
    match = SPEAKER_PREFIX.match(text)
    if not match or match.group("name").casefold() in NOT_SPEAKERS:
        return None, text
    return match.group("name"), text[match.end() :]
