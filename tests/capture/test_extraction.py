"""The structurer's output types and entry points, as the document builder uses them."""

from __future__ import annotations

import pytest

from sopflow.capture.extraction import Span, load_pipeline, structure
from sopflow.settings import DEFAULT_SPACY_MODEL


def test_span_text_and_order() -> None:
    text = "The clerk checks the invoice."
    assert Span(10, 16).text(text) == "checks"
    assert sorted([Span(4, 9), Span(0, 3)]) == [Span(0, 3), Span(4, 9)]


def test_spans_are_frozen() -> None:
    span = Span(0, 3)
    with pytest.raises(AttributeError):
        span.start = 1  # type: ignore[misc]


def test_entry_points() -> None:
    nlp = load_pipeline(DEFAULT_SPACY_MODEL)
    extraction = structure("Click Save. Then the manager approves the order.", nlp)
    text = extraction.text
    assert [a.verb.text(text) for a in extraction.activities] == ["Click", "approves"]
    first, second = extraction.activities
    assert first.narrator
    assert extraction.actors[first.actor or 0].name == "you"
    assert not second.narrator
