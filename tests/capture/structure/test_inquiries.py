"""A step that finds something out asks the clause after its verb: the people and things in
that clause do nothing there, and the decision after the step asks the same question."""

from __future__ import annotations

import pytest
from tests.capture.test_layout import Drafted, edges


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an active verb in the asked clause is no step of its subject, nor a handoff to it
        (
            "The clerk checks whether the customer has paid. If so, the clerk ships the goods. "
            "Otherwise the clerk sends a reminder.",
            [
                "Check whether the customer has paid. -> Has the customer paid?",
                "Has the customer paid? [Yes] -> Ship the goods.",
                "Has the customer paid? [No] -> Send a reminder.",
                "Ship the goods. -> end: Goods shipped",
                "Send a reminder. -> end: Reminder sent",
            ],
        ),
        # the same when the parser hangs the asked clause on the verb as an adverbial one
        (
            "The porter checks whether the shop already stocks the lamp. If it does, the porter "
            "buys the lamp. If not, the porter orders a lamp.",
            [
                "Check whether the shop already stocks the lamp. -> "
                "Does the shop already stock the lamp?",
                "Does the shop already stock the lamp? [Yes] -> Buy the lamp.",
                "Does the shop already stock the lamp? [No] -> Order a lamp.",
                "Buy the lamp. -> end: Lamp bought",
                "Order a lamp. -> end: Lamp ordered",
            ],
        ),
    ],
)
def test_the_asked_clause_is_the_question(drafted: Drafted, text: str, expected: list[str]) -> None:
    sop, _ = drafted(text)
    assert edges(sop) == expected
    assert len(sop.roles) == 1
