"""Steps that follow another document refer to it, by code when the library holds it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.capture.references import PLACEHOLDER_NOTE, Reference, find_reference, resolve
from sopflow.capture.transcript import Transcript
from sopflow.model import Sop, Step

LIBRARY = (
    ("WI-PAY-003", "Refund a card payment"),
    ("WI-PAY-004", "Make a bank-transfer refund"),
    ("SOP-HR-001", "Employee onboarding"),
)


@pytest.mark.parametrize(
    ("clause", "name"),
    [
        ("follow the card refund instruction", "the card refund instruction"),
        ("checks it as described in the onboarding checklist", "the onboarding checklist"),
        ("prepares the quotes using a sub-process", "a sub-process"),
        ("see WI-PAY-003 for the details", "WI-PAY-003"),
        ("follows the process", None),  # the process at hand, not another document
        ("opens the ticket", None),
    ],
)
def test_references_are_found_by_their_cue_words(clause: str, name: str | None) -> None:
    found = find_reference(clause)
    assert (found.name if found else None) == name


def test_a_name_resolves_to_the_title_that_holds_its_words() -> None:
    assert resolve(Reference("the card refund instruction", None), LIBRARY).code == "WI-PAY-003"
    assert resolve(Reference("the onboarding checklist", None), LIBRARY).code == "SOP-HR-001"
    assert resolve(Reference("the travel policy", None), LIBRARY).code is None


def test_an_unresolved_reference_is_a_step_flagged_to_link(
    drafted: Callable[[str], tuple[Sop, Transcript]],
) -> None:
    sop, _ = drafted("The agent opens the claim. Then the agent follows the travel expenses guide.")
    following = sop.flow.nodes[1]
    assert isinstance(following, Step)
    assert following.instruction == "Follow the travel expenses guide."
    assert following.reference is None
    assert PLACEHOLDER_NOTE.format(name="the travel expenses guide") in following.notes


@pytest.mark.parametrize(
    "text",
    [
        "The agent opens the claim and follows the travel expenses procedure.",
        "The agent opens the claim. Then the agent applies the fraud screening process.",
    ],
)
def test_a_named_procedure_or_process_is_a_step_that_refers_to_it(
    drafted: Callable[[str], tuple[Sop, Transcript]], text: str
) -> None:
    sop, _ = drafted(text)
    following = sop.flow.nodes[1]
    assert isinstance(following, Step)
    assert following.instruction.startswith(("Follow the travel", "Apply the fraud"))
    assert any("another document" in note for note in following.notes)


def test_the_process_at_hand_is_no_step(drafted: Callable[[str], tuple[Sop, Transcript]]) -> None:
    sop, _ = drafted("The agent opens the claim. Then the agent repeats the whole process.")
    assert [step.instruction for step in sop.flow.steps()] == ["Open the claim."]
