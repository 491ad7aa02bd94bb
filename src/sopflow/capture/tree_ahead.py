"""What the text says after a branch, looked at before the branch is closed.

"If the pressure is too high, the nurse calls the doctor. The doctor may prescribe a drug or
send the patient to the ward. Otherwise, the nurse notes the value." A step outside any
condition closes the open decision, yet here the "otherwise" that comes next is that
decision's other branch: what is said between the branch and its "otherwise" (or the
next case of the same decision, "if the problem is about billing" after "if the problem is
technical") belongs to the branch, and so does a sentence right before "in both cases" (or
the like), which says the cases join only after it. A third step after an "A or B" in its sentence
("repair it, order a part, or scrap it") is one more alternative of that choice.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Branch, Extraction
from sopflow.capture.tree import Act, Arm, Choice
from sopflow.capture.tree_any_case import EVERY_CASE
from sopflow.capture.tree_words import Condition, complements, same_case

_ELSE = frozenset({"otherwise", "else", "alternatively"})


def else_ahead(ex: Extraction, stack: list[Choice], sentence: int) -> bool:
    """The next branch marker after the sentence is an "otherwise" that opens its own
    sentence, right after it, while the open decision has one branch that goes on."""
    if not stack:
        return False
    choice = next((c for c in reversed(stack) if not c.alternative), None)
    if choice is None or len(choice.arms) != 1 or choice.current.ends:
        return False
    if sentence != max(c.current.sentence for c in stack) + 1:
        return False
    end = ex.sentences[sentence].end
    ahead = [
        b for g in ex.gateways for b in g.branches if b.marker is not None and b.marker.start >= end
    ]
    first = min(ahead, key=lambda b: b.marker.start if b.marker else 0, default=None)
    if first is None or first.marker is None or not _other_case(ex, choice, first):
        return False
    following = ex.sentences[sentence + 1] if sentence + 1 < len(ex.sentences) else None
    return following is not None and not ex.text[following.start : first.marker.start].strip(" ,")


def every_case_ahead(ex: Extraction, stack: list[Choice], sentence: int) -> bool:
    """ "For technical complaints I create a ticket. The engineers then fix the problem. In
    both cases I send a survey": the sentence right after the open branch, followed by
    one that says the cases join, still goes on in that branch."""
    if not stack or len(stack[-1].arms) < 2 or stack[-1].current.ends:
        return False
    if sentence != stack[-1].current.sentence + 1 or sentence + 1 >= len(ex.sentences):
        return False
    following = ex.sentences[sentence + 1]
    return EVERY_CASE.match(ex.text, following.start, following.end) is not None


def _other_case(ex: Extraction, choice: Choice, branch: Branch) -> bool:
    """The branch is an "otherwise", or a case of the choice's own ("if the problem is about
    billing" after "if the problem is technical")."""
    assert branch.marker is not None
    marker = branch.marker.text(ex.text)
    if marker.casefold() in _ELSE:
        return True
    if branch.condition is None or choice.arms[0].branch.condition is None:
        return False
    said = Condition(branch.condition.text(ex.text), marker)
    asked = choice.arms[0].branch.condition.text(ex.text)
    first = Condition(
        asked, choice.arms[0].branch.marker.text(ex.text) if choice.arms[0].branch.marker else ""
    )
    return same_case(first, said) or complements(first, said)


def another_alternative(ex: Extraction, stack: list[Choice], index: int) -> bool:
    """ "Repair it, order a part, or scrap it": a third step after an "A or B" in the
    same sentence, with "or" before it, is one more alternative."""
    top = stack[-1] if stack else None
    if top is None or not top.alternative:
        return False
    activity = ex.activities[index]
    acts = [ex.activities[n.index] for arm in top.arms for n in arm.body if isinstance(n, Act)]
    last = max(acts, key=lambda a: a.verb.start, default=None)
    if last is None or last.sentence != activity.sentence:
        return False
    between = ex.text[last.verb.end : activity.verb.start]
    if not re.search(r"\bor\b", between, re.IGNORECASE):
        return False
    branch = Branch(marker=None, condition=None, activities=(index,), label="or")
    top.arms.append(Arm(branch, [Act(index)], sentence=activity.sentence))
    top.open = -1
    return True
