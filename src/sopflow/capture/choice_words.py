"""Words for a choice whose options the usual words cannot tell apart.

Cases that say one subject's state are asked about in one question: "the customer is new" /
"the customer is known" asks "Is the customer new or known?". A condition that only points
back ("if so", "if it is not", "if this is the case") asks what the step before found out:
"check whether the form is signed. If so, …" asks "Is the form signed?".

"The agent informs the customer about the approval of the request or informs them about its
rejection" is a choice whose options both start with "Inform": their verbs cannot tell them
apart, so the question and the labels take the words where the two steps differ
("Inform the customer about the approval or rejection of the request?": "Approval" /
"Rejection"), never "Inform" / "Inform (2)".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sopflow.capture.questions import as_question

if TYPE_CHECKING:
    from sopflow.capture.tree_words import Condition

VERBS_OF_STATE = frozenset({"is", "are", "was", "were"})
"""The verb in a shared start when the cases say one subject's state: "the invoice is paid
by" card or bank transfer; the question puts it first, as "Is the invoice …?"."""

SHORT_CASE = 5
"""Words a case may have to be asked about in one question: "new", "paid by card"."""

LABEL_LENGTH = 60
"""Characters an option label keeps, as a condition's label does."""


def _shared_ends(said: Sequence[list[str]]) -> tuple[int, int]:
    """How many words all the texts share at their start, and then at their end."""
    shortest = min(len(words) for words in said)
    head = 0
    while head < shortest and len({words[head].casefold() for words in said}) == 1:
        head += 1
    tail = 0
    while tail < shortest - head and len({words[-1 - tail].casefold() for words in said}) == 1:
        tail += 1
    return head, tail


def told_apart(instructions: Sequence[str]) -> tuple[str, list[str]] | None:
    """The question and the option labels for alternative steps, from the words that differ;
    None when a step's words are all shared with the others (nothing tells it apart)."""
    said = [text.rstrip(" .").split() for text in instructions]
    if len(said) < 2 or not all(said):
        return None
    head, tail = _shared_ends(said)
    middles = [words[head : len(words) - tail] for words in said]
    if head == 0 or not all(middles):
        return None
    first = said[0]
    question = " ".join(
        [*first[:head], " or ".join(" ".join(m) for m in middles), *first[len(first) - tail :]]
    )
    labels = [" ".join(m)[:LABEL_LENGTH].rstrip(" ,;:") for m in middles]
    return question + "?", [label[:1].upper() + label[1:] for label in labels]


def either_question(shared: Sequence[str], conditions: Sequence[Condition]) -> str | None:
    """ "Is the customer new or known?" for cases that say one subject's state ("the customer
    is new", "the customer is known"); None when they differ otherwise or at length."""
    said = [word.casefold() for word in shared]
    if not any(word in VERBS_OF_STATE for word in said[1:]) or {"not", "no"} & set(said):
        return None  # "the request is not …" asked as one question would read backwards
    rests: list[str] = []
    for condition in conditions:
        said = condition.words.rstrip(" ,.;:").split()
        if [w.casefold() for w in said[: len(shared)]] != [w.casefold() for w in shared]:
            return None
        rest = said[len(shared) :]
        if not rest or len(rest) > SHORT_CASE:
            return None
        rests.append(" ".join(rest))
    return as_question(" ".join([*shared, " or ".join(rests)]))


POINTING_BACK = frozenset(
    {"so", "not", "yes", "no", "this", "that", "it", "they", "he", "she", "there", "the"}
    | {"case", "is", "are", "was", "were", "be", "does", "do", "did", "has", "have"}
)
"""The words of a condition that says nothing of its own: "if so", "if this is the case"."""

_ASKED = re.compile(r"\b(?:whether|if)\s+(?P<asked>.+?)\.?$", re.IGNORECASE)
"""What a step finds out, in its instruction: "Check whether the form is signed."."""


def points_back(condition: str) -> bool:
    """Whether a condition only refers to what was said before it."""
    said = re.findall(r"[a-z]+", condition.casefold().replace("n't", " not"))
    return bool(said) and set(said) <= POINTING_BACK


def asked_question(instruction: str) -> str | None:
    """The question a step that finds something out asks: "Is the form signed?"."""
    match = _ASKED.search(instruction)
    return as_question(match.group("asked")) if match else None
