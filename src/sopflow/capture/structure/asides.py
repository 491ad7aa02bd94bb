"""Verbs a sentence says on the way to its step: a purpose, a means, a result, an aside.

PET marks every action a sentence mentions, and the structurer finds them all; a procedure
asks only for some of them. "... so that the shelves stay tidy" says why, "(i.e.,
airs the room)" says the step before again in detail, "using
the template, ..." says with what, "..., resulting in a plan" says what comes of it, "in
addition to checking the form, ..." recalls other work, and "wait for the parts to be
delivered" says what someone else does meanwhile. The draft keeps such verbs out of its
steps; the structurer still reports them (see `Activity.aside`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.structure.actors import is_actor
from sopflow.capture.structure.awaiting import receiver
from sopflow.capture.structure.lexicon import ERGATIVE_VERBS, words
from sopflow.capture.structure.passives import gapped_conjunct, gapped_passive

if TYPE_CHECKING:
    from spacy.tokens import Token

PURPOSE_OPENINGS = ("so that", "so as to", "in order that", "in order to")
"""Words that open a clause of purpose: what it names is why, not what to do."""

ALONGSIDE_OPENINGS = (
    "in addition to",
    "besides",
    "apart from",
    "aside from",
    "instead of",
    "rather than",
    "other than",
)
"""Prepositions whose gerund ("in addition to checking") recalls or sets aside other work."""

MEANS_VERBS = words("use using result lead")
"""Participles that say with what ("using the form") or what follows ("resulting in a plan")."""

TELLING_VERBS = words(
    "inform notify tell remind advise alert update say report confirm explain ask"
)
"""Verbs whose clause ("informs the chef that the order is ready") is what is said."""

WAITING_VERBS = words("wait await")
"""Verbs whose complement ("wait for the goods to be delivered") is someone else's work."""

RESTATING_OPENINGS = words("i.e. i.e ie e.g. e.g eg namely viz. viz")
"""Words that open a bracket saying the same thing again, or an example of it."""


def aside(verb: Token) -> str:
    """Why verb is said without being asked for ("purpose", "restated", "means",
    "alongside", "reported", "modifier", "awaited", "state"), or "" when it is work to do."""
    if _opened_by(verb, PURPOSE_OPENINGS):
        return "purpose"
    if in_restating_bracket(verb):
        return "restated"
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and _opened_by(verb, ALONGSIDE_OPENINGS):
        return "alongside"
    if _gerund_of_purpose(verb):
        return "purpose"
    if (
        verb.tag_ == "VBG"
        and verb.dep_ in {"advcl", "acl", "xcomp"}
        and verb.lemma_.lower() in MEANS_VERBS
        and not any(c.dep_ in {"nsubj", "nsubjpass", "aux"} for c in verb.children)
    ):
        return "means"
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in TELLING_VERBS and _told(verb):
        return "reported"
    if _describes_noun(verb):
        return "modifier"
    if receiver(verb) is not None:
        return ""  # "waits for the parts to be delivered": the waiter receives them
    if verb.dep_ in {"advcl", "ccomp", "xcomp", "acl", "relcl"} and _awaited(verb):
        return "awaited"
    if _thing_changing(verb):
        return "state"
    return ""


def _told(verb: Token) -> bool:
    """No semicolon parts the clause from its verb of telling: "I issue a credit note;
    otherwise I explain the charges" is two steps the parser hung one on the other."""
    low, high = sorted((verb.i, verb.head.i))
    return all(t.text != ";" for t in verb.doc[low:high])


_ALONE_WITH = frozenset({"nsubj", "aux", "neg", "punct", "cc", "conj", "mark"})
"""What a verb of a thing's own change has beside it: its subject, auxiliaries, a joined clause."""

_GOING = words("arrive leave go come return enter wait stay")
"""Verbs a person does alone: "the guest arrives" may be that guest's step."""


