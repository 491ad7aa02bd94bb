"""The size limits a walkthrough is held to before it is structured (they are settings).

Structuring takes time in proportion to the words (and memory with them), so a walkthrough
past SOPFLOW_CAPTURE_MAX_WORDS is refused with the count, the limit and the setting named,
rather than keeping a worker busy for an hour. A transcript's lines are measured as the file
is scanned in blocks, so a 10 MB line is refused before the file is read whole.
"""

from __future__ import annotations

from pathlib import Path

from sopflow.capture.timeline import Walkthrough
from sopflow.errors import SopflowError

BLOCK = 1024 * 1024
"""Bytes read at a time when measuring lines."""


def check_lines(path: Path, limit: int) -> None:
    """A SopflowError naming the line when any line of the file is longer than limit bytes."""
    number, length = 1, 0
    try:
        with path.open("rb") as file:
            while block := file.read(BLOCK):
                for part in block.split(b"\n")[:-1]:
                    if length + len(part) > limit:
                        _too_long(path, number, limit)
                    number, length = number + 1, 0
                length += len(block) - (block.rfind(b"\n") + 1)
                if length > limit:
                    _too_long(path, number, limit)
    except OSError as error:
        raise SopflowError(f"{path}: cannot read: {error.strerror or error}") from error


def _too_long(path: Path, number: int, limit: int) -> None:
    raise SopflowError(
        f"{path}:{number}: a line longer than {limit:,} bytes (the limit SOPFLOW_CAPTURE_MAX_LINE "
        "sets); a transcript has a line per cue or paragraph"
    )


def word_count(walkthrough: Walkthrough) -> int:
    """Words in the utterances and in the event labels and values."""
    words = sum(len(utterance.text.split()) for utterance in walkthrough.utterances)
    for event in walkthrough.events:
        for text in (event.label, event.value, event.page):
            words += len(text.split()) if text else 0
    return words


def check_words(walkthrough: Walkthrough, limit: int) -> None:
    """A SopflowError with the count, the limit and the setting when there are too many words."""
    count = word_count(walkthrough)
    if count > limit:
        sources = ", ".join(walkthrough.sources)
        raise SopflowError(
            f"{sources}: {count:,} words, more than the {limit:,} a capture takes (the limit "
            "SOPFLOW_CAPTURE_MAX_WORDS sets); capture the walkthrough in parts"
        )


__all__ = ["check_lines", "check_words", "word_count"]
