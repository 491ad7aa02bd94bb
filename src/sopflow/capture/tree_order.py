"""Where a step goes when the text says it out of order: "Before the salaries are paid, the
manager reviews the list" names the paying first, yet it comes after the review."""

from __future__ import annotations

import re

from sopflow.capture.extraction import Extraction

_BEFORE = re.compile(r"\s*before\s*", re.IGNORECASE)
"""A clause opened by "before", said ahead of the clause it comes after."""

_BEFORE_ITS_FATE = re.compile(r"\bbefore\s*$", re.IGNORECASE)
"""What opens a clause said after the step it follows: "gets the plan for review before …"."""

_PASSIVE_PRONOUN = re.compile(
    r"(?:it|they|this|these)\s+(?:is|are|can be|will be|gets|get)\s+\w+(?:ed|en)\b",
    re.IGNORECASE,
)
"""A passive on the thing just named, by no one said: "before it is printed"."""


def position_in_order(ex: Extraction, index: int) -> int:
    """The text position an activity is taken at: its verb's, or, for a "before" clause that
    opens its sentence, just after the verb of the next activity in that sentence (the one
    it comes after: "Before sending the form, the clerk signs it" signs, then sends)."""
    activity = ex.activities[index]
    sentence = ex.sentences[activity.sentence]
    opening = ex.text[sentence.start : activity.clause.start]
    if _BEFORE_ITS_FATE.search(opening) and not _BEFORE.fullmatch(opening):
        return _after_the_review(ex, index)
    if not _BEFORE.fullmatch(opening):
        return activity.verb.start
    later = [
        other.verb.start
        for other in ex.activities[index + 1 :]
        if other.sentence == activity.sentence and other.verb.start > activity.clause.end
    ]
    return later[0] + 1 if later else activity.verb.start


def _after_the_review(ex: Extraction, index: int) -> int:
    """Where what is done to a thing "before it is printed" goes when the next sentence
    decides on it ("I get the plan for review before it is printed. Sometimes I ask for
    changes, otherwise I approve it"): after that decision, not inside the round of changes
    (changes asked for go back to the review, not to the printing)."""
    activity = ex.activities[index]
    if _PASSIVE_PRONOUN.fullmatch(activity.clause.text(ex.text).strip()) is None:
        return activity.verb.start
    decided = [
        i
        for gateway in ex.gateways
        if gateway.sentence == activity.sentence + 1
        for branch in gateway.branches
        for i in branch.activities
    ]
    if not decided:
        return activity.verb.start
    return ex.activities[max(decided)].clause.end
