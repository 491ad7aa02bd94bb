"""A choice between steps that start with the same verb asks about the words that differ."""

from __future__ import annotations

import pytest

from sopflow.capture.choice_words import (
    asked_question,
    case_question,
    duty_question,
    listed,
    points_back,
    same_things,
    told_apart,
    whether_cases,
)


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


@pytest.mark.parametrize(
    ("condition", "pointing"),
    [
        ("so", True),
        ("this is the case", True),
        ("it isn't", True),
        ("the form is signed", False),
        ("no reply comes", False),
    ],
)
def test_a_condition_that_only_points_back(condition: str, pointing: bool) -> None:
    assert points_back(condition) is pointing


def test_what_a_checking_step_asks() -> None:
    assert asked_question("Check whether the form is signed.") == "Is the form signed?"
    assert asked_question("Check again if the parts are in stock.") == "Are the parts in stock?"
    assert asked_question("File the form.") is None


@pytest.mark.parametrize(
    ("before_step", "clause", "question"),
    [
        (
            " there is a gap in the form, then",
            "the clerk asks again",
            "Is there a gap in the form?",
        ),
        (", it also happens that", "the client calls", "Does the client call?"),
        (", ", "the clerk calls the client", None),
    ],
)
def test_case_question(before_step: str, clause: str, question: str | None) -> None:
    assert case_question(before_step, clause) == question


@pytest.mark.parametrize(
    ("clause", "question"),
    [
        ("The report must be filed by noon", "Is the report filed by noon?"),
        ("The reviews must be done by Friday; ", "Are the reviews done by Friday?"),
        ("All of this must be finished by 3 pm, ", "Is everything finished by 3 pm?"),
        ("The clerk calls the client", None),
    ],
)
def test_duty_question(clause: str, question: str | None) -> None:
    assert duty_question(clause) == question


def test_listed_steps_say_the_last_thing_once() -> None:
    assert listed(["Accept the bid.", "Ask for a rewrite.", "Decline the bid."]) == (
        "Accept, ask for a rewrite or decline the bid?",
        ["Accept", "Ask for a rewrite", "Decline"],
    )
    assert listed(["Order a part.", "Scrap the bike."]) == (
        "Order a part or scrap the bike?",
        ["Order a part", "Scrap"],
    )


def test_same_things_ignores_articles() -> None:
    assert same_things(["Oppose the refund of Kim.", "Confirm the refund of the Kim."])
    assert not same_things(["Order a part.", "Scrap the bike."])


@pytest.mark.parametrize(
    ("first", "between", "second", "expected"),
    [
        (
            "she wants a single",
            " or ",
            "double room",
            ("Does she want a single or double room?", ["Single room", "Double room"]),
        ),
        ("he takes tea", " or ", "coffee", ("Does he take tea or coffee?", ["Tea", "Coffee"])),
        ("she is healthy", " or ", "needs a test", None),
        ("she is healthy", " and ", "rested", None),
    ],
)
def test_whether_cases(
    first: str, between: str, second: str, expected: tuple[str, list[str]] | None
) -> None:
    assert whether_cases(first, between, second) == expected


def test_told_apart_keeps_a_shared_end_that_one_step_is_all_of() -> None:
    assert told_apart(
        ["Tell the office about the loss of the parcel.", "Tell the office about the parcel."]
    ) == (
        "Tell the office about the loss of the parcel or the parcel?",
        ["Loss of the parcel", "Parcel"],
    )
