"""Removing what people say but a procedure should not: fillers, false starts, repeated words.

Each function takes and returns a `Mapped` text, so every kept character still points to the
spoken original. The patterns are deliberately narrow: a filler left in is harmless, a word of
the procedure taken out is not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from sopflow.capture.clean.mapped import Mapped

FILLERS: tuple[str, ...] = (
    r"u+h+m*",
    r"u+m+",
    r"e+r+m*",
    r"a+h+",
    r"h+m+",
    r"m+h+m+",
    r"you know",
    r"so basically",
    r"basically",
    r"i mean",
    r"kind of like",
    r"sort of like",
)
"""Words and phrases removed wherever they stand on their own (between spaces or punctuation)."""

_FILLER = re.compile(
    r"(?<![\w'-])(?:" + "|".join(FILLERS) + r")(?![\w'-])(?:\s*[,…]+|\.{3})?\s*",
    re.IGNORECASE,
)
_FALSE_START = re.compile(r"(?<![\w-])([^\W\d_]{1,10})(?:-|—|–|--)\s+(?=\1)", re.IGNORECASE)
_REPEAT = re.compile(
    r"(?<![\w'-])([^\W\d_]+(?:[ ][^\W\d_]+){0,2})(?:\s+\1)+(?![\w'-])", re.IGNORECASE
)
_RESTART = re.compile(
    r"(?:^|(?<=[.!?,;:][ ]))([^\W\d_]+(?:[ ][^\W\d_]+){0,2})(?:\s*,\s+\1)+(?![\w'-])",
    re.IGNORECASE | re.MULTILINE,
)
"""Words said again after a comma: only a restart when they open the clause ("I open, I
open the form"); "send it to the clerk, the clerk checks it" is two sentences."""
_OPENER = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?:(?:ok(?:ay)?|alright|all right|right|well|so)\b[,]?\s+)+(?=\w)",
    re.IGNORECASE | re.MULTILINE,
)
_SPACES = re.compile(
    r"[ \t]{2,}|[ \t]+(?=[,.;:!?])|(?<=[,;:])[ \t]*[,;:]+|^[ \t]*[,;]+[ \t]*", re.M
)
_LEADING_COMMA = re.compile(r"(?<=[.!?])([ \t]*,)+")


def _edits(
    pattern: re.Pattern[str],
    text: str,
    replacement: Callable[[re.Match[str]], tuple[int, int, str]],
) -> list[tuple[int, int, str]]:
    return [replacement(match) for match in pattern.finditer(text)]


def remove_fillers(text: Mapped) -> Mapped:
    """Drop "um", "uh", "you know", "so basically"... and the comma that follows them."""
    return text.replace(_edits(_FILLER, text.text, lambda m: (m.start(), m.end(), "")))


def remove_openers(text: Mapped) -> Mapped:
    """Drop "okay, so", "right," "well," opening a sentence; the next word takes the capital."""
    edits: list[tuple[int, int, str]] = []
    for match in _OPENER.finditer(text.text):
        edits.append((match.start(), match.end(), ""))
        following = text.text[match.end()]
        if match.group(0)[0].isupper() and following.islower():
            edits.append((match.end(), match.end() + 1, following.upper()))
    return text.replace(edits)


def remove_false_starts(text: Mapped) -> Mapped:
    """Drop a cut-off word restarted at once: "cl- click", "refu-- refund"."""
    return text.replace(_edits(_FALSE_START, text.text, lambda m: (m.start(), m.end(), "")))


def remove_repeated_words(text: Mapped) -> Mapped:
    """Keep the first of words said twice or more in a row: "the the", "I click, I click"."""

    def keep_first(match: re.Match[str]) -> tuple[int, int, str]:
        return (match.start() + len(match.group(1)), match.end(), "")

    edits = _edits(_REPEAT, text.text, keep_first) + _edits(_RESTART, text.text, keep_first)
    return text.replace(edits)


def tidy_spacing(text: Mapped) -> Mapped:
    """Collapse the doubled spaces and stray commas that removals leave behind."""

    def fix(match: re.Match[str]) -> tuple[int, int, str]:
        found = match.group(0)
        if found.strip(" \t") == "":
            keep = (
                "" if match.end() < len(text.text) and text.text[match.end()] in ",.;:!?" else " "
            )
            return (match.start(), match.end(), keep)
        if match.start() == 0 or text.text[match.start() - 1] == "\n":
            return (match.start(), match.end(), "")
        return (match.start() + 1, match.end(), "") if found[0] in ",;:" else (*match.span(), "")

    tidied = text.replace(_edits(_SPACES, text.text, fix))
    return tidied.replace(_edits(_LEADING_COMMA, tidied.text, lambda m: (*m.span(), "")))


CLEANERS: tuple[Callable[[Mapped], Mapped], ...] = (
    remove_fillers,
    remove_openers,
    remove_false_starts,
    remove_repeated_words,
    tidy_spacing,
)
"""The cleaning stages in the order they run."""


def clean(text: Mapped, cleaners: Sequence[Callable[[Mapped], Mapped]] = CLEANERS) -> Mapped:
    """The text with every cleaning stage applied in turn."""
    for cleaner in cleaners:
        text = cleaner(text)
    return text
