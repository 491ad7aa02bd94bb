"""A case said in a sentence of its own: "It can happen that a parcel is damaged. Then the
driver reports it to the depot."

An "if" always has its main clause, but a case said as a whole sentence ("it can happen
that …", "sometimes the lift is out of order.") names no work: the work it calls for is the
next sentence. So that sentence is the branch's body, not a step after the decision (which
would leave the decision with nothing to decide). A "whether" is left alone: "checks whether
the part is in stock. Orders it." is the check, then the decision it leaves open.
Cases said alike ("sometimes …", "sometimes …") in sentences that follow one another are
cases of one decision, as when one sentence says them all.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Extraction
from sopflow.capture.tree import Arm, Choice
from sopflow.capture.tree_words import Condition, unconditioned


def case_said_alone(ex: Extraction, stack: list[Choice], index: int) -> bool:
    """The step's sentence comes right after an open branch said with no step of its own,
    as a whole sentence: not the "or if it is not needed" at the end of a "whether"."""
    if not stack:
        return False
    arm = stack[-1].current
    marker = arm.branch.marker
    if arm.body or arm.ends or marker is None:
        return False
    if marker.text(ex.text).casefold() in _NOT_ALONE or stack[-1].alternative:
        return False
    if ex.activities[index].sentence != arm.sentence + 1:
        return False
    said = ex.sentences[arm.sentence]
    before = ex.text[said.start : marker.start]
    if arm.branch.condition is None:  # "Sometimes the heater is too old." and no step
        return _OPENING.fullmatch(before) is not None and not any(
            a.sentence == arm.sentence for a in ex.activities
        )
    after = ex.text[arm.branch.condition.end : said.end]
    return _OPENING.fullmatch(before) is not None and not any(c.isalnum() for c in after)


_NOT_ALONE = frozenset({"whether", "or", "otherwise", "else", "alternatively"})


def another_case(ex: Extraction, top: Choice, number: int, arm: Arm, said: list[Condition]) -> bool:
    """ "Sometimes A, sometimes B": cases with no condition of their own are cases of one
    decision, in one sentence or in sentences that follow one another ("Sometimes the
    valve is worn. In this case … Sometimes the heater is too old. Then …")."""
    if not unconditioned(said) or top.alternative:
        return False
    if top.gateway == number:
        return True
    words = {_marker_words(ex, a) for a in [*top.arms, arm]}
    return len(words) == 1 and "" not in words and arm.sentence - top.current.sentence <= 1


def _marker_words(ex: Extraction, arm: Arm) -> str:
    marker = arm.branch.marker
    return marker.text(ex.text).casefold() if marker is not None else ""


_OPENING = re.compile(r"\W*(?:(?:but|and|so|yet|however|also|now)\W+)*", re.IGNORECASE)
"""What may come before a case that makes a whole sentence: "But, it can happen that …"."""
