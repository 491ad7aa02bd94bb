"""When, how often and in which case a step is done: notes beside its instruction."""

from __future__ import annotations

import pytest

from sopflow.capture.adjuncts import split_adjuncts


@pytest.mark.parametrize(
    ("words", "kept", "notes"),
    [
        # how often
        ("Empty the bins on a weekly basis.", "Empty the bins.", ["On a weekly basis."]),
        ("Water the plants every other day.", "Water the plants.", ["Every other day."]),
        # when
        ("Call the driver after 10 minutes.", "Call the driver.", ["After 10 minutes."]),
        (
            "File the receipts within three working days.",
            "File the receipts.",
            ["Within three working days."],
        ),
        ("Sign the timesheet by 5 pm.", "Sign the timesheet.", ["By 5 pm."]),
        (
            "Pay the invoice by the end of the month.",
            "Pay the invoice.",
            ["By the end of the month."],
        ),
        # in which case, and a gloss
        (
            "Answer the complaint depending on the review, i.e. refund or replace.",
            "Answer the complaint.",
            ["Depending on the review, i.e. refund or replace."],
        ),
        # two at the end, in the order said
        (
            "Back up the server every night within 2 hours.",
            "Back up the server.",
            ["Every night.", "Within 2 hours."],
        ),
    ],
)
def test_a_phrase_at_the_end_saying_when_is_a_note(words: str, kept: str, notes: list[str]) -> None:
    assert split_adjuncts(words) == (kept, tuple(notes))


@pytest.mark.parametrize(
    "words",
    [
        "Review each item except the first one.",  # which items: part of the object
        "Stir the sauce for 10 minutes.",  # how long: part of the work
        "Restart after 5 minutes.",  # nothing would be left but the verb
        "Leave the parcel, except if it is damaged.",  # an exception changes what to do
        "Check the account.",
    ],
)
def test_what_the_work_needs_stays_in_the_step(words: str) -> None:
    assert split_adjuncts(words) == (words, ())
