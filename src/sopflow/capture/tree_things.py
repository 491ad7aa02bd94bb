"""Several things done side by side in one clause: "the invoice and the delivery note are
printed in parallel", "the clerk checks the stock and the route simultaneously".

The structurer finds one verb, so one activity; the parallel marker says each thing is
worked on at the same time as the others. Each coordinated thing becomes an activity of its
own ("Print the invoice.", "Print the delivery note."), each the branch of one parallel
split that joins where the text goes on, instead of one step put beside the step before.
Work named by nouns that "start in parallel" ("the design of the poster and the design of
the flyer") has no verb at all: each noun of work gives its activity ("Design the poster.").
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
from sopflow.capture.structure.nominal import NOUN_VERBS

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
    for number in range(len(ex.gateways)):
        things = _things_side_by_side(ex, ex.gateways[number])
        if things:
            ex = _split(ex, number, things)
            continue
        named = works_named(ex, ex.gateways[number])
        said = ex.gateways[number].branches[0].activities
        if named:
            at = sum(1 for a in ex.activities if a.verb.start < named[0].verb.start)
            ex = _with_activities(ex, number, at, len(said), named)
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


def _coordinated(text: str, start: int, end: int, of: bool = False) -> list[Span]:
    """The phrases "A and B", "A, B and C" joins in text[start:end], when it is nothing but
    such a list of two or more short phrases; [] otherwise."""
    parts: list[Span] = []
    position = start
    for join in [*_JOINS.finditer(text, start, end), None]:
        stop = join.start() if join is not None else end
        words = text[position:stop].strip()
        related = _RELATION.search(words.replace(" of ", " ") if of else words)
        if not words or _THING.fullmatch(words) is None or related:
            return []
        offset = text.index(words, position, stop)
        parts.append(Span(offset, offset + len(words)))
        position = join.end() if join is not None else end
    return parts if len(parts) >= 2 else []


def _split(ex: Extraction, number: int, things: list[Span]) -> Extraction:
    """ex with the gateway's activity made one activity per thing."""
    index = ex.gateways[number].branches[0].activities[0]
    marker = ex.gateways[number].branches[0].marker
    assert marker is not None
    copies = [_about(ex, ex.activities[index], thing, marker) for thing in things]
    return _with_activities(ex, number, index, 1, copies)


def _with_activities(
    ex: Extraction, number: int, at: int, removed: int, added: list[Activity]
) -> Extraction:
    """ex with the activities [at, at + removed) replaced by added (every later index moved
    on), and one branch of gateway number per added activity."""
    shift = len(added) - removed

    def moved(old: int) -> int:
        return old + shift if old >= at + removed else old

    gateways = [_moved_gateway(g, moved) for g in ex.gateways]
    first = ex.gateways[number].branches[0]
    gateways[number] = replace(
        gateways[number],
        branches=tuple(
            replace(first, marker=first.marker if n == 0 else None, activities=(at + n,))
            for n in range(len(added))
        ),
    )
    return replace(
        ex,
        activities=(*ex.activities[:at], *added, *ex.activities[at + removed :]),
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


_UNDER_WAY = re.compile(
    r"\s+(?:starts?|begins?|(?:is|are)\s+(?:then\s+)?(?:done|carried\s+out|performed|started)"
    r"|takes?\s+place|runs?|proceeds?|(?:is|are)\s+under\s*way)(?:\s+then)?\s*\Z",
    re.IGNORECASE,
)
"""What says that work named by nouns gets going: "(the cleaning and the painting) start"."""
_WORK = re.compile(r"(?:the\s+)?(?P<noun>[a-z]+)(?:\s+of\s+(?P<thing>.+))?\Z", re.IGNORECASE)
"""Work named by a noun: "the design of the poster", "the cleaning"."""


def works_named(ex: Extraction, gateway: Gateway) -> list[Activity]:
    """ "Next, the design of the poster and the design of the flyer start in parallel": a
    parallel marker with no step, after nouns of work coordinated as the subject, gives one
    activity per noun ("Design the poster."); [] when the sentence is not of that shape."""
    branch = gateway.branches[0] if len(gateway.branches) == 1 else None
    if gateway.kind != "and" or branch is None or branch.marker is None:
        return []
    marker = branch.marker
    sentence = next((s for s in ex.sentences if s.start <= marker.start < s.end), None)
    number = ex.sentences.index(sentence) if sentence is not None else -1
    if sentence is None or len(branch.activities) > 1:
        return []
    before = ex.text[sentence.start : marker.start]
    under_way = _UNDER_WAY.search(before)
    if under_way is None:
        return []
    said = [n for n, a in enumerate(ex.activities) if a.sentence == number]
    if said != list(branch.activities) or any(  # "(… of the roof) take place": no work
        ex.activities[n].verb.start < sentence.start + under_way.start() for n in said
    ):
        return []
    opening = _OPENING.match(before)
    start = sentence.start + (opening.end() if opening else 0)
    parts = _coordinated(ex.text, start, sentence.start + under_way.start(), of=True)
    found = [_work(ex, part, number) for part in parts]
    return [work for work in found if work is not None] if all(found) else []


def _work(ex: Extraction, part: Span, sentence: int) -> Activity | None:
    """The activity a noun of work names, with what its "of" names as the thing."""
    match = _WORK.fullmatch(part.text(ex.text))
    if match is None:
        return None
    noun = match.group("noun").casefold()
    lemma = _verb_of(noun, said_of=match.group("thing") is not None)
    if lemma is None:
        return None
    verb = Span(part.start + match.start("noun"), part.start + match.end("noun"))
    thing = None
    if match.group("thing") is not None:
        thing = Span(part.start + match.start("thing"), part.start + match.end("thing"))
    return Activity(verb=verb, sentence=sentence, clause=verb, lemma=lemma, referent=thing)


def _verb_of(noun: str, said_of: bool) -> str | None:
    """The verb a noun of work is made from ("preparation": "prepare", "cleaning": "clean");
    a noun with an "of" after it may be the verb itself ("the design of")."""
    if noun in NOUN_VERBS:
        return NOUN_VERBS[noun]
    if noun.endswith("ing") and len(noun) > 5:
        stem = noun[:-3]
        return stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else stem
    return noun if said_of else None


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
