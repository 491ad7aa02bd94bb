"""Which conditions are branches of one decision, as a table of plain English pairs."""

from __future__ import annotations

import pytest

from sopflow.capture.tree_words import (
    Condition,
    fills,
    named_again,
    named_by,
    opposition,
    same_case,
    subject,
    unconditioned,
    verbs_of_noun,
)


@pytest.mark.parametrize(
    ("first", "second", "kind"),
    [
        ("the part is available", "it is not available", "negation"),
        ("the invoice is correct", "the invoice isn't correct", "negation"),
        ("he is right", "he is wrong", "antonym"),
        ("the test passes", "the test fails", "antonym"),
        ("the form is complete", "the form is incomplete", "antonym"),
        ("the amount is high", "the amount is low", "antonym"),
        ("the order is accepted", "the order is declined", "antonym"),
        ("the order is accepted", "", "else"),
        ("the claim is valid", "the amount is above the limit", None),
        ("the customer is new", "the order is urgent", None),
    ],
)
def test_opposite_branches(first: str, second: str, kind: str | None) -> None:
    marker = "otherwise" if not second else "if"
    assert opposition(Condition(first, "if"), Condition(second, marker)) == kind


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("the request is approved", "the request is sent back", True),
        ("the customer pays by card", "the customer pays by bank transfer", True),
        ("it is approved", "it is sent back", False),  # a pronoun names no subject
        ("he wants a single room", "he wants a double room", True),
        ("the claim is valid", "the amount is high", False),
    ],
)
def test_cases_of_one_subject(first: str, second: str, same: bool) -> None:
    assert same_case(Condition(first), Condition(second)) is same


def test_a_condition_names_the_branch_whose_verb_it_repeats() -> None:
    accepted = Condition("the order is accepted")
    assert named_by(accepted, ["accept", "the order"]) > named_by(accepted, ["reject", "the order"])
    assert named_by(Condition("the order is not accepted"), ["accept", "the order"]) < 0


def test_a_condition_fills_the_branch_a_whether_asked() -> None:
    asked = Condition("the guest wants a single room")
    assert fills(Condition("the guest wants a single room with a view"), asked)
    assert not fills(Condition("the guest wants a double room"), asked)


def test_cases_with_no_condition_of_their_own() -> None:
    sometimes = Condition("", "sometimes")
    assert unconditioned([sometimes, Condition("", "sometimes")])
    assert not unconditioned([sometimes, Condition("the parcel is large", "if")])
    assert not unconditioned([sometimes, Condition("", "otherwise")])


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("the parcel is damaged", "parcel"),
        ("all the new forms have arrived", "new form"),  # no determiners, word stems
        ("it is damaged", ""),  # a pronoun names no subject of its own
        ("damaged", ""),  # no word closes a subject
    ],
)
def test_the_subject_is_what_comes_before_the_verb(condition: str, expected: str) -> None:
    assert subject(Condition(condition)) == expected


@pytest.mark.parametrize(
    ("pronoun", "expected"),
    [
        ("it was sent by courier", "the parcel was sent by courier"),
        ("the box was sent by courier", None),  # a subject of its own: no restating
        ("it is here", None),  # nothing said alike before the last words
    ],
)
def test_a_pronoun_restating_the_first_condition_gets_its_subject(
    pronoun: str, expected: str | None
) -> None:
    restated = named_again(Condition("the parcel was sent by post"), Condition(pronoun, "if"))
    assert (restated.words if restated else None) == expected


@pytest.mark.parametrize(
    ("noun", "verbs"),
    [
        ("rejection", {"reject"}),
        ("approval", {"approv"}),
        ("cancellation", {"cancel"}),
        ("inspection", {"inspect"}),
        ("weighing", {"weigh"}),
        ("refusal", {"refus", "refu"}),
        ("parcel", set()),
    ],
)
def test_a_noun_of_action_gives_the_stems_of_its_verb(noun: str, verbs: set[str]) -> None:
    assert verbs_of_noun(noun) == verbs
