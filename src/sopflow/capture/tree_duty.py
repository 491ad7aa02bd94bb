"""A duty with what happens when it is not met: "The results must be ready within two days,
otherwise the vet calls the lab", "All of this must be done by noon; if it is not, …".

The "otherwise" (or the bare "if not") answers the duty, not the decision said before it:
the duty is its own question ("Are the results ready within two days?"), asked where the
sentence stands. Its "No" is the work said after the marker; its "Yes" goes on.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Extraction, Span
from sopflow.capture.tree import Arm, Choice, Node
from sopflow.capture.tree_words import Condition

DUTY = re.compile(
    r"^(?P<subject>.+?)\s+(?:must|should|shall|has to|have to|needs to|need to)\s+be\s+"
    r"(?P<rest>\w+(?:ed|en|wn|ne|t)\b.*|\w+\s+(?:by|within|before|until|in time)\b.*)$",
    re.IGNORECASE,
)
"""What must be done or be so by a time or standard: "the report must be filed by noon",
"the results must be available within two days"."""

_OPENS_CASE = re.compile(r"\W*(?:if|when|whenever|once|unless|in case)\b", re.IGNORECASE)
"""A clause that is itself a condition's branch: its duty belongs to that branch."""


def duty_clause(ex: Extraction, marker: Span) -> str | None:
    """The duty said right before an "otherwise" marker: in its sentence, or the sentence
    before when the marker opens its own; None when the words before are no duty."""
    number = ex.sentence_at(marker.start)
    sentence = ex.sentences[number]
    before = ex.text[sentence.start : marker.start]
    if not before.strip(" ,;:") and number > 0:
        before = ex.sentences[number - 1].text(ex.text)
    words = " ".join(before.split()).rstrip(" ,.;:")
    if _OPENS_CASE.match(words) or DUTY.match(words) is None:
        return None
    return words


def duty_case(ex: Extraction, root: list[Node], stack: list[Choice], number: int, arm: Arm) -> bool:
    """Place an "otherwise" said right after a duty as a decision of its own on the main
    line, the open decisions joined before it and none left open after it; False when no
    duty comes before it."""
    condition = Condition(
        arm.branch.condition.text(ex.text) if arm.branch.condition else "",
        arm.branch.marker.text(ex.text) if arm.branch.marker else "",
    )
    if arm.branch.marker is None or not condition.is_else:
        return False
    if duty_clause(ex, arm.branch.marker) is None:
        return False
    stack.clear()  # said whole in its sentence: what follows is the main line again
    root.append(Choice(number, [arm]))
    return True
