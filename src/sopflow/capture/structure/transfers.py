"""Who work comes from and who it goes to: the two ends of a handoff.

"Receives the invoice from the supplier" names where the work comes from; "sends the form
to HR", "sent back to the clerk", "gives him the key" name who receives it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.structure.actors import is_actor
from sopflow.capture.structure.lexicon import MOTION_VERBS, RECEIVING_VERBS, TRANSFER_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token


def child_of(verb: Token, *deps: str) -> Token | None:
    """The first child of verb with one of the dependency roles deps."""
    return next((c for c in verb.children if c.dep_ in deps), None)


def sender(verb: Token) -> Token | None:
    """Where the work comes from: "receive the invoice from the supplier"; not where a thing
    is taken from ("export the hours from the time system")."""
    if verb.lemma_.lower() not in RECEIVING_VERBS:
        return None
    places = [verb] + [c for c in verb.children if c.dep_ == "dobj"]
    for place in places:
        for child in place.children:
            if child.dep_ == "prep" and child.lower_ == "from":
                source = child_of(child, "pobj")
                if source is not None and is_actor(source):
                    return source
    return None


def transfer_target(verb: Token) -> tuple[Token | None, Token | None]:
    """Who receives the work of a transfer verb, and the word that introduces them.

    "to X" may hang on the verb, on its object ("the vacancy to X") or on a particle
    ("sent back to X"); a dative ("give him") has no preposition.
    """
    places = [verb] + [c for c in verb.children if c.dep_ in {"dobj", "advmod", "prt"}]
    for place in places:
        for child in place.children:
            if child.dep_ in {"prep", "dative"} and child.lower_ in {"to", "with"}:
                target = child_of(child, "pobj")
                if target is not None and is_actor(target):
                    return target, child
            elif child.dep_ == "dative" and place is verb and is_actor(child):
                return child, child
    return None, None


def moved_to(verb: Token) -> tuple[Token | None, Token | None]:
    """Who a thing that moves reaches, and the word that introduces them: "(the request) goes
    to the purchase team" hands the request over; "the clerk goes to the archive" is a step."""
    subject = child_of(verb, "nsubj")
    if verb.lemma_.lower() not in MOTION_VERBS or subject is None or is_actor(subject):
        return None, None
    if subject.lower_ in {"i", "we", "you", "he", "she", "they"}:
        return None, None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in {"to", "into"}:
            target = child_of(child, "pobj")
            if target is not None and is_actor(target) and not _read_apart(target):
                return target, child
    return None, None


def _read_apart(target: Token) -> bool:
    """A role word the parser split off a longer name: "to the staff | payroll account"."""
    after = max(t.i for t in target.subtree) + 1
    return after < len(target.doc) and target.doc[after].pos_ in {"NOUN", "PROPN", "ADJ"}


def given(subject: Token, lemma: str) -> bool:
    """The subject of a passive that still has its object receives it: "a supervisor is sent
    a message", "the tenant is given a key"."""
    return (
        subject.dep_ == "nsubjpass"
        and lemma in TRANSFER_VERBS
        and any(c.dep_ == "dobj" for c in subject.head.children)
    )
