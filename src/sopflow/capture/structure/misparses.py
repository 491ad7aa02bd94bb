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
        if token.text not in INITIALISMS or token.pos_ == "PROPN":
            continue
        shouted = any(t.is_upper and t.is_alpha and len(t) > 1 for t in token.sent if t != token)
        if not shouted:  # a sentence written in capitals says nothing by its capitals
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
    if token.dep_ not in {"ROOT", "relcl"} or token.pos_ != "NOUN" or token.tag_ != "NNS":
        return None
    subject = _agent_before(token)
    if subject is None or subject.dep_ != "compound":
        return None
    if token.dep_ == "relcl":  # "a fix, which support installs": the pronoun is its object
        return subject if relative_pronoun(token) is not None else None
    follows = any(
        c.dep_ in {"conj", "dobj", "prep", "dative"} or c.pos_ == "VERB" for c in token.rights
    )
    return subject if follows else None


def relative_pronoun(verb: Token) -> Token | None:
    """The relative pronoun a relative clause opens with ("which" of "which the team
    installs"), else None."""
    opener = verb.doc[verb.left_edge.i]
    if opener.lower_ in {"which", "that", "whom"} and opener.head == verb:
        return opener
    return None


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


def noun_read_as_verb(token: Token) -> bool:
    """A noun the tagger took for a verb joined to the clause's verb: "should prepare the
    forms for the spouse and offspring" read with "offspring" as a second verb. Verbs joined
    under one modal share its base form; a present tense (VBP) without a subject of its own,
    right after "and" after a noun, with no object, is no verb of that clause but the last
    of the nouns before it."""
    head = token.head
    if token.dep_ != "conj" or token.tag_ != "VBP" or head.tag_ != "VB" or token.i < 2:
        return False
    if not any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children):
        return False
    if any(c.dep_ not in {"advmod", "punct"} for c in token.children):
        return False
    before = token.doc[token.i - 1]
    return before.dep_ == "cc" and token.doc[token.i - 2].pos_ in {"NOUN", "PROPN"}


def misread_root(token: Token) -> bool:
    """A verb the tagger took for another word, with a subject before it and an object after
    it: "I forward the report to the insurer" read with "forward" as an adverb."""
    return (
        token.dep_ == "ROOT"
        and token.pos_ in {"ADV", "ADJ", "ADP"}
        and any(c.dep_ == "nsubj" and c.i < token.i for c in token.children)
        and any(c.dep_ == "dobj" and c.i > token.i for c in token.children)
    )


DEPARTMENT_WORDS = frozenset(
    {"finance", "legal", "compliance", "sales", "marketing", "procurement", "purchasing"}
    | {"hr", "it", "accounting", "payroll", "billing", "logistics"}
)
"""Departments named without a determiner, as the subject of their own clause: "finance
creates the account"."""


def split_department_clauses(doc: Doc) -> None:
    """ "compliance approves the vendor and finance creates an account": the parser reads
    "the vendor and finance" as the subject of "creates" (or "legal reviews" as a noun
    phrase), and the first step loses its object to a role. A department word without a
    determiner after "and", with a verb after it, starts a clause of its own; so does a
    role said without one before a verb ("… to the clerk or clerk has a doubt")."""
    for token in doc:
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        before = doc[token.i - 1] if token.i else None
        if (
            after is None
            or before is None
            or before.lower_ not in {"and", "or"}
            or (token.lower_ == "it" and token.text != "IT")
            or not (_bare_department(token, after) or _bare_role(token, after))
        ):
            continue
        first = _verb_before(before)
        if first is not None:
            _own_clause(token, after, before, first)


OBJECT_OPENERS = frozenset({"the", "a", "an", "it", "them", "this", "these", "those", "its"})
"""First words of an object: "legal reviews | the contract"."""


