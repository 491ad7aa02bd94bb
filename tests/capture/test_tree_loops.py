"""Work repeated "until" something holds (`capture.tree_loops`): a step that repeats the work
said before it ("she repeats this until …") is no step of its own; the loop goes back to
the first step of that work. Each case is a small text and the flow it must give, one line
per edge as in `tests.capture.flows`; the texts are sopflow's own examples."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "'as long as' not: the work repeats until it holds, asked without the negation": (
        "The baker orders flour. As long as the flour has not arrived, he calls the mill "
        "every day. Then he bakes the bread.",
        [
            "Order flour. -> Call the mill.",
            "Call the mill. -> Has the flour arrived?",
            "Has the flour arrived? [Yes] -> Bake the bread.",
            "Has the flour arrived? [No] -> Call the mill.",
            "Bake the bread. -> end: Bread baked",
        ],
    ),
    "'as long as' a state holds: Yes repeats": (
        "The clerk opens the queue. As long as customers are waiting, she serves the next "
        "customer. Then she closes the counter.",
        [
            "Open the queue. -> Serve the next customer.",
            "Serve the next customer. -> Are customers waiting?",
            "Are customers waiting? [Yes] -> Serve the next customer.",
            "Are customers waiting? [No] -> Close the counter.",
            "Close the counter. -> end: Counter closed",
        ],
    ),
    "'may … as long as' grants, it repeats nothing": (
        "The clerk lends the book. The member may return the book as long as it is unread. "
        "Then the clerk files the card.",
        [
            "Lend the book. -> Return the book as long as it is unread.",
            "Return the book as long as it is unread. -> File the card.",
            "File the card. -> end: Card filed",
        ],
    ),
    "repeats this: back to the first step of the sentence before": (
        "The baker weighs each loaf and wraps it. He repeats this until all loaves are "
        "wrapped. Then he loads the van.",
        [
            "Weigh each loaf. -> Wrap each loaf.",
            "Wrap each loaf. -> Are all loaves wrapped?",
            "Are all loaves wrapped? [Yes] -> Load the van.",
            "Are all loaves wrapped? [No] -> Weigh each loaf.",
            "Load the van. -> end: Van loaded",
        ],
    ),
    "a step of its own said until something holds repeats itself": (
        "The baker weighs each loaf. He kneads the dough until it is smooth. Then he loads "
        "the van.",
        [
            "Weigh each loaf. -> Knead the dough.",
            "Knead the dough. -> Is it smooth?",
            "Is it smooth? [Yes] -> Load the van.",
            "Is it smooth? [No] -> Knead the dough.",
            "Load the van. -> end: Van loaded",
        ],
    ),
    "'this is repeated until' repeats the step before until its condition holds": (
        "The clerk calls the next tenant on the list. This is repeated until all tenants are "
        "called. Then the clerk files the list.",
        [
            "Call the next tenant on the list. -> Are all tenants called?",
            "Are all tenants called? [Yes] -> File the list.",
            "Are all tenants called? [No] -> Call the next tenant on the list.",
            "File the list. -> end: List filed",
        ],
    ),
    "a performer who 'repeats these steps until' repeats the step before": (
        "The clerk calls the next tenant on the list. The clerk repeats these steps until the "
        "list is empty. Then the clerk files the list.",
        [
            "Call the next tenant on the list. -> Is the list empty?",
            "Is the list empty? [Yes] -> File the list.",
            "Is the list empty? [No] -> Call the next tenant on the list.",
            "File the list. -> end: List filed",
        ],
    ),
    "repeats these steps: the work of the sentence before, from its first step": (
        "The mechanic loosens the bolts, removes the wheel and checks the brake pads. The "
        "mechanic repeats these steps until all four wheels are checked. Then the mechanic "
        "writes the report.",
        [
            "Loosen the bolts. -> Remove the wheel.",
            "Remove the wheel. -> Check the brake pads.",
            "Check the brake pads. -> Are all four wheels checked?",
            "Are all four wheels checked? [Yes] -> Write the report.",
            "Are all four wheels checked? [No] -> Loosen the bolts.",
            "Write the report. -> end: Report written",
        ],
    ),
    "steps said to be repeated until something holds": (
        "The picker takes a box from the shelf and scans the label. These steps are repeated "
        "until the order is complete. The packer then seals the parcel.",
        [
            "Take a box from the shelf. -> Scan the label.",
            "Scan the label. -> Is the order complete?",
            "Is the order complete? [Yes] -> Seal the parcel.",
            "Is the order complete? [No] -> Take a box from the shelf.",
            "Seal the parcel. -> end: Parcel sealed",
        ],
    ),
    "'this continues until A or B': neither A nor B is a step, the loop asks both": (
        "The agent offers the flat to the first buyer on the list. If the buyer declines, the "
        "agent calls the next buyer. This continues until a buyer accepts or the list is "
        "exhausted. Then the agent closes the file.",
        [
            "Offer the flat to the first buyer on the list. -> Does the buyer decline?",
            "Does the buyer decline? [Yes] -> Call the next buyer.",
            "Does the buyer decline? [No] -> Does a buyer accept, or is the list exhausted?",
            "Call the next buyer. -> Does a buyer accept, or is the list exhausted?",
            "Does a buyer accept, or is the list exhausted? [Yes] -> Close the file.",
            "Does a buyer accept, or is the list exhausted? [No] -> "
            "Offer the flat to the first buyer on the list.",
            "Close the file. -> end: File closed",
        ],
    ),
}


test_repeated_work_loops_back_to_its_first_step = flow_examples(CASES)
