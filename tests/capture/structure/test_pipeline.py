"""The structurer end to end: one narrated process becomes actors, steps, decisions and flow."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.capture.extraction import Extraction, Node
from sopflow.capture.structure.pipeline import load_pipeline
from sopflow.errors import SopflowError

REFUND = (
    "The customer sends a refund request to the support team. "
    "The support agent checks the order in Stripe. "
    "If the amount is over 200 dollars, she escalates the request to the finance manager. "
    "Otherwise, the agent refunds the payment. "
    "Finally, the agent closes the ticket."
)


def test_missing_pipeline_is_a_user_error() -> None:
    with pytest.raises(SopflowError, match="not-a-pipeline"):
        load_pipeline("not-a-pipeline")


def test_a_narrated_process(structured: Callable[[str], Extraction]) -> None:
    extraction = structured(REFUND)
    text = extraction.text
    verbs = [a.verb.text(text) for a in extraction.activities]
    assert verbs == ["sends", "checks", "escalates", "refunds", "closes"]
    names = {actor.name for actor in extraction.actors}
    assert names == {"customer", "support team", "support agent", "finance manager"}
    handoffs = [a.verb.text(text) for a in extraction.activities if a.kind == "handoff"]
    assert handoffs == ["sends", "escalates"]
    (gateway,) = extraction.gateways
    assert [b.label for b in gateway.branches] == ["the amount is over 200 dollars", "otherwise"]
    assert gateway.join == 4
    edges = {(e.source, e.target) for e in extraction.flow}
    assert (Node("activity", 1), Node("gateway", 0)) in edges
    assert (Node("activity", 2), Node("activity", 4)) in edges
    assert (Node("activity", 3), Node("activity", 4)) in edges
    assert [o.activity for o in extraction.outcomes] == [4]
    assert len(extraction.sentences) == 5


def test_spans_point_into_the_text(structured: Callable[[str], Extraction]) -> None:
    extraction = structured(REFUND)
    for activity in extraction.activities:
        assert activity.clause.start <= activity.verb.start < activity.verb.end
        assert activity.verb.end <= activity.clause.end
        sentence = extraction.sentences[activity.sentence]
        assert sentence.start <= activity.verb.start < sentence.end


def test_empty_text_gives_an_empty_extraction(structured: Callable[[str], Extraction]) -> None:
    extraction = structured("")
    assert extraction.activities == ()
    assert extraction.flow == ()
