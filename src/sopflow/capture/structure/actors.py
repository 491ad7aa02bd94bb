"""Roles, teams and systems: which noun phrases perform or receive work, merged by coreference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sopflow.capture.extraction import Actor, ActorKind, Span
from sopflow.capture.structure.lexicon import (
    ACTOR_NOUNS,
    COMMUNICATION_VERBS,
    NARRATOR_PRONOUNS,
    NON_PROCESS_VERBS,
    NOT_ACTOR_NOUNS,
    PERSONAL_PRONOUNS,
    PROCESS_NOUNS,
    SYSTEM_NOUNS,
    TEAM_NOUNS,
)
from sopflow.capture.structure.tokens import core_noun_phrase, span_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
"""Pronouns that refer to a person, not to a team or a system."""

AGENT_SUFFIXES = ("er", "or", "ist", "ant", "ent", "ian", "eer", "man")
"""Endings of agent nouns: "reviewer", "supervisor", "analyst", "warehouseman"."""

NOT_AGENT_SUFFIXES = ("ment", "ance", "ence")
"""Endings of things that look like agent nouns: "statement", "payment", "document"."""

PERFORMERS = "sopflow_performers"
"""Where a parsed text keeps the nouns it shows doing the work (see `mark_performers`)."""

PERFORMER_STEPS = 2
"""Steps a noun must be the subject of before it counts as a role by what it does."""


def mark_performers(doc: Doc) -> None:
    """Remember the nouns the text shows doing the work, never having work done to them.

    A role is often a word no list knows, and in a transcript it has lost the capital that
    marks a name ("the go informs the MPON" for "the GO informs the MPON"); what it does
    gives it away: the subject of several steps ("the go verifies …, the go rejects …")
    that no step acts on (things are checked, sent and filed; a role is only informed or
    asked).
    """
    acts: dict[str, int] = {}
    acted_on: set[str] = set()
    for token in doc:
        if token.pos_ not in {"NOUN", "PROPN"}:
            continue
        verb = token.head
        lemma = token.lemma_.lower()
        if token.dep_ in {"dobj", "nsubjpass"} and verb.lemma_.lower() not in COMMUNICATION_VERBS:
            acted_on.add(lemma)
        elif (
            token.dep_ == "nsubj"
            and verb.pos_ == "VERB"
            and verb.lemma_.lower() not in NON_PROCESS_VERBS
        ):
            acts[lemma] = acts.get(lemma, 0) + 1
    doc.user_data[PERFORMERS] = frozenset(
        lemma
        for lemma, count in acts.items()
        if count >= PERFORMER_STEPS
        and lemma not in acted_on
        and lemma not in NOT_ACTOR_NOUNS | PROCESS_NOUNS
    )


def is_actor(head: Token) -> bool:
    """Whether a noun phrase's head names someone who can do work."""
    lower = head.lower_
    if head.pos_ == "PRON":
        return lower in PERSONAL_PRONOUNS
    lemma = head.lemma_.lower()
    if lemma in ACTOR_NOUNS or lower in ACTOR_NOUNS:
        return True
    if lemma in NOT_ACTOR_NOUNS or head.pos_ not in {"NOUN", "PROPN"}:
        return False
    if lemma in head.doc.user_data.get(PERFORMERS, ()):
        return True  # the subject of several steps: a role by what it does
    if head.pos_ == "PROPN" and head.dep_ in {"nsubj", "pobj", "dobj", "nsubjpass", "conj"}:
        return True  # a named organisation, person or system: "Assembler AG", "the GO"
    return (
        lemma.endswith(AGENT_SUFFIXES) and not lemma.endswith(NOT_AGENT_SUFFIXES) and len(lemma) > 4
    )


def mention_tokens(head: Token) -> list[Token]:
    """The tokens of an actor mention: "the Personnel Department", "one of my masters"."""
    if head.pos_ == "PRON":
        return [head]
    if head.dep_ == "compound" and head.head.i == head.i + 1:
        # the subject of a misread verb: "The clerk checks" has "The" on "checks"
        lefts = [t for t in head.head.lefts if t.i < head.i and t.dep_ in {"det", "poss", "amod"}]
        return [*lefts, *head.subtree]
    return core_noun_phrase(head)


