"""A condition said inside the branch it depends on.

"If a sample is missing, the assistant searches the cold room and, if she cannot find it,
reports it to the manager": the second condition follows the first branch's step in the
same sentence, joined by "and", so it asks about the outcome of that step (a decision
inside the branch), not the other case of the first condition, even when it is negated.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Extraction
from sopflow.capture.tree import Act, Arm, Choice

_AND_THEN = re.compile(r"[\s,]*(?:and|but)(?:\s+then)?[\s,]*\Z", re.IGNORECASE)
"""What lies between a step and the condition that follows it: ", and," / " and then "."""


def said_after_step(ex: Extraction, choice: Choice, arm: Arm) -> bool:
    """The condition of arm is said in the sentence of choice's open branch, right after a
    step of that branch and an "and"."""
    marker = arm.branch.marker or arm.branch.condition
    if marker is None or not choice.arms:
        return False
    steps = [ex.activities[n.index] for n in choice.current.body if isinstance(n, Act)]
    before = [step for step in steps if step.clause.end <= marker.start]
    if not before:
        return False
    last = max(before, key=lambda step: step.clause.end)
    sentence = ex.sentences[last.sentence]
    if not sentence.start <= marker.start < sentence.end:
        return False
    return _AND_THEN.match(ex.text[last.clause.end : marker.start]) is not None
