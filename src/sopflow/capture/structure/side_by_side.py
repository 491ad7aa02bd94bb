"""Several things done side by side in one clause: "the invoice and the delivery note are
printed in parallel", "the clerk checks the stock and the route simultaneously".

The parser finds one verb, so one activity, and the parallel marker makes it a parallel
gateway of one branch. Each coordinated thing is worked on at the same time as the others:
the activity becomes one activity per thing ("Print the invoice.", "Print the delivery
note."), each on a branch of its own, before the flow is built from the branches. Work named
by nouns that "start in parallel" ("the design of the poster and the design of the flyer")
has no verb at all: each noun of work is an activity ("Design the poster.").

The list is read from the words, not from the parse: a small model often reads a noun of
such a list as a verb ("the packing | slip"), while the words themselves say where each
thing ends (a comma, "and", "as well as").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from sopflow.capture.structure.activities import Found
from sopflow.capture.structure.flow import GatewayPlan
from sopflow.capture.structure.gateways import Marker
from sopflow.capture.structure.lexicon import words
from sopflow.capture.structure.nominal import NOUN_VERBS
from sopflow.capture.structure.tokens import Sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SIDE_BY_SIDE = frozenset({"in parallel", "simultaneously", "concurrently", "at the same time"})
"""Markers that say the work of their clause is done at the same time, thing by thing."""
PASSIVE_AUXILIARIES = words("are were is was get")
MODALS = words("will can must should may")
"""A modal before "be" makes it a passive's auxiliary: "(the forms) must be signed"."""
BETWEEN_AUXILIARY_AND_VERB = words("then now also both")
OPENINGS = words("then next afterwards now first finally")
"""A sentence's opening adverb, before the things it names: "Then the walls and …"."""
RELATIONS = words("to for with from by at on in into onto via about that which who")
"""Words that tie a phrase to something else ("the letter to the bank"): the list is then
not of things alone, and "and" may join what they are tied to."""
MOST_WORDS = 6
"""A thing is a short noun phrase ("the new packing slip"), no clause of its own."""
_BEGUN = ("done",), ("carried", "out"), ("performed",), ("started",)
UNDER_WAY = sorted(
    {
        *((verb,) for verb in words("start starts begin begins run runs proceed proceeds")),
        *((verb, "place") for verb in ("take", "takes")),
        *(
            (be, *then, *done)
            for be in ("is", "are")
            for then in ((), ("then",))
            for done in _BEGUN
        ),
        *((be, *way) for be in ("is", "are") for way in (("under", "way"), ("underway",))),
    },
    key=lambda said: (-len(said), said),
)
"""What says that work named by nouns gets going: "(the cleaning and the painting) start"."""


def each_thing_apart(
    found: list[Found], plans: list[GatewayPlan], groups: list[list[Marker]], sentences: Sentences
) -> tuple[list[Found], list[GatewayPlan]]:
    """The activities and gateway plans with each activity that works on several things
    side by side made one activity per thing, each on a branch of its parallel gateway."""
    for number, (plan, group) in enumerate(zip(plans, groups, strict=True)):
        marker = group[0]
        if marker.kind != "and" or len(plan.branches) != 1:
            continue
        said = plan.branches[0]
        copies = _things_side_by_side(found, said, marker, sentences)
        if copies:
            found, plans = _with_activities(found, plans, number, at=said[0], added=copies)
            continue
        named = _works_named(found, said, marker, sentences)
        if named:
            at = sum(1 for item in found if _start(item) < named[0].verb.i)
            found, plans = _with_activities(found, plans, number, at=at, added=named)
    return found, plans


def _start(item: Found) -> int:
    return min(t.i for t in item.words)


def _things_side_by_side(
    found: list[Found], said: list[int], marker: Marker, sentences: Sentences
) -> list[Found]:
    """One copy of the branch's one activity per thing it works on side by side, when its
    marker follows the verb in the same sentence; [] otherwise."""
    if len(said) != 1 or " ".join(t.lower_ for t in marker.words) not in SIDE_BY_SIDE:
        return []
    item = found[said[0]]
    doc = item.verb.doc
    last = max(t.i for t in item.words)
    if not last < marker.start < sentences.range_of(item.verb)[1]:
        return []
    first = min(t.i for t in (item.clause or [item.verb]))
    auxiliary = _passive_auxiliary(doc, first, _start(item))
    if auxiliary is not None and any(max(t.i for t in o) < _start(item) for o in item.objects):
        things = _coordinated(doc[_opened(doc, first, auxiliary) : auxiliary])
        clause = _trimmed(doc[first : marker.start])
    elif item.performer is not None or item.narrator:
        things = _coordinated(doc[last + 1 : marker.start])
        clause = list(doc[first : last + 1])
    else:
        return []
    return [replace(item, objects=[], referent=thing, clause=clause) for thing in things]


def _passive_auxiliary(doc: Doc, start: int, verb: int) -> int | None:
    """Where the auxiliary that closes a passive's subject stands right before the verb,
    after a word or more of the clause: "(the invoice and the note) are then | printed"."""
    at = verb - 1
    while at > start and doc[at].lower_ in BETWEEN_AUXILIARY_AND_VERB:
        at -= 1
    if at > start and doc[at].lower_ in PASSIVE_AUXILIARIES:
        return at
    if at - 1 > start and doc[at].lower_ == "be" and doc[at - 1].lower_ in MODALS:
        return at - 1
    return None


