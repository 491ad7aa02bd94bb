"""Conditions said with "unless" (or "except if"): the branch is taken when the condition
does not hold.

"The clerk sends a reminder unless the customer has paid" asks "Has the customer paid?" and
sends the reminder on "No"; read as an "if", the reminder went to the customers who had
paid. "The bank will not release the loan unless the contract is signed" says what stops the
case: on "No" the loan is not released, and the work ends there in an outcome of its own
("Loan not released"); on "Yes" it goes on.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Branch, Extraction, Span
from sopflow.capture.tree import Act, Arm, Choice

_EXCEPT = re.compile(r"\b(?:except|save|other than)\s*,?\s*$", re.IGNORECASE)
"""The words before an "if"/"when" that make it an "unless": "except if", "except when"."""


def said_unless(ex: Extraction, branch: Branch) -> bool:
    """The branch's marker is "unless" (or "except if", "except when")."""
    marker = branch.marker
    if marker is None:
        return False
    said = marker.text(ex.text).casefold()
    if said == "unless":
        return True
    before = ex.text[max(0, marker.start - 20) : marker.start]
    return said in {"if", "when", "where"} and _EXCEPT.search(before) is not None


def refused_step(ex: Extraction, branch: Branch) -> int | None:
    """The step an "unless" condition governs when it is said in the negative ("will not
    release the loan unless …"): what is not done when the condition does not hold."""
    if not said_unless(ex, branch):
        return None
    return next((i for i in branch.activities if ex.activities[i].negated), None)


def not_done_name(name: str, participle: str) -> str:
    """ "Loan released" -> "Loan not released": the outcome of a step not done."""
    head, found, tail = name.partition(participle)
    if not found:
        return f"Not {name[:1].lower()}{name[1:]}"
    return f"{head}not {participle}{tail}".strip()


_THAT_CASE = re.compile(r"\s*(?P<words>in (?:this|that|such a) case|if so)\b", re.IGNORECASE)
THAT_CASE = "in that case"
"""The label of the branch an "in that case" after an "unless" opens: the condition holds."""


_THEN = re.compile(r"\s*(?P<words>then)\b", re.IGNORECASE)
"""The word that opens an exception's own case when the exception is inside a branch."""


def that_case(ex: Extraction, stack: list[Choice], index: int) -> bool:
    """ "She ships it by post unless it is heavy. In that case she books a courier": the
    case is the condition holding, the other branch of the "unless", not more of it. Inside
    a branch ("if she is not at home, we leave a card, except if the parcel is large. Then
    the driver calls her"), a "then" opens that case too: the exception's own work."""
    choice = stack[-1]
    activity = ex.activities[index]
    said = ex.sentences[activity.sentence]
    match = _THAT_CASE.match(ex.text, said.start)
    if match is None and len(stack) > 1 and choice.arms[0].sentence == activity.sentence - 1:
        match = _THEN.match(ex.text, said.start)
    if match is None or len(choice.arms) != 1 or not said_unless(ex, choice.arms[0].branch):
        return False
    marker = Span(match.start("words"), match.end("words"))
    branch = Branch(marker=marker, condition=None, activities=(index,), label=THAT_CASE)
    choice.arms.append(Arm(branch, [Act(index)], sentence=activity.sentence))
    choice.open = -1
    return True


def except_inside(ex: Extraction, stack: list[Choice], number: int, branch: Branch) -> bool:
    """ "If she is not at home, we leave a card, except if the parcel is large": the
    exception is a decision inside the open branch, about the step it excepts (said just
    before it in the same sentence), not another case of the branch's own decision."""
    top = stack[-1] if stack else None
    marker = branch.marker
    if top is None or top.gateway != number or branch.activities or marker is None:
        return False
    body = top.current.body
    last = body[-1] if body else None
    if not said_unless(ex, branch):
        return False
    if not isinstance(last, Act):
        return _except_from_end(ex, stack, number, branch)
    activity = ex.activities[last.index]
    said = ex.sentences[activity.sentence]
    if not said.start <= activity.verb.start < marker.start < said.end:
        return False
    body.pop()
    choice = Choice(number, [Arm(branch, [last], sentence=activity.sentence)])
    body.append(choice)
    stack.append(choice)
    return True


def _except_from_end(ex: Extraction, stack: list[Choice], number: int, branch: Branch) -> bool:
    """ "If he wants none, the agent leaves the client alone, except if the order is
    large": the branch ends (leaving the client alone is no step), but not in the exception;
    the exception is a decision inside the branch, its "No" the end, its own case what the
    text says next."""
    arm = stack[-1].current
    marker = branch.marker
    if arm.body or not arm.ends or marker is None:
        return False
    said = ex.sentences[arm.sentence]
    if not said.start <= marker.start < said.end:
        return False
    arm.ends = False
    choice = Choice(number, [Arm(branch, [], ends=True, sentence=arm.sentence)])
    arm.body.append(choice)
    stack.append(choice)
    return True
