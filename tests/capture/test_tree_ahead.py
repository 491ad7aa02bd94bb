"""What is said between a branch and its "otherwise" belongs to that branch
(`capture.tree_ahead`). Each case is a small text and the flow it must give, one line per
edge as in `test_layout`; the texts are sopflow's own examples."""

from __future__ import annotations

import pytest
from tests.capture.test_layout import Drafted, edges

CASES = {
    "a step between a branch and its otherwise": (
        "The clerk opens the parcel. If the parcel is damaged, the clerk takes a photo of it. "
        "The clerk then writes a claim to the sender. Otherwise, the clerk shelves the goods. "
        "Finally the clerk updates the log.",
        [
            "Open the parcel. -> Is the parcel damaged?",
            "Is the parcel damaged? [Yes] -> Take a photo of it.",
            "Is the parcel damaged? [No] -> Shelve the goods.",
            "Take a photo of it. -> Write a claim to the sender.",
            "Write a claim to the sender. -> Update the log.",
            "Update the log. -> end: Log updated",
            "Shelve the goods. -> Update the log.",
        ],
    ),
    "a choice between a branch and its otherwise": (
        "The nurse checks the patient's blood pressure. If it is too high, she calls the "
        "doctor, who examines the patient. The doctor may prescribe a drug or send the "
        "patient to the hospital. Otherwise, the nurse notes the value in the chart.",
        [
            "Check the patient's blood pressure. -> Is it too high?",
            "Is it too high? [Yes] -> Call the doctor.",
            "Is it too high? [No] -> Note the value in the chart.",
            "Call the doctor. -> to doctor",
            "to doctor -> Examine the patient.",
            "Examine the patient. -> Prescribe a drug or send the patient to the hospital?",
            "Prescribe a drug or send the patient to the hospital? [Prescribe a drug] -> "
            "Prescribe a drug.",
            "Prescribe a drug or send the patient to the hospital? [Send] -> "
            "Send the patient to the hospital.",
            "Prescribe a drug. -> end: Drug prescribed",
            "Send the patient to the hospital. -> end: Patient sent",
            "Note the value in the chart. -> end: Value noted",
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_what_comes_before_the_otherwise_stays_in_the_branch(name: str, drafted: Drafted) -> None:
    text, expected = CASES[name]
    sop, _ = drafted(text)
    assert edges(sop) == expected
