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
            "A customer picks a cake from the counter and waits until it is his turn.",
            ["Pick a cake from the counter."],
        ),
        # a plural noun after "and" that is no verb stays in the object
        ("The clerk buys flour and eggs.", ["Buy flour and eggs."]),
    ],
)
def test_a_verb_said_alone_leaves_the_step(
    drafted: Drafted, text: str, expected: list[str]
) -> None:
    assert instructions(drafted, text) == expected
