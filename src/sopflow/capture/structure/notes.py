"""Warnings, notes, expected results and references to other procedures, by their cue words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sopflow.capture.extraction import NoteKind

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

CUES: tuple[tuple[NoteKind, re.Pattern[str]], ...] = (
    (
        "expected",
        re.compile(
            r"\b(you should (now )?see|you will (now )?see|should (now )?(appear|show|pop up|open)"
            r"|will (now )?(appear|show up|pop up|open)|you('ll| will) get (a|an|the)"
            r"|(shows|displays) (a|an|the) (message|confirmation|banner|dialog))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "reference",
        re.compile(
            r"\b(follow|see|use|refer to|according to|as described in|per) (the |our )?"
            r"[\w\s-]{0,40}?\b(instruction|instructions|procedure|sop|checklist|guide|manual"
            r"|policy|process)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "warning",
        re.compile(
            r"\b(make sure|ensure|never|be careful|careful|do not|don't|must not|mustn't"
            r"|caution|warning|avoid|important)\b",
            re.IGNORECASE,
        ),
    ),
    ("note", re.compile(r"\b(note that|please note|keep in mind|remember|tip:|note:)", re.I)),
)
"""The first cue that matches a sentence decides its kind."""


def classify(sentence: str) -> NoteKind | None:
    """The kind of note a sentence carries, or None."""
    for kind, pattern in CUES:
        if pattern.search(sentence):
            return kind
    return None


def find_notes(doc: Doc) -> list[tuple[NoteKind, SpacySpan]]:
    """Each sentence that carries a note, with its kind."""
    found: list[tuple[NoteKind, SpacySpan]] = []
    for sentence in doc.sents:
        kind = classify(sentence.text)
        if kind is not None:
            found.append((kind, sentence))
    return found
