"""Words the small parser misreads: verbs read as nouns ("the clerk checks and files", "the
clerk orders parts"), the IT department read as the pronoun "it", "e-mail" read as three
nouns.

The small English pipeline takes a present-tense verb after an agent noun for a plural noun
of the same noun phrase; the sentence then has no verb and its step is lost. These helpers
find such a verb and the subject it belongs to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.structure.actors import is_actor
from sopflow.capture.structure.lexicon import ACTOR_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


INITIALISMS = frozenset({"IT"})
"""Department initialisms that are an English pronoun in lower case."""


def retag_initialisms(doc: Doc) -> None:
    """ "IT sets up the laptop": the parser reads the capitals as the pronoun "it" (PRP), and
    the step loses the team that does it. Written in capitals, it names the department."""
    for token in doc:
        shouted = any(t.is_upper and t.is_alpha and len(t) > 1 for t in token.sent if t != token)
        if token.text in INITIALISMS and token.pos_ != "PROPN" and not shouted:
            token.pos_ = "PROPN"
            token.tag_ = "NNP"


def merge_letter_words(doc: Doc) -> None:
    """ "e-mail", "x-ray": the tokenizer cuts a one-letter prefix off at its hyphen and the
    parser reads the three pieces as three nouns ("notified by e | - | mail" makes "e" an
    agent); written without spaces, they are one noun."""
    spans = [
        doc[token.i : token.i + 3]
        for token in doc[: len(doc) - 2]
        if len(token) == 1
        and token.is_alpha
        and not token.whitespace_
        and doc[token.i + 1].text == "-"
        and not doc[token.i + 1].whitespace_
        and doc[token.i + 2].is_alpha
        and (token.i == 0 or doc[token.i - 1].text != "-")
    ]
    with doc.retokenize() as retokenizer:
        for span in spans:
            retokenizer.merge(span, attrs={"POS": "NOUN", "TAG": "NN"})


def named_role(subject: Token) -> bool:
    """A name after "the" ("the ACME deregisters at the bank"): a role the text names."""
    before = subject.doc[subject.i - 1] if subject.i else subject
    return subject.pos_ == "PROPN" and before.lower_ == "the"


def _agent_before(token: Token) -> Token | None:
    """The agent noun right before token, read as its compound or subject."""
    subject = next(
        (c for c in token.lefts if c.dep_ in {"compound", "nsubj"} and c.i == token.i - 1), None
    )
    if subject is None or not (is_actor(subject) or named_role(subject)):
        return None
    return subject


def misparsed_verb(token: Token) -> Token | None:
    """The subject of a present-tense verb the parser took for a plural noun, else None.

    "the clerk checks and files the invoice" read as a noun phrase "clerk checks": a root
    such noun, with an agent noun as its compound and a verb or object after it, is really
    "the clerk | checks". "the clerk orders parts" read as one noun phrase (root "parts",
    compounds "clerk" and "orders"): the middle word is the verb (`compound_object`).
    """
    if compound_object(token) is not None:
        return _agent_before(token)
    if token.dep_ != "ROOT" or token.pos_ != "NOUN" or token.tag_ != "NNS":
        return None
    subject = _agent_before(token)
    if subject is None or subject.dep_ != "compound":
        return None
    follows = any(
        c.dep_ in {"conj", "dobj", "prep", "dative"} or c.pos_ == "VERB" for c in token.rights
    )
    return subject if follows else None


def compound_object(token: Token) -> Token | None:
    """The object of a verb read as a compound between its subject and its object: "parts"
    of "the clerk orders parts" (root "parts"), else None."""
    if token.dep_ != "compound" or token.tag_ not in {"NNS", "VBZ"}:
        return None
    head = token.head
    if head.dep_ != "ROOT" or head.pos_ != "NOUN" or head.i != token.i + 1:
        return None
    if any(c.dep_ in {"det", "poss", "nummod"} and c.i > token.i for c in head.lefts):
        return None
    return head if _agent_before(token) is not None else None


def role_read_as_verb(token: Token) -> Token | None:
    """The subject of a role's head word the parser read as the verb: "lead" of "the team
    lead signs the form" (root "lead", subject "team", "signs" its object), else None. The
    verb after it is the step; the role word is none."""
    if token.pos_ != "VERB" or token.tag_ not in {"VBP", "VB"} or token.i == 0:
        return None
    if token.lower_ not in ACTOR_NOUNS:
        return None
    before = token.doc[token.i - 1]
    subject = next((c for c in token.children if c.dep_ == "nsubj" and c.i < token.i), None)
    if subject is None or before.pos_ != "NOUN" or before not in {subject, *subject.conjuncts}:
        return None
    verb_after = any(
        c.dep_ in {"xcomp", "dobj", "ccomp"} and c.pos_ == "VERB" and c.i > token.i
        for c in token.children
    )
    return subject if verb_after else None


def misread_objects(verb: Token) -> list[Token]:
    """The object of a verb the parser read as a noun, which it hung on it as an apposition
    or a bare noun adverbial:
    "each parcel" of "the clerk unpacks each parcel and sorts the books" (root "unpacks");
    only before the next verb, whose words are its own."""
    if misparsed_verb(verb) is None:
        return []
    until = min((c.i for c in verb.children if c.dep_ in {"cc", "conj"}), default=len(verb.doc))
    hung = {"appos", "npadvmod"}
    return [c for c in verb.children if c.dep_ in hung and c.pos_ == "NOUN" and c.i < until]


def after_next_verb(verb: Token, child: Token) -> bool:
    """A child of a verb read as a noun that comes after the verb joined to it: the words of
    that verb's clause, not of this one ("… and sorts the books into piles: new and old")."""
    if misparsed_verb(verb) is None:
        return False
    return any(c.dep_ == "conj" and c.i < child.i for c in verb.children)


def misread_root(token: Token) -> bool:
    """A verb the tagger took for another word, with a subject before it and an object after
    it: "I forward the report to the insurer" read with "forward" as an adverb."""
    return (
        token.dep_ == "ROOT"
        and token.pos_ in {"ADV", "ADJ", "ADP"}
        and any(c.dep_ == "nsubj" and c.i < token.i for c in token.children)
        and any(c.dep_ == "dobj" and c.i > token.i for c in token.children)
    )
