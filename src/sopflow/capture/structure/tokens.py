"""Small helpers over spaCy tokens: phrase extents and their character spans."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sopflow.capture.extraction import Span
from sopflow.capture.structure.lexicon import NOUN_SHAPED_VERBS, OBJECT_VERBS, STANDALONE_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "appos", "punct", "parataxis", "ccomp"})
"""Children that start a new clause: they are not part of a noun phrase's extent."""


def span_of(tokens: Iterable[Token]) -> Span:
    """The character span from the first to the last of tokens."""
    items = list(tokens)
    return Span(min(t.idx for t in items), max(t.idx + len(t) for t in items))


OBJECT_PREPOSITIONS = frozenset({"of", "for"})
"""Prepositions whose phrase belongs to the object ("a list of parts"); the others ("from the
sales department", "to the kitchen", "with the supplier") say where, whence or to whom."""


def phrase(
    head: Token,
    drop: frozenset[str] = CLAUSE_DEPS,
    skip: frozenset[int] = frozenset(),
    prepositions: frozenset[str] | None = None,
) -> list[Token]:
    """The contiguous extent of head's phrase, leaving out clauses attached to it and skip.

    With prepositions given, only prepositional phrases opened by one of them are kept.
    """
    kept = [head]
    for child in head.children:
        if child.dep_ in drop or child.i in skip:
            continue
        if child.dep_ == "conj" and (
            child.pos_ in {"VERB", "AUX"}
            or starts_clause(child)
            or coordinated_verb(child)
            or standalone_verb(child)
        ):
            continue  # "the request or forwards it": a coordinated verb ends the phrase
        if prepositions is not None and child.dep_ == "prep" and child.lower_ not in prepositions:
            continue
        kept.extend(phrase(child, drop, skip, prepositions))
    return phrase_run(head, kept)


def verb_lemma(word: str) -> str:
    """The base form of a present-tense verb: "notifies" -> "notify", "checks" -> "check"."""
    lower = word.casefold()
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return lower[:-2]  # "reaches", "goes"
    return lower[:-1] if lower.endswith("s") and not lower.endswith("ss") else lower


PARTICLES = frozenset({"back", "up", "out", "off", "over", "down", "away"})
"""Adverbs that complete a verb ("send back") even when parsed as a modifier."""


def coordinated_verb(noun: Token) -> bool:
    """A present-tense verb the parser read as the last of a list of objects: "receives the
    claim and checks.", "refunds the payment and notifies the customer", "… and prints the
    label", "… and interviews the staff", "… and reports back".

    A plural noun with no determiner of its own, after "and" or "or" after an object that has
    one, joined to a verb in the same present tense: said last in its sentence, its base form
    is a verb that acts on something (OBJECT_VERBS); followed by an object of its own (a
    determiner right after it) or a particle, a verb of a step (NOUN_SHAPED_VERBS): a list of
    nouns has neither ("buys flour and eggs", "checks the dates and times")."""
    if noun.dep_ != "conj" or noun.tag_ != "NNS" or noun.head.dep_ != "dobj":
        return False
    if noun.head.head.tag_ != "VBZ" or noun.doc[noun.i - 1].dep_ != "cc":
        return False
    if not any(c.dep_ in {"det", "poss"} for c in noun.head.children):
        return False
    particle = next((c for c in noun.rights if particle_of(c)), None)
    if any(c.dep_ not in {"punct", "dobj"} and c != particle for c in noun.children):
        return False
    lemma = verb_lemma(noun.text)
    after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    if after is None or after.text in {".", "!", ";"} or after.is_sent_start is True:
        return lemma in OBJECT_VERBS
    acts_on = after.tag_ in {"DT", "PRP$"} or particle is not None
    return acts_on and lemma in NOUN_SHAPED_VERBS


def particle_of(token: Token) -> bool:
    """A particle right after its verb: "back" of "reports back", "up" of "follows up"."""
    adjacent = token.i == token.head.i + 1
    return adjacent and (
        token.dep_ == "prt" or (token.dep_ == "advmod" and token.lower_ in PARTICLES)
    )


