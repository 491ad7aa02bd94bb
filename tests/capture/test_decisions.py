"""Decisions the text states in less usual ways, and the questions they ask: a "decide
whether …" with a duty in it, a case that points back, past-tense conditions.

Each case is a small invented description and the flow it must give, one line per edge
("question [option] -> next"), as in `test_layout`.
"""

from __future__ import annotations

import pytest
from tests.capture.test_layout import Drafted, edges

CASES = {
    "'decide whether A and must be done, or if this is not necessary' is a decision": (
        "The clerk opens the file. Then we need to decide whether any seats are free and "
        "must be booked or if this is not necessary. Then the clerk files the form.",
        [
            "Open the file. -> Are any seats free?",
            "Are any seats free? [Yes] -> Book any seats.",
            "Are any seats free? [No] -> File the form.",
            "Book any seats. -> File the form.",
            "File the form. -> end: Form filed",
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_decision_flow(name: str, drafted: Drafted) -> None:
    text, expected = CASES[name]
    sop, _ = drafted(text)
    assert edges(sop) == expected
