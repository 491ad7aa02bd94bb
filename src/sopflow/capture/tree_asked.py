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
from sopflow.capture.tree import Act, Arm, Choice, Node

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
