"""What a file is, from its content alone: for uploads, whose names say nothing reliable.

The answer is the reader that will read it and the file name ending to store it under, so
the reader chain (which tries endings first) reads it as what it is. A recording is told by
its container's first bytes, an event log by parsing it, captions by their header, and any
other UTF-8 text is a transcript.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sopflow.capture.readers.base import HEAD_BYTES, looks_like_text
from sopflow.capture.readers.captions import SRT, WEBVTT
from sopflow.capture.readers.events import EVENT_LOG, FORMAT_NAME
from sopflow.capture.readers.media import looks_like_media
from sopflow.errors import SopflowError

InputKind = Literal["recording", "event log", "webvtt", "srt", "text"]

JSON_PARSE_LIMIT = 32 * 1024**2
"""Text files up to this size starting with `{` are parsed to see whether they are JSON."""


@dataclass(frozen=True)
class Recognised:
    """The kind of input a file holds and the ending to store it under."""

    kind: InputKind
    suffix: str


def _media_suffix(head: bytes) -> str:
    """The usual ending of the container whose first bytes these are."""
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"qt  ":
            return ".mov"
        return ".m4a" if brand in (b"M4A ", b"M4B ") else ".mp4"
    if head[:4] == b"\x1aE\xdf\xa3":
        return ".webm" if b"webm" in head[:64] else ".mkv"
    if head[:4] == b"OggS":
        return ".ogg"
    if head[:4] == b"fLaC":
        return ".flac"
    if head[:4] == b"RIFF":
        return ".wav"
    if head[:3] != b"ID3" and head[1] & 0xF6 == 0xF0:
        return ".aac"
    return ".mp3"


def _json_kind(path: Path, head: bytes, name: str) -> Recognised | None:
    """An event log, by parsing; None when the text is not JSON at all."""
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return None
    if EVENT_LOG.sniff(head):
        return Recognised("event log", ".json")  # the reader reports any mistake in it
    if path.stat().st_size > JSON_PARSE_LIMIT:
        return None
    try:
        json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None
    raise SopflowError(
        f'{name}: JSON, but not a sopflow event log (it needs "format": "{FORMAT_NAME}"; '
        "see docs/event-log.md)"
    )


def _looks_like_markdown(head: bytes) -> bool:
    lines = head.decode("utf-8", "ignore").splitlines()
    return any(line.startswith(("# ", "## ", "- ", "* ", "1. ")) for line in lines[:40])


def recognise(path: Path, *, name: str | None = None) -> Recognised:
    """What the file at path holds; a SopflowError naming it (as `name`, when given) when it
    is empty or nothing sopflow reads."""
    shown = name or str(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
    except OSError as error:
        raise SopflowError(f"{shown}: cannot read: {error.strerror or error}") from error
    if not head.strip():
        raise SopflowError(f"{shown}: the file is empty")
    if looks_like_media(head):
        return Recognised("recording", _media_suffix(head))
    if not looks_like_text(head):
        raise SopflowError(
            f"{shown}: not a walkthrough input sopflow can read (a recording, a transcript "
            "or an event log); binary data?"
        )
    found = _json_kind(path, head, shown)
    if found is not None:
        return found
    if WEBVTT.sniff(head):
        return Recognised("webvtt", ".vtt")
    if SRT.sniff(head):
        return Recognised("srt", ".srt")
    return Recognised("text", ".md" if _looks_like_markdown(head) else ".txt")
