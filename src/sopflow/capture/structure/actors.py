"""Roles, teams and systems: which noun phrases perform or receive work, merged by coreference."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sopflow.capture.extraction import Actor, ActorKind, Span
from sopflow.capture.structure.lexicon import (
    ACTOR_NOUNS,
    NARRATOR_PRONOUNS,
    NOT_ACTOR_NOUNS,
    PERSONAL_PRONOUNS,
    SYSTEM_NOUNS,
    TEAM_NOUNS,
)
from sopflow.capture.structure.performers import PERFORMERS, THINGS
from sopflow.capture.structure.role_names import (
    is_person_name,
    joined,
    role_key,
    same_role,
    unit_label,
)
from sopflow.capture.structure.tokens import core_noun_phrase, span_of

if TYPE_CHECKING:
    from spacy.tokens import Token

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
"""Pronouns that refer to a person, not to a team or a system."""

AGENT_SUFFIXES = ("er", "or", "ist", "ant", "ent", "ian", "eer", "man")
"""Endings of agent nouns: "reviewer", "supervisor", "analyst", "warehouseman"."""

NOT_AGENT_SUFFIXES = ("ment", "ance", "ence")
"""Endings of things that look like agent nouns: "statement", "payment", "document"."""

PARTITIVES = frozenset({"one", "each", "any", "some", "all", "none", "either", "both", "two"})
"""Heads of "one of my colleagues", "each of the reviewers": the role is the noun after "of"."""


def partitive(head: Token) -> Token | None:
    """The role in "one of my colleagues", "each of the reviewers", else None."""
    if head.lower_ not in PARTITIVES:
        return None
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    member = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
    return member if member is not None and is_actor(member) else None


def is_actor(head: Token) -> bool:
    """Whether a noun phrase's head names someone who can do work."""
    lower = head.lower_
    if lower in PARTITIVES and head.pos_ in {"NUM", "PRON", "DET"}:
        return partitive(head) is not None
    if head.pos_ == "PRON":
        return lower in PERSONAL_PRONOUNS
    lemma = head.lemma_.lower()
    if lemma in ACTOR_NOUNS or lower in ACTOR_NOUNS:
        return True
    if head.pos_ not in {"NOUN", "PROPN"} and not _misread_number(head):
        return False
    if head.dep_ == "nsubj" and head.is_title and _labelled(head):
        return True  # "KT: Quotes/Orders sends the bill": a unit under its label
    if lemma in NOT_ACTOR_NOUNS:
        return False
    if lemma in head.doc.user_data.get(PERFORMERS, ()) or _said_who(head):
        return True  # the subject of several steps, or "…, who pays it": a role
    if head.pos_ == "PROPN" and head.dep_ in {"nsubj", "pobj", "dobj", "nsubjpass", "conj"}:
        return True  # a named organisation, person or system: "Nordwerk AG", "the CA"
    if lemma in head.doc.user_data.get(THINGS, ()):
        return False  # "orders a new heater": a thing, whatever its ending
    return (
        lemma.endswith(AGENT_SUFFIXES) and not lemma.endswith(NOT_AGENT_SUFFIXES) and len(lemma) > 4
    )


def _said_who(head: Token) -> bool:
    """A noun taking a "who" clause names people: "accounts payable, who pay it"."""
    return any(
        c.dep_ == "relcl" and any(g.lower_ in {"who", "whom"} and g.i < c.i for g in c.children)
        for c in head.children
    )


def _misread_number(head: Token) -> bool:
    """A noun the tagger read as a number: "the dispatcher" tagged like "the two"."""
    return (
        head.pos_ == "NUM"
        and not head.like_num
        and head.is_alpha
        and any(c.dep_ == "det" for c in head.children)
    )


def guessed_actor(head: Token) -> bool:
    """An actor only by its ending ("buzzer", "reviewer"): no list names it and the text
    shows it doing no work; said as an object, it is as likely a thing."""
    lemma = head.lemma_.lower()
    known = lemma in ACTOR_NOUNS or head.lower_ in ACTOR_NOUNS or head.pos_ != "NOUN"
    return not known and lemma not in head.doc.user_data.get(PERFORMERS, ())


def mention_tokens(head: Token) -> list[Token]:
    """The tokens of an actor mention: "the Facilities Office", "one of my colleagues"."""
    if head.pos_ == "PRON":
        return [head]
    return joined(_mention_tokens(head))


