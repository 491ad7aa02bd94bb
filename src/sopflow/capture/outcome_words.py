"""The words of a draft's ends and purpose: an outcome named after the step that reaches
it ("reject the request" -> "Request rejected"), and the purpose from what the text says
about the process rather than its steps."""

from __future__ import annotations

import re

from sopflow.capture.extraction import Activity, Extraction
from sopflow.capture.participles import past_participle
from sopflow.capture.structure.lexicon import PREPOSITIONAL_STEPS
from sopflow.capture.wording import (
    OBJECT_CASE,
    PRONOUNS,
    instruction,
    sentence_case,
    stands_for,
    verb_phrase,
)

ON_HOLD = re.compile(r"\bon hold\b", re.IGNORECASE)
"""A step that puts the case on hold ends its branch, and its outcome says so."""


def outcome_name(ex: Extraction, activity: Activity) -> str:
    """An outcome named after an activity: "reject the request" -> "Request rejected"."""
    text = ex.text
    lemma = activity.lemma or activity.verb.text(text)
    particle = verb_phrase(ex, activity).split()[1:]  # "looked up", not "looked"
    thing = activity.objects[0] if activity.objects else activity.referent
    if thing is None:
        thing = activity.recipient_mention  # "call the customer" -> "Customer called"
    words = stands_for(ex, activity, thing) if thing is not None else ""
    if thing is None:
        words, particle = _prepositional_object(ex, activity, particle)
    if words.casefold() in PRONOUNS or words.casefold() in OBJECT_CASE.values():
        words = ""  # "Combined", not "Them combined"
    words = re.sub(r"^(?:the|a|an|this|that|their|his|her|its|our|your)\s+", "", words, flags=re.I)
    where = _rest_of_step(ex, activity) if not words else []  # "Gone home", not "Gone"
    held = ["on hold"] if ON_HOLD.search(activity.clause.text(text)) else []
    done = "informed" if lemma.casefold() == "let" else past_participle(lemma)  # "let … know"
    name = " ".join([words, done, *particle, *where, *held]).strip()
    return name[:1].upper() + name[1:]


def _rest_of_step(ex: Extraction, activity: Activity) -> list[str]:
    """The few words a step without an object says after its verb ("go home", "pay at the
    desk"), which its outcome keeps; none when they are many."""
    said = instruction(ex, activity).rstrip(".").split()
    rest = said[len(verb_phrase(ex, activity).split()) :]
    return rest if 0 < len(rest) <= 4 and said[0].casefold() != "do" else []


def _prepositional_object(
    ex: Extraction, activity: Activity, particle: list[str]
) -> tuple[str, list[str]]:
    """What a prepositional verb acts on, and its preposition after the participle: "look
    into the complaint" -> "Complaint looked into"."""
    prepositions = PREPOSITIONAL_STEPS.get(activity.lemma, frozenset())
    for detail in activity.details:
        first, _, rest = detail.text(ex.text).partition(" ")
        if first.casefold() in prepositions and rest:
            return rest, [*particle, first.casefold()]
    return "", particle


_SAYS_NOTHING = re.compile(r"\b(?:as follows|the following)\b", re.IGNORECASE)
"""A sentence that only announces what comes next: no purpose of its own."""


def purpose_text(ex: Extraction) -> str | None:
    """The SOP's purpose from what the text says about the process rather than its steps
    (`Extraction.background`); None when it says nothing of the kind."""
    parts = [
        sentence_case(span.text(ex.text))
        for span in ex.background
        if not _SAYS_NOTHING.search(span.text(ex.text))
    ]
    return " ".join(part for part in parts if part) or None