def standalone_verb(noun: Token) -> bool:
    """A verb with nothing to act on that the parser read as the last of a list of nouns:
    "picks a cake from the counter and waits", "wraps the cake and smiles" (a bare plural
    right after "and" or "or", or after its own subject read as modifiers, "and the porter
    waits"; its base form a verb said alone, in a clause whose verb is in the same present
    tense). It is no part of the object, nor work of its own."""
    if noun.dep_ != "conj" or noun.tag_ != "NNS" or noun.i == 0:
        return False
    subject = [c for c in noun.children if c.dep_ in {"det", "amod", "compound"} and c.i < noun.i]
    start = min((c.i for c in subject), default=noun.i)  # "and the technician waits"
    if noun.doc[start - 1].dep_ != "cc" or verb_lemma(noun.text) not in STANDALONE_VERBS:
        return False
    if any(c.dep_ not in {"advcl", "advmod", "punct"} for c in noun.children if c not in subject):
        return False
    head = noun.head
    for _ in range(6):
        if head.pos_ in {"VERB", "AUX"} or head.head is head:
            break
        head = head.head
    return head.tag_ == "VBZ"


def coordinated_objects(verb: Token) -> list[Token]:
    """What a verb read as a coordinated noun acts on: the noun coordinated after it
    ("notifies | the customer"), or the second object the parser gave the verb before it
    ("captures the details and prints | the file")."""
    if not coordinated_verb(verb):
        return []
    joined = {"conj", "appos"}  # "… and interviews | the staff", read as an apposition
    after = [c for c in verb.head.children if c.dep_ in joined and c.i > verb.i][:1]
    return after or [c for c in verb.head.head.children if c.dep_ == "dobj" and c.i > verb.i][:1]


def starts_clause(noun: Token) -> bool:
    """A coordinated noun that is really the next clause's subject: "… or the CA confirms"."""
    following = noun.right_edge.i + 1
    doc = noun.doc
    while following < len(doc) and doc[following].pos_ == "ADV":
        following += 1  # "… or the CA provisionally confirms"
    return following < len(doc) and doc[following].tag_ in {"VBZ", "VBD", "VBP", "MD"}


def noun_phrase(head: Token, skip: frozenset[int] = frozenset()) -> list[Token]:
    """An object's noun phrase without its clauses: "the draft contract for signature"."""
    return phrase(head, skip=skip, prepositions=OBJECT_PREPOSITIONS)


ASIDE_DEPS = frozenset({"advmod", "cc", "preconj", "punct"})
"""Words before a noun that are not part of its name: "usually Sales", "only the manager"."""


def core_noun_phrase(head: Token) -> list[Token]:
    """A noun phrase up to its head and "of" complements: "one of my colleagues", "the clerk"."""
    kept = [x for t in head.lefts if t.dep_ not in CLAUSE_DEPS | ASIDE_DEPS for x in t.subtree]
    kept.append(head)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            kept.extend(child.subtree)
    return phrase_run(head, kept)


def phrase_run(head: Token, tokens: list[Token]) -> list[Token]:
    """The contiguous run of tokens around head, without edge punctuation."""
    indices = {t.i for t in tokens}
    start = end = head.i
    while start - 1 in indices:
        start -= 1
    while end + 1 in indices:
        end += 1
    doc = head.doc
    run = [doc[i] for i in range(start, end + 1)]
    while run and (run[-1].is_punct or run[-1].dep_ == "cc"):
        run.pop()
    while run and (run[0].is_punct or run[0].dep_ == "cc"):
        run.pop(0)
    return run or [head]


class Sentences:
    """Sentence boundaries of a parsed text, computed once (spaCy's `Token.sent` is O(n))."""

    def __init__(self, doc: Doc) -> None:
        self.bounds: list[tuple[int, int]] = [(s.start, s.end) for s in doc.sents]
        self.chars: list[Span] = [Span(s.start_char, s.end_char) for s in doc.sents]
        self._of = [0] * len(doc)
        for number, (start, end) in enumerate(self.bounds):
            for i in range(start, end):
                self._of[i] = number

    def of(self, token: Token) -> int:
        """The number of the sentence token is in."""
        return self._of[token.i]

    def range_of(self, token: Token) -> tuple[int, int]:
        """Token indices [start, end) of the sentence token is in."""
        return self.bounds[self._of[token.i]]


