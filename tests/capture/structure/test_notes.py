"""Warnings, notes, expected results and references, by their cue words."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.capture.extraction import Extraction
from sopflow.capture.structure.notes import classify


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Make sure the amount matches the invoice.", "warning"),
        ("Never share the customer's password.", "warning"),
        ("Be careful with partial refunds.", "warning"),
        ("Do not close the window.", "warning"),
        ("You should see a green confirmation banner.", "expected"),
        ("A dialog will appear.", "expected"),
        ("Follow the Stripe refund instruction.", "reference"),
        ("Refer to the onboarding checklist.", "reference"),
        ("Note that refunds take three days.", "note"),
        ("Keep in mind that the queue is shared.", "note"),
        ("Click Save.", None),
        ("The clerk checks the invoice.", None),
    ],
)
def test_classify(sentence: str, kind: str | None) -> None:
    assert classify(sentence) == kind


def test_notes_attach_to_the_step_of_their_sentence(
    structured: Callable[[str], Extraction],
) -> None:
    extraction = structured("Open the refund tab. Make sure you enter the exact amount.")
    (note,) = extraction.notes
    assert note.kind == "warning"
    assert note.span.text(extraction.text) == "Make sure you enter the exact amount."
    assert note.activity is not None
    assert extraction.activities[note.activity].verb.text(extraction.text) == "enter"
