"""Outcomes of waiting (`capture.tree_events`): a "when" sentence that closes the case is one
branch of the decision after it; one that does not close it stays in sequence. The texts are
sopflow's own examples."""

from __future__ import annotations

import pytest
from tests.capture.flows import Drafted

from sopflow.model import Decision, Step

_SENT = "The clerk sends the invoice to the customer."
_DISPUTE = "If the customer disputes the invoice, the clerk checks the dispute."

CASES = [
    # (the "when" sentence, options of the decision after the sending)
    ("When the payment arrives, the clerk books it and closes the account.", 2),
    ("Once the payment arrives, the clerk books it and archives the file.", 2),
    ("When the payment arrives, the clerk books it and sends a receipt.", 0),
]


@pytest.mark.parametrize(("when", "options"), CASES)
def test_a_closing_event_is_one_outcome_of_the_wait(
    when: str, options: int, drafted: Drafted
) -> None:
    sop, _ = drafted(f"{_SENT} {when} {_DISPUTE} The clerk informs the manager.")
    sending = next(node for node in sop.flow.nodes if node.id.startswith("send-the-invoice"))
    assert isinstance(sending, Step)
    assert sending.next is not None
    after = sop.flow.by_id()[sending.next]
    found = len(after.options) if isinstance(after, Decision) else 0
    assert found == options
