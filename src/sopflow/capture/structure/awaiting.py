"""What a role waits for that comes to it: "the clerk waits for the parts to be delivered".

The delivery is someone else's work (`asides`: "awaited"), but what it asks of the one
waiting is to take the thing in: "Receive the parts." by the clerk. The same holds for each
thing of a gapped list ("… to be delivered and the bill received").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.structure.actors import is_actor
from sopflow.capture.structure.lexicon import words
from sopflow.capture.structure.passives import gapped_conjunct, is_passive
from sopflow.capture.structure.tokens import noun_phrase

if TYPE_CHECKING:
    from spacy.tokens import Token

    from sopflow.capture.structure.activities import Found

WAITING_VERBS = words("wait await")

COMING_VERBS = words("deliver send ship return bring post mail receive arrive")
"""Verbs of a thing coming to whoever waits for it: "(wait for) the goods to arrive"."""


def _waiter(verb: Token) -> Token | None:
    """The role whose waiting verb verb's clause hangs on ("the clerk waits | for …")."""
    head = verb.head
    while head.dep_ == "prep" and head.head is not head:
        head = head.head
    if head is verb or head.lemma_.lower() not in WAITING_VERBS:
        return None
    subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    while subject is None and head.dep_ == "conj" and head.head is not head:
        head = head.head  # "(the system will generate,) send the order and wait for …"
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and is_actor(subject) else None


def _comes(verb: Token) -> bool:
    """A thing said coming, by no one named: "the parts to be delivered", "to arrive"."""
    if verb.lemma_.lower() not in COMING_VERBS:
        return False
    if any(c.dep_ in {"agent", "dobj", "prep"} for c in verb.children):
        return False
    if is_passive(verb):
        return True
    return verb.lemma_.lower() == "arrive" and any(c.dep_ == "nsubj" for c in verb.children)


def receiver(verb: Token) -> Token | None:
    """Who receives what verb says coming: the role waiting for it, or None."""
    if verb.dep_ in {"advcl", "ccomp", "xcomp"} and _comes(verb):
        return _waiter(verb)
    if gapped_conjunct(verb) and verb.lemma_.lower() in COMING_VERBS:
        first = next(
            (t for t in verb.head.subtree if t.i < verb.i and t.dep_ in {"advcl", "xcomp"}),
            None,
        )
        return receiver(first) if first is not None and is_passive(first) else None
    return None


def received(activity: Found) -> None:
    """A thing a role waits to come is that role's to receive: "Receive the parts." by
    the one waiting, what arrives the object ("the parts to arrive")."""
    waiter = receiver(activity.verb)
    if waiter is None:
        return
    activity.performer, activity.lemma = waiter, "receive"
    subject = next((c for c in activity.verb.children if c.dep_ == "nsubj"), None)
    if not activity.objects and subject is not None:
        activity.objects.append(noun_phrase(subject))
