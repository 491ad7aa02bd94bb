"""The words a step keeps: addressed to whoever does it, one verb, the thing it acts on."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.capture.transcript import Transcript
from sopflow.model import Sop

Drafted = Callable[[str], tuple[Sop, Transcript]]


def instructions(drafted: Drafted, text: str) -> list[str]:
    sop, _ = drafted(text)
    return [step.instruction for step in sop.flow.steps()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the performer's own possessive: the step is addressed to the performer
        (
            "The baker kneads the dough. Then he cleans his bench and washes his own apron.",
            ["Knead the dough.", "Clean the bench.", "Wash the apron."],
        ),
        ("We send our offer to the client.", ["Send the offer to the client."]),
        ("She calls her manager.", ["Call the manager."]),
        # after a noun subject "his" may be someone else's: it stays
        ("The porter takes his bag to the room.", ["Take his bag to the room."]),
    ],
)
def test_own_possessive_reads_the(drafted: Drafted, text: str, expected: list[str]) -> None:
    assert instructions(drafted, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb said alone after the object, read as a plural noun: no part of the step
        ("The baker wraps the cake and smiles.", ["Wrap the cake."]),
        (
            "A customer picks a cake from the counter and waits while the baker sings.",
            ["Pick a cake from the counter."],
        ),
        # also after its own subject, read as the verb's modifiers
        (
            "If the flour is not in stock, the shop orders it and the baker waits.",
            ["Order the flour."],
        ),
        # a plural noun after "and" that is no verb stays in the object
        ("The clerk buys flour and eggs.", ["Buy flour and eggs."]),
    ],
)
def test_a_verb_said_alone_leaves_the_step(
    drafted: Drafted, text: str, expected: list[str]
) -> None:
    assert instructions(drafted, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb of change with a thing as subject acts on that thing
        (
            "The cook checks the stock. If the sauce burns, that batch must restart.",
            ["Check the stock.", "Restart that batch."],
        ),
        ("The cook slices the bread. The kettle boils.", ["Slice the bread.", "Boil the kettle."]),
        # a thing's own change with nothing else said is no one's work
        (
            "The porter unlocks the gate. The gate squeaks loudly. The porter greets the guest.",
            ["Unlock the gate.", "Greet the guest."],
        ),
    ],
)
def test_a_thing_as_subject(drafted: Drafted, text: str, expected: list[str]) -> None:
    assert instructions(drafted, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the second passive of a pair said without its "is"
        (
            "The clerk stamps the letter. The form is signed and the receipt filed.",
            ["Stamp the letter.", "Sign the form.", "File the receipt."],
        ),
        (
            "The clerk stamps the letter. The form is signed and the receipt filed by the manager.",
            ["Stamp the letter.", "Sign the form.", "File the receipt."],
        ),
        # what a role waits to come is that role's to receive, each thing of a gapped list
        (
            "The clerk orders the spare parts. The clerk then waits for the parts to be "
            "delivered and the bill received. The clerk files the bill.",
            ["Order the spare parts.", "Receive the parts.", "Receive the bill.", "File the bill."],
        ),
        (
            "The fitter orders a pump. Then the fitter waits for the pump to arrive.",
            ["Order a pump.", "Receive the pump."],
        ),
        # work waited for that someone named does stays that someone's
        (
            "The landlord sends the bill. The landlord waits for the rent to be paid by the "
            "tenant.",
            ["Send the bill."],
        ),
    ],
)
def test_gapped_passives_and_things_waited_for(
    drafted: Drafted, text: str, expected: list[str]
) -> None:
    assert instructions(drafted, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a noun after "and" read as a second verb under the modal stays one of the nouns
        (
            "If she wants a double room, she should fill in the names for her mate and spawn "
            "as well.",
            ["Fill in the names for the mate and spawn."],
        ),
        # a closing "as well" or "too" ties the step to another: the step reads alone
        (
            "The clerk files the letter and sends a copy to the archive too.",
            ["File the letter.", "Send a copy to the archive."],
        ),
    ],
)
def test_a_noun_read_as_a_verb_stays_in_the_object(
    drafted: Drafted, text: str, expected: list[str]
) -> None:
    assert instructions(drafted, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "look", "go", "search" name no step alone; with their preposition they do
        (
            "The baker weighs the flour and looks for lumps.",
            ["Weigh the flour.", "Look for lumps."],
        ),
        ("The clerk looks up the reader's card.", ["Look up the reader's card."]),
        ("The porter goes through the list.", ["Go through the list."]),
        ("She looks into the complaint.", ["Look into the complaint."]),
        ("The cook decides on the menu.", ["Decide on the menu."]),
        # "up" read as a preposition still looks something up, which "it" stands for
        ("You look up the order. Then you file it.", ["Look up the order.", "File the order."]),
        # "let X know" tells X
        (
            "The clerk files the claim. Then she lets the manager know about the delay.",
            ["File the claim.", "Let the manager know about the delay."],
        ),
        # a passive after "has to" acts on the subject of "has"
        (
            "Every new tenant has to be registered before the first visit.",
            ["Register every new tenant before the first visit."],
        ),
        # a participle said "with" its noun acts on that noun
        (
            "The crates are stacked, with the heaviest crate put at the bottom.",
            ["Stack the crates.", "Put the heaviest crate at the bottom."],
        ),
        # without one they stay no step
        ("The clerk files the form and looks happy.", ["File the form."]),
    ],
)
def test_prepositional_verbs_are_steps(drafted: Drafted, text: str, expected: list[str]) -> None:
    assert instructions(drafted, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "it" after a plural object stands for the thing the step worked against
        (
            "The porter checks the crates against the packing slip and signs it.",
            ["Check the crates against the packing slip.", "Sign the packing slip."],
        ),
        # the object of a condition just before, when its subject is a person
        (
            "The clerk checks the account. If the tenant has unpaid bills, the tenant must "
            "pay them. Then the clerk files the lease.",
            ["Check the account.", "Pay unpaid bills.", "File the lease."],
        ),
        # a thing the step acts on comes first
        (
            "The clerk puts the letter in an envelope and posts it.",
            ["Put the letter in an envelope.", "Post the letter."],
        ),
    ],
)
def test_what_a_pronoun_stands_for(drafted: Drafted, text: str, expected: list[str]) -> None:
    assert instructions(drafted, text) == expected
