"""Steps said out of order (`capture.tree_order`): a "before" clause opening its sentence
comes after the clause it is said ahead of."""

from __future__ import annotations

import pytest
from tests.capture.flows import FlowOf


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Before sending the parcel, the clerk weighs it. Then the clerk files the receipt.",
            [
                "Weigh the parcel. -> Send the parcel.",
                "Send the parcel. -> File the receipt.",
                "File the receipt. -> end: Receipt filed",
            ],
        ),
        (
            "The cook prepares the dough. Before the bread is baked, the cook shapes the loaves. "
            "The cook sells the bread.",
            [
                "Prepare the dough. -> Shape the loaves.",
                "Shape the loaves. -> Bake the bread.",
                "Bake the bread. -> Sell the bread.",
                "Sell the bread. -> end: Bread sold",
            ],
        ),
        # "before" after the clause it comes before keeps the order said
        (
            "The clerk weighs the parcel before the courier collects it.",
            [
                "Weigh the parcel. -> to courier",
                "to courier -> Collect the parcel.",
                "Collect the parcel. -> end: Parcel collected",
            ],
        ),
    ],
)
def test_a_before_clause_comes_after_its_sentence(
    text: str, expected: list[str], flow_of: FlowOf
) -> None:
    assert flow_of(text) == expected
