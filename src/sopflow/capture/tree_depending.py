"""Alternatives said to depend on something: "Depending on the score, the clerk approves the
application or rejects it."

"Depending on X" before steps joined by "or" says neither step is a case of X being true:
each step is an option of one decision, and the decision asks about X ("What is the
score?"), not whether X holds.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Branch, Extraction
from sopflow.capture.questions import as_question, plural_noun
from sopflow.capture.tree import Act, Arm, Choice
from sopflow.capture.wording import sentence_case

_DEPENDING = re.compile(r"depending\s+on|based\s+on|according\s+to", re.IGNORECASE)
_OR = re.compile(r"\bor\b", re.IGNORECASE)
_WHETHER = re.compile(r"\s*(?:whether|if)\s+(?P<rest>.+)", re.IGNORECASE)


def _depends(ex: Extraction, branch: Branch) -> bool:
    marker = branch.marker.text(ex.text) if branch.marker is not None else ""
    return branch.condition is not None and _DEPENDING.fullmatch(marker.strip()) is not None


def depends_alone(ex: Extraction, branch: Branch, skipped: set[int]) -> bool:
    """A "depending on" before a single step ("depending on its state, the agent refunds all
    or part of it"): no alternatives to choose between, so no decision; the step says it."""
    return _depends(ex, branch) and len([i for i in branch.activities if i not in skipped]) == 1


def depending_choice(
    ex: Extraction, number: int, branch: Branch, skipped: set[int]
) -> Choice | None:
    """The decision between the steps a "depending on" branch holds, when they are said as
    alternatives of one sentence ("A or B", "A, B or C"); None otherwise."""
    kept = [i for i in branch.activities if i not in skipped]
    if not _depends(ex, branch) or len(kept) < 2:
        return None
    said = [ex.activities[i] for i in kept]
    if len({activity.sentence for activity in said}) > 1:
        return None
    last, before = said[-1], said[-2]
    if _OR.search(ex.text, before.verb.end, last.verb.start) is None:
        return None
    arms = [
        Arm(
            Branch(marker=branch.marker if n == 0 else None, condition=None, activities=(i,)),
            [Act(i)],
            sentence=said[n].sentence,
        )
        for n, i in enumerate(kept)
    ]
    return Choice(number, arms, alternative=True)


def depends_whether(ex: Extraction, choice: Choice) -> bool:
    """The alternatives depend on whether something holds ("depending on whether the book
    is damaged, repair it or shelve it"): two options, the first on "Yes", the other on "No"."""
    if (
        not choice.alternative
        or len(choice.arms) != 2
        or not 0 <= choice.gateway < len(ex.gateways)
    ):
        return False
    branch = ex.gateways[choice.gateway].branches[0]
    if not _depends(ex, branch) or branch.condition is None:
        return False
    return _WHETHER.fullmatch(branch.condition.text(ex.text)) is not None


def depending_question(ex: Extraction, choice: Choice) -> str | None:
    """What a decision between alternatives asks when they depend on something: "What is
    the score?", "Is the part in stock?" for "depending on whether the part is in stock";
    None when they depend on nothing said."""
    if not choice.alternative or not 0 <= choice.gateway < len(ex.gateways):
        return None
    branch = ex.gateways[choice.gateway].branches[0]
    if not _depends(ex, branch) or branch.condition is None:
        return None
    about = " ".join(branch.condition.text(ex.text).split()).rstrip(" ,.;:")
    whether = _WHETHER.fullmatch(about)
    if whether is not None:
        return as_question(whether.group("rest"))
    last = about.split()[-1].casefold() if about else ""
    plural = plural_noun(last)
    return sentence_case(f"what {'are' if plural else 'is'} {about}").rstrip(".") + "?"
