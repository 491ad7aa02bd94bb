"""A decision asked again after its own branch: "If no answer comes within a week, the clerk
sends a reminder. If there is still no answer a week later, the clerk sends another reminder
until the tenant replies."

The second condition asks the first one again ("still", "again", "another week") and its
branch repeats the step of the first branch ("another reminder", "sends it again"): that is
one decision whose branch goes back to it, not a second decision nested in the first. The
branch ends with the arrow back to its own question; the case it waits for ("the tenant
replies") is the decision's other answer. A branch whose step is said to be done "several
times" or "repeatedly" goes back to its question the same way.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Extraction
from sopflow.capture.tree import Act, Arm, Choice, Loop, Node, Parallel
from sopflow.capture.tree_words import tokens_of

_STILL = frozenset({"still", "again", "yet"})
_ANEW = re.compile(r"\b(?:still|again|another|a further|one more|once more)\b", re.IGNORECASE)


def with_repeats(ex: Extraction, body: list[Node]) -> list[Node]:
    """The sequence with each decision asked again in its own branch made to go back to it."""
    for node in body:
        if isinstance(node, Choice):
            _follow_ups(ex, node)
            for arm in node.arms:
                arm.body = with_repeats(ex, arm.body)
                _fold_repeat(ex, node, arm)
                arm.again = arm.again or _done_repeatedly(ex, node, arm)
        elif isinstance(node, Parallel):
            node.branches = [with_repeats(ex, branch) for branch in node.branches]
        elif isinstance(node, Loop):
            node.body = with_repeats(ex, node.body)
    return body


def _follow_ups(ex: Extraction, choice: Choice) -> None:
    """A branch whose condition is an earlier branch's said "still" ("the pressure is still
    too low") is asked after that branch, not beside it: moved into it as a decision of its
    own, which `_fold_repeat` turns into the arrow back when it repeats the step."""
    if choice.alternative:
        return
    for number in range(len(choice.arms) - 1, 0, -1):
        later = choice.arms[number]
        said = _words(ex, later)
        if not set(said) & _STILL:
            continue
        restated = [w for w in said if w not in _STILL]
        earlier = next((a for a in choice.arms[:number] if _words(ex, a) == restated), None)
        if earlier is None:
            continue
        del choice.arms[number]
        earlier.body.append(Choice(choice.gateway, [later]))


def _words(ex: Extraction, arm: Arm) -> list[str]:
    condition = arm.branch.condition
    return tokens_of(condition.text(ex.text)) if condition is not None else []


def _fold_repeat(ex: Extraction, choice: Choice, arm: Arm) -> None:
    """When arm ends with a decision that asks choice's question anew and repeats arm's
    step, that decision becomes the arrow back to choice."""
    last = arm.body[-1] if arm.body else None
    if choice.alternative or not isinstance(last, Choice) or len(last.arms) != 1:
        return
    inner = last.arms[0]
    said = inner.branch.condition.text(ex.text) if inner.branch.condition else ""
    repeated = _first_act(inner.body)
    done = {_key(ex, node.index) for node in arm.body if isinstance(node, Act)}
    if repeated is None or _key(ex, repeated) not in done:
        return
    step = ex.activities[repeated].clause.text(ex.text)
    if _ANEW.search(said) is None and _ANEW.search(step) is None:
        return
    arm.body = arm.body[:-1]
    arm.again = True


_REPEATEDLY = re.compile(
    r"\b(?:(?:several|many|a few|multiple) times(?: in a row| over)?|repeatedly"
    r"|again and again|as (?:often|many times) as (?:necessary|needed|required))\b",
    re.IGNORECASE,
)
"""Words that a branch's step is done over and over while its case lasts."""


def _done_repeatedly(ex: Extraction, choice: Choice, arm: Arm) -> bool:
    """ "If the guest does not answer, the porter knocks, several times if need be": the
    branch's last step is said to be repeated, so the branch goes back to its question (an
    "if necessary several times" read as a condition of its own is dropped)."""
    if choice.alternative or len(choice.arms) != 1:
        return False
    body = arm.body
    while body and isinstance(body[-1], Choice) and not any(a.body for a in body[-1].arms):
        body = body[:-1]  # "if necessary several times": no case of its own
    last = body[-1] if body else None
    if not isinstance(last, Act):
        return False
    activity = ex.activities[last.index]
    end = ex.sentences[activity.sentence].end
    later = [a.verb.start for a in ex.activities if activity.verb.start < a.verb.start < end]
    if _REPEATEDLY.search(ex.text, activity.verb.start, min([end, *later])) is None:
        return False
    arm.body = body
    return True


def _first_act(body: list[Node]) -> int | None:
    for node in body:
        if isinstance(node, Act):
            return node.index
        if isinstance(node, Loop):
            return _first_act(node.body)
        return None
    return None


def _key(ex: Extraction, index: int) -> tuple[str, str]:
    """A step's verb and the head of its object: "sends another reminder" and "a reminder is
    sent" are the same step."""
    activity = ex.activities[index]
    verb = (activity.lemma or activity.verb.text(ex.text)).casefold()
    objects = [o.text(ex.text).split() for o in activity.objects]
    head = objects[0][-1].casefold() if objects and objects[0] else ""
    return verb, head
