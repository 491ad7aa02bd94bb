"""Where work done side by side starts (`capture.tree_parallel`): a marker inside a sentence
("… and, at the same time, …", "A while B"), one closing it ("… at the same time."), and "at
the same time" against "in the meantime" opening a sentence. Each case is a small text and
the flow it must give, one line per edge as in `tests.capture.flows`; the texts are sopflow's own
examples."""

from __future__ import annotations

from tests.capture.flows import FlowOf, flow_examples

WHILE_FLOW = [
    "Receive the order. -> at the same time",
    "at the same time -> Pack the goods.",
    "at the same time -> Check the invoice.",
    "at the same time joins at Ship the goods.",
    "Pack the goods. -> to clerk",
    "to clerk -> Ship the goods.",
    "Ship the goods. -> end: Goods shipped",
    "Check the invoice. -> Ship the goods.",
]
"""The flow of checking while the warehouse packs, said with or without a comma."""

CASES = {
    "a marker inside a sentence: beside the clause before it": (
        "The clerk receives the order. The clerk checks the invoice and, at the same time, "
        "the warehouse packs the goods. Then the clerk ships the goods.",
        [
            "Receive the order. -> at the same time",
            "at the same time -> Check the invoice.",
            "at the same time -> Pack the goods.",
            "at the same time joins at Ship the goods.",
            "Check the invoice. -> Ship the goods.",
            "Ship the goods. -> end: Goods shipped",
            "Pack the goods. -> to clerk",
            "to clerk -> Ship the goods.",
        ],
    ),
    "the same performer, a marker inside the sentence": (
        "The clerk receives the order. The clerk checks the invoice and in the meantime the "
        "clerk prints the label. Then the clerk ships the goods.",
        [
            "Receive the order. -> at the same time",
            "at the same time -> Check the invoice.",
            "at the same time -> Print the label.",
            "at the same time joins at Ship the goods.",
            "Check the invoice. -> Ship the goods.",
            "Ship the goods. -> end: Goods shipped",
            "Print the label. -> Ship the goods.",
        ],
    ),
    "at the same time, opening a sentence: beside the step said": (
        "The clerk receives the order. The clerk sends the invoice. At the same time the "
        "warehouse ships the goods. Then the clerk closes the order.",
        [
            "Receive the order. -> at the same time",
            "at the same time -> Send the invoice.",
            "at the same time -> Ship the goods.",
            "at the same time joins at Close the order.",
            "Send the invoice. -> Close the order.",
            "Close the order. -> end: Order closed",
            "Ship the goods. -> to clerk",
            "to clerk -> Close the order.",
        ],
    ),
    "at the same time, a message received: beside the step said, not dropped": (
        "The nurse calls the patient. The nurse books the appointment. At the same time, the "
        "patient receives a reminder from the nurse. Then the nurse closes the record.",
        [
            "Call the patient. -> at the same time",
            "at the same time -> Book the appointment.",
            "at the same time -> Receive a reminder from the nurse.",
            "at the same time joins at Close the record.",
            "Book the appointment. -> Close the record.",
            "Close the record. -> end: Record closed",
            "Receive a reminder from the nurse. -> to nurse",
            "to nurse -> Close the record.",
        ],
    ),
    "while inside a sentence: the clause before it beside the while clause": (
        "The clerk receives the order. The clerk checks the invoice while the warehouse packs "
        "the goods. Then the clerk ships the goods.",
        WHILE_FLOW,
    ),
    "while after a comma: the same, not moved to the start": (
        "The clerk receives the order. The clerk checks the invoice, while the warehouse "
        "packs the goods. Then the clerk ships the goods.",
        WHILE_FLOW,
    ),
    "a caution with while is no parallel work": (
        "The operator starts the press. Do not open the guard while the press moves. Then "
        "the operator cleans the tray.",
        [
            "Start the press. -> Do not open the guard.",
            "Do not open the guard. -> Clean the tray.",
            "Clean the tray. -> end: Tray cleaned",
        ],
    ),
    "in the meantime, by someone not named before: beside the one performer's work so far": (
        "The clerk receives the order. The clerk sends the invoice. In the meantime the "
        "warehouse ships the goods. Then the clerk closes the order.",
        [
            "at the same time -> Receive the order.",
            "at the same time -> Ship the goods.",
            "at the same time joins at Close the order.",
            "Receive the order. -> Send the invoice.",
            "Send the invoice. -> Close the order.",
            "Close the order. -> end: Order closed",
            "Ship the goods. -> to clerk",
            "to clerk -> Close the order.",
        ],
    ),
    "meanwhile, by someone not named before: beside the run of whoever worked last": (
        "The clerk opens the shop. The baker bakes the bread and fills the shelves. "
        "Meanwhile, the driver loads the van. Then the clerk opens the till.",
        [
            "Open the shop. -> at the same time",
            "at the same time -> Bake the bread.",
            "at the same time -> Load the van.",
            "at the same time joins at Open the till.",
            "Bake the bread. -> Fill the shelves.",
            "Fill the shelves. -> to clerk",
            "to clerk -> Open the till.",
            "Open the till. -> end: Till opened",
            "Load the van. -> to clerk",
            "to clerk -> Open the till.",
        ],
    ),
    "in the meantime, by someone a branch gave work to: that branch goes on": (
        "The guest arrives at the desk. The clerk books the room. She also informs the porter. "
        "The clerk prints the bill. In the meantime, the porter carries the bags. The guest "
        "signs the bill.",
        [
            "Arrive at the desk. -> at the same time",
            "at the same time -> Book the room.",
            "at the same time -> Inform the porter.",
            "at the same time joins at Sign the bill.",
            "Book the room. -> Print the bill.",
            "Print the bill. -> to guest",
            "to guest -> Sign the bill.",
            "Sign the bill. -> end: Bill signed",
            "Inform the porter. -> to porter",
            "to porter -> Carry the bags.",
            "Carry the bags. -> to guest",
            "to guest -> Sign the bill.",
        ],
    ),
    "work at the same time as a branch's step stays in that branch when the text comes back "
    "to the decision": (
        "The editor reads the draft. If the editor approves it, the printer sets the type. At "
        "the same time, the designer draws the cover. If the editor rejects it, the author "
        "rewrites the draft. Finally the draft is filed.",
        [
            "Read the draft. -> Does the editor approve it?",
            "Does the editor approve it? [Approves] -> at the same time",
            "Does the editor approve it? [Rejects] -> Rewrite the draft.",
            "at the same time -> Set the type.",
            "at the same time -> Draw the cover.",
            "at the same time joins at File the draft.",
            "Set the type. -> to author",
            "to author -> File the draft.",
            "File the draft. -> end: Draft filed",
            "Draw the cover. -> to author",
            "to author -> File the draft.",
            "Rewrite the draft. -> File the draft.",
        ],
    ),
}


test_parallel_work_starts_where_the_text_says = flow_examples(CASES)


def test_a_marker_closing_the_sentence_puts_its_last_clause_beside_the_others(
    flow_of: FlowOf,
) -> None:
    lines = flow_of(
        "The clerk receives the order. The clerk sends the invoice and the warehouse ships "
        "the goods at the same time. Then the clerk closes the order."
    )
    assert "Receive the order. -> at the same time" in lines
    assert "at the same time -> Send the invoice." in lines
    assert "at the same time joins at Close the order." in lines
    assert not any(line.startswith("Send the invoice. -> Ship") for line in lines)
