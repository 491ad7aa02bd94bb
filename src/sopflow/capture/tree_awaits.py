"""A "once" sentence that waits for what one branch set going goes on in that branch.

"If the part is in stock, the fitter installs it. Otherwise the fitter orders the part.
Once the part arrives, the fitter installs it." The third sentence waits for the order
the second branch placed: it belongs to that branch, not after the decision's join, and
the in-stock branch goes straight on to whatever follows. So too the work of whom the one
branch said passed it to ("… he passes the ticket to the specialist. The specialist …").
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Extraction
from sopflow.capture.tree import Act, Choice
from sopflow.capture.tree_parallel import acts

_ONCE = re.compile(
    r"\s*(?:once|as soon as|when)\s+(?:the|these|those|this|that|all the)\s+(?P<said>[^,.;]+),",
    re.IGNORECASE,
)
"""A sentence opening with a time clause about something already named: "Once the
goods arrive, …" (the words up to the comma)."""

_WORD = re.compile(r"[a-z]{3,}")


_SMALL = frozenset(
    {"the", "and", "for", "with", "from", "are", "has", "have", "been", "all", "this", "that"}
    | {"these", "those", "its", "their", "his", "her", "them", "they", "who", "not", "into"}
)


def _stems(text: str) -> set[str]:
    words = _WORD.findall(text.casefold())
    return {word.removesuffix("s") for word in words if word not in _SMALL}


def _said_in(ex: Extraction, body: list[object]) -> set[str]:
    """The words of the branch's step clauses, minus who does them."""
    words: set[str] = set()
    for node in body:
        if isinstance(node, Act):
            activity = ex.activities[node.index]
            words |= _stems(activity.clause.text(ex.text))
            if activity.actor_mention is not None:
                words -= _stems(activity.actor_mention.text(ex.text))
    return words


def awaits_open_branch(ex: Extraction, choice: Choice, sentence: int) -> bool:
    """The sentence opens with "once the X …" where X is named by a step of the open branch
    (what it orders, asks for) and by no step of the other branches."""
    match = _ONCE.match(ex.text, ex.sentences[sentence].start)
    arm = choice.current
    if match is None or arm.ends or not arm.body or len(choice.arms) < 2:
        return False
    said = _stems(match.group("said"))
    others = [a for a in choice.arms if a is not arm]
    if said & set().union(*(_said_in(ex, list(a.body)) for a in others)):
        return False
    return bool(said & _said_in(ex, list(arm.body)))


_AFTER_ALL = re.compile(
    r"\s*(?:finally|afterwards|in the end|in (?:any|all|both|either) cases?|then)\b", re.I
)
"""A sentence opening that goes on after the branches, whoever does it."""


def works_on(ex: Extraction, choice: Choice, index: int) -> bool:
    """The step is done by whom the one branch said passed the work to, in the sentence right
    after ("if he cannot solve it, he passes the ticket to the specialist. The specialist
    analyses it …"): it goes on in that branch, not after the unsaid other case."""
    activity = ex.activities[index]
    arm = choice.current
    said = ex.sentences[activity.sentence]
    if activity.actor is None or arm.ends or activity.sentence - arm.sentence > 1:
        return False
    if _AFTER_ALL.match(ex.text, said.start):
        return False
    if len(choice.arms) > 1:
        return False  # each case said: what follows them is after the decision
    mine = [ex.activities[i] for node in arm.body for i in acts(node)]
    return any(a.recipient == activity.actor for a in mine)
