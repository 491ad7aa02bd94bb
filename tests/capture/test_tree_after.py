"""A decision said "after" the work of one branch (`capture.tree_after`): "After the
inspection, if …" goes in the branch whose last step the noun names. The texts are sopflow's
own examples, one line per edge as in `tests.capture.flows`."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "'after' and a noun of action put the decision in the branch that did it": (
        "The clerk reads the claim. If the amount is above the limit, the clerk asks the "
        "manager for approval. If it is below the limit, the clerk inspects the damage. After "
        "the inspection, if the damage is minor, the clerk pays the claim; if it is major, the "
        "clerk calls an expert. Finally the clerk files the claim.",
        [
            "Read the claim. -> Is the amount above the limit?",
            "Is the amount above the limit? [Above] -> Ask the manager for approval.",
            "Is the amount above the limit? [Below] -> Inspect the damage.",
            "Ask the manager for approval. -> File the claim.",
            "File the claim. -> end: Claim filed",
            "Inspect the damage. -> Is the damage minor?",
            "Is the damage minor? [Minor] -> Pay the claim.",
            "Is the damage minor? [Major] -> Call an expert.",
            "Pay the claim. -> File the claim.",
            "Call an expert. -> File the claim.",
        ],
    ),
}


test_a_decision_after_one_branch_stays_in_it = flow_examples(CASES)
