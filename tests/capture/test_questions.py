"""Conditions asked as the questions a reviewer reads at each decision."""

from __future__ import annotations

import pytest

from sopflow.capture.questions import as_question


@pytest.mark.parametrize(
    ("condition", "question"),
    [
        ("the order is older than 30 days", "Is the order older than 30 days?"),
        ("Stripe is down", "Is Stripe down?"),
        ("", "Which case applies?"),
        # a verb in the present takes "does"
        ("the tenant accepts the offer", "Does the tenant accept the offer?"),
        ("she signs it", "Does she sign it?"),
        ("the courier always rings twice", "Does the courier always ring twice?"),
        ("the total of the order exceeds 100", "Does the total of the order exceed 100?"),
        ("the rule applies to the van", "Does the rule apply to the van?"),
        ("the driver reaches the depot", "Does the driver reach the depot?"),
        ("they need a laptop", "Do they need a laptop?"),
        ("you usually want a receipt", "Do you usually want a receipt?"),
        ("they signed it", "They signed it?"),
        ("both agree", "Do both agree?"),
        # "has" as the verb of its clause, not as an auxiliary
        ("each receipt has a valid stamp", "Does each receipt have a valid stamp?"),
        ("the tenants have no key", "Do the tenants have no key?"),
        ("the parcel has been sent", "Has the parcel been sent?"),
        ("the clerk has signed it", "Has the clerk signed it?"),
        ("the clerk has quickly signed it", "Has the clerk quickly signed it?"),
        # what cannot be read as a subject and such a verb is left as said
        ("the customer paid by card", "The customer paid by card?"),
        ("new orders exist", "New orders exist?"),
        ("the tenant signs it and agrees to pay", "The tenant signs it and agrees to pay?"),
        ("the boxes arrive", "The boxes arrive?"),
        ("the parcel, which he sends, arrives", "The parcel, which he sends, arrives?"),
    ],
)
def test_as_question(condition: str, question: str) -> None:
    assert as_question(condition) == question
