"""Map spans of a transcript (what was heard) onto the gold tokens of the text that was read.

The PET scorer counts a mention only on exactly the gold tokens, so a mention predicted on the
transcript has to be moved onto the gold tokens it stands for. Both texts are cut into pieces
(a run of letters and digits, or one other visible character), each piece gets a comparison
key (lower case, numbers 0-999 spelt out, typographic apostrophes plain, % and & as words),
and the pieces are aligned in two passes:

1. the key sequences with difflib (no junk heuristic): equal pieces map one to one;
2. each stretch between two equal runs (a misheard word, "room service" against
   "room-service", "guest's" against "guest ’ s", "80" against "Eighty") is aligned character
   by character on its keys with a Levenshtein alignment; a heard piece maps to every gold
   piece that one of its characters is matched or substituted with. Heard characters with no
   gold counterpart (insertions) map nowhere; gold characters nothing was heard for stay
   unmapped.

A heard span then stands for the gold tokens from the first to the last gold token any of its
pieces maps to (predicted mentions are contiguous, so are the gold ones).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bench.speech_text import number_words

PIECE = re.compile(r"[^\W_]+|[^\s\w]|_")
"""A run of letters and digits, or a single other visible character."""

SYMBOLS = {"%": "percent", "&": "and", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-"}
"""Symbols a voice reads as words, and typographic marks as their plain forms."""

LONGEST_BLOCK = 600
"""Characters per side above which a stretch is mapped proportionally instead (speed guard)."""


@dataclass(frozen=True)
class Piece:
    """A piece of a text: its characters, its comparison key and the token it belongs to."""

    start: int
    end: int
    key: str
    token: int


def piece_key(text: str) -> str:
    """The comparison key of one piece."""
    lower = text.lower()
    if lower.isdigit() and len(lower) <= 3:
        return number_words(int(lower)).replace(" ", "")
    return SYMBOLS.get(lower, lower)


def pieces(text: str, tokens: Sequence[tuple[int, int]]) -> list[Piece]:
    """The pieces of text, each with the index of the token (character range) it lies in."""
    found: list[Piece] = []
    for index, (start, end) in enumerate(tokens):
        for match in PIECE.finditer(text, start, end):
            found.append(Piece(match.start(), match.end(), piece_key(match.group()), index))
    return found


def token_ranges(words: Sequence[str]) -> list[tuple[int, int]]:
    """Character range of each word in the words joined by single spaces."""
    ranges: list[tuple[int, int]] = []
    position = 0
    for word in words:
        ranges.append((position, position + len(word)))
        position += len(word) + 1
    return ranges


def _char_alignment(gold: str, heard: str) -> list[int | None]:
    """For each heard character, the gold character it is matched or substituted with."""
    if not gold or not heard:
        return [None] * len(heard)
    if len(gold) > LONGEST_BLOCK or len(heard) > LONGEST_BLOCK:
        return [i * len(gold) // len(heard) for i in range(len(heard))]
    rows, cols = len(gold) + 1, len(heard) + 1
    cost = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        cost[i][0] = i
    for j in range(cols):
        cost[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            cost[i][j] = min(
                cost[i - 1][j - 1] + (gold[i - 1] != heard[j - 1]),
                cost[i - 1][j] + 1,
                cost[i][j - 1] + 1,
            )
    mapped: list[int | None] = [None] * len(heard)
    i, j = len(gold), len(heard)
    while i > 0 and j > 0:
        if cost[i][j] == cost[i - 1][j - 1] + (gold[i - 1] != heard[j - 1]):
            mapped[j - 1] = i - 1
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i][j - 1] + 1:
            j -= 1
        else:
            i -= 1
    return mapped


def _words(run: list[Piece]) -> str:
    """The letters and digits of a run of pieces, without the marks between them."""
    return "".join(p.key for p in run if p.key[:1].isalnum())


def align_pieces(gold: list[Piece], heard: list[Piece]) -> tuple[list[set[int]], set[int]]:
    """For each heard piece, the gold pieces it stands for; and the gold pieces whose words
    were heard as written (equal, or the same letters split or joined otherwise)."""
    matcher = difflib.SequenceMatcher(
        None, [p.key for p in gold], [p.key for p in heard], autojunk=False
    )
    mapping: list[set[int]] = [set() for _ in heard]
    equal: set[int] = set()
    for tag, g1, g2, h1, h2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(h2 - h1):
                mapping[h1 + offset].add(g1 + offset)
            equal.update(range(g1, g2))
            continue
        if g1 == g2 or h1 == h2:
            continue  # only inserted or only left out: nothing to map
        if _words(gold[g1:g2]) == _words(heard[h1:h2]):
            equal.update(range(g1, g2))  # the same words written apart: "de-registration"
        gold_owner = [g for g in range(g1, g2) for _ in gold[g].key]
        heard_owner = [h for h in range(h1, h2) for _ in heard[h].key]
        chars = _char_alignment(
            "".join(p.key for p in gold[g1:g2]), "".join(p.key for p in heard[h1:h2])
        )
        for position, target in enumerate(chars):
            if target is not None:
                mapping[heard_owner[position]].add(gold_owner[target])
    return mapping, equal


class Alignment:
    """Heard character spans to gold token indices."""

    def __init__(
        self,
        gold_text: str,
        gold_tokens: Sequence[tuple[int, int]],
        heard_text: str,
        heard_tokens: Sequence[tuple[int, int]],
    ) -> None:
        self.gold = pieces(gold_text, gold_tokens)
        self.heard = pieces(heard_text, heard_tokens)
        self.mapping, self.equal = align_pieces(self.gold, self.heard)

    def gold_tokens(self, start: int, end: int) -> tuple[int, ...]:
        """The gold tokens heard characters [start, end) stand for, as a contiguous run."""
        found = {
            self.gold[g].token
            for piece, targets in zip(self.heard, self.mapping, strict=True)
            if piece.start < end and piece.end > start
            for g in targets
        }
        if not found:
            return ()
        return tuple(range(min(found), max(found) + 1))

    def heard_right(self, tokens: Sequence[int]) -> bool:
        """Whether every word (letters or digits) of those gold tokens was heard as written."""
        wanted = set(tokens)
        return all(
            index in self.equal
            for index, piece in enumerate(self.gold)
            if piece.token in wanted and piece.key[:1].isalnum()
        )

    def heard_span(self, tokens: Sequence[int]) -> tuple[int, int] | None:
        """The heard characters that stand for those gold tokens (first to last)."""
        wanted = set(tokens)
        spans = [
            (piece.start, piece.end)
            for piece, targets in zip(self.heard, self.mapping, strict=True)
            if any(self.gold[g].token in wanted for g in targets)
        ]
        if not spans:
            return None
        return (min(s for s, _ in spans), max(e for _, e in spans))
