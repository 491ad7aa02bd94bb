"""Conditions asked as the questions a reviewer reads at each decision."""

from __future__ import annotations

import pytest

from sopflow.capture.questions import as_question, past_base


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
        # a verb in the past takes "did"
        ("they signed it", "Did they sign it?"),
        ("the customer paid by card", "Did the customer pay by card?"),
        (
            "the tenant approved the lease and filed it",
            "Did the tenant approve the lease and file it?",
        ),
        ("the courier changed the route", "Did the courier change the route?"),
        ("the van stopped twice", "Did the van stop twice?"),
        ("the office applied the rule", "Did the office apply the rule?"),
        ("the lease was signed", "Was the lease signed?"),
        # a second verb of the same subject in its base form too
        ("the tenant signs it and agrees to pay", "Does the tenant sign it and agree to pay?"),
        ("both agree", "Do both agree?"),
        # an auxiliary inside what the subject thinks is not the condition's own
        ("we think the box has been opened", "Do we think the box has been opened?"),
        # "has" as the verb of its clause, not as an auxiliary
        ("each receipt has a valid stamp", "Does each receipt have a valid stamp?"),
        ("the tenants have no key", "Do the tenants have no key?"),
        ("the parcel has been sent", "Has the parcel been sent?"),
        ("the clerk has signed it", "Has the clerk signed it?"),
        ("the clerk has quickly signed it", "Has the clerk quickly signed it?"),
        # what cannot be read as a subject and such a verb is left as said
        # a phrase of time or place said before the subject goes to the end
        ("after two weeks there is still no reply", "Is there still no reply after two weeks?"),
        ("within a week the tenant pays", "Does the tenant pay within a week?"),
        ("at least one item is missing", "Is at least one item missing?"),
        # a plural noun as the subject of a plain verb takes "do"
        ("new orders exist", "Do new orders exist?"),
        ("the boxes arrive", "Do the boxes arrive?"),
        ("the boxes of the order", "The boxes of the order?"),
        ("a more serious dispute", "A more serious dispute?"),
        ("the parcel, which he sends, arrives", "The parcel, which he sends, arrives?"),
        # two clauses joined by "or" are asked in turn; "or" between two things is not
        (
            "a buyer accepts or the list is exhausted",
            "Does a buyer accept, or is the list exhausted?",
        ),
        (
            "the customer pays by card or bank transfer",
            "Does the customer pay by card or bank transfer?",
        ),
        ("it is an incident or a request", "Is it an incident or a request?"),
    ],
)
def test_as_question(condition: str, question: str) -> None:
    assert as_question(condition) == question


@pytest.mark.parametrize(
    ("word", "base"),
    [
        *[("signed", "sign"), ("approved", "approve"), ("paid", "pay"), ("closed", "close")],
        *[("created", "create"), ("treated", "treat"), ("decided", "decide"), ("used", "use")],
        *[("required", "require"), ("filed", "file"), ("called", "call"), ("passed", "pass")],
        *[("submitted", "submit"), ("gave", "give"), ("opened", "open"), ("agreed", "agree")],
        *[("need", None), ("exceed", None), ("shed", None), ("red", None), ("been", None)],
    ],
)
def test_past_base(word: str, base: str | None) -> None:
    assert past_base(word) == base
