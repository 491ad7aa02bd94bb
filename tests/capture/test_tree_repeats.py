"""A decision asked again in its own branch (`capture.tree_repeats`): "if there is still no
answer, another reminder is sent" goes back to the first question instead of opening a
second, nested one; so does a branch whose step is done "several times" or "repeatedly".
The texts are sopflow's own examples."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "still no answer: another reminder goes back to the question": (
        "The clerk sends a letter to the tenant. If no answer arrives within a week, the "
        "clerk sends a reminder. If there is still no answer a week later, the clerk sends "
        "another reminder until the tenant replies. The clerk files the reply.",
        [
            "Send a letter to the tenant. -> Does an answer arrive within a week?",
            "Does an answer arrive within a week? [No] -> Send a reminder.",
            "Does an answer arrive within a week? [Yes] -> File the reply.",
            "Send a reminder. -> Does an answer arrive within a week?",
            "File the reply. -> end: Reply filed",
        ],
    ),
    "the same step said again, with the question asked again": (
        "The operator starts the pump. If the pressure is too low, the operator opens the "
        "valve. If the pressure is still too low, the operator opens the valve again. The "
        "operator records the pressure.",
        [
            "Start the pump. -> Is the pressure too low?",
            "Is the pressure too low? [Yes] -> Open the valve.",
            "Is the pressure too low? [No] -> Record the pressure.",
            "Open the valve. -> Is the pressure too low?",
            "Record the pressure. -> end: Pressure recorded",
        ],
    ),
    "a second question with another step is a decision of its own": (
        "The operator starts the pump. If the pressure is too low, the operator opens the "
        "valve. If the pressure is still too low, the operator calls the engineer. The "
        "operator records the pressure.",
        [
            "Start the pump. -> Is the pressure too low?",
            "Is the pressure too low? [Yes] -> Open the valve.",
            "Is the pressure too low? [No] -> Record the pressure.",
            "Open the valve. -> Is the pressure still too low?",
            "Is the pressure still too low? [Yes] -> Call the engineer.",
            "Is the pressure still too low? [No] -> Record the pressure.",
            "Call the engineer. -> Record the pressure.",
            "Record the pressure. -> end: Pressure recorded",
        ],
    ),
    "a step done several times goes back to the question": (
        "The clerk rings the bell. Should the guest not answer, the porter knocks at the door "
        "after a minute, if necessary several times. The porter then opens the door.",
        [
            "Ring the bell. -> Does the guest answer?",
            "Does the guest answer? [No] -> Knock at the door.",
            "Does the guest answer? [Yes] -> Open the door.",
            "Knock at the door. -> Does the guest answer?",
            "Open the door. -> end: Door opened",
        ],
    ),
    "a step done repeatedly goes back to the question": (
        "The clerk rings the bell. If the guest does not answer, the porter knocks at the door "
        "repeatedly. The porter then opens the door.",
        [
            "Ring the bell. -> Does the guest answer?",
            "Does the guest answer? [No] -> Knock at the door repeatedly.",
            "Does the guest answer? [Yes] -> Open the door.",
            "Knock at the door repeatedly. -> Does the guest answer?",
            "Open the door. -> end: Door opened",
        ],
    ),
}


test_a_question_asked_again_loops_back = flow_examples(CASES)
