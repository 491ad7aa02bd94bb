"""Work given to someone: the verbs of an order are steps of the one ordered.

"The manager asks the clerk to fetch the file and to copy it": the clerk fetches and copies;
"he gives a task to the porter to carry the bags": the porter carries. Without this the
infinitives read as the asker's purpose, or as the asker's own steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.structure.actors import is_actor
from sopflow.capture.structure.lexicon import COMMUNICATION_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token

ORDERING_VERBS = frozenset(
    {"ask", "tell", "instruct", "order", "request", "remind", "direct", "require", "advise"}
    | {"invite", "urge", "encourage"}
)
"""Verbs that give someone work to do: "asks the clerk to file it"."""

ORDER_NOUNS = frozenset({"order", "instruction", "request", "task", "assignment"})
"""Nouns of work given to someone: "gives a task to the porter to carry the bags"."""


def ordered_performer(verb: Token) -> Token | None:
    """Who is given the work an infinitive names: the clerk of "asks the clerk to file it
    (and to archive it)" or of "the clerk is asked to file it", the porter of "gives a task
    to the porter to carry the bags"."""
    while verb.dep_ == "conj" and verb.head.pos_ == "VERB" and verb.head.i != verb.i:
        verb = verb.head
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return None
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in ORDERING_VERBS:
        ordered = {"dobj", "nsubjpass"}  # "asks the clerk to …", "the clerk is asked to …"
        return next((c for c in head.children if c.dep_ in ordered and is_actor(c)), None)
    if verb.dep_ == "acl" and head.lemma_.lower() in ORDER_NOUNS and head.dep_ == "dobj":
        head = head.head  # "gives [an order to fetch …]"
    elif verb.dep_ != "advcl" or not any(
        c.dep_ == "dobj" and _names_an_order(c) for c in head.children
    ):
        return None
    return _given_to(head) or next(
        (
            person
            for order in head.children
            if order.dep_ == "dobj" and _names_an_order(order)
            for person in [_given_to(order)]
            if person is not None
        ),
        None,
    )


def _names_an_order(noun: Token) -> bool:
    """An order, also as the first word of a compound: "an order form", "a work request"."""
    return noun.lemma_.lower() in ORDER_NOUNS or any(
        c.dep_ == "compound" and c.lemma_.lower() in ORDER_NOUNS for c in noun.children
    )


def _given_to(giver: Token) -> Token | None:
    """Whom a verb gives something: "gives the waiter …", "gives … to the waiter" (the
    "to" also on the order: "hands [a work order to the team] to …")."""
    for child in giver.children:
        if child.dep_ == "dative" and is_actor(child):
            return child  # "gives the waiter an order to …"
        if child.dep_ in {"dative", "prep"} and child.lower_ == "to":
            person = next((c for c in child.children if c.dep_ == "pobj"), None)
            if person is not None and is_actor(person):
                return person
    return None


def told_duty(verb: Token) -> bool:
    """A step said as what someone is told they must do: "test" of "it informs the night
    staff that they have to test the samples". The one told does it, but no other step of
    the text is theirs for it: they are the one told, not the performer of the flow around."""
    clause = verb
    while clause.dep_ in {"xcomp", "conj"} and not any(
        c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children
    ):
        clause = clause.head
    teller = clause.head
    if clause.dep_ == "relcl" and teller.dep_ in {"dobj", "dative"}:
        # "tells the team that they need to …" read as a relative clause of "the team"
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.tag_ != "PRP":
            return False
        teller = teller.head
    elif clause.dep_ != "ccomp":
        return False
    if teller.lemma_.lower() not in COMMUNICATION_VERBS:
        return False
    return any(c.dep_ in {"dobj", "dative"} and is_actor(c) for c in teller.children)
