"""Who the narrator is, when the text says so: "I am the office manager", "As the claims
clerk, I …", "I work as a payroll specialist", "We are the billing team".

A walkthrough told in the first person names its performer once, if at all; the steps say
"I" and "you". The role it names is the role of those steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.structure.actors import is_actor, mention_tokens, team_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SELF = frozenset({"i", "we"})
ROLE_WORDS = frozenset({"role", "job", "position", "title", "function"})
"""Nouns of "my role is …"."""
WORKPLACES = frozenset({"in", "at", "for", "on", "with"})
"""Prepositions of "I work in / for the billing team"."""


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _role_phrase(noun: Token) -> list[Token] | None:
    """The words of a role named by noun: "the office manager"; "Anna, the office manager"
    gives the office manager, "Priya from payroll" payroll; "accounts payable clerk" read
    as a noun and its apposition."""
    appos = next((c for c in noun.children if c.dep_ == "appos" and is_actor(c)), None)
    if noun.pos_ == "PROPN" and appos is not None:
        return mention_tokens(appos)
    team = team_of(noun)  # "I'm Priya from payroll"
    if team is not None:
        return mention_tokens(team)
    if appos is not None and appos.i == noun.i + 2:
        return [t for t in noun.doc[noun.i : appos.i + 1] if not t.is_punct]
    if noun.pos_ == "NOUN" and is_actor(noun):
        return mention_tokens(noun)
    return None


def _team_on(verb: Token) -> list[Token] | None:
    """The team a "from", "in" or "at" on verb names: "(I'm Priya) from payroll"."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in {"from", "in", "at", "with"}:
            team = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if team is not None and is_actor(team):
                return mention_tokens(team)
    return None


def _stated(verb: Token) -> tuple[str, list[Token]] | None:
    """The narrator and the role a clause of verb gives them, if it gives one."""
    subject = _subject(verb)
    if subject is None:
        return None
    said = subject.lower_
    if verb.lemma_ == "be" and said in SELF | ROLE_WORDS:
        attribute = next((c for c in verb.children if c.dep_ == "attr"), None)
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        if said in ROLE_WORDS and (owner is None or owner.lower_ not in {"my", "our"}):
            return None
        role = _role_phrase(attribute) if attribute is not None else None
        if role is None and attribute is not None and attribute.pos_ == "PROPN":
            role = _team_on(verb)  # "I'm Priya from payroll" read with "from" on "'m"
        narrator = said if said in SELF else ("we" if owner and owner.lower_ == "our" else "i")
        return (narrator, role) if role else None
    if said not in SELF:
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and verb.lemma_ == "work" and prep.lower_ in WORKPLACES:
            team = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if team is not None and is_actor(team):
                return said, mention_tokens(team)  # "I work in the billing team"
        if prep.dep_ != "prep" or prep.lower_ != "as":
            continue
        if verb.lemma_ != "work" and prep.i > subject.i:
            continue  # "As the claims clerk, I …", "I work as …"; not "I file it as a copy"
        noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
        role = _role_phrase(noun) if noun is not None else None
        if role:
            return said, role
    return None


def introductions(doc: Doc) -> list[tuple[str, list[Token]]]:
    """Each place the narrator ("i" or "we") says what role they have, in text order."""
    return [stated for _, stated in _introducing(doc)]


def introducing_verbs(doc: Doc) -> set[int]:
    """The verbs the narrator says their role with ("I work as …"): no step of the process;
    "as the clerk, I register the claim" says it with a step."""
    return {verb for verb, _ in _introducing(doc) if doc[verb].lemma_ in {"be", "work"}}


def _introducing(doc: Doc) -> list[tuple[int, tuple[str, list[Token]]]]:
    found: list[tuple[int, tuple[str, list[Token]]]] = []
    for token in doc:
        if token.pos_ in {"VERB", "AUX"}:
            stated = _stated(token)
            if stated is not None:
                found.append((token.i, stated))
    return found