def _mention_tokens(head: Token) -> list[Token]:
    if head.dep_ == "compound" and head.head.i == head.i + 1:
        # the subject of a misread verb: "The clerk checks" has "The" on "checks"
        lefts = [t for t in head.head.lefts if t.i < head.i and t.dep_ in {"det", "poss", "amod"}]
        return [*lefts, *head.subtree]
    if head.dep_ == "dobj" and head.head.lemma_.lower() in TOLD_OF_VERBS:
        of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        told = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if of is not None and told is not None and not is_actor(told):  # "the tenant of the
            return [t for t in core_noun_phrase(head) if t.i < of.i]  # new rent", not "of finance"
    if _role_word_after(head):
        return [*core_noun_phrase(head), head.head]  # "the team lead" read as "team | lead"
    root = _misread_root(head)
    if root is not None:  # "The bakery | employees weigh …"
        return [*(t for t in core_noun_phrase(root) if t.i <= root.i), *core_noun_phrase(head)]
    after = [c for c in head.rights if c.dep_ == "amod" and c.i == head.i + 1]
    return [*core_noun_phrase(head), *after]  # "accounts payable": an adjective after its noun


def _misread_root(head: Token) -> Token | None:
    """The first noun of a subject the parser made the sentence's root, the rest a clause
    on it: "The bakery employees weigh the flour" read as "the bakery (that)
    employees weigh"; a clause's own subject has its own "the"."""
    clause = head.head
    root = clause.head
    if head.dep_ != "nsubj" or clause.dep_ != "relcl" or root.dep_ != "ROOT":
        return None
    if root.i != head.i - 1 or root.pos_ not in {"NOUN", "PROPN"}:
        return None
    return None if any(c.dep_ in {"det", "poss"} for c in head.children) else root


def _labelled(head: Token) -> bool:
    """Whether a capitalised noun is named under a unit's label ("KT: Quotes/Orders")."""
    return any(t.text == ":" and unit_label(t) for t in joined(core_noun_phrase(head)))


def _role_word_after(head: Token) -> bool:
    """A role's head word right after head, read as head's verb: "lead" of "the team lead"."""
    after = head.head
    return (
        head.dep_ == "nsubj"
        and after.i == head.i + 1
        and after.pos_ == "VERB"
        and after.tag_ in {"VBP", "VB"}
        and after.lower_ in ACTOR_NOUNS
    )


TOLD_OF_VERBS = frozenset({"inform", "notify", "advise", "remind", "warn", "apprise"})
"""Verbs whose "of" after the person is what they are told: "informs the tenant of the new rent"."""


def actor_kind(head: Token) -> ActorKind:
    """Whether an actor noun names a system, a team or (by default) a person."""
    lemma = head.lemma_.lower()
    if lemma in SYSTEM_NOUNS:
        return "system"
    if lemma in TEAM_NOUNS or (head.is_upper and len(head) > 1):
        return "team"
    return "person"


@dataclass
class _Group:
    name: str
    kind: ActorKind
    heads: list[Token]
    spans: list[Span]
    narrator: bool
    named: bool = False
    plain: str = ""
    """The name without a participle before its noun ("driver" of "trained driver")."""


def team_of(head: Token) -> Token | None:
    """The team a named person belongs to: "Anna from accounting", "Ben in the HR team";
    not where a named team sits ("the Planning Unit at the City Council" is the unit)."""
    if head.pos_ != "PROPN" or not head.is_title or head.lemma_.lower() in ACTOR_NOUNS:
        return None
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in {"from", "in", "at", "of"}:
            team = next((c for c in child.children if c.dep_ == "pobj"), None)
            if team is not None and is_actor(team) and not is_person_name(team):
                return team
    return None


def _bare_name(head: Token) -> bool:
    """A name said alone ("Maria"), not a named team or role ("the Planning Unit")."""
    return (
        head.pos_ == "PROPN"
        and head.is_title
        and head.lemma_.lower() not in ACTOR_NOUNS
        and not any(t.dep_ in {"det", "compound", "amod"} for t in head.lefts)
    )


PRONOUN_REACH = 2
"""How many sentences back a pronoun's antecedent may be."""


def _fit(noun: Token, pronoun: str) -> int:
    """How well noun fits as what pronoun refers to, 0 for not at all: "she" a person,
    "they" several people best, then a team or a system, then one person (a singular
    "they")."""
    kind = actor_kind(noun)
    plural = noun.tag_ in {"NNS", "NNPS"}
    if pronoun in PERSON_PRONOUNS:
        return 3 if kind == "person" and not plural else 0
    if plural:
        return 3
    return 2 if kind != "person" else 1


