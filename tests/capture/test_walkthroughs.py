"""The bundled walkthroughs draft into the processes they tell."""

from __future__ import annotations

from pathlib import Path

from sopflow.capture.draft import SopMaker, draft
from sopflow.capture.readers import read_walkthrough
from sopflow.model import Decision
from sopflow.services.run_views import reachable

WALKTHROUGHS = Path(__file__).resolve().parents[2] / "examples" / "walkthroughs"


def test_the_call_nests_the_payment_question_in_the_refund_branch(make_sop: SopMaker) -> None:
    captured = draft(read_walkthrough([WALKTHROUGHS / "refund-call-teams.vtt"]), make_sop)
    assert captured.sop is not None
    first, second = list(captured.sop.flow.decisions())[:2]
    assert first.question == "Is the purchase older than 30 days?"
    reject, refund = (option.next for option in first.options)
    assert second.id in reachable(captured.sop, refund)
    assert second.id not in reachable(captured.sop, reject)  # the old purchase ends rejected
    assert isinstance(second, Decision)
