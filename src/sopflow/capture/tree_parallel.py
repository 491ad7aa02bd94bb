"""What "in the meantime, B" runs beside: the work since B's performer last had a part in it.

"The clerk informs the warehouse. The clerk checks the order and books it. In the meantime,
the warehouse packs the goods": the warehouse can start once it is told, so the packing runs
beside the checking and the booking, not only beside the booking. When B's performer did the
step just before ("the nurse takes the sample. In the meantime, the nurse prepares the
label"), B runs beside that one step. When the text never named B's performer before, B runs
beside everything said so far at its level; when B names no performer ("in the meantime
the goods are packed"), beside the step before.

"The clerk books the order. She also informs the warehouse": a performer who "also" does
something, or does it "in addition to" other work, does it beside the step before, in no
order said.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sopflow.capture.extraction import Extraction, Span
from sopflow.capture.tree import Act, Choice, Loop, Node, Parallel


def acts(node: Node) -> Iterator[int]:
    """The activities a node holds, in text order."""
    if isinstance(node, Act):
        yield node.index
    elif isinstance(node, Choice):
        for arm in node.arms:
            for inner in arm.body:
                yield from acts(inner)
    elif isinstance(node, Parallel):
        for branch in node.branches:
            for inner in branch:
                yield from acts(inner)
    elif isinstance(node, Loop):
        for inner in node.body:
            yield from acts(inner)


def _involves(ex: Extraction, node: Node, actor: int) -> bool:
    """The node's work is done by actor, passed to it, or names it."""
    mentions = ex.actors[actor].mentions
    name = re.compile(rf"\b{re.escape(ex.actors[actor].name)}\b", re.IGNORECASE)
    for index in acts(node):
        activity = ex.activities[index]
        if actor in (activity.actor, activity.recipient):
            return True
        clause = activity.clause
        if any(clause.start <= m.start < clause.end for m in mentions):
            return True
        if name.search(clause.text(ex.text)):
            return True
    return False


def since_involved(ex: Extraction, body: list[Node], beside: list[Node]) -> list[Node]:
    """Takes from the end of body the nodes the branch beside runs next to, and returns them
    (the last node when beside names no performer; none when body is empty)."""
    firsts = [i for node in beside for i in acts(node)]
    actor = ex.activities[firsts[0]].actor if firsts else None
    if not body:
        return []
    if actor is None:  # "in the meantime the room is cleaned": beside the step before
        return [body.pop()]
    last = list(acts(body[-1]))
    if last and ex.activities[last[0]].actor == actor:
        return [body.pop()]
    start = len(body)
    while start > 0 and not _involves(ex, body[start - 1], actor):
        start -= 1
    taken = body[start:]
    del body[start:]
    return taken


_ALSO = re.compile(r"\balso\b", re.IGNORECASE)
_IN_ADDITION = re.compile(r"\W*(in addition to)\b", re.IGNORECASE)


def said_besides(ex: Extraction, index: int, skipped: set[int]) -> Span | None:
    """The "also" before the verb of the first step of a sentence ("she also informs …",
    "in addition to booking it, she informs …"), if there is one."""
    activity = ex.activities[index]
    sentence = ex.sentences[activity.sentence]
    if any(
        a.sentence == activity.sentence and a.verb.start < activity.verb.start
        for number, a in enumerate(ex.activities)
        if number not in skipped
    ):
        return None
    opening = _IN_ADDITION.match(ex.text, sentence.start, activity.verb.start)
    if opening is not None:
        return Span(opening.start(1), opening.end(1))
    clause = activity.clause.start  # "she also informs", not "it can also happen that she …"
    also = _ALSO.search(ex.text, min(clause, activity.verb.start), activity.verb.start)
    return Span(also.start(), also.end()) if also is not None else None


def named_in(ex: Extraction, span: Span) -> list[int]:
    """The actors a stretch of text names ("while the welder and the painter do their work")."""
    words = ex.text[span.start : span.end]
    return [
        number
        for number, actor in enumerate(ex.actors)
        if not actor.narrator
        and (
            any(span.start <= m.start < span.end for m in actor.mentions)
            or re.search(rf"\b{re.escape(actor.name)}\b", words, re.IGNORECASE) is not None
        )
    ]


def beside_named(
    ex: Extraction, body: list[Node], beside: list[Node], actors: list[int]
) -> list[Node]:
    """ "While the welder and the painter do their work, the fitter …": takes from the end of
    body the work since those actors were given it, and returns it; the steps at its end
    that pass work to the branch's own performer ("assigns it to the fitter") move to the
    head of beside. None taken when body never involved the actors."""
    starts = [
        max((n for n, node in enumerate(body) if _involves(ex, node, actor)), default=-1)
        for actor in actors
    ]
    starts = [start for start in starts if start >= 0]
    if not starts:
        return []
    start = min(starts)
    firsts = [i for node in beside for i in acts(node)]
    performer = ex.activities[firsts[0]].actor if firsts else None
    end = len(body)
    while performer is not None and end - 1 > start and _involves(ex, body[end - 1], performer):
        end -= 1
    beside[:0] = body[end:]
    taken = body[start:end]
    del body[start:]
    return taken