def participle_read_as_verb(verb: Token) -> bool:
    """A participle the parser read as a second verb: "scans the letter and signed forms
    into the archive" (after "and", straight before a bare plural noun, joined to a verb in
    the present with an object of its own): it describes a second object, it is no step."""
    if verb.dep_ != "conj" or verb.tag_ not in {"VBD", "VBN"} or verb.i < 1:
        return False
    head = verb.head
    if head.tag_ not in {"VBZ", "VBP"} or verb.doc[verb.i - 1].lower_ != "and":
        return False
    if not any(c.dep_ == "dobj" and c.i < verb.i for c in head.children):
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in verb.children):
        return False
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return (
        after is not None
        and after.head.i == verb.i
        and after.dep_ == "dobj"
        and after.tag_ == "NNS"
        and not any(c.dep_ in {"det", "poss", "nummod"} for c in after.children)
    )


def depictive_participle(verb: Token) -> bool:
    """A bare participle after its verb that says in what state the thing goes ("the car is
    returned unrepaired", "the form comes back signed"): no step of its own."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBN" or any(True for _ in verb.children):
        return False
    head = verb.head
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return (
        head.i < verb.i
        and all(head.i in (t.head.i, t.head.head.i) for t in verb.doc[head.i + 1 : verb.i])
        and (after is None or after.is_punct or after.dep_ == "cc" or after.is_space)
    )


def asked_which(verb: Token) -> bool:
    """A clause that asks which one ("decide which candidate gets the offer", "who signs"):
    what a decision is about, not a step of its own."""
    if verb.dep_ != "ccomp":
        return False
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None:
        return False
    said = [subject, *subject.children, *(c for c in verb.children if c.i < subject.i)]
    return any(t.tag_ in {"WP", "WDT"} and t.lower_ != "that" for t in said)  # "which", "who"


VERB_PREFIXES = frozenset({"re", "pre", "co", "de", "un", "sub", "cross", "double", "over", "back"})
"""Prefixes the tokenizer splits off a verb at its hyphen: "re-submit", "co-sign"."""


def verb_prefix(verb: Token) -> list[Token]:
    """The prefix and hyphen split off before verb ("re", "-" of "re-submit"), else []."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != "-" or doc[verb.i - 2].lower_ not in VERB_PREFIXES:
        return []
    prefix, hyphen = doc[verb.i - 2], doc[verb.i - 1]
    return [prefix, hyphen] if not prefix.whitespace_ and not hyphen.whitespace_ else []


def prefixed_participle(verb: Token) -> bool:
    """A passive the parser read as an adjective after "is" because of its prefix: "the part
    is back-ordered", "the form is pre-approved"."""
    return (
        verb.dep_ == "acomp"
        and verb.tag_ == "VBN"
        and verb.head.lemma_ == "be"
        and bool(verb_prefix(verb))
    )


def is_prefix(token: Token) -> bool:
    """A prefix or the hyphen of a split verb: "re" and "-" of "re-submit" are no verbs."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is not None and (
        (token.text == "-" and bool(verb_prefix(following)))
        or (token.lower_ in VERB_PREFIXES and following.text == "-")
    )


WANTING = frozenset({"want", "wish", "like", "hope", "intend", "plan", "need"})
"""Verbs of a relative clause that say what someone wants, not what the process does."""


def wanted_by_whom(verb: Token) -> bool:
    """The infinitive of a relative clause that says who is meant ("an employee who wants
    to travel fills out a request"): it describes the performer, it is no step."""
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.dep_ == "relcl"
        and head.lemma_.lower() in WANTING
        and any(c.dep_ == "nsubj" and c.lower_ in {"who", "that"} for c in head.children)
    )
