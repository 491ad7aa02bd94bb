"""Alternatives said to depend on something (`capture.tree_depending`): "depending on X"
before steps joined by "or" makes each step an option of one decision that asks about X.
Each case is a small text and the flow it must give, one line per edge as in
`tests.capture.flows`; the texts are sopflow's own examples."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "'either … or', a topic ending in -is, referring someone on": (
        "The vet examines the dog. Depending on the prognosis, the vet either treats the dog "
        "or refers the owner to a clinic. Then the vet writes the bill.",
        [
            "Examine the dog. -> What is the prognosis?",
            "What is the prognosis? [Treat] -> Treat the dog.",
            "What is the prognosis? [Refer] -> Refer the owner to a clinic.",
            "Treat the dog. -> Write the bill.",
            "Write the bill. -> end: Bill written",
            "Refer the owner to a clinic. -> Write the bill.",
        ],
    ),
    "two alternatives": (
        "The tutor reads the essay. Depending on the length, the tutor shortens the essay or "
        "accepts it. Then the tutor sends the grade.",
        [
            "Read the essay. -> What is the length?",
            "What is the length? [Shorten] -> Shorten the essay.",
            "What is the length? [Accept] -> Accept the essay.",
            "Shorten the essay. -> Send the grade.",
            "Send the grade. -> end: Grade sent",
            "Accept the essay. -> Send the grade.",
        ],
    ),
    "three alternatives, a plural topic": (
        "The ranger checks the trail. Depending on the forecasts, she opens the trail, "
        "posts a warning or calls the office. Then she writes the log.",
        [
            "Check the trail. -> What are the forecasts?",
            "What are the forecasts? [Open] -> Open the trail.",
            "What are the forecasts? [Post] -> Post a warning.",
            "What are the forecasts? [Call] -> Call the office.",
            "Open the trail. -> Write the log.",
            "Write the log. -> end: Log written",
            "Post a warning. -> Write the log.",
            "Call the office. -> Write the log.",
        ],
    ),
    "depending on whether: one question, yes or no": (
        "The gardener inspects the hedge. Depending on whether the hedge is too high, she "
        "trims it with the shears or leaves it as it is. Afterwards she waters the roses.",
        [
            "Inspect the hedge. -> Is the hedge too high?",
            "Is the hedge too high? [Yes] -> Trim the hedge with the shears.",
            "Is the hedge too high? [No] -> Leave the hedge.",
            "Trim the hedge with the shears. -> Water the roses.",
            "Water the roses. -> end: Roses watered",
            "Leave the hedge. -> Water the roses.",
        ],
    ),
    "a 'depending on' before one step asks nothing: the step says what it depends on": (
        "The inspector weighs the crate. Depending on its weight, the porter charges the "
        "small fee or the large fee. Finally the porter stamps the ticket.",
        [
            "Weigh the crate. -> to porter",
            "to porter -> Charge the small fee or the large fee.",
            "Charge the small fee or the large fee. -> Stamp the ticket.",
            "Stamp the ticket. -> end: Ticket stamped",
        ],
    ),
}


test_alternatives_depending_on_something_are_one_decision = flow_examples(CASES)
