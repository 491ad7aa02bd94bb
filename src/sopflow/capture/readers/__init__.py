"""Reading walkthrough inputs: one ordered fallback chain of readers.

To add an input kind (audio, video, another export), write a `Reader` and put it in
`READERS` before the plain-text reader, which accepts any text and so comes last.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sopflow.capture.readers.base import HEAD_BYTES, Reader
from sopflow.capture.readers.captions import SRT, WEBVTT
from sopflow.capture.readers.events import EVENT_LOG
from sopflow.capture.readers.media import MEDIA
from sopflow.capture.readers.merge import merge
from sopflow.capture.readers.text import TEXT
from sopflow.capture.timeline import Walkthrough
from sopflow.errors import SopflowError

READERS: list[Reader] = [MEDIA, EVENT_LOG, WEBVTT, SRT, TEXT]
"""The chain, most specific first: the first reader claiming the suffix, else the content."""


def choose_reader(path: Path, readers: Sequence[Reader] = READERS) -> Reader:
    """The reader for a file: by suffix first, then by its first bytes."""
    if not path.is_file():
        raise SopflowError(f"{path}: no such file")
    suffix = path.suffix.lower()
    for reader in readers:
        if suffix in reader.suffixes:
            return reader
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
    except OSError as error:
        raise SopflowError(f"{path}: cannot read: {error.strerror or error}") from error
    if not head.strip():
        raise SopflowError(f"{path}: the file is empty")
    for reader in readers:
        if reader.sniff(head):
            return reader
    kinds = ", ".join(reader.name for reader in readers)
    raise SopflowError(f"{path}: not a walkthrough input sopflow can read ({kinds}); binary data?")


def read_walkthrough(
    paths: Sequence[Path], readers: Sequence[Reader] = READERS, *, events_offset: float = 0.0
) -> Walkthrough:
    """All inputs of one walkthrough, read and merged on one timeline.

    `events_offset`: seconds into the recording at which the event log's time 0 falls
    (negative when the log started first).
    """
    if not paths:
        raise SopflowError("no input given")
    parts = [choose_reader(path, readers).read(path) for path in paths]
    return merge(parts, events_offset=events_offset)


__all__ = ["READERS", "Reader", "choose_reader", "merge", "read_walkthrough"]
