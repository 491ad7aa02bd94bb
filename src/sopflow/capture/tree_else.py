"""Conditions said after an "otherwise": "If the amount is high, call the bank. Otherwise, if
the customer is new, send a letter."

The "otherwise" is the remaining branch of the decision before, and the condition after it
is a decision inside that branch: "Is the amount high?" Yes -> call the bank; No -> "Is the
customer new?" Yes -> send a letter; No -> on. Cases of one subject ("if the customer is new
… otherwise, if the customer is known") stay cases of one decision (`capture.tree_build`).
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Branch, Extraction, Span
from sopflow.capture.tree import Arm, Choice
from sopflow.capture.tree_words import Condition, same_case

_ELSE_IF = re.compile(r"(?P<else>otherwise|else|alternatively)\W+(?:if|when|where)$", re.I)
"""A marker the structurer made of an "otherwise" and the "if" right after it."""


def else_if(ex: Extraction, stack: list[Choice], number: int, arm: Arm) -> bool:
    """Place an "otherwise, if …" branch as a decision inside the remaining branch of the
    open decision of the same gateway; False when the branch is no such case."""
    top = stack[-1] if stack else None
    marker = arm.branch.marker
    if top is None or top.alternative or top.gateway != number or marker is None:
        return False
    said = _ELSE_IF.match(marker.text(ex.text))
    if said is None or arm.branch.condition is None:
        return False
    condition = Condition(arm.branch.condition.text(ex.text), marker.text(ex.text))
    if any(same_case(_condition(ex, other.branch), condition) for other in top.arms):
        return False  # "if the customer is new … otherwise, if the customer is known": cases
    otherwise = Span(marker.start, marker.start + said.end("else"))
    rest = Branch(marker=otherwise, condition=None, activities=(), label="otherwise")
    inside = Choice(number, [arm])
    top.arms.append(Arm(rest, [inside], sentence=arm.sentence))
    top.open = -1
    stack.append(inside)
    return True


def _condition(ex: Extraction, branch: Branch) -> Condition:
    words = branch.condition.text(ex.text) if branch.condition else ""
    return Condition(words, branch.marker.text(ex.text) if branch.marker else "")
