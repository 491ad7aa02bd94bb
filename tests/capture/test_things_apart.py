"""Several things done side by side in one clause (`capture.structure.side_by_side`): "A and
B are printed in parallel" is one step per thing, the branches of one parallel split joined where
the text goes on; so are nouns of work that start in parallel ("the design of A and the
design of B start in parallel"). Each case is a small text and the flow it must give, one
line per edge as in `tests.capture.flows`; the texts are sopflow's own examples."""

from __future__ import annotations

from tests.capture.flows import FlowOf, flow_examples

TWO_LABELS = [
    "Receive the order. -> at the same time",
    "at the same time -> Print the invoice.",
    "at the same time -> Print the packing slip.",
    "at the same time joins at Ship the goods.",
    "Print the invoice. -> Ship the goods.",
    "Ship the goods. -> end: Goods shipped",
    "Print the packing slip. -> Ship the goods.",
]
"""The flow of two things printed side by side, however the clause says it."""

CASES = {
    "a passive with two things as its subject": (
        "The clerk receives the order. The invoice and the packing slip are then printed in "
        "parallel. The clerk ships the goods.",
        TWO_LABELS,
    ),
    "an active verb with two things as its objects": (
        "The clerk receives the order. The clerk prints the invoice and the packing slip "
        "simultaneously. The clerk ships the goods.",
        TWO_LABELS,
    ),
    "three things, the passive's agent left out": (
        "The crew arrives at the house. The windows, the doors and the floors are cleaned in "
        "parallel by the crew. Finally the crew leaves.",
        [
            "Arrive at the house. -> at the same time",
            "at the same time -> Clean the windows.",
            "at the same time -> Clean the doors.",
            "at the same time -> Clean the floors.",
            "at the same time joins at Leave.",
            "Clean the windows. -> Leave.",
            "Leave. -> end: Left",
            "Clean the doors. -> Leave.",
            "Clean the floors. -> Leave.",
        ],
    ),
    "nouns of work that start in parallel: a step per noun, its 'of' the thing": (
        "The team receives the brief. Next, the design of the poster and the design of the "
        "flyer start in parallel. Then the team prints both.",
        [
            "Receive the brief. -> at the same time",
            "at the same time -> Design the poster.",
            "at the same time -> Design the flyer.",
            "at the same time joins at Print both.",
            "Design the poster. -> Print both.",
            "Print both. -> end: Both printed",
            "Design the flyer. -> Print both.",
        ],
    ),
    "nouns made from verbs that take place simultaneously": (
        "The crew arrives at the house. Then the preparation of the walls and the repair of "
        "the roof take place simultaneously. Finally the crew leaves.",
        [
            "Arrive at the house. -> at the same time",
            "at the same time -> Prepare the walls.",
            "at the same time -> Repair the roof.",
            "at the same time joins at Leave.",
            "Prepare the walls. -> Leave.",
            "Leave. -> end: Left",
            "Repair the roof. -> Leave.",
        ],
    ),
}


test_each_thing_done_side_by_side_is_a_branch = flow_examples(CASES)


def test_one_thing_stays_one_step_beside_the_work_before(flow_of: FlowOf) -> None:
    lines = flow_of(
        "The crew arrives at the house. The windows are cleaned in parallel. Finally the "
        "crew leaves."
    )
    assert "at the same time -> Clean the windows in parallel." in lines


def test_things_tied_to_others_are_no_list_of_things(flow_of: FlowOf) -> None:
    lines = flow_of(
        "The clerk receives the order. The clerk sends the bill to the bank and the buyer in "
        "parallel. The clerk ships the goods."
    )
    assert not any("Send the buyer" in line for line in lines)