def _is_subject(token: Token) -> bool:
    if token.dep_ in {"nsubj", "nsubjpass"} or token.head.dep_ == "agent":
        return True
    return token.dep_ == "compound" and token.head.pos_ == "VERB"  # "Auditors act …"


def _acts(token: Token) -> bool:
    """The subject of an active verb: a noun known only by its ending ("heater", "printer")
    counts as a role only by doing something, not by having it done ("the heater is
    repaired")."""
    return _is_subject(token) and token.dep_ != "nsubjpass"


OBJECT_PRONOUNS = frozenset({"him", "her", "them"})
"""Pronouns that are never the subject of their clause, nor refer to it ("she calls her")."""


def _own_subjects(pronoun: Token, resolved: Collection[int]) -> set[int]:
    """The subject of the clause an object pronoun stands in ("the clerk sends it to her":
    the clerk), and what a pronoun subject there stands for: an object pronoun refers to
    someone else (a reflexive, "herself", would not)."""
    if pronoun.lower_ not in OBJECT_PRONOUNS:
        return set()
    verb = pronoun.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    while verb.dep_ == "conj" and not any(c.dep_ in SUBJECTS for c in verb.children):
        verb = verb.head  # "receives the claim and sends it to her"
    subjects = {c.i for c in verb.children if c.dep_ in SUBJECTS}
    for i in list(subjects):
        subject = pronoun.doc[i]
        if subject.pos_ == "PRON" and i in resolved:
            meant = antecedent(subject, resolved)
            if meant is not None:
                subjects.add(meant.i)
    return subjects


SUBJECTS = frozenset({"nsubj", "nsubjpass"})

OBJECTS = frozenset({"dobj", "dative", "pobj", "iobj"})


def _named_in_clause(pronoun: Token) -> set[str]:
    """The nouns a subject pronoun's own clause names as whom it acts on: "when they have
    mailed flyers to tenants" is not the tenants (they would be "themselves")."""
    if pronoun.dep_ not in SUBJECTS:
        return set()
    verb = pronoun.head
    named: set[str] = set()
    todo = [c for c in verb.children if c.i != pronoun.i]
    while todo:
        token = todo.pop()
        if token.dep_ in CLAUSES and token.pos_ in {"VERB", "AUX"}:
            continue  # "… which the tenants signed": another clause
        if token.dep_ in OBJECTS and token.pos_ in {"NOUN", "PROPN"}:
            named.add(token.lemma_.lower())
        todo.extend(token.children)
    return named


CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis"})
"""Dependents that start a clause of their own."""


def _chain(said: Token, best: tuple[int, int, int]) -> bool:
    """A subject pronoun said before that goes on as the subject, past a person named only
    as an object since ("she gives the form to the clerk. … Then she signs it")."""
    return best[1] == 0 and said.dep_ in SUBJECTS


def antecedent(pronoun: Token, resolved: Collection[int] = ()) -> Token | None:
    """The role a pronoun refers to: the nearest earlier subject that fits it best, else the
    nearest earlier role that does ("The clerk sends the form to the customer. She files
    it.": the clerk); the same pronoun said just before, when it was resolved."""
    lower = pronoun.lower_
    best: tuple[int, int, int] = (0, 0, 0)
    found: Token | None = None
    starts = 0
    own = _own_subjects(pronoun, resolved)
    others = _named_in_clause(pronoun)
    for i in range(pronoun.i - 1, -1, -1):
        token = pronoun.doc[i]
        if token.i in own or token.lemma_.lower() in others:
            continue  # "the clerk calls him": not the clerk
        if token.lower_ == lower and token.i in resolved and (found is None or _chain(token, best)):
            return token  # "they check the tyres, then they refill the oil"
        nominal = token.pos_ in {"NOUN", "PROPN"} and (
            token.dep_ != "compound" or token.head.pos_ == "VERB"
        )
        if nominal and is_actor(token) and (_acts(token) or not guessed_actor(token)):
            fit = _fit(token, lower)
            subject = int(_is_subject(token)) if not own else 0  # an object: the nearest
            rank = (fit, subject, -starts)
            if fit and rank[:2] > best[:2]:
                best, found = rank, token
        if token.is_sent_start:
            starts += 1
            if starts > PRONOUN_REACH:
                break
    return found


