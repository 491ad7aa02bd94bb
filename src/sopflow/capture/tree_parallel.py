"""What "in the meantime, B" runs beside: the work since B's performer last had a part in it.

"The clerk informs the warehouse. The clerk checks the order and books it. In the meantime,
the warehouse packs the goods": the warehouse can start once it is told, so the packing runs
beside the checking and the booking, not only beside the booking. When B's performer did the
step just before ("the nurse takes the sample. In the meantime, the nurse prepares the
label"), B runs beside that one step. When the text never named B's performer before, B runs
beside the work of whoever worked last, since someone else did ("the clerk opens the shop.
The baker bakes the bread and fills the shelves. In the meantime, the driver loads the van":
beside the baking and the filling); when B names no performer ("in the meantime
the goods are packed"), beside the step before.

"The clerk books the order. She also informs the warehouse": a performer who "also" does
something, or does it "in addition to" other work, does it beside the step before, in no
order said.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sopflow.capture.extraction import Extraction, Gateway, Span
from sopflow.capture.tree import Act, Choice, Loop, Node, Parallel
from sopflow.capture.tree_words import Condition, complements, same_case


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


def since_involved(
    ex: Extraction, body: list[Node], beside: list[Node], at_once: bool = False
) -> list[Node]:
    """Takes from the end of body the nodes the branch beside runs next to, and returns them
    (the last node when beside names no performer, or when at_once and its performer had no
    part before; none when body is empty)."""
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
    if start == 0 and at_once:  # "at the same time, the porter …": beside the step said
        return [body.pop()]
    if start == 0:  # never named: beside the run of work of whoever worked last
        start = _last_run(ex, body)
    taken = body[start:]
    del body[start:]
    return taken


def _performer(ex: Extraction, node: Node) -> int | None:
    firsts = list(acts(node))
    return ex.activities[firsts[0]].actor if firsts else None


def _last_run(ex: Extraction, body: list[Node]) -> int:
    """Where the run of nodes at body's end done by one performer starts ("A opens the
    shop. B prepares the contract and sends it": B's two steps); 0 when the last node
    names no performer."""
    last = _performer(ex, body[-1])
    if last is None:
        return 0
    start = len(body) - 1
    while start > 0 and _performer(ex, body[start - 1]) == last:
        start -= 1
    return start


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


def named_while(ex: Extraction, gateway: Gateway) -> list[int]:
    """The actors a "while" clause with no step of its own names."""
    marker = gateway.branches[0].marker
    firsts = [ex.activities[i].verb.start for i in gateway.branches[1].activities]
    if marker is None or not firsts:
        return []
    return named_in(ex, Span(marker.end, min(firsts)))


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


def continues_split(
    ex: Extraction, body: list[Node], taken: list[Node], beside: list[Node]
) -> bool:
    """ "She books the order. She also tells the porter. The clerk sends the bill. In the
    meantime, the porter fetches the bags": the porter's work goes on in the branch of the
    split before that gave it to him, and the work said since the split (taken from body)
    goes on in its other branch. Moves beside's nodes into that split and returns True, or
    changes nothing."""
    firsts = [i for node in beside for i in acts(node)]
    actor = ex.activities[firsts[0]].actor if firsts else None
    split = body[-1] if body and taken else None
    if actor is None or not isinstance(split, Parallel) or len(split.branches) != 2:
        return False
    given = [n for n, branch in enumerate(split.branches) if _involves(ex, branch[-1], actor)]
    if len(given) != 1 or any(_involves(ex, node, actor) for node in taken):
        return False
    split.branches[given[0]].extend(beside)
    split.branches[1 - given[0]].extend(taken)
    beside.clear()
    return True


def said_before_in_sentence(ex: Extraction, body: list[Node], marker: Span | None) -> list[Node]:
    """ "The clerk checks the invoice and, at the same time, the warehouse packs the goods":
    a marker inside a sentence joins the clause after it to the one before it, so the branch
    runs beside the steps said earlier in that sentence, whoever did them. Takes those steps
    from the end of body and returns them (none when the marker opens its sentence)."""
    if marker is None:
        return []
    start = len(body)
    while start > 0:
        node = body[start - 1]
        if not isinstance(node, Act):
            break
        activity = ex.activities[node.index]
        inside = ex.sentences[activity.sentence]
        if not (inside.start <= marker.start < inside.end) or activity.verb.start > marker.start:
            break
        start -= 1
    taken = body[start:]
    del body[start:]
    return taken


def said_after(ex: Extraction, branch: list[Node], marker: Span | None) -> list[Node]:
    """ "The clerk sends the invoice and the warehouse ships the goods at the same time": a
    marker closing its sentence puts the last clause beside the ones before it. Takes those
    earlier steps from the head of branch and returns them (none when a step follows the
    marker, or the branch has a single step)."""
    if marker is None or len(branch) < 2:
        return []
    verbs = [ex.activities[i].verb.start for node in branch for i in acts(node)]
    if not verbs or max(verbs) > marker.start:
        return []
    taken = branch[:-1]
    del branch[:-1]
    return taken


def split_at_closing(ex: Extraction, branches: list[list[Node]], marker: Span | None) -> None:
    """A single branch whose marker closes its sentence becomes two (`said_after`)."""
    earlier = said_after(ex, branches[0], marker) if len(branches) == 1 else []
    if earlier:
        branches.insert(0, earlier)


_AT_ONCE = re.compile(r"at the same time|simultaneously|concurrently", re.IGNORECASE)
"""Markers of work done at the moment of the step before, not over the whole stretch since."""


def at_once(ex: Extraction, marker: Span | None) -> bool:
    """ "At the same time, …" (unlike "in the meantime, …") names the moment of the step just
    said."""
    return marker is not None and _AT_ONCE.fullmatch(marker.text(ex.text).strip()) is not None


def beside_marked(
    ex: Extraction, body: list[Node], beside: list[Node], marker: Span | None
) -> list[Node]:
    """What a branch opened by marker runs beside, taken from the end of body: the steps said
    before the marker in its sentence, else the work since the branch's performer had a part
    in it (`since_involved`)."""
    return said_before_in_sentence(ex, body, marker) or since_involved(
        ex, body, beside, at_once(ex, marker)
    )


def choice_goes_on(ex: Extraction, choice: Choice, number: int) -> bool:
    """The text comes back to the open decision right after this parallel work ("if it is
    approved, A. At the same time, B. If it is rejected, …"): the work is part of the
    branch that is open, not beside the whole decision."""
    later = ex.gateways[number + 1 : number + 2]
    if not later or choice.arms[0].branch.condition is None:
        return False
    asked = Condition(choice.arms[0].branch.condition.text(ex.text))
    said = [Condition(b.condition.text(ex.text)) for b in later[0].branches if b.condition]
    return any(complements(asked, c) or same_case(asked, c) for c in said)
