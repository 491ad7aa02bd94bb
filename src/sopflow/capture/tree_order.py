"""Where a step goes when the text says it out of order: "Before the salaries are paid, the
manager reviews the list" names the paying first, yet it comes after the review."""

from __future__ import annotations

import re

from sopflow.capture.extraction import Extraction

_BEFORE = re.compile(r"\s*before\s*", re.IGNORECASE)
"""A clause opened by "before", said ahead of the clause it comes after."""


def position_in_order(ex: Extraction, index: int) -> int:
    """The text position an activity is taken at: its verb's, or, for a "before" clause that
    opens its sentence, just after the verb of the next activity in that sentence (the one
    it comes after: "Before sending the form, the clerk signs it" signs, then sends)."""
    activity = ex.activities[index]
    sentence = ex.sentences[activity.sentence]
    opening = ex.text[sentence.start : activity.clause.start]
    if not _BEFORE.fullmatch(opening):
        return activity.verb.start
    later = [
        other.verb.start
        for other in ex.activities[index + 1 :]
        if other.sentence == activity.sentence and other.verb.start > activity.clause.end
    ]
    return later[0] + 1 if later else activity.verb.start