class ActorIndex:
    """Collects actor mentions in text order and merges those that refer to the same actor.

    Full noun phrases merge when one name ends with the other ("support agent" and
    "agent"); "he", "she" and "they" refer to the role before them that fits (see
    `antecedent`), and to no role when none does: a pronoun is never a role's name;
    "I"/"we"/"you" are the narrator.
    """

    def __init__(self) -> None:
        self._groups: list[_Group] = []
        self._by_token: dict[int, int] = {}
        self._last_person: int | None = None
        self._last_actor: int | None = None
        self._introduced: dict[str, tuple[str, Span, ActorKind]] = {}
        self._teams: dict[str, int] = {}
        """The team group of each person's name said with it ("Anna from accounting")."""

    def introduce(self, narrator: str, tokens: list[Token]) -> None:
        """Record the role the narrator ("i" or "we") says they have ("the office manager")."""
        head = next((t for t in tokens if t.head not in tokens or t.head == t), tokens[-1])
        role = (role_key(tokens) or head.lower_, span_of(tokens), actor_kind(head))
        self._introduced.setdefault(narrator, role)

    def _introduction(self, name: str) -> tuple[str, Span, ActorKind] | None:
        """The role of the narrator group called name: its own, else the other narrator's."""
        order = {"I": ("i", "we"), "we": ("we", "i"), "you": ("i", "we")}.get(name, ())
        return next((self._introduced[key] for key in order if key in self._introduced), None)

    def add(self, head: Token) -> int | None:
        """Register the mention headed by head; returns its actor's index (None for a
        pronoun that refers to no role found)."""
        if head.i in self._by_token:
            return self._by_token[head.i]
        tokens = mention_tokens(head)
        lower = head.lower_
        if head.pos_ == "PRON":
            found = self._pronoun_group(head, lower)
            if found is None:
                return None
            index = found
        elif (member := partitive(head) or team_of(head)) is not None:
            index = self._noun_group(member, mention_tokens(member))
            if member is not partitive(head):
                self._teams.setdefault(lower, index)  # "Anna from accounting"
        elif _bare_name(head) and lower in self._teams:
            index = self._teams[lower]  # "Anna" again: still the one from accounting
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

    def _pronoun_group(self, head: Token, lower: str) -> int | None:
        if lower in NARRATOR_PRONOUNS:
            name = "we" if lower in {"we", "us"} else ("you" if lower == "you" else "I")
            return self._find_or_new(name, "person", narrator=True)
        if lower == "who" and head.head.dep_ == "relcl" and head.head.head.i in self._by_token:
            return self._by_token[head.head.head.i]
        if lower == "who" and head.head.dep_ == "relcl" and is_actor(head.head.head):
            return self.add(head.head.head)
        found = antecedent(head, self._by_token)
        if found is not None:
            index = self.add(found)
            if index is not None and lower in PERSON_PRONOUNS and self._named(found):
                self._groups[index].named = True  # "Maria checks it. Then she …": a person
            return index
        return self._last_person if lower in PERSON_PRONOUNS else self._last_actor

    def _named(self, head: Token) -> bool:
        """A person's bare name, not one said with the team it stands for."""
        return _bare_name(head) and head.lower_ not in self._teams

    def _noun_group(self, head: Token, tokens: list[Token]) -> int:
        """The group of a noun mention. Of two names, the longer; not a name of alternatives
        ("applicant/member"), and not a participle the writer drops later ("the trained
        driver … the driver": "driver")."""
        key = role_key(tokens) or head.lower_
        plain = role_key(tokens, plain=True) or key
        for index, group in enumerate(self._groups):
            if group.narrator:
                continue
            if same_role(key, group.name):
                if key == group.plain or plain == group.name:
                    group.name = group.plain = plain
                elif len(key) > len(group.name) and ("/" not in key or "/" in group.name):
                    group.name, group.plain = key, plain
                return index
        index = self._find_or_new(key, actor_kind(head), narrator=False)
        self._groups[index].plain = plain
        self._groups[index].named = self._groups[index].named or is_person_name(head)
        return index

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
        result: list[Actor] = []
        for group in self._groups:
            introduced = self._introduction(group.name) if group.narrator else None
            result.append(
                Actor(
                    name=group.name,
                    kind=group.kind,
                    mentions=tuple(sorted(set(group.spans))),
                    narrator=group.narrator,
                    named=group.named,
                    role=introduced[0] if introduced else None,
                    role_mention=introduced[1] if introduced else None,
                    role_kind=introduced[2] if introduced else "person",
                )
            )
        return tuple(result)
