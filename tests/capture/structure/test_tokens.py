"""Phrase extents: what an object or an actor mention covers."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sopflow.capture.structure.tokens import Sentences, noun_phrase, span_of


@pytest.mark.parametrize(
    ("sentence", "head", "expected"),
    [
        # of/for complements belong to the object
        (
            "I wait for the draft contract for signature.",
            "contract",
            "the draft contract for signature",
        ),
        ("It drafts a list of books to be ordered.", "list", "a list of books"),
        # where, whence and to whom do not
        ("We get a new booking from the travel agency.", "booking", "a new booking"),
        ("She hands a repair ticket to the workshop.", "ticket", "a repair ticket"),
        # a coordinated noun that is really the next clause's subject ends the phrase
        (
            "The CA rejects the claim of the SRM or the CA confirms it.",
            "claim",
            "the claim of the SRM",
        ),
    ],
)
def test_noun_phrase(nlp: Language, sentence: str, head: str, expected: str) -> None:
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == head)
    assert span_of(noun_phrase(token)).text(doc.text) == expected


def test_sentences_index(nlp: Language) -> None:
    doc = nlp("The clerk checks it. Then she files it.")
    sentences = Sentences(doc)
    assert [span.text(doc.text) for span in sentences.chars] == [
        "The clerk checks it.",
        "Then she files it.",
    ]
    files = next(t for t in doc if t.text == "files")
    assert sentences.of(files) == 1
    assert sentences.range_of(files) == (5, 10)
