"""Optional steps (`capture.tree_optional`, `structure.branches`): a condition said after its
steps governs the step it hangs on, so "A and B if necessary" makes only B optional, and a
bare need ("if necessary", "if needed") is asked about the step itself. The texts are
sopflow's own examples."""

from __future__ import annotations

import pytest
from tests.capture.flows import flow_examples

from sopflow.capture.tree_optional import optional_need, optional_question

CASES = {
    "a need said after the second of two steps makes only that one optional": (
        "The clerk writes the label and orders an insurance if necessary. Then the courier "
        "picks up the parcel.",
        [
            "Write the label. -> Is it necessary to order an insurance?",
            "Is it necessary to order an insurance? [Yes] -> Order an insurance.",
            "Is it necessary to order an insurance? [No] -> Pick up the parcel.",
            "Order an insurance. -> to courier",
            "to courier -> Pick up the parcel.",
            "Pick up the parcel. -> end: Parcel picked up",
        ],
    ),
    "a condition said after the second of two steps decides that one only": (
        "The nurse weighs the patient and calls the doctor if the fever is high. Then the "
        "nurse updates the chart.",
        [
            "Weigh the patient. -> Is the fever high?",
            "Is the fever high? [Yes] -> Call the doctor.",
            "Is the fever high? [No] -> Update the chart.",
            "Call the doctor. -> Update the chart.",
            "Update the chart. -> end: Chart updated",
        ],
    ),
    "a need said before its step is asked about the step": (
        "The technician replaces the filter. If needed, the technician also cleans the fan. "
        "The technician closes the cover.",
        [
            "Replace the filter. -> Is it necessary to clean the fan?",
            "Is it necessary to clean the fan? [Yes] -> Clean the fan.",
            "Is it necessary to clean the fan? [No] -> Close the cover.",
            "Clean the fan. -> Close the cover.",
            "Close the cover. -> end: Cover closed",
        ],
    ),
}


test_an_optional_step_can_be_skipped = flow_examples(CASES)


@pytest.mark.parametrize(
    ("condition", "need"),
    [
        ("necessary", "necessary"),
        ("needed", "necessary"),
        ("it is required", "necessary"),
        ("possible", "possible"),
        ("the amount is high", None),
        ("the part is necessary for the repair", None),
    ],
)
def test_only_a_bare_need_makes_a_step_optional(condition: str, need: str | None) -> None:
    assert optional_need(condition) == need


def test_the_question_names_the_step() -> None:
    assert optional_question("if needed", "Clean the fan.") is None
    assert optional_question("needed", "Clean the fan.") == "Is it necessary to clean the fan?"
    assert optional_question("possible", "Call the owner.") == "Is it possible to call the owner?"
