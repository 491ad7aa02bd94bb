"""A case of what the step before asked, said as "in that case", with its "otherwise".

"The clerk checks whether the seal is broken. In that case, the parcel is refused.
Otherwise, the clerk signs for it." The first sentence asks; "in that case" is its "yes",
as "if so" would be, and the "otherwise" its "no": one decision on what was asked, in the
branch the asking step stands in. Without the asking step, "in that case" goes on with the
open branch (`tree_words.IN_THAT_CASE`).
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Branch, Extraction, Span
from sopflow.capture.questions import plural_noun
from sopflow.capture.tree import Act, Arm, Choice, Node
from sopflow.capture.tree_duty import duty_case
from sopflow.capture.tree_words import Condition

_THAT_CASE = re.compile(r"\s*(?P<marker>in)\s+(?P<case>(?:that|this) case)\b", re.IGNORECASE)

_ASKS = re.compile(r"\bwhether\b", re.IGNORECASE)
"""The asking step's clause finds something out: "checks whether …"."""


def _opens_with_case(ex: Extraction, node: Node) -> re.Match[str] | None:
    if not isinstance(node, Act):
        return None
    return _THAT_CASE.match(ex.text, ex.sentences[ex.activities[node.index].sentence].start)


def asked_case(
    ex: Extraction, body: list[Node], stack: list[Choice], number: int, arm: Arm
) -> bool:
    """Make the "otherwise" arm and the "in that case" steps before it, after a step that
    asked "whether", one decision at the end of body; True when it did."""
    start = len(body)
    while start > 0 and _opens_with_case(ex, body[start - 1]) is not None:
        start -= 1
    asker = body[start - 1] if start > 0 else None
    match = _opens_with_case(ex, body[start]) if start < len(body) else None
    if match is None or not isinstance(asker, Act):
        return False
    if not _ASKS.search(ex.activities[asker.index].clause.text(ex.text)):
        return False
    steps = body[start:]
    indices = tuple(node.index for node in steps if isinstance(node, Act))
    case = Branch(
        marker=Span(match.start("marker"), match.end("marker")),
        condition=Span(match.start("case"), match.end("case")),
        activities=indices,
        label="yes",
    )
    yes = Arm(case, list(steps), sentence=max(ex.activities[i].sentence for i in indices))
    del body[start:]
    choice = Choice(number, [yes, arm])
    choice.open = 1
    body.append(choice)
    stack.append(choice)
    return True


_MODAL = re.compile(r"\b(?:can|may|could)\b", re.IGNORECASE)
"""A step said as what someone may do: "the customer can return the product"."""


def offered_case(ex: Extraction, root: list[Node], stack: list[Choice], index: int) -> bool:
    """Make the step said with "can" or "may" in the sentence before, and the "in that case"
    step after it, one decision whose "Yes" does both and whose "No" goes on ("The customer
    can return the parcel. In that case, the clerk refunds it."); True when it did."""
    activity = ex.activities[index]
    if stack or _opens_with_case(ex, Act(index)) is None:
        return False
    case = Branch(marker=None, condition=None, activities=(index,), label="yes")
    return _offered(ex, root, stack, -1, Arm(case, [Act(index)], sentence=activity.sentence))


def offered_if_so(
    ex: Extraction, body: list[Node], stack: list[Choice], number: int, arm: Arm
) -> bool:
    """The same decision said with "if so" after the step offered with "can"."""
    condition = arm.branch.condition
    said = condition.text(ex.text).casefold() if condition else ""
    return said in {"so", "this is the case", "that is the case"} and _offered(
        ex, body, stack, number, arm
    )


def _offered(ex: Extraction, body: list[Node], stack: list[Choice], number: int, arm: Arm) -> bool:
    last = body[-1] if body else None
    if not isinstance(last, Act):
        return False
    offered = ex.activities[last.index]
    modal = _MODAL.search(ex.text, offered.clause.start, offered.verb.start)
    if offered.sentence != arm.sentence - 1 or modal is None:
        return False
    indices = (last.index, *(node.index for node in arm.body if isinstance(node, Act)))
    branch = Branch(
        marker=Span(modal.start(), modal.end()),
        condition=offered.clause,
        activities=indices,
        label="yes",
    )
    choice = Choice(number, [Arm(branch, [last, *arm.body], sentence=arm.sentence)])
    body[-1] = choice
    stack.append(choice)
    return True


def is_offered(ex: Extraction, choice: Choice) -> bool:
    """A decision on a step said with "can" (`offered_case`)."""
    marker = choice.arms[0].branch.marker if len(choice.arms) == 1 else None
    return marker is not None and _MODAL.fullmatch(marker.text(ex.text)) is not None


_OFFERED = re.compile(
    r"\s*(?P<subject>.+?)\s+(?:can|may|could)\s+(?:also\s+)?(?P<rest>\w.*?)[\s.]*$",
    re.IGNORECASE,
)


def offered_question(clause: str) -> str | None:
    """What a step said with "can" asks: "the customer can return the product" -> "Does the
    customer return the product?"; None for other words."""
    match = _OFFERED.match(clause)
    if match is None:
        return None
    subject = match.group("subject")
    last = subject.split()[-1].casefold()
    plural = plural_noun(last) or last in {"they", "we", "you"}
    said = subject[:1].lower() + subject[1:] if subject.split()[0].istitle() else subject
    return f"{'Do' if plural else 'Does'} {said} {match.group('rest')}?"


def placed_apart(
    ex: Extraction,
    root: list[Node],
    body: list[Node],
    stack: list[Choice],
    case: tuple[int, Arm],
) -> bool:
    """Place a branch that answers something said before it rather than the open decision:
    a duty's "otherwise" (`tree_duty`), the "otherwise" of what a step asked, the "if so"
    of a step said with "can"; True when it did."""
    number, arm = case
    branch = arm.branch
    words = branch.condition.text(ex.text) if branch.condition else ""
    is_else = Condition(words, branch.marker.text(ex.text) if branch.marker else "").is_else
    return (
        duty_case(ex, root, stack, number, arm)
        or (is_else and asked_case(ex, body, stack, number, arm))
        or (not stack and offered_if_so(ex, root, stack, number, arm))
    )
