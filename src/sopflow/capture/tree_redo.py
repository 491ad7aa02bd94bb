"""Rework said after a branch, ending in a step done again: "It can happen that the editor
rejects the text. Then the author revises it and submits it again."

The sentence after the branch names no condition, so by the plain rule it would follow the
join. Yet it ends by doing again a step said before the decision ("submits it again"): work
done anew only on the branch that sent it back, not on the other one. So the sentence goes
on in that open branch, and its step done again is the arrow back (`capture.layout`).
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Extraction
from sopflow.capture.tree import Act, Choice, Node

_AGAIN = re.compile(r"\b(?:again|once more|anew)\b", re.IGNORECASE)


def redone_in_branch(ex: Extraction, root: list[Node], stack: list[Choice], index: int) -> bool:
    """The step's sentence ends by doing again a step of the main line before the open
    decision, right after the decision's one branch so far."""
    if not stack or stack[0] not in root:
        return False
    choice = stack[-1]
    arm = choice.current
    sentence = ex.activities[index].sentence
    if choice.alternative or len(choice.arms) != 1 or arm.ends or not arm.body:
        return False
    if sentence != arm.sentence + 1:
        return False
    before = {
        ex.activities[node.index].lemma
        for node in root[: root.index(stack[0])]
        if isinstance(node, Act)
    }
    rest = [a for a in ex.activities[index:] if a.sentence == sentence]
    return any(
        a.lemma in before and _AGAIN.search(a.clause.text(ex.text)) is not None for a in rest
    )
