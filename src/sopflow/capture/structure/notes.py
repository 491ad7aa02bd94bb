"""Warnings, notes, expected results and references to other procedures, by their cue words;
and the sentences about the process rather than of it (background, purpose, the text
introducing itself), which are no steps."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sopflow.capture.extraction import NoteKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
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


META = re.compile(
    r"\b(?:as follows|the following (?:steps|describes|explains|shows|section|text)"
    r"|(?:can|could|may|will) be (?:summari[sz]ed|described|outlined|divided|broken down|split)"
    r"|(?:this|the) (?:document|procedure|sop|section|text|description|guide|process|policy)"
    r" (?:describes|explains|covers|outlines|shows|applies|is for|is meant)"
    r"|(?:this|here) is how|let me (?:show|explain|walk|tell|describe)|like this(?=\s*[.:!]?\s*$)"
    r"|(?:i|we)(?:'ll| will|'m going to| am going to| are going to) (?:show|explain|walk|describe)"
    r"|(?:the )?(?:purpose|aim|goal|objective|scope) of (?:this|the) "
    r"(?:document|procedure|sop|process|policy))\b",
    re.IGNORECASE,
)
"""The text introducing itself or the process: "the procedure can be outlined as follows"."""

CLAUSE_VERBS = frozenset({"relcl", "acl", "conj", "advcl", "ccomp", "xcomp", "pcomp", "parataxis"})
"""How a verb of a clause of its own hangs in a sentence: one that may be a step."""

DESCRIBING_VERBS = frozenset({"act", "serve", "function", "play", "belong", "consist", "exist"})
"""Verbs of a sentence that says what someone or something is: "auditors act as reviewers"."""


def _describes(root: Token) -> bool:
    """A statement of what something is, not of what is done: "The clinic is a small
    practice", "Auditors act as reviewers of the accounts", "They play a dual role"."""
    lemma = root.lemma_.lower()
    children = list(root.children)
    if any(t.pos_ == "VERB" and t.dep_ in CLAUSE_VERBS for t in root.subtree if t.i != root.i):
        return False  # "… goes to a mechanic who estimates the repair"
    if lemma in DESCRIBING_VERBS and not any(c.dep_ == "auxpass" for c in children):
        return any(
            (c.dep_ == "prep" and c.lower_ in {"as", "of", "to"})
            or (c.dep_ == "dobj" and c.lemma_.lower() in {"role", "part"})
            for c in children
        )
    if lemma == "be" and root.pos_ == "AUX":
        attribute = next((c for c in children if c.dep_ == "attr"), None)
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        return (
            attribute is not None
            and subject is not None
            and subject.lower_ not in {"it", "this", "that", "there", "what"}
            and subject.lemma_.lower() not in {"step", "task", "stage", "thing", "part"}
            and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in attribute.children)
        )
    return False


def background_part(sentence: SpacySpan) -> SpacySpan | None:
    """The part of a sentence that is background, or None: the whole sentence, or what comes
    before its colon ("This is how we handle returns: first …" keeps the steps after it)."""
    colon = next((t for t in sentence if t.text == ":"), None)
    part = sentence.doc[sentence.start : colon.i] if colon is not None else sentence
    if META.search(part.text):
        return part
    if colon is None and _describes(sentence.root):
        return part
    return None


def find_background(doc: Doc) -> list[SpacySpan]:
    """The background and meta parts of doc's sentences, in text order."""
    return [part for sentence in doc.sents if (part := background_part(sentence)) is not None]
