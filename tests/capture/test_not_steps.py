"""Verbs a text mentions without asking for work stay out of the draft's steps."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.capture.transcript import Transcript
from sopflow.model import Sop, Step

Drafted = Callable[[str], tuple[Sop, Transcript]]

CASES = [
    (
        "a statement of what someone does not do",
        "The clerk checks the invoice. The clerk does not sign the invoice. "
        "Then the clerk files the invoice.",
        ["Check the invoice.", "File the invoice."],
    ),
    (
        "an imperative 'do not' is an instruction",
        "Open the ticket. Do not close the ticket. Save the ticket.",
        ["Open the ticket.", "Do not close the ticket.", "Save the ticket."],
    ),
    (
        "a time clause recalling a listed step",
        "The buyer selects a supplier. After the supplier is selected, the buyer orders the parts.",
        ["Select a supplier.", "Order the parts."],
    ),
    (
        "a time clause with new work stays",
        "The buyer selects a supplier. Once the contract is signed, the buyer orders the parts.",
        ["Select a supplier.", "Sign the contract.", "Order the parts."],
    ),
]


@pytest.mark.parametrize(("text", "steps"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_steps(drafted: Drafted, text: str, steps: list[str]) -> None:
    sop, _ = drafted(text)
    found = [node.instruction for node in sop.flow.nodes if isinstance(node, Step)]
    assert found == steps
