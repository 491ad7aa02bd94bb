"""A decision said "after" the work of one branch of the decision before it.

"If the amount is above the limit, the clerk asks the manager. If it is below, the clerk
inspects the damage. After the inspection, if the damage is minor, …" The third sentence
names, by its noun of action, the step that ends one branch ("inspects" / "the
inspection"): its decision belongs in that branch, after that step, not after both branches
join.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Branch, Extraction
from sopflow.capture.structure.lexicon import stem
from sopflow.capture.tree import Act, Arm, Choice
from sopflow.capture.tree_words import verbs_of_noun

_AFTER = re.compile(
    r"\s*(?:after|following|once)\s+(?:the|this|that|its|their|his|her)\s+(?P<noun>[a-z]+)\b",
    re.IGNORECASE,
)


def anchored_arm(
    ex: Extraction, choice: Choice | None, branch: Branch
) -> tuple[Choice, Arm] | None:
    """The one branch of choice whose last step the sentence of branch opens "after" by its
    noun of action, with choice; None when it names none, or more than one."""
    opening = branch.marker or branch.condition
    if choice is None or opening is None:
        return None
    match = _AFTER.match(ex.text, ex.sentences[ex.sentence_at(opening.start)].start)
    if match is None:
        return None
    verbs = verbs_of_noun(match.group("noun").casefold())
    named = []
    for arm in choice.arms:
        last = arm.body[-1] if arm.body else None
        if isinstance(last, Act):
            activity = ex.activities[last.index]
            lemma = (activity.lemma or activity.verb.text(ex.text)).casefold()
            if stem(lemma) in verbs:
                named.append(arm)
    return (choice, named[0]) if len(named) == 1 else None
