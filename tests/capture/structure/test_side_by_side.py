"""Several things done side by side in one clause (`structure.side_by_side`): the structurer
gives one activity per thing, each on a branch of the parallel gateway, each branch in the
flow. Each case is a small invented text and the activities it must give, as (verb, thing)."""

from __future__ import annotations

from collections.abc import Callable

from tests.capture.flows import examples

from sopflow.capture.extraction import Extraction

Structured = Callable[[str], Extraction]


def read(ex: Extraction) -> list[str]:
    """Each activity as "verb thing": the thing is its object, else what it stands for."""
    said = []
    for a in ex.activities:
        things = a.objects or ((a.referent,) if a.referent is not None else ())
        said.append(" ".join([a.verb.text(ex.text), *(t.text(ex.text) for t in things)]))
    return said


def arrows(ex: Extraction) -> list[str]:
    """The flow as lines "a -> b", a gateway's branch written "split"."""
    names = read(ex)
    return [
        " -> ".join("split" if n.kind == "gateway" else names[n.index] for n in edge)
        for edge in ((e.source, e.target) for e in ex.flow)
    ]


CASES = {
    "a passive with two things as its subject": (
        "The chef washes the vegetables. Then, the soup and the sauce get cooked in parallel. "
        "The chef serves the meal.",
        [
            "washes the vegetables -> split",
            "split -> cooked the soup",
            "split -> cooked the sauce",
            "cooked the soup -> serves the meal",
            "cooked the sauce -> serves the meal",
        ],
    ),
    "an active verb with three things after it": (
        "The mechanic lifts the car. The mechanic checks the brakes, the tyres as well as "
        "the lights at the same time. The mechanic lowers the car.",
        [
            "lifts the car -> split",
            "split -> checks the brakes",
            "split -> checks the tyres",
            "split -> checks the lights",
            "checks the brakes -> lowers the car",
            "checks the tyres -> lowers the car",
            "checks the lights -> lowers the car",
        ],
    ),
    "nouns of work that start in parallel: the nouns are the activities": (
        "The librarian opens the box. Next, the sorting of the books and the labelling of "
        "the shelves start in parallel. The librarian closes the box.",
        [
            "opens the box -> split",
            "split -> sorting the books",
            "split -> labelling the shelves",
            "sorting the books -> closes the box",
            "labelling the shelves -> closes the box",
        ],
    ),
}


@examples(CASES)
def test_each_thing_is_a_branch_of_the_parallel_split(
    text: str, expected: list[str], structured: Structured
) -> None:
    ex = structured(text)
    assert arrows(ex) == expected
    assert [g.kind for g in ex.gateways] == ["and"]


def test_things_tied_to_something_else_stay_one_activity(structured: Structured) -> None:
    ex = structured(
        "The clerk receives the parcel. The clerk sends the note to the bank and the buyer "
        "in parallel. The clerk closes the file."
    )
    assert read(ex) == ["receives the parcel", "sends the note", "closes the file"]