def _opened(doc: Doc, start: int, end: int) -> int:
    """Where the clause's words start after its opening adverb ("Then, the walls …")."""
    if start < end and doc[start].lower_ in OPENINGS:
        opening = doc[start]
    elif start + 1 < end and (doc[start].lower_, doc[start + 1].lower_) == ("after", "that"):
        opening = doc[start + 1]
    else:
        return start
    after = opening.i + 1
    comma = after < end and not opening.whitespace_ and doc[after].text == ","
    return after + 1 if comma else after


def _trimmed(tokens: Iterable[Token]) -> list[Token]:
    """The tokens without the commas they end with."""
    kept = list(tokens)
    while len(kept) > 1 and kept[-1].text == ",":
        kept.pop()
    return kept


def _coordinated(tokens: Iterable[Token]) -> list[list[Token]]:
    """The phrases "A and B", "A, B and C", "A as well as B" joins, when the tokens are
    nothing but such a list of two or more short phrases; [] otherwise."""
    parts: list[list[Token]] = [[]]
    items = list(tokens)
    n = 0
    while n < len(items):
        join = _join(items, n)
        if join:
            parts.append([])
            n += join
            continue
        parts[-1].append(items[n])
        n += 1
    if len(parts) < 2 or not all(_thing(part) for part in parts):
        return []
    return parts


def _join(items: list[Token], n: int) -> int:
    """How many tokens from n join two things: ", and", ",", "and", "as well as"; 0 if none."""
    lower = [t.lower_ for t in items[n : n + 3]]
    if lower[:1] == [","]:
        return 2 if lower[1:2] == ["and"] else 1
    if lower[:1] == ["and"]:
        return 1
    return 3 if lower == ["as", "well", "as"] else 0


def _thing(part: list[Token]) -> bool:
    """A short phrase of words alone, tied to nothing else by a preposition or a relative."""
    spaced = sum(1 for t in part[:-1] if t.whitespace_)
    return (
        bool(part)
        and spaced < MOST_WORDS
        and all(_word(t.text) and t.lower_ not in RELATIONS for t in part)
    )


def _word(text: str) -> bool:
    return all(c.isalnum() or c == "_" or c in "'’-" for c in text)


def _works_named(
    found: list[Found], said: list[int], marker: Marker, sentences: Sentences
) -> list[Found]:
    """ "Next, the design of the poster and the design of the flyer start in parallel": a
    parallel marker with no step, after nouns of work coordinated as the subject, gives one
    activity per noun ("Design the poster."); [] when the sentence is not of that shape."""
    if len(said) > 1:
        return []
    doc = marker.words[0].doc
    number = sentences.of(marker.words[0])
    start = sentences.bounds[number][0]
    under_way = _under_way(doc, start, marker.start)
    if under_way is None:
        return []
    here = [n for n, item in enumerate(found) if sentences.of(item.verb) == number]
    if here != said or any(_start(found[n]) < under_way for n in here):
        return []  # "(… of the roof) take place": no work of its own
    parts = _coordinated(doc[_opened(doc, start, under_way) : under_way])
    named = [_work(part) for part in parts]
    return [work for work in named if work is not None] if all(named) else []


def _under_way(doc: Doc, start: int, end: int) -> int | None:
    """Where the words saying that work gets going stand, right before end: "start",
    "take place", "is carried out" (a "then" may follow them); None if they do not."""
    if end - 1 > start and doc[end - 1].lower_ == "then":
        end -= 1
    for said in UNDER_WAY:
        at = end - len(said)
        if at > start and tuple(t.lower_ for t in doc[at:end]) == said:
            return at
    return None


def _work(part: list[Token]) -> Found | None:
    """The activity a noun of work names, with what its "of" names as the thing: "the
    design of the poster"."""
    for at in (1, 0) if part[0].lower_ == "the" and len(part) > 1 else (0,):
        noun = part[at]
        rest = part[at + 1 :]
        if not (noun.text.isascii() and noun.text.isalpha()):
            continue
        if rest and (rest[0].lower_ != "of" or len(rest) < 2):
            continue
        lemma = _verb_of(noun.text.casefold(), said_of=bool(rest))
        if lemma is None:
            return None
        return Found(verb=noun, words=[noun], clause=[noun], lemma=lemma, referent=rest[1:])
    return None


def _verb_of(noun: str, said_of: bool) -> str | None:
    """The verb a noun of work is made from ("preparation": "prepare", "cleaning": "clean");
    a noun with an "of" after it may be the verb itself ("the design of")."""
    if noun in NOUN_VERBS:
        return NOUN_VERBS[noun]
    if noun.endswith("ing") and len(noun) > 5:
        stem = noun[:-3]
        return stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else stem
    return noun if said_of else None


def _with_activities(
    found: list[Found], plans: list[GatewayPlan], number: int, *, at: int, added: list[Found]
) -> tuple[list[Found], list[GatewayPlan]]:
    """found with the activities of plan number's one branch, from at on, replaced by
    added, and that plan one branch per added activity; later activities move on."""
    removed = len(plans[number].branches[0])
    shift = len(added) - removed

    def moved(old: int) -> int:
        return old + shift if old >= at + removed else old

    new = [
        replace(plan, branches=[[moved(a) for a in branch] for branch in plan.branches])
        for plan in plans
    ]
    new[number] = replace(new[number], branches=[[at + n] for n in range(len(added))])
    return [*found[:at], *added, *found[at + removed :]], new