def _thing_changing(verb: Token) -> bool:
    """A thing's own change said with nothing else ("the light flashes", "the sauce
    thickens"): a state of the case, no one's work; drafted it reads "Flash.". A verb
    whose subject is what someone acts on ("the machine restarts") is a step on it (see
    `passives.changed_subject`)."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ not in {"NOUN", "PROPN"} or is_actor(subject):
        return False
    if gapped_conjunct(verb) or not _handled_elsewhere(subject):
        return False  # "(the form is signed) and the receipt filed": a passive
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma in ERGATIVE_VERBS or lemma in _GOING:
        return False
    if verb.tag_ == "VBN" or (
        verb.tag_ == "VB" and not any(c.dep_ == "aux" for c in verb.children)
    ):
        return False  # a participle or bare form without "must": not said of the thing's change
    if any(c.dep_ == "conj" and c.pos_ == "VERB" for c in verb.children):
        return False  # "must accept or refuse the offer": the verbs share the object
    return all(c.dep_ in _ALONE_WITH or _said_when_or_how(c) for c in verb.children)


def _handled_elsewhere(noun: Token) -> bool:
    """Whether the text works on noun's thing elsewhere ("unlocks the gate"): a thing,
    not a person whose role name the actor rules do not know ("the landlord")."""
    lemma = noun.lemma_.lower()
    return any(
        t.lemma_.lower() == lemma and t.dep_ in {"dobj", "nsubjpass", "pobj"} and t.i != noun.i
        for t in noun.doc
    )


def _said_when_or_how(child: Token) -> bool:
    """An adverb of manner or time ("loudly", "then"), not of place ("back", "home")."""
    lower = child.lower_
    return child.dep_ == "advmod" and (
        lower.endswith("ly") or lower in {"then", "again", "now", "also", "soon", "first"}
    )


def in_restating_bracket(verb: Token) -> bool:
    """A verb inside a bracket that opens with "i.e." or "e.g." ("readies the room (i.e.,
    airs it and makes the bed)"): the step before it, said in detail."""
    sentence = verb.sent
    for token in reversed(sentence[: verb.i - sentence.start]):
        if token.text == ")":
            return False
        if token.text == "(":
            following = verb.doc[token.i + 1] if token.i + 1 < len(verb.doc) else token
            return following.lower_ in RESTATING_OPENINGS
    return False


def _gerund_of_purpose(verb: Token) -> bool:
    """A gerund after "for" on a verb says what the work is for ("the bikes are serviced
    for being rented out", "the boxes are stacked for shipping"): the step is the verb it
    hangs on. After an adjective or noun ("responsible for preparing") it is the work."""
    head = verb.head
    return (
        verb.dep_ == "pcomp"
        and (
            verb.tag_ == "VBG"
            or any(c.dep_ == "auxpass" and c.tag_ == "VBG" for c in verb.children)
        )
        and head.lower_ == "for"
        and head.head.pos_ == "VERB"
    )


def _describes_noun(verb: Token) -> bool:
    """A participle right after its noun that says which one ("the sample requested", "the
    labels attached to the parcel"): a description, not a step."""
    if any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in verb.children):
        return False
    if gapped_passive(verb):
        return False  # "… and the receipt filed by the manager": a passive without "is"
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.i < verb.i:
        return True
    before = verb.doc[verb.i - 1] if verb.i else verb
    return (  # the same participle read as a past tense without a subject: "the exam requested"
        verb.dep_ == "advcl"
        and verb.tag_ in {"VBD", "VBN"}
        and before.pos_ == "NOUN"
        and before.dep_ == "pobj"
        and not any(c.dep_ in {"dobj", "prep", "agent", "prt"} for c in verb.children)
    )


def _opened_by(verb: Token, openings: tuple[str, ...]) -> bool:
    """Whether the words right before verb's clause (or, for a gerund, before the verb) end
    with one of openings."""
    start = verb.left_edge.i if verb.tag_ != "VBG" else verb.i  # not min(subtree): O(n)
    marks = [c for c in verb.children if c.dep_ in {"mark", "aux"} and c.i < verb.i]
    if marks:
        start = min(start, *(c.i for c in marks))
    before = verb.doc[max(0, start - 4) : start].text.casefold()
    inside = verb.doc[start : verb.i].text.casefold()
    return any(before.endswith(opening) or inside.startswith(opening) for opening in openings)


def _awaited(verb: Token) -> bool:
    """Whether verb's clause is what a waiting verb waits for, done by someone else: "wait
    for the parts to be delivered" (not "wait to hear the result": the one waiting does that)."""
    if not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        return False
    head = verb.head
    while head.dep_ == "prep" and head.head is not head:
        head = head.head
    return head is not verb and head.lemma_.lower() in WAITING_VERBS
