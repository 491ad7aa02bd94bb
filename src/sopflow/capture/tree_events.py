"""Outcomes of waiting, each a branch: "When the payment arrives, the clerk books it and
closes the case. If the customer disputes the bill, the clerk checks the dispute."

A sentence opening with "when", "once" or "as soon as" says what happens on one event; when
its steps close the case and the next sentence asks a condition, the two are alternatives
after the same wait (whichever comes first), not a sequence: a case that was closed is not
taken up again by the next one. So the "when" sentence becomes one more branch of the
decision that follows, ending in its own outcome.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Branch, Extraction, Span
from sopflow.capture.structure.lexicon import CLOSING_VERBS
from sopflow.capture.tree import Act, Arm, Choice, Node
from sopflow.capture.tree_reactions import after_signal

_WHEN = re.compile(r"\s*(when|once|as soon as)\b", re.IGNORECASE)


def with_awaited(ex: Extraction, root: list[Node]) -> list[Node]:
    """The top-level sequence with each closing "when" run joined to the decision after it,
    and a last decision on a missing reaction moved to its signal (`tree_reactions`)."""
    position = 1
    while position < len(root):
        node = root[position]
        start = _closing_run(ex, root, position) if isinstance(node, Choice) else None
        if start is not None and isinstance(node, Choice):
            node.arms.append(_event_arm(ex, root[start:position]))
            del root[start:position]
            position = start
        position += 1
    return after_signal(ex, root)


def _closing_run(ex: Extraction, root: list[Node], position: int) -> int | None:
    """Where the run of steps of one "when" sentence that closes the case, right before the
    decision at position, begins (None when there is no such run)."""
    choice = root[position]
    assert isinstance(choice, Choice)
    last = root[position - 1]
    if choice.alternative or not isinstance(last, Act):
        return None
    sentence = ex.activities[last.index].sentence
    start = position - 1
    while start > 0:
        before = root[start - 1]
        if not isinstance(before, Act) or ex.activities[before.index].sentence != sentence:
            break
        start -= 1
    closing = ex.activities[last.index]
    said = ex.sentences[sentence]
    asked = ex.gateways[choice.gateway].sentence if choice.gateway >= 0 else -1
    if (
        (closing.lemma or closing.verb.text(ex.text)).casefold() not in CLOSING_VERBS
        or _WHEN.match(ex.text, said.start) is None
        or asked != sentence + 1
    ):
        return None
    return start


def _event_arm(ex: Extraction, run: list[Node]) -> Arm:
    """The branch of the "when" sentence: its event ("we receive the payment", up to the
    first comma) is the condition, and the steps after it are the branch."""
    first = run[0]
    assert isinstance(first, Act)
    activity = ex.activities[first.index]
    said = ex.sentences[activity.sentence]
    marker = _WHEN.match(ex.text, said.start)
    assert marker is not None
    comma = ex.text.find(",", marker.end(), said.end)
    end = comma if comma >= 0 else said.end
    body = list(run)
    if activity.verb.start < end and len(body) > 1:
        body = body[1:]  # the event's own verb: the condition, not a step
    start = marker.end(1)
    start += len(ex.text[start:end]) - len(ex.text[start:end].lstrip())
    condition = Span(start, end)
    branch = Branch(
        marker=Span(marker.start(1), marker.end(1)),
        condition=condition,
        activities=tuple(n.index for n in body if isinstance(n, Act)),
        label=condition.text(ex.text),
    )
    return Arm(branch, body, ends=True, sentence=activity.sentence)
