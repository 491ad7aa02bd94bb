"""A reaction that does not come, said after the steps that follow the signal it answers.

"The clerk rings the bell. The guest opens the door and takes the parcel. Should the guest
not answer the bell, the clerk knocks." The missing answer is noticed right after the
ringing, not after the parcel is taken: the decision moves to the step whose object it
names (the bell), and the steps said in between are its other answer, the usual way on.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Extraction
from sopflow.capture.tree import Act, Choice, Node
from sopflow.capture.tree_parallel import acts

_NO_REACTION = re.compile(
    r"\b(?:not|never|fails? to)\s+(?:react|respond|answer|reply|appear|show up|turn up)\w*"
    r"(?P<what>[^,;.]*)",
    re.IGNORECASE,
)
"""A reaction that does not come, and what it would answer: "not react to the buzzer"."""

_WORD = re.compile(r"[a-z]{3,}")
_SMALL = frozenset({"the", "his", "her", "its", "their", "this", "that", "within", "after"})


def _words(text: str) -> set[str]:
    return {w.removesuffix("s") for w in _WORD.findall(text.casefold()) if w not in _SMALL}


def _named(ex: Extraction, index: int) -> set[str]:
    """The words of an activity's objects."""
    return set().union(*(_words(o.text(ex.text)) for o in ex.activities[index].objects))


def after_signal(ex: Extraction, root: list[Node]) -> list[Node]:
    """The top-level sequence with a last decision on a reaction that does not come moved
    to right after the step that gave the signal (the last step naming what the reaction
    answers, when no step after it names it)."""
    choice = root[-1] if root else None
    if not isinstance(choice, Choice) or choice.alternative or len(choice.arms) != 1:
        return root
    condition = choice.arms[0].branch.condition
    found = _NO_REACTION.search(ex.text, condition.start, condition.end) if condition else None
    what = _words(found.group("what")) if found is not None else set()
    if not what:
        return root
    for position in range(len(root) - 2, -1, -1):
        between = [i for node in root[position + 1 : -1] for i in acts(node)]
        node = root[position]
        if any(what & _named(ex, i) for i in between):
            return root
        if isinstance(node, Act) and what & _named(ex, node.index):
            if position < len(root) - 2:
                root.insert(position + 1, root.pop())
            return root
    return root
