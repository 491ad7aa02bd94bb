"""Conditions said with "unless" (`capture.tree_unless`): the branch is taken when the
condition does not hold, and a step said in the negative ("will not release the loan
unless …") stops the case on "No". The texts are sopflow's own examples."""

from __future__ import annotations

from tests.capture.flows import flow_examples

from sopflow.capture.tree_unless import not_done_name

CASES = {
    "an exception to leaving someone alone: a decision inside that branch": (
        "The agent calls the client and asks whether he wants a quote. If he does not want "
        "one, the agent leaves the client alone, except if the order is large. Then the "
        "manager visits the client. The agent sends the brochure.",
        [
            "Call the client. -> Ask whether he wants a quote.",
            "Ask whether he wants a quote. -> Does he want one?",
            "Does he want one? [No] -> Is the order large?",
            "Does he want one? [Yes] -> Send the brochure.",
            "Is the order large? [No] -> end: Client left",
            "Is the order large? [Yes] -> Visit the client.",
            "Visit the client. -> to agent",
            "to agent -> Send the brochure.",
            "Send the brochure. -> end: Brochure sent",
        ],
    ),
    "the step of an 'unless' is done when the condition does not hold": (
        "The clerk checks the account. The clerk sends a reminder unless the customer has "
        "paid. The clerk files the invoice.",
        [
            "Check the account. -> Has the customer paid?",
            "Has the customer paid? [No] -> Send a reminder.",
            "Has the customer paid? [Yes] -> File the invoice.",
            "Send a reminder. -> File the invoice.",
            "File the invoice. -> end: Invoice filed",
        ],
    ),
    "a step refused unless the condition holds ends the case on 'No'": (
        "The clerk checks the contract. The bank will not release the loan unless the "
        "contract is signed. The clerk transfers the money.",
        [
            "Check the contract. -> Is the contract signed?",
            "Is the contract signed? [No] -> end: Loan not released",
            "Is the contract signed? [Yes] -> Transfer the money.",
            "Transfer the money. -> end: Money transferred",
        ],
    ),
    "'except if' is an 'unless'": (
        "The clerk checks the parcel. The clerk ships the parcel by post, except if it is "
        "heavy. The clerk updates the log.",
        [
            "Check the parcel. -> Is the parcel heavy?",
            "Is the parcel heavy? [No] -> Ship the parcel by post.",
            "Is the parcel heavy? [Yes] -> Update the log.",
            "Ship the parcel by post. -> Update the log.",
            "Update the log. -> end: Log updated",
        ],
    ),
    "'in that case' after an 'unless' is the case where the condition holds": (
        "The clerk checks the parcel. The clerk ships the parcel by post, unless it is heavy. "
        "In that case the clerk books a courier and pays the fee. The clerk updates the log.",
        [
            "Check the parcel. -> Is the parcel heavy?",
            "Is the parcel heavy? [No] -> Ship the parcel by post.",
            "Is the parcel heavy? [Yes] -> Book a courier.",
            "Ship the parcel by post. -> Update the log.",
            "Update the log. -> end: Log updated",
            "Book a courier. -> Pay the fee.",
            "Pay the fee. -> Update the log.",
        ],
    ),
}


test_unless_is_the_other_answer = flow_examples(CASES)


def test_a_step_not_done_names_its_outcome() -> None:
    assert not_done_name("Loan released", "released") == "Loan not released"
    assert not_done_name("Order looked up", "looked") == "Order not looked up"
    assert not_done_name("Left", "gone") == "Not left"
