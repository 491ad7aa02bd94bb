"""The cases of a "whether" named by the question's participle ("shortlisted entries …")
or by what is left ("the others …") are its branches (`capture.tree_cases`). The texts
are sopflow's own examples."""

from __future__ import annotations

import pytest
from tests.capture.test_layout import Drafted, edges

CASES = {
    "the participle and 'the others' name the two cases": (
        "The jury decides whether the entry is shortlisted. Shortlisted entries go to the "
        "final round. The others get a thank-you note. The jury publishes the results.",
        [
            "Is the entry shortlisted? [Yes] -> Go to the final round.",
            "Is the entry shortlisted? [No] -> Get a thank-you note.",
            "Go to the final round. -> Publish the results.",
            "Publish the results. -> end: Results published",
            "Get a thank-you note. -> Publish the results.",
        ],
    ),
    "the participle alone names the 'Yes' case": (
        "The board decides whether the grant is approved. Approved grants are paid out "
        "within a week. The board closes the round.",
        [
            "Is the grant approved? [Yes] -> Pay out approved grants within a week.",
            "Is the grant approved? [No] -> Close the round.",
            "Pay out approved grants within a week. -> Close the round.",
            "Close the round. -> end: Round closed",
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_named_cases_are_branches(name: str, drafted: Drafted) -> None:
    text, expected = CASES[name]
    sop, _ = drafted(text)
    assert edges(sop) == expected
