"""Passives: which verbs are in the passive voice and who their "by" names.

Apart from the steps' other rules because three kinds need telling apart ("the claim is
checked by the clerk", the second participle of "is recorded and checked by the clerk", the
gapped "and the receipt filed by the manager"), and the instruction leaves each one's
performer out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sopflow.capture.structure.actors import is_actor
from sopflow.capture.structure.lexicon import ERGATIVE_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token


def _child(verb: Token, *deps: str) -> Token | None:
    return next((child for child in verb.children if child.dep_ in deps), None)


def is_passive(verb: Token) -> bool:
    """Whether verb is in the passive voice ("is checked")."""
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)


def shared_passive(verb: Token) -> bool:
    """The second participle of "the form is checked and stamped by the office", which
    shares the first one's "is": a passive too, so its "by" names the performer. A
    participle the parser tagged as a past tense ("is searched and put in a folder") counts
    when it has no subject of its own."""
    if verb.dep_ != "conj" or not is_passive(verb.head):
        return False
    own_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)
    return verb.tag_ == "VBN" or (verb.tag_ == "VBD" and not own_subject)


PLACE_PARTICLES = frozenset({"in", "into", "on", "onto"})


def place_read_as_particle(verb: Token) -> Token | None:
    """The "in" of "(the letter is printed and) put in an envelope", which the parser reads
    as a particle with "an envelope" as the object; a participle of a passive acts on its
    subject, so "in an envelope" is where it goes."""
    if not (is_passive(verb) or shared_passive(verb)):
        return None
    if not any(c.dep_ == "dobj" and c.i > verb.i + 1 for c in verb.children):
        return None
    return next(
        (
            c
            for c in verb.children
            if c.dep_ == "prt" and c.lower_ in PLACE_PARTICLES and c.i == verb.i + 1
        ),
        None,
    )


def changed_subject(verb: Token) -> Token | None:
    """The thing a verb of change said without an object acts on: "the machine must
    restart" reads as a passive without "be" (someone restarts the machine), so its
    subject is the step's object, as a passive's is ("Restart the machine.")."""
    if verb.lemma_.lower() not in ERGATIVE_VERBS or is_passive(verb) or gapped_conjunct(verb):
        return None
    if any(c.dep_ in {"dobj", "prt", "xcomp", "ccomp", "agent"} for c in verb.children):
        return None
    subject = _child(verb, "nsubj")
    if subject is None or subject.pos_ not in {"NOUN", "PROPN"} or is_actor(subject):
        return None
    return subject


def subject_acted_on(verb: Token) -> Token | None:
    """A subject that is what its verb acts on: of a gapped passive ("and the receipt
    filed") or of a verb of change ("the machine restarts")."""
    if gapped_conjunct(verb):
        return _child(verb, "nsubj")
    return changed_subject(verb)


def gapped_conjunct(verb: Token) -> bool:
    """The second passive of "the form is signed and the receipt filed", said without
    its "is": a participle with a thing as its subject and no auxiliary, joined to a
    clause said in the passive ("waits for the parts to be delivered and the bill
    received"). Its subject is what it acts on, as a passive's is."""
    if verb.dep_ != "conj" or verb.tag_ not in {"VBN", "VBD"}:
        return False
    if any(c.dep_ in {"aux", "auxpass", "dobj", "nsubjpass"} for c in verb.children):
        return False
    subject = _child(verb, "nsubj")
    if subject is None or subject.pos_ not in {"NOUN", "PROPN"} or is_actor(subject):
        return False
    first = verb.head
    return is_passive(first) or any(
        is_passive(t) for t in first.subtree if t.i < subject.i and t.pos_ == "VERB"
    )


def gapped_passive(verb: Token) -> bool:
    """The second passive of "the form is signed by the clerk and the receipt filed by the
    manager", said without its "is": the parser hangs the participle on its noun, which it
    joins to the first passive's agent, or to the first passive itself when that has none."""
    noun = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or noun.dep_ != "conj":
        return False
    agent = _child(verb, "agent")
    if agent is None or _child(agent, "pobj") is None:
        return False
    if is_passive(noun.head) and noun.head.pos_ in {"VERB", "AUX"}:
        return True  # "the form is signed and the receipt filed by the manager"
    first = noun
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    return first.dep_ == "pobj" and first.head.dep_ == "agent" and is_passive(first.head.head)


_DEADLINE = re.compile(
    r"^by\s+(?:\d{1,2}(?:\s?[:.]\s?\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|o'clock|h)?|noon|midday|"
    r"midnight|tomorrow|tonight|(?:next\s+|this\s+)?(?:monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|week|month|year)|the\s+(?:end|close|start)\s+of\b.*|"
    r"the\s+\d{1,2}(?:st|nd|rd|th)\b.*|(?:the\s+)?(?:deadline|due date)\b.*)$",
    re.IGNORECASE,
)
"""A "by" of when, not of whom: "must be finished by 4 pm", "is paid by the 5th"."""


_MEANS = re.compile(
    r"^by\s+(?:(?:e-?mail|mail|post|letter|phone|telephone|fax|sms|text(?: message)?|"
    r"courier|hand|registered mail|video call|chat|bank transfer|card|cheque|check)s?)$",
    re.IGNORECASE,
)
"""How something is done, not who does it: "notified by e-mail", "paid by card"."""


def _deadline(agent: Token) -> bool:
    """When or how, not who: "by noon", "by the end of the day", "by e-mail"."""
    said = " ".join(t.text for t in agent.subtree)
    return _DEADLINE.match(said) is not None or _MEANS.match(said) is not None


def passive_agent(verb: Token) -> Token | None:
    """The "by" of a passive's performer: its agent, or a "by" with a role the parser hung on
    a phrase before it ("swept at the end of each shift by the night crew"); a deadline ("by
    noon") names no performer."""
    agents = [c for c in verb.children if c.dep_ == "agent" and not _deadline(c)]
    if agents:
        return agents[0] if _child(agents[0], "pobj") is not None else None
    for child in verb.rights:
        if child.dep_ != "prep":
            continue
        for token in child.subtree:
            pobj = _child(token, "pobj") if token.lower_ == "by" and token.dep_ == "prep" else None
            if pobj is not None and is_actor(pobj):
                return token
    return None


def agent_words(agent: Token) -> list[Token]:
    """A passive's "by the supervisor of the team requesting it", without a place or tool
    said after it ("by the agent | in Shopify"), which belongs to the step; with the
    performers it offers instead ("either by the clerk or by the manager")."""
    performer = _child(agent, "pobj")
    if performer is None:
        return [agent]
    words = [child for child in agent.children if child.dep_ in {"preconj", "cc"}]
    for child in agent.children:
        if child.dep_ == "conj" and child.lower_ == "by":
            words += agent_words(child)
    return sorted([*words, *_performer_words(agent, performer)], key=lambda token: token.i)


def _performer_words(agent: Token, performer: Token) -> list[Token]:
    """The words of one "by …" performer, without the places said after it."""
    places = {
        t.i
        for child in performer.children
        if (child.dep_ == "prep" and child.lower_ != "of")
        or (child.dep_ in {"conj", "cc"} and _gapped_from(child))
        for t in child.subtree
    }
    return [agent, *(t for t in performer.subtree if t.i not in places)]


def _gapped_from(token: Token) -> bool:
    """Whether token starts the second passive of a gapped pair ("… by the clerk | and the
    receipt filed by the manager"), not a second agent."""
    if token.dep_ == "cc":
        return any(_gapped_from(c) for c in token.head.children if c.dep_ == "conj")
    return any(gapped_passive(c) for c in token.children)
