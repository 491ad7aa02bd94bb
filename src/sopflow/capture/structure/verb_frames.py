"""How a verb says its step beyond a plain object: a particle ("look up"), a preposition
("look for conflicts"), a place it goes to ("go to the dashboard"), a thing going by some
means ("small parcels go by post": sent so), "let X know", a passive after "has to" said of
the subject of "has" ("every supplier has to be approved"), or a participle said "with" its
noun ("with the oldest stock moved to the front").

Verbs that name no step alone (`lexicon.NON_PROCESS_VERBS`) are one in these frames.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.structure.actors import is_actor
from sopflow.capture.structure.lexicon import MOTION_VERBS, PREPOSITIONAL_STEPS

if TYPE_CHECKING:
    from spacy.tokens import Token


def lets_know(verb: Token) -> bool:
    """ "You let the customer know": telling someone, a step as "inform" is."""
    return verb.lemma_.lower() == "let" and any(
        c.dep_ in {"ccomp", "xcomp"} and c.lemma_.lower() == "know" for c in verb.children
    )


def told_by_let(verb: Token) -> list[Token]:
    """Who "let X know" tells: X."""
    if not lets_know(verb):
        return []
    know = next(c for c in verb.children if c.lemma_.lower() == "know")
    return [c for c in know.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]


def phrasal(verb: Token) -> bool:
    """A phrasal verb names its own action: "look up", "find out", "fill in"."""
    return any(c.dep_ == "prt" for c in verb.children)


def goes_somewhere(verb: Token) -> bool:
    """Moving work or oneself to a place is a step: "go to the dashboard", "it goes to HR"."""
    return verb.lemma_.lower() in MOTION_VERBS and any(
        (c.dep_ == "prep" and c.lower_ in {"to", "into"})
        or (c.dep_ == "advmod" and c.lower_ in PLACE_ADVERBS)
        for c in verb.children
    )


GOING_BY = frozenset({"go", "travel", "move"})
"""Verbs of a thing going on its way: not "come", said where it arrives."""


def sent_by(verb: Token) -> Token | None:
    """ "Small parcels go by post": a thing moving by some means is sent that way, a step
    on the thing ("Send small parcels by post."); the thing, or None."""
    if verb.lemma_.lower() not in GOING_BY:
        return None
    means = [
        pobj
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "by"
        for pobj in c.children
        if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN" and (_bare(pobj) or not is_actor(pobj))
    ]
    thing = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if not means or thing is None or thing.pos_ != "NOUN" or is_actor(thing):
        return None
    return thing


def _bare(noun: Token) -> bool:
    """A noun said with no determiner names a means ("by courier"), not who does it."""
    return not any(c.dep_ in {"det", "poss"} for c in noun.children)


def prepositional(verb: Token) -> bool:
    """A prepositional verb names its own action: "look for conflicts", "go through the list"."""
    prepositions = PREPOSITIONAL_STEPS.get(verb.lemma_.lower(), frozenset())
    return any(c.dep_ == "prep" and c.lower_ in prepositions for c in verb.children)


PLACE_ADVERBS = frozenset({"home", "there", "here", "outside", "inside", "upstairs", "downstairs"})
"""Adverbs that say where someone goes: "goes home"."""


def with_absolute(verb: Token) -> list[Token]:
    """ "(The goods are stored,) with the oldest stock moved to the front": the noun before
    the participle is what it acts on, not who acts."""
    if verb.dep_ not in {"advcl", "pcomp"} or verb.tag_ not in {"VBN", "VBD"}:
        return []
    marks = [*verb.children, verb.head] if verb.dep_ == "pcomp" else list(verb.children)
    if not any(m.dep_ in {"mark", "prep"} and m.lower_ == "with" for m in marks):
        return []
    return [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}]


def raised_subject(verb: Token) -> list[Token]:
    """ "Every new supplier has to be approved": a passive after "has to", "needs to", is
    said of the subject of the verb it hangs on."""
    if verb.dep_ != "xcomp" or not any(c.dep_ == "auxpass" for c in verb.children):
        return []
    return [c for c in verb.head.children if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}]
