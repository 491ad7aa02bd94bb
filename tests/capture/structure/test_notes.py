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


@pytest.mark.parametrize(
    ("text", "background"),
    [
        # the text introducing itself or the process
        ("Our refund procedure can be summarized in four steps.", True),
        ("When a parcel arrives, the following steps are taken.", True),
        ("This procedure describes how we close a ticket.", True),
        ("So this is how we handle returns.", True),
        ("So every month we run the payroll like this.", True),
        # what someone or something is, not what is done
        ("Auditors act as independent reviewers of the accounts.", True),
        ("The Grand Plaza is a large conference hotel.", True),
        ("Often they play a dual role.", True),
        # steps, even when said in the same shape
        ("The clerk checks the invoice.", False),
        ("This ticket serves as proof for a cashier who refunds the fare.", False),
        ("The last step is an inspection.", False),
    ],
)
def test_background_sentences(
    structured: Callable[[str], Extraction], text: str, background: bool
) -> None:
    extraction = structured(text)
    assert bool(extraction.background) is background
    if background:
        assert extraction.activities == ()


def test_steps_after_a_colon_are_kept(structured: Callable[[str], Extraction]) -> None:
    extraction = structured("This is how we handle returns: I open the ticket and check it.")
    (part,) = extraction.background
    assert part.text(extraction.text) == "This is how we handle returns"
    assert [a.lemma for a in extraction.activities] == ["open", "check"]
