"""The capture stages together: what `draft` gives for text, events, and both."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.capture.draft import SopMaker, draft, title_for
from sopflow.capture.timeline import ScreenEvent, Utterance, Walkthrough
from sopflow.errors import SopflowError
from sopflow.model import check_document

SESSION = Walkthrough(
    sources=("call.vtt", "log.json"),
    utterances=(
        Utterance("The agent approves the refund.", 0.0, 2.0, "Dana"),
        Utterance("Now I search the payment, my e-mail is sam@example.com.", 3.0, 6.0, "Sam"),
        Utterance("Then the agent closes the ticket.", 9.0, 11.0, "Dana"),
    ),
    events=(
        ScreenEvent(3.5, "click", label="Search", page="Payments"),
        ScreenEvent(5.0, "type", label="Search", value="10423", page="Payments"),
    ),
    system="Stripe",
    role="Billing specialist",
)


def test_text_and_events_give_an_sop_and_a_screen_wi(make_sop: SopMaker) -> None:
    captured = draft(SESSION, make_sop)
    assert captured.sop is not None
    assert check_document(captured.sop) == []
    assert captured.screen is not None
    assert [s.action for s in captured.screen.steps] == ["Click Search", "Type 10423 in Search"]
    detail = captured.screen.steps[0].detail or ""
    assert "I search the payment" in detail
    assert "sam@example.com" not in detail
    assert captured.event_window == (3.5, 5.0)
    assert [(r.kind, r.source) for r in captured.redactions] == [("email", "call.vtt")]
    assert captured.redactions[0].time is not None


def test_events_alone_need_no_structurer() -> None:
    events_only = Walkthrough(("log.json",), events=SESSION.events, title="Find a payment")
    captured = draft(events_only, None)
    assert captured.sop is None
    assert captured.screen is not None
    assert captured.screen.title == "Find a payment"


def test_text_left_empty_by_cleaning(make_sop: SopMaker) -> None:
    with pytest.raises(SopflowError, match="nothing left to structure"):
        draft(Walkthrough(("a.txt",), (Utterance("Um, uh, you know."),)), make_sop)


@pytest.mark.parametrize(
    ("given", "sources", "own", "expected"),
    [
        ("  My title ", ("a.vtt",), None, "My title"),
        (None, ("a.vtt",), "From the log", "From the log"),
        (None, ("dir/refund_call-2024.vtt",), None, "Refund call 2024"),
    ],
)
def test_title_for(
    given: str | None, sources: tuple[str, ...], own: str | None, expected: str
) -> None:
    assert title_for(Walkthrough(sources, title=own), given) == expected


def test_example_walkthroughs_exist() -> None:
    folder = Path(__file__).parents[2] / "examples" / "walkthroughs"
    assert {p.suffix for p in folder.iterdir()} == {".vtt", ".json", ".md", ".mp4"}
