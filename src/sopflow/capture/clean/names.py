"""People's names, found by the installed spaCy pipeline's named-entity recogniser.

A procedure names functions ("the clerk", "the HR coordinator"), not the people who held
them on the day of the recording, so names are redacted as `[PERSON]` unless a user keeps
them. The recogniser's PERSON entities are taken with three corrections: a role said with
capitals ("the Finance Manager") is not a person, nor is a product used as a tool ("log in
to Salesforce", "in HubSpot"), and once a name is found every other mention of it, and of
its surname or first name alone, is redacted too, so that no mention the recogniser missed
gives the name away.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sopflow.capture.structure.lexicon import ACTOR_NOUNS, words
from sopflow.capture.timeline import Utterance
from sopflow.errors import SopflowError

if TYPE_CHECKING:
    from spacy.language import Language

Span = tuple[int, int]
NameFinder = Callable[[str], Iterator[Span]]
"""Spans of people's names in a text."""

ROLE_WORDS = ACTOR_NOUNS | words(
    "coordinator director supervisor lead controller executive president chair treasurer "
    "receptionist operator planner dispatcher recruiter advisor adviser consultant "
    "architect designer editor approver processor handler caller narrator speaker host "
    "interviewer interviewee moderator presenter trainer trainee intern contractor"
)
"""Head words of roles: an entity ending in one is a function, not a person."""

_BEFORE_ROLE = re.compile(r"\b(?:the|a|an|our|your|their|its|this|that|each|every)\s+$", re.I)
_BEFORE_TOOL = re.compile(
    r"\b(?:in|into|on|onto|via|using|through|(?:log|sign)(?:s|ged|ed)?\s+(?:in|on)(?:\s*to)?"
    r"|opens?|opened|launch(?:es|ed)?)\s+(?:the\s+)?$",
    re.I,
)
"""Words before a tool or product: "in Salesforce", "log in to Zendesk", "open Stripe"."""

_CAMEL = re.compile(r"^(?!Mc|Mac|De|Di|Da|Du|Le|La|Van|Von|O')[A-Za-z]+[a-z][A-Z]")
"""A capital inside a word marks a product ("HubSpot", "QuickBooks"), not a surname
("McDonald", "DeLuca")."""

NOT_PEOPLE = frozenset({"ORG", "PRODUCT"})
"""Entity labels that, given to a name anywhere in the text, say it is not a person's."""

UNUSED_COMPONENTS = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer"]
"""Components of a pipeline the recogniser does not need."""

_LOOKBACK = 40
"""Characters before a mention in which its context words are looked for."""


def load_name_recogniser(name: str) -> Language:
    """The named-entity recogniser of the installed spaCy pipeline `name`, alone (plus the
    embedding layer it listens to, if it shares one); never downloads."""
    import spacy

    try:
        nlp = spacy.load(name, exclude=UNUSED_COMPONENTS)
    except OSError as error:
        raise SopflowError(
            f"spaCy pipeline {name!r} is not installed: install it as a package or set "
            "SOPFLOW_SPACY_MODEL to an installed pipeline's name or folder"
        ) from error
    if "ner" not in nlp.pipe_names:
        raise SopflowError(
            f"spaCy pipeline {name!r} has no named-entity recogniser to find people's names "
            "with: set SOPFLOW_KEEP_NAMES=1 or choose a pipeline that has one"
        )
    if "tok2vec" in nlp.pipe_names:
        shared: Any = nlp.get_pipe("tok2vec")
        if "ner" not in shared.listening_components:
            nlp.remove_pipe("tok2vec")  # the recogniser has an embedding layer of its own
    return nlp


def is_role(name: str) -> bool:
    """Whether an entity's words name a function: "Finance Manager", "HR Coordinator"."""
    last = name.rsplit(maxsplit=1)[-1].casefold().strip(".'’s")
    return last in ROLE_WORDS


def _before(text: str, start: int) -> str:
    return text[max(start - _LOOKBACK, 0) : start]


def is_person_mention(text: str, start: int, end: int) -> bool:
    """Whether the PERSON entity at text[start:end] is a person in its context: not a role,
    not a product's name, not used as a tool (unless it owns something: "on Anna's desk")."""
    name = text[start:end]
    before = _before(text, start)
    if is_role(name) or _BEFORE_ROLE.search(before):
        return False
    if any(_CAMEL.match(part) for part in name.split()):
        return False
    return bool(re.match(r"['’]s\b", text[end:])) or not _BEFORE_TOOL.search(before)


def person_finder(nlp: Language, known: Iterable[str] = ()) -> NameFinder:
    """A finder of the names nlp's recogniser marks PERSON in a text, corrected as above,
    and of the `known` names (the speakers), wherever they are mentioned.

    A name the recogniser also gives as an organisation or a product, or finds used as a
    tool, is kept everywhere: one text calls one thing by one name.
    """
    given = frozenset(name for name in known if name.strip())

    def find(text: str) -> Iterator[Span]:
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        doc = nlp(text)
        tools = {ent.text for ent in doc.ents if ent.label_ in NOT_PEOPLE}
        found: set[str] = set()
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                person = is_person_mention(text, ent.start_char, ent.end_char)
                (found if person else tools).add(ent.text)
        yield from mentions(text, (found - tools) | given)

    return find


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:\n"


def mentions(text: str, names: Iterable[str]) -> Iterator[Span]:
    """Every mention of the names in text: each whole name, and each of its words of three
    letters or more alone when it is capitalised and not the first word of a sentence
    ("Berg will sign" after "Anna Berg"; but not "Will" of "Will Smith" opening a question)."""
    full = sorted({name.strip() for name in names}, key=len, reverse=True)
    parts = {
        part
        for name in full
        for part in name.split()
        if len(part) >= 3 and part[:1].isupper() and part.casefold() not in ROLE_WORDS
    }
    whole = [
        match.span()
        for name in full
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    ]
    yield from whole
    for part in sorted(parts - set(full)):
        for match in re.finditer(rf"(?<!\w){re.escape(part)}(?!\w)", text):
            inside = any(start <= match.start() < end for start, end in whole)
            if not inside and not _sentence_start(text, match.start()):
                yield match.span()


def speaker_aliases(utterances: Iterable[Utterance]) -> dict[str, str]:
    """ "Speaker 1", "Speaker 2"... for each speaker named as a person, in order of first turn;
    a speaker named by a function ("Agent", "Support lead") keeps its name."""
    aliases: dict[str, str] = {}
    for utterance in utterances:
        speaker = utterance.speaker
        if speaker and speaker not in aliases and not is_role(speaker):
            aliases[speaker] = f"Speaker {len(aliases) + 1}"
    return aliases


def without_speaker_names(
    utterances: tuple[Utterance, ...], aliases: dict[str, str]
) -> tuple[Utterance, ...]:
    """The utterances with each person speaker replaced by their alias."""
    return tuple(
        replace(u, speaker=aliases[u.speaker]) if u.speaker in aliases else u for u in utterances
    )
