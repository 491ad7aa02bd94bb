"""Decisions and parallel branches: their markers ("if", "otherwise", "in the meantime") and
the condition each branch is taken on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sopflow.capture.extraction import GatewayKind
from sopflow.capture.structure.lexicon import (
    CASE_MARKERS,
    CONDITION_MARKERS,
    ELSE_MARKERS,
    PARALLEL_MARKERS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass
class Marker:
    """A word or phrase that opens a branch, with the condition it names."""

    kind: GatewayKind
    words: list[Token]
    condition: list[Token]
    opens: bool
    """True when it starts a new gateway ("if"), False when it continues one ("otherwise")."""

    @property
    def start(self) -> int:
        """Token index where the marker begins."""
        return self.words[0].i

    @property
    def sentence(self) -> Token:
        """The first token of the marker's sentence."""
        return self.words[0].sent[0]


def _matches(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    return i + len(words) <= len(doc) and all(
        doc[i + k].lower_ == word for k, word in enumerate(words)
    )


def _clause_condition(mark: Token) -> list[Token]:
    """The clause a subordinator introduces, up to the comma or "then" that ends it."""
    head = mark.head
    indices = {t.i for t in head.subtree} if head.i > mark.i else set()
    words: list[Token] = []
    for token in mark.doc[mark.i + 1 :]:
        if token.i not in indices or token.lower_ in {",", ";", ".", "then", ":"}:
            break
        words.append(token)
    return words


def _phrase_condition(doc: Doc, i: int) -> list[Token]:
    """The words after "in case of" up to the comma: "rejection"."""
    words: list[Token] = []
    for token in doc[i:]:
        if token.is_punct or (token.is_sent_start and words):
            break
        if token.pos_ in {"VERB", "AUX"} and token.dep_ == "ROOT":
            break
        words.append(token)
    return words if len(words) <= 12 else []


def find_markers(doc: Doc) -> list[Marker]:
    """Every branch marker in doc, in text order."""
    markers: list[Marker] = []
    taken: set[int] = set()
    for token in doc:
        if token.i in taken:
            continue
        lower = token.lower_
        at_clause_start = token.i == token.sent.start or doc[token.i - 1].is_punct
        for words in PARALLEL_MARKERS:
            if _matches(doc, token.i, words) and (at_clause_start or words != ("while",)):
                span = list(doc[token.i : token.i + len(words)])
                markers.append(Marker("and", span, [], opens=True))
                taken.update(t.i for t in span)
                break
        else:
            if lower in CONDITION_MARKERS and token.dep_ in {"mark", "advmod", "cc", "prep"}:
                condition = _clause_condition(token)
                markers.append(Marker("xor", [token], condition, opens=True))
                taken.add(token.i)
            elif lower in ELSE_MARKERS:
                markers.append(Marker("xor", [token], [], opens=False))
            elif at_clause_start:
                for words in CASE_MARKERS:
                    if _matches(doc, token.i, words):
                        span = list(doc[token.i : token.i + len(words)])
                        condition = _phrase_condition(doc, token.i + len(words))
                        if words[-1] in {"of", "on"} and not condition:
                            continue
                        markers.append(Marker("xor", span, condition, opens=True))
                        taken.update(t.i for t in span)
                        break
    return markers


def condition_tokens(markers: list[Marker]) -> set[int]:
    """Token indices inside conditions: their verbs are not steps."""
    return {t.i for marker in markers for t in marker.condition}
