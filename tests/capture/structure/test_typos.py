"""A one-letter slip no English sentence makes is read as the word meant."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sopflow.capture.structure.pipeline import structure


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        # "It" + determiner + a finite verb, then a comma: the writer meant "If"
        (
            "The clerk sends a reminder. It the tenant has not paid after a week, the clerk "
            "calls the tenant.",
            ["the tenant has not paid after a week"],
        ),
        # "it all", "it no longer" are English: nothing is read differently
        ("It all depends on the weather, the gardener says. The gardener waters the roses.", []),
        ("It the box is empty. The clerk closes the file.", []),
    ],
)
def test_it_for_if(capture_nlp: Language, text: str, conditions: list[str]) -> None:
    ex = structure(text, capture_nlp)
    assert ex.text == text.replace("It the tenant", "If the tenant")
    found = [
        branch.condition.text(ex.text)
        for gateway in ex.gateways
        for branch in gateway.branches
        if branch.condition is not None
    ]
    assert found == conditions
