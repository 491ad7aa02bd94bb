"""Steps said as a noun: "the next step is a short demo", "the final stage is the
drafting of an offer".

The sentence has no verb of work, only "is"; a reader still takes a step from it ("Give a
short demo.", "Draft an offer."). A noun made from a verb gives that verb, with what its
"of" names as the object; a noun of an event one holds or gives ("a demo", "a meeting") gives
its usual verb and stays the object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.structure.activities import Found
from sopflow.capture.structure.tokens import noun_phrase, phrase_run

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

STAGE_NOUNS = frozenset({"step", "phase", "stage", "task", "activity"})
"""Subjects that name a part of the procedure: "the next step is …"."""

NOUN_VERBS = {
    "creation": "create",
    "preparation": "prepare",
    "evaluation": "evaluate",
    "calculation": "calculate",
    "validation": "validate",
    "confirmation": "confirm",
    "registration": "register",
    "installation": "install",
    "examination": "examine",
    "cancellation": "cancel",
    "approval": "approve",
    "review": "review",
    "payment": "pay",
    "shipment": "ship",
    "shipping": "ship",
    "delivery": "deliver",
    "assessment": "assess",
    "analysis": "analyse",
    "inspection": "inspect",
    "selection": "select",
    "collection": "collect",
    "submission": "submit",
    "production": "produce",
    "completion": "complete",
    "investigation": "investigate",
    "negotiation": "negotiate",
    "signing": "sign",
    "update": "update",
    "processing": "process",
    "purchase": "purchase",
    "booking": "book",
    "testing": "test",
    "assembly": "assemble",
    "packaging": "package",
    "reservation": "reserve",
    "distribution": "distribute",
    "allocation": "allocate",
    "acceptance": "accept",
    "rejection": "reject",
    "release": "release",
    "closure": "close",
    "archiving": "archive",
    "filing": "file",
    "entry": "enter",
    "verification": "verify",
    "notification": "notify",
    "clarification": "clarify",
    "authorization": "authorize",
    "authorisation": "authorise",
    "check": "check",
    "transfer": "transfer",
    "drafting": "draft",
    "writing": "write",
}
"""Nouns made from verbs, and the verb: "the creation of a quote" is "create a quote"."""

HELD_EVENTS = {
    "presentation": "give",
    "demonstration": "give",
    "demo": "give",
    "talk": "give",
    "lecture": "give",
    "training": "give",
    "meeting": "hold",
    "interview": "hold",
    "workshop": "hold",
    "call": "make",
}
"""Nouns of an event someone holds or gives, and the verb said with them: "give a demo"."""


def _stage_attribute(token: Token) -> bool:
    """ "(the next step) is | a demo": a noun said to be a stage of the procedure."""
    copula = token.head
    return (
        token.dep_ == "attr"
        and token.pos_ == "NOUN"
        and copula.lemma_ == "be"
        and any(c.dep_ == "nsubj" and c.lemma_.lower() in STAGE_NOUNS for c in copula.children)
        and not any(c.dep_ in {"xcomp", "neg"} for c in copula.children)
    )


def _of_object(noun: Token) -> Token | None:
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None


def _whole(noun: Token) -> list[Token]:
    """The noun's phrase with its hyphens ("a warm-up talk"), without clauses on it."""
    clauses = {t.i for c in noun.children if c.dep_ in {"relcl", "acl"} for t in c.subtree}
    return phrase_run(noun, [t for t in noun.subtree if t.i not in clauses])


def nominal_steps(doc: Doc, excluded: set[int]) -> list[Found]:
    """The steps said as nouns in doc, outside the excluded tokens (conditions)."""
    found: list[Found] = []
    for token in doc:
        if token.i in excluded or not _stage_attribute(token):
            continue
        lemma = token.lemma_.lower()
        target = _of_object(token)
        if lemma in NOUN_VERBS and target is not None:
            found.append(
                Found(
                    verb=token,
                    words=[token],
                    lemma=NOUN_VERBS[lemma],
                    objects=[noun_phrase(target)],
                )
            )
        elif lemma in HELD_EVENTS:
            copula = token.head
            found.append(
                Found(
                    verb=copula, words=[copula], lemma=HELD_EVENTS[lemma], objects=[_whole(token)]
                )
            )
    return found


def fit_nominal_clauses(found: list[Found]) -> None:
    """A noun step's words start at its object: "(the creation of) a quote"."""
    for activity in found:
        if activity.lemma and activity.objects and activity.verb.pos_ == "NOUN":
            first = activity.objects[0][0].i
            activity.clause = [t for t in activity.clause if t.i >= first] or activity.clause