def _bare_department(token: Token, after: Token) -> bool:
    """ "finance creates", "legal reviews" (the verb read as a plural noun, then only with
    its object after it, and not after another department it would share: not "the sales and
    marketing reports the …", "payroll records every week")."""
    if token.lower_ not in DEPARTMENT_WORDS or not after.lower_.endswith("s"):
        return False
    if after.tag_ in {"VBZ", "VBP"}:
        return True
    doc = after.doc
    following = doc[after.i + 1] if after.i + 1 < len(doc) else None
    listed = doc[token.i - 2] if token.i > 1 else token  # "sales" of "the sales and marketing"
    shared = listed.lower_ in DEPARTMENT_WORDS and after in {listed.head, listed.head.head}
    return (
        after.tag_ == "NNS"
        and following is not None
        and following.lower_ in OBJECT_OPENERS
        and not shared
    )


def _bare_role(token: Token, after: Token) -> bool:
    """ "clerk has", "client collects": a role noun, a verb read as a clause of its own."""
    return (
        token.pos_ == "NOUN"
        and token.tag_ == "NN"
        and token.dep_ == "conj"
        and after.tag_ == "VBZ"
        and after.pos_ in {"VERB", "AUX"}
        and after.dep_ in {"ccomp", "advcl", "relcl", "conj", "acl"}
        and is_actor(token)
    )


def _verb_before(cc: Token) -> Token | None:
    """The verb of the clause that "and" ends: "approves" of "approves the vendor and"."""
    head = cc.head
    while (head.pos_ not in {"VERB", "AUX"} or head.i > cc.i) and head.head.i != head.i:
        head = head.head
    return head if head.pos_ in {"VERB", "AUX"} and head.i < cc.i else None


def _own_clause(subject: Token, verb: Token, cc: Token, first: Token) -> None:
    """Rehang the parse: subject before verb, verb joined to first, the noun before "and"
    first's object, and the words after verb that hung on first verb's own."""
    doc = subject.doc
    object_ = doc[cc.i - 1]
    while object_.head.i != object_.i and first.i < object_.head.i < cc.i:
        object_ = object_.head
    for token in doc[verb.i + 1 : first.sent.end]:
        if token.head == first and token.dep_ != "punct":
            token.head = verb
    for token in doc[first.i + 1 : object_.i]:  # "the" of "the returned part", hung on verb
        if token.head == verb:
            token.head = object_
    if first not in (object_, object_.head):
        object_.head = first
    if object_ != first and object_.dep_ in {"nsubj", "conj", "compound", "nmod"}:
        object_.dep_ = "dobj"
    verb.head, verb.dep_, verb.pos_ = first, "conj", "VERB"
    if verb.tag_ == "NNS":
        verb.tag_ = "VBZ"
        verb.lemma_ = verb.lemma_.lower()
        for child in verb.rights:  # "refunds | the fee", read as an apposition of the noun
            if child.dep_ == "appos" and child.pos_ in {"NOUN", "PROPN"}:
                child.dep_ = "dobj"
    subject.head, subject.dep_ = verb, "nsubj"
    if subject.pos_ not in {"NOUN", "PROPN"}:
        subject.pos_, subject.tag_ = "NOUN", "NN"
    cc.head, cc.dep_ = first, "cc"


CONDITION_OPENERS = frozenset({"if", "should", "when", "once", "unless", "whenever", "had"})
"""First words of a condition said before its main clause: "Should a visitor not answer …"."""


def main_clause_after_condition(doc: Doc) -> None:
    """ "Should a visitor not answer the pager, the nurse phones him": the parser reads the
    inverted condition as the main clause and "the nurse phones him" as a relative clause of
    "pager". A relative clause with a subject of its own, after the comma that closes a
    condition, is the main clause: the condition hangs on it."""
    for verb in doc:
        if verb.dep_ != "relcl" or verb.head.i > verb.i:
            continue
        subject = next((c for c in verb.lefts if c.dep_ == "nsubj"), None)
        if subject is None or subject.tag_ in {"WDT", "WP"} or subject.lower_ == "that":
            continue
        comma = doc[subject.left_edge.i - 1] if subject.left_edge.i else None
        root = verb.sent.root
        if comma is None or comma.text != "," or root.i > comma.i:
            continue
        if verb.sent[0].lower_ not in CONDITION_OPENERS or root == verb:
            continue
        for token in doc[comma.i : verb.sent.end]:
            if token.head == root or (token.head == verb.head and token.i >= comma.i):
                token.head = verb
        root.head, root.dep_ = verb, "advcl"
        verb.head, verb.dep_ = verb, "ROOT"
