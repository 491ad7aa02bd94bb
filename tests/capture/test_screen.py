"""Screen events become numbered WI actions; typing folds; typed secrets are redacted."""

from __future__ import annotations

import pytest

from sopflow.capture.screen import action_text, fold_typing, wi_steps
from sopflow.capture.timeline import ScreenEvent


@pytest.mark.parametrize(
    ("event", "text"),
    [
        (ScreenEvent(0, "click", label="Refund"), "Click Refund"),
        (ScreenEvent(0, "click", selector="#save"), "Click #save"),
        (ScreenEvent(0, "type", label="Amount", value="49.90"), "Type 49.90 in Amount"),
        (ScreenEvent(0, "select", label="Reason", value="Duplicate"), "Select Duplicate in Reason"),
        (ScreenEvent(0, "keypress", value="Enter"), "Press Enter"),
        (ScreenEvent(0, "navigate", page="Payments"), "Open Payments"),
    ],
)
def test_action_text(event: ScreenEvent, text: str) -> None:
    assert action_text(event, event.value) == text


def test_keystrokes_fold_into_one_step() -> None:
    events = [
        ScreenEvent(t, "type", label="Search", value="order 10423"[: t + 1]) for t in range(11)
    ]
    folded = fold_typing([*events, ScreenEvent(12, "keypress", value="Enter")])
    assert [(e.kind, e.value, e.time) for e in folded] == [
        ("type", "order 10423", 0),
        ("keypress", "Enter", 12),
    ]


def test_steps_carry_time_screenshot_and_redaction() -> None:
    events = [
        ScreenEvent(1.0, "type", label="Password", value="hunter2", screenshot="s/1.png"),
        ScreenEvent(2.0, "type", label="E-mail", value="anna@example.com"),
        ScreenEvent(3.5, "click", label="Sign in", page="Login"),
        ScreenEvent(5.0, "click", label="Payments", page="Home"),
    ]
    steps, redactions = wi_steps(events, "log.json")
    assert [s.action for s in steps][:2] == [
        "Type [PASSWORD] in Password",
        "Type [EMAIL] in E-mail",
    ]
    assert [r.kind for r in redactions] == ["password", "email"]
    assert steps[0].image == "s/1.png"
    assert steps[0].provenance is not None
    assert steps[0].provenance.time == (1.0, 2.0)
    assert steps[0].provenance.screenshot == "s/1.png"
    assert steps[2].expected_result == "The page Home opens."
    assert steps[2].detail == "On the page Login."
    unredacted, none = wi_steps(events, "log.json", redact_secrets=False)
    assert unredacted[0].value == "hunter2"
    assert none == ()


def test_secrets_in_labels_and_pages_are_redacted() -> None:
    events = [
        ScreenEvent(
            1.0,
            "navigate",
            page="https://app.example.com/reset?token=eyJhbGciOi.eyJzdWIiOiIx.SflKxwRJSMeKKF2Q",
        ),
        ScreenEvent(2.0, "click", label="Send to anna@example.com"),
    ]
    steps, redactions = wi_steps(events, "log.json")
    assert "eyJ" not in steps[0].action
    assert steps[1].action == "Click Send to [EMAIL]"
    assert sorted(r.kind for r in redactions) == ["email", "token"]
