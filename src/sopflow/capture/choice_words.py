"""Words for a choice between alternative steps said with the same verb.

"The agent informs the customer about the approval of the request or informs them about its
rejection" is a choice whose options both start with "Inform": their verbs cannot tell them
apart, so the question and the labels take the words where the two steps differ
("Inform the customer about the approval or rejection of the request?": "Approval" /
"Rejection"), never "Inform" / "Inform (2)".
"""

from __future__ import annotations

from collections.abc import Sequence

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
