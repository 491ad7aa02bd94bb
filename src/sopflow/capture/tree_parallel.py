"""What "in the meantime, B" runs beside: the work since B's performer last had a part in it.

"The clerk informs the warehouse. The clerk checks the order and books it. In the meantime,
the warehouse packs the goods": the warehouse can start once it is told, so the packing runs
beside the checking and the booking, not only beside the booking. When B's performer did the
step just before ("the nurse takes the sample. In the meantime, the nurse prepares the
label"), B runs beside that one step. When the text never named B's performer before, B runs
beside everything said so far at its level; when B names no performer ("in the meantime
the goods are packed"), beside the step before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sopflow.capture.extraction import Extraction
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
