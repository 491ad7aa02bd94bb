"""Click-level steps told from process steps, and the system a step names."""

from __future__ import annotations

import pytest

from sopflow.analysis.technical import is_technical, system_of


@pytest.mark.parametrize(
    ("instruction", "technical"),
    [
        ("Click Refund.", True),
        ("Type the amount in the Amount field.", True),
        ("Select the reason in the Reason dropdown.", True),
        ("Open the Payments page in Stripe.", True),
        ("Press Enter.", True),
        ("Do not click Refund twice.", True),
        ("Open a refund ticket for the request.", False),
        ("Check whether the order is eligible.", False),
        ("Approve the refund.", False),
        ("Send the customer the decision.", False),
    ],
)
def test_is_technical(instruction: str, technical: bool) -> None:
    assert is_technical(instruction) is technical


@pytest.mark.parametrize(
    ("instruction", "system"),
    [
        ("Refund the payment in Stripe.", "Stripe"),
        ("Find the order in the Shop Admin.", "Shop Admin"),
        ("Select the reason in the Reason dropdown.", None),
        ("Check the order in the helpdesk.", None),
    ],
)
def test_system_of(instruction: str, system: str | None) -> None:
    assert system_of(instruction) == system


def test_system_at_the_start_of_a_sentence() -> None:
    assert system_of("In Stripe the specialist opens the Payments page") == "Stripe"
