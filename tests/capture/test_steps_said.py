"""Steps said in other words than a verb of work: as a noun after "the next step is", as the
purpose of "a task is performed"; a manner adverb before the verb; a pronoun that stands for
what an infinitive acted on."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sopflow.capture.transcript import Transcript
from sopflow.model import Sop, Step

Drafted = Callable[[str], tuple[Sop, Transcript]]

CASES = [
    (
        "a noun made from a verb, with what its 'of' names",
        "The planner books the venue. The final stage is the creation of a seating plan.",
        ["Book the venue.", "Create a seating plan."],
    ),
    (
        "an event one holds, with its usual verb",
        "The recruiter reads the letters. The next step is a short interview with the applicant.",
        ["Read the letters.", "Hold a short interview with the applicant."],
    ),
    (
        "an event one gives, said again with who gives it: one step",
        "The clerk checks the kit. The next step is a warm-up talk. It is given by the manager.",
        ["Check the kit.", "Give the warm-up talk."],
    ),
    (
        "a stage said with 'to' stays the verb after it",
        "The first step is to weigh the parcel. Then the clerk prints the label.",
        ["Weigh the parcel.", "Print the label."],
    ),
    (
        "a noun that is no work stays no step",
        "The clerk opens the file. The next step is the invoice.",
        ["Open the file."],
    ),
    (
        "a task performed for a purpose is that purpose, its verbs one task",
        "After the shift starts, a task is carried out to collect and count the tickets. "
        "Then the supervisor signs the sheet.",
        ["Collect and count the tickets.", "Sign the sheet."],
    ),
    (
        "a check performed for a purpose is still a check",
        "The inspector performs a check to confirm the seal. Then the inspector stamps the form.",
        ["Perform a check to confirm the seal.", "Stamp the form."],
    ),
    (
        "a manner adverb before the verb is said after it; a sentence adverb is not",
        "The clerk manually enters the hours. Unfortunately, the manager then signs the sheet.",
        ["Enter the hours manually.", "Sign the sheet."],
    ),
    (
        "'it' after a condition stands for what the condition is about",
        "The cook checks the stock list of the menu. If the cheese is in the fridge, it is sliced.",
        ["Check the stock list of the menu.", "Slice the cheese."],
    ),
    (
        "a prefixed participle after 'is' is a passive step, read as an adjective or not",
        "The cook checks the list. If the cheese is in the fridge, it is sliced. If it is not "
        "in the fridge, it is re-ordered.",
        ["Check the list.", "Slice the cheese.", "Re-order the cheese."],
    ),
    (
        "'it' after an infinitive's object stands for that object",
        "The dealer fixes the price. Then the dealer signs a contract to buy the painting and "
        "then sells it to a museum.",
        [
            "Fix the price.",
            "Sign a contract to buy the painting.",
            "Sell the painting to a museum.",
        ],
    ),
]


@pytest.mark.parametrize(("text", "steps"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_steps(drafted: Drafted, text: str, steps: list[str]) -> None:
    sop, _ = drafted(text)
    assert [node.instruction for node in sop.flow.nodes if isinstance(node, Step)] == steps
