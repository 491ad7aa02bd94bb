"""A step said to be done in every case of the decision before it: "If the leak is small,
the caretaker mends it and the case is closed. If it is large, he calls a plumber. In any
case, he writes a note in the log."

"In any case", "in either case", "in all cases", "either way" say the cases meet again:
the step comes after the join, for every branch. A branch that would end on its own (a
closed case, a rejection) goes on to that step instead, since the text says it is done in
that case too. A branch that sends the work back still goes back: it is not done yet.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Extraction
from sopflow.capture.tree import Choice, Node

EVERY_CASE = re.compile(
    r"\W*(?:in\s+(?:any|either|each|every|all|both)(?:\s+of\s+the)?\s+(?:cases?|events?)"
    r"|either\s+way|(?:whatever|regardless\s+of)\s+the\s+(?:outcome|result|decision|answer))\b",
    re.IGNORECASE,
)


def every_case(ex: Extraction, root: list[Node], index: int) -> bool:
    """The step's sentence opens with "in any case" (or the like); the branches of the
    decision just before it on the main line then all join before it, none ending."""
    activity = ex.activities[index]
    said = ex.sentences[activity.sentence]
    starts = (said.start, activity.clause.start)  # "…; in both cases, the tutor is told"
    if all(EVERY_CASE.match(ex.text, start, said.end) is None for start in starts):
        return False
    last = root[-1] if root else None
    if isinstance(last, Choice):
        for arm in last.arms:
            arm.joins = not arm.again
            arm.ends = False
    return True
