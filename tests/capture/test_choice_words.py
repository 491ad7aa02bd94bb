"""A choice between steps that start with the same verb asks about the words that differ."""

from __future__ import annotations

import pytest

from sopflow.capture.choice_words import told_apart


@pytest.mark.parametrize(
    ("instructions", "question", "labels"),
    [
        (
            ["Send the parcel by courier.", "Send the parcel by post."],
            "Send the parcel by courier or post?",
            ["Courier", "Post"],
        ),
        (
            ["Tell the tenant about the delay.", "Tell the tenant about the new date."],
            "Tell the tenant about the delay or new date?",
            ["Delay", "New date"],
        ),
        (
            ["Mark the form as valid.", "Mark the form as void.", "Mark the form as late."],
            "Mark the form as valid or void or late?",
            ["Valid", "Void", "Late"],
        ),
    ],
)
def test_the_differing_words_make_the_question_and_labels(
    instructions: list[str], question: str, labels: list[str]
) -> None:
    assert told_apart(instructions) == (question, labels)


@pytest.mark.parametrize(
    "instructions",
    [
        ["Call the client.", "Call the client again."],  # one says nothing the other does not
        ["Ring the bell.", "Open the door."],  # nothing shared at the start
        ["Close the case."],
    ],
)
def test_nothing_to_tell_apart_leaves_the_verbs(instructions: list[str]) -> None:
    assert told_apart(instructions) is None
