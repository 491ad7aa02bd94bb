"""The bundled walkthroughs draft into the processes they tell."""

from __future__ import annotations

from pathlib import Path

from sopflow.capture.draft import SopMaker, draft
from sopflow.capture.readers import read_walkthrough
from sopflow.model import Decision, Sop
from sopflow.model.flow import successors

WALKTHROUGHS = Path(__file__).resolve().parents[2] / "examples" / "walkthroughs"


def _reached(sop: Sop, start: str) -> set[str]:
    table = sop.flow.by_id()
    seen: set[str] = set()
    stack = [start]
    while stack:
        node_id = stack.pop()
        if node_id not in seen and node_id in table:
            seen.add(node_id)
            stack.extend(successors(table[node_id]))
    return seen


def test_the_call_nests_the_payment_question_in_the_refund_branch(make_sop: SopMaker) -> None:
    captured = draft(read_walkthrough([WALKTHROUGHS / "refund-call-teams.vtt"]), make_sop)
    assert captured.sop is not None
    first, second = list(captured.sop.flow.decisions())[:2]
    assert first.question == "Is the purchase older than 30 days?"
    reject, refund = (option.next for option in first.options)
    assert second.id in _reached(captured.sop, refund)
    assert second.id not in _reached(captured.sop, reject)  # the old purchase ends rejected
    assert isinstance(second, Decision)
