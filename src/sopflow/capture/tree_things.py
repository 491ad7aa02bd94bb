"""Several things done side by side in one clause: "the invoice and the delivery note are
printed in parallel", "the clerk checks the stock and the route simultaneously".

The structurer finds one verb, so one activity; the parallel marker says each thing is
worked on at the same time as the others. Each coordinated thing becomes an activity of its
own ("Print the invoice.", "Print the delivery note."), each the branch of one parallel
split that joins where the text goes on, instead of one step put beside the step before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from sopflow.capture.extraction import (
    Activity,
    Edge,
    Extraction,
    Gateway,
    Node,
    Note,
    Outcome,
    Span,
)

_SIDE_BY_SIDE = re.compile(r"in parallel|simultaneously|concurrently|at the same time", re.I)
_PASSIVE_END = re.compile(
    r"\s+(?:are|were|is|was|get|(?:will|can|must|should|may)\s+be)(?:\s+(?:then|now|also|both))*"
    r"\s*\Z",
    re.IGNORECASE,
)
"""The auxiliary that closes a passive's subject: "(the invoice and the note) are then"."""
_OPENING = re.compile(r"\s*(?:(?:then|next|afterwards|after that|now|first|finally)\b,?\s*)?", re.I)
_JOINS = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+", re.IGNORECASE)
_THING = re.compile(r"[\w'’-]+(?:\s+[\w'’-]+){0,5}")
"""A coordinated thing: a short noun phrase, no clause of its own."""
_RELATION = re.compile(
    r"\b(?:to|for|with|from|by|at|on|in|into|onto|via|about|that|which|who)\b", re.IGNORECASE
)
"""Words that tie a phrase to something else ("the letter to the bank"): the list is then
not of things alone, and "and" may join what they are tied to."""


def each_thing_apart(ex: Extraction) -> Extraction:
    """The extraction with each activity that works on several things side by side made
    one activity per thing, in a parallel gateway of its own."""
    for number, gateway in enumerate(ex.gateways):
        things = _things_side_by_side(ex, gateway)
        if things:
            ex = _split(ex, number, things)
    return ex


def _things_side_by_side(ex: Extraction, gateway: Gateway) -> list[Span]:
    """The things the one activity of a single-branch parallel gateway works on side by
    side, when its marker follows the verb in the same sentence; [] otherwise."""
    if gateway.kind != "and" or len(gateway.branches) != 1:
        return []
    branch = gateway.branches[0]
    marker = branch.marker
    if len(branch.activities) != 1 or marker is None:
        return []
    activity = ex.activities[branch.activities[0]]
    sentence = ex.sentences[activity.sentence]
    if not _SIDE_BY_SIDE.fullmatch(marker.text(ex.text).strip()):
        return []
    if not activity.verb.end <= marker.start < sentence.end:
        return []
    before = ex.text[activity.clause.start : activity.verb.start]
    passive = _PASSIVE_END.search(before)
    if passive is not None and any(o.end <= activity.verb.start for o in activity.objects):
        opening = _OPENING.match(before)
        start = activity.clause.start + (opening.end() if opening else 0)
        return _coordinated(ex.text, start, activity.clause.start + passive.start())
    if activity.actor is None and not activity.narrator:
        return []
    return _coordinated(ex.text, activity.verb.end, marker.start)


def _coordinated(text: str, start: int, end: int) -> list[Span]:
    """The phrases "A and B", "A, B and C" joins in text[start:end], when it is nothing but
    such a list of two or more short phrases; [] otherwise."""
    parts: list[Span] = []
    position = start
    for join in [*_JOINS.finditer(text, start, end), None]:
        stop = join.start() if join is not None else end
        words = text[position:stop].strip()
        if not words or _THING.fullmatch(words) is None or _RELATION.search(words):
            return []
        offset = text.index(words, position, stop)
        parts.append(Span(offset, offset + len(words)))
        position = join.end() if join is not None else end
    return parts if len(parts) >= 2 else []


def _split(ex: Extraction, number: int, things: list[Span]) -> Extraction:
    """ex with the gateway's activity made one activity per thing, the copies right after
    it (every later index moved on), and one branch of the gateway per copy."""
    gateway = ex.gateways[number]
    index = gateway.branches[0].activities[0]
    extra = len(things) - 1
    marker = gateway.branches[0].marker
    assert marker is not None
    copies = [_about(ex, ex.activities[index], thing, marker) for thing in things]

    def moved(old: int) -> int:
        return old + extra if old > index else old

    gateways = [_moved_gateway(g, moved) for g in ex.gateways]
    first = gateway.branches[0]
    gateways[number] = replace(
        gateways[number],
        branches=tuple(
            replace(first, marker=first.marker if n == 0 else None, activities=(index + n,))
            for n in range(len(things))
        ),
    )
    return replace(
        ex,
        activities=(*ex.activities[:index], *copies, *ex.activities[index + 1 :]),
        gateways=tuple(gateways),
        flow=tuple(_moved_edge(edge, moved) for edge in ex.flow),
        notes=tuple(_moved_note(note, moved) for note in ex.notes),
        outcomes=tuple(Outcome(moved(o.activity), o.label) for o in ex.outcomes),
    )


def _about(ex: Extraction, activity: Activity, thing: Span, marker: Span) -> Activity:
    """The activity done to one thing: that thing is what it acts on, and its clause stops
    before the marker (a passive keeps what follows its verb: "sent to the bank") or, for
    an active verb whose objects were the list, at the verb."""
    end = marker.start if thing.end <= activity.verb.start else activity.verb.end
    clause = Span(activity.clause.start, max(activity.verb.end, end))
    said = ex.text[clause.start : clause.end].rstrip(" ,")
    clause = Span(clause.start, clause.start + len(said))
    return replace(activity, objects=(), referent=thing, clause=clause)


def _moved_gateway(gateway: Gateway, moved: Callable[[int], int]) -> Gateway:
    branches = tuple(
        replace(b, activities=tuple(moved(i) for i in b.activities)) for b in gateway.branches
    )
    join = moved(gateway.join) if gateway.join is not None else None
    return replace(gateway, branches=branches, join=join)


def _moved_edge(edge: Edge, moved: Callable[[int], int]) -> Edge:
    def node(n: Node) -> Node:
        return replace(n, index=moved(n.index)) if n.kind == "activity" else n

    return Edge(node(edge.source), node(edge.target))


def _moved_note(note: Note, moved: Callable[[int], int]) -> Note:
    return replace(note, activity=moved(note.activity)) if note.activity is not None else note
