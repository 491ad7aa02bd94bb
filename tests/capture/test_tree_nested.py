"""A condition said inside the branch it depends on (`capture.tree_nested`): after a branch's
step and "and" in the same sentence, a negated condition asks about that step's outcome
(a decision inside the branch) rather than being the other case of the first condition.
Each case is a small text and the flow it must give, one line per edge as in
`tests.capture.flows`; the texts are sopflow's own examples."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "after the step and 'and': a decision inside the branch": (
        "The caretaker opens the cupboard. If a key is missing, the caretaker searches the "
        "office and, if he cannot find it, reports the loss to the manager. Then the "
        "caretaker locks the cupboard.",
        [
            "Open the cupboard. -> Is a key missing?",
            "Is a key missing? [Yes] -> Search the office.",
            "Is a key missing? [No] -> Lock the cupboard.",
            "Search the office. -> Can he find it?",
            "Can he find it? [No] -> Report the loss to the manager.",
            "Can he find it? [Yes] -> Lock the cupboard.",
            "Report the loss to the manager. -> Lock the cupboard.",
            "Lock the cupboard. -> end: Cupboard locked",
        ],
    ),
    "the opposite of the first condition stays its other case": (
        "The clerk checks the part. If the part is in stock, the clerk ships it and, if it "
        "is not, the clerk orders it. Then the clerk files the order.",
        [
            "Check the part. -> Is the part in stock?",
            "Is the part in stock? [Yes] -> Ship the part.",
            "Is the part in stock? [No] -> Order the part.",
            "Ship the part. -> File the order.",
            "File the order. -> end: Order filed",
            "Order the part. -> File the order.",
        ],
    ),
}


test_a_condition_after_a_branch_step_is_asked_inside_it = flow_examples(CASES)
