"""The nouns a text shows doing the work: roles no list knows, found by what they do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.structure.lexicon import (
    COMMUNICATION_VERBS,
    NON_PROCESS_VERBS,
    NOT_ACTOR_NOUNS,
    PROCESS_NOUNS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

PERFORMERS = "sopflow_performers"
"""Where a parsed text keeps the nouns it shows doing the work (see `mark_performers`)."""

THINGS = "sopflow_things"
"""Where a parsed text keeps the nouns it shows being ordered, repaired or delivered."""

THING_VERBS = frozenset(
    {"order", "repair", "fix", "mend", "deliver", "ship", "install", "replace", "buy"}
    | {"purchase", "service", "rent", "plug", "charge", "clean", "unpack", "assemble"}
)
"""Verbs done to things, not to people: "orders a new heater", "the printer is repaired"."""

PERFORMER_STEPS = 2
"""Steps a noun must be the subject of before it counts as a role by what it does."""


def mark_performers(doc: Doc) -> None:
    """Remember the nouns the text shows doing the work, never having work done to them.

    A role is often a word no list knows, and in a transcript it has lost the capital that
    marks a name ("the do informs the SRM" for "the DO informs the SRM"); what it does
    gives it away: the subject of several steps ("the do verifies …, the do rejects …")
    that no step acts on (things are checked, sent and filed; a role is only informed or
    asked).
    """
    acts: dict[str, int] = {}
    acted_on: set[str] = set()
    things: set[str] = set()
    for token in doc:
        if token.pos_ not in {"NOUN", "PROPN"}:
            continue
        verb = token.head
        lemma = token.lemma_.lower()
        if token.dep_ in {"dobj", "nsubjpass"} and verb.lemma_.lower() not in COMMUNICATION_VERBS:
            acted_on.add(lemma)
            if verb.lemma_.lower() in THING_VERBS and not any(
                c.dep_ in {"xcomp", "ccomp"} for c in verb.children
            ):
                things.add(lemma)  # not "orders the porter to carry the bags"
        elif (
            token.dep_ == "nsubj"
            and verb.pos_ == "VERB"
            and verb.lemma_.lower() not in NON_PROCESS_VERBS
        ):
            acts[lemma] = acts.get(lemma, 0) + 1
    doc.user_data[THINGS] = frozenset(things)
    doc.user_data[PERFORMERS] = frozenset(
        lemma
        for lemma, count in acts.items()
        if count >= PERFORMER_STEPS
        and lemma not in acted_on
        and lemma not in NOT_ACTOR_NOUNS | PROCESS_NOUNS
    )