def _kind(head: Token) -> ActorKind:
    lemma = head.lemma_.lower()
    if lemma in SYSTEM_NOUNS:
        return "system"
    if lemma in TEAM_NOUNS or (head.is_upper and len(head) > 1):
        return "team"
    return "person"


def _key(tokens: list[Token]) -> str:
    """The name a mention is merged by: its words without determiners and possessives."""
    words = [t.lower_ for t in tokens if t.pos_ not in {"DET", "PRON"} and t.dep_ != "poss"]
    return " ".join(words)


@dataclass
class _Group:
    name: str
    kind: ActorKind
    heads: list[Token]
    spans: list[Span]
    narrator: bool


class ActorIndex:
    """Collects actor mentions in text order and merges those that refer to the same actor.

    Full noun phrases merge when one name ends with the other ("support agent" and
    "agent"); "he"/"she" refer to the last person mentioned before them, "it"/"they" to the
    last role, team or system;
    "I"/"we"/"you" are the narrator.
    """

    def __init__(self) -> None:
        self._groups: list[_Group] = []
        self._by_token: dict[int, int] = {}
        self._last_person: int | None = None
        self._last_actor: int | None = None

    def add(self, head: Token) -> int:
        """Register the mention headed by head; returns its actor's index."""
        if head.i in self._by_token:
            return self._by_token[head.i]
        tokens = mention_tokens(head)
        lower = head.lower_
        if head.pos_ == "PRON":
            index = self._pronoun_group(head, lower)
        else:
            index = self._noun_group(head, tokens)
        group = self._groups[index]
        group.heads.append(head)
        group.spans.append(span_of(tokens))
        self._by_token[head.i] = index
        if not group.narrator and lower not in {"who", "it", "they", "them"}:
            self._last_actor = index
            if group.kind == "person":
                self._last_person = index
        return index

    def _pronoun_group(self, head: Token, lower: str) -> int:
        if lower in NARRATOR_PRONOUNS:
            name = "we" if lower in {"we", "us"} else ("you" if lower == "you" else "I")
            return self._find_or_new(name, "person", narrator=True)
        if lower == "who" and head.head.dep_ == "relcl" and head.head.head.i in self._by_token:
            return self._by_token[head.head.head.i]
        if lower == "who" and head.head.dep_ == "relcl" and is_actor(head.head.head):
            return self.add(head.head.head)
        antecedent = self._last_person if lower in PERSON_PRONOUNS else self._last_actor
        if antecedent is not None:
            return antecedent
        return self._find_or_new(lower, "person", narrator=False)

    def _noun_group(self, head: Token, tokens: list[Token]) -> int:
        key = _key(tokens) or head.lower_
        for index, group in enumerate(self._groups):
            if group.narrator:
                continue
            if key == group.name or key.endswith(" " + group.name):
                if len(key) > len(group.name):
                    group.name = key
                return index
            if group.name.endswith(" " + key):
                return index
        return self._find_or_new(key, _kind(head), narrator=False)

    def _find_or_new(self, name: str, kind: ActorKind, *, narrator: bool) -> int:
        for index, group in enumerate(self._groups):
            if group.name == name and group.narrator == narrator:
                return index
        self._groups.append(_Group(name, kind, [], [], narrator))
        return len(self._groups) - 1

    def narrator(self) -> int:
        """The reader addressed by an imperative ("click Save"): "you"."""
        return self._find_or_new("you", "person", narrator=True)

    def is_narrator(self, index: int) -> bool:
        """Whether the actor at index is the speaker or the reader."""
        return self._groups[index].narrator

    def mention(self, head: Token) -> Span:
        """The span of the mention headed by head (it must have been added)."""
        return span_of(mention_tokens(head))

    def actors(self) -> tuple[Actor, ...]:
        """The merged actors, each with its mentions in text order."""
        return tuple(
            Actor(
                name=group.name,
                kind=group.kind,
                mentions=tuple(sorted(set(group.spans))),
                narrator=group.narrator,
            )
            for group in self._groups
        )
