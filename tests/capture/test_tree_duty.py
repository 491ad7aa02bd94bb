"""A duty with what happens when it is not met (`capture.tree_duty`): "X must be … by T,
otherwise …" is a decision of its own where the sentence stands, not the other branch of
the decision said before it. The texts are sopflow's own examples, one line per edge as in
`tests.capture.flows`."""

from __future__ import annotations

from tests.capture.flows import flow_examples

CASES = {
    "'must be ready within', 'otherwise' after an 'if': a question of its own": (
        "The mechanic inspects the car. If new tyres are needed, the clerk orders a set from "
        "the supplier. The tyres must be ready within three days, otherwise the clerk calls "
        "the supplier. Then the mechanic fits the tyres.",
        [
            "Inspect the car. -> Are new tyres needed?",
            "Are new tyres needed? [Yes] -> Order a set from the supplier.",
            "Are new tyres needed? [No] -> Are the tyres ready within three days?",
            "Order a set from the supplier. -> Are the tyres ready within three days?",
            "Are the tyres ready within three days? [No] -> Call the supplier.",
            "Are the tyres ready within three days? [Yes] -> Fit the tyres.",
            "Call the supplier. -> to mechanic",
            "to mechanic -> Fit the tyres.",
            "Fit the tyres. -> end: Tyres fitted",
        ],
    ),
    "'has to be baked by'; 'if it is not' in the next clause": (
        "The baker checks the oven. If the oven is cold, the baker lights it. The baker "
        "kneads the dough and shapes the loaves. The whole batch has to be baked by dawn; "
        "if it is not, an alert is sent to the manager. The driver loads the van.",
        [
            "Check the oven. -> Is the oven cold?",
            "Is the oven cold? [Yes] -> Light the oven.",
            "Is the oven cold? [No] -> Knead the dough.",
            "Light the oven. -> Knead the dough.",
            "Knead the dough. -> Shape the loaves.",
            "Shape the loaves. -> Bake the whole batch by dawn.",
            "Bake the whole batch by dawn. -> Is the whole batch baked by dawn?",
            "Is the whole batch baked by dawn? [No] -> Send an alert to the manager.",
            "Is the whole batch baked by dawn? [Yes] -> Load the van.",
            "Send an alert to the manager. -> to driver",
            "to driver -> Load the van.",
            "Load the van. -> end: Van loaded",
        ],
    ),
    "'if it is not approved in time' names the thing the duty is about": (
        "The clerk prepares the order list. The order list must be approved by the manager "
        "by Friday. If it is not approved in time, the clerk calls the director. After "
        "approval, the goods are ordered.",
        [
            "Prepare the order list. -> to manager",
            "to manager -> Approve the order list by Friday.",
            "Approve the order list by Friday. -> Is the order list approved in time?",
            "Is the order list approved in time? [No] -> Call the director.",
            "Is the order list approved in time? [Yes] -> Order the goods.",
            "Call the director. -> Order the goods.",
            "Order the goods. -> end: Goods ordered",
        ],
    ),
}


test_a_duty_not_met_is_its_own_decision = flow_examples(CASES)
