"""Decisions and parallel branches: markers, conditions, branches and joins."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.capture.extraction import Extraction


def gateways(extraction: Extraction) -> list[tuple[str, list[tuple[str, str | None, list[str]]]]]:
    """Each gateway as (kind, [(marker, condition, [verbs on the branch])])."""
    text = extraction.text
    verbs = [a.verb.text(text) for a in extraction.activities]
    return [
        (
            g.kind,
            [
                (
                    b.marker.text(text) if b.marker else "",
                    b.condition.text(text) if b.condition else None,
                    [verbs[a] for a in b.activities],
                )
                for b in g.branches
            ],
        )
        for g in extraction.gateways
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "If the invoice is OK, the clerk pays it. Otherwise, she rejects the invoice.",
            [("xor", [("If", "the invoice is OK", ["pays"]), ("Otherwise", None, ["rejects"])])],
        ),
        (
            "If the amount is small, I approve it. If it is large, I escalate it.",
            [
                (
                    "xor",
                    [
                        ("If", "the amount is small", ["approve"]),
                        ("If", "it is large", ["escalate"]),
                    ],
                )
            ],
        ),
        (
            "In case of damage, the owner is informed.",
            [("xor", [("In case of", "damage", ["informed"])])],
        ),
        (
            "Depending on the region, the agent calls the bank.",
            [("xor", [("Depending on", "the region", ["calls"])])],
        ),
        (
            "The clerk archives the form unless the customer disagrees.",
            [("xor", [("unless", "the customer disagrees", ["archives"])])],
        ),
        (
            "When the form is complete, we file it, else we return it to the sender.",
            [("xor", [("else", None, ["return"])])],
        ),
        # "or" between two steps: one marker, two branches
        (
            "A member of the loans team can then refuse or grant the loan.",
            [("xor", [("or", None, ["refuse"]), ("", None, ["grant"])])],
        ),
        # consecutive markers of the same kind form one decision
        (
            "Sometimes we call the client, sometimes we write to the client.",
            [("xor", [("Sometimes", None, ["call"]), ("sometimes", None, ["write"])])],
        ),
        (
            "The clerk prints the label. In the meantime, the packer fills the box.",
            [("and", [("In the meantime", None, ["fills"])])],
        ),
        (
            "While the garage repairs the car, the clerk readies the invoice.",
            [("and", [("While", None, ["repairs"]), ("", None, ["readies"])])],
        ),
    ],
)
def test_gateways(
    structured: Callable[[str], Extraction],
    text: str,
    expected: list[tuple[str, list[tuple[str, str | None, list[str]]]]],
) -> None:
    assert gateways(structured(text)) == expected


def test_condition_verbs_are_not_steps(structured: Callable[[str], Extraction]) -> None:
    extraction = structured("If the invoice is flagged as not OK, the clerk rejects it.")
    assert [a.verb.text(extraction.text) for a in extraction.activities] == ["rejects"]


def test_branches_join_at_the_next_step(structured: Callable[[str], Extraction]) -> None:
    extraction = structured(
        "If the bill is OK, the clerk pays it. Otherwise, she rejects it. Then she files the case."
    )
    (gateway,) = extraction.gateways
    assert gateway.join is not None
    assert extraction.activities[gateway.join].verb.text(extraction.text) == "files"


def test_whether_after_a_check_is_its_question_not_a_decision(
    structured: Callable[[str], Extraction],
) -> None:
    extraction = structured("The librarian checks the catalogue to see whether new titles exist.")
    assert extraction.gateways == ()


def test_whether_after_decide_is_a_decision(structured: Callable[[str], Extraction]) -> None:
    extraction = structured("We decide whether any seats are free.")
    (gateway,) = extraction.gateways
    assert gateway.branches[0].condition is not None
    assert gateway.branches[0].condition.text(extraction.text) == "any seats are free"
