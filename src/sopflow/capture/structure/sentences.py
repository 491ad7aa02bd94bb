"""Sentence boundaries that speech transcripts leave out: run-on sentences cut into clauses.

A recogniser often joins two sentences with a comma ("the clerk checks the invoice, the
manager approves it"), and people speak that way too. Decision branches, notes and
provenance are read sentence by sentence, and the parser reads a run-on as one clause
hanging on another. A comma followed by a clause with a subject of its own, after a clause
that stands on its own, starts a new sentence; so does a comma before a subordinate clause
("…, once the car is repaired, the mechanic returns it") that leads into such a clause. After a
condition or a time clause ("if A, B, C") nothing is cut: whether C still depends on it is
for a reader to say. The affected sentences are parsed again with those boundaries; the
rest of the parse is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
FINITE_TAGS = frozenset({"VBZ", "VBD", "VBP", "MD"})
RELATIVE_WORDS = frozenset({"who", "which", "that", "whom", "whose", "what", "where"})
DEPENDENT_CLAUSES = frozenset({"relcl", "acl", "advcl", "csubj", "csubjpass", "pcomp", "amod"})
"""Clauses that hang on a noun, a preposition or another clause: not a sentence of their own."""


def _is_finite(verb: Token) -> bool:
    """A verb that can head a sentence: a tensed form, or one with a tensed auxiliary."""
    if verb.tag_ in FINITE_TAGS:
        return True
    return any(c.dep_ in {"aux", "auxpass"} and c.tag_ in FINITE_TAGS for c in verb.children)


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in SUBJECTS), None)


def _is_clause(verb: Token) -> bool:
    """A finite verb with a subject before it."""
    subject = _subject(verb)
    return (
        subject is not None
        and subject.i < verb.i
        and subject.lower_ not in RELATIVE_WORDS
        and _is_finite(verb)
    )


def _is_subordinator(token: Token) -> bool:
    """A word that makes its clause depend on another: "if", "once", "when", "whenever"."""
    return token.dep_ == "mark" or (token.dep_ == "advmod" and token.tag_ == "WRB")


def _is_main(verb: Token) -> bool:
    """A clause that stands on its own: not hanging on a noun or another clause, and no
    "if", "when", "once" opening it or a clause it is coordinated with ("if A has X and B
    has Y, …")."""
    if not _is_clause(verb) or verb.dep_ in DEPENDENT_CLAUSES or _inverted(verb):
        return False
    while True:
        if any(_is_subordinator(c) and c.i < verb.i for c in verb.children):
            return False
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return True
        verb = verb.head


INVERTING_AUXILIARIES = frozenset({"should", "had", "were"})
"""Auxiliaries put before the subject to say "if": "should the guest not react, …"."""


def _inverted(verb: Token) -> bool:
    """A condition said by inversion: the auxiliary before the subject ("should the guest
    not react, the clerk calls")."""
    subject = _subject(verb)
    return subject is not None and any(
        c.dep_ in {"aux", "auxpass"} and c.lower_ in INVERTING_AUXILIARIES and c.i < subject.i
        for c in verb.children
    )


EARLIER_CLAUSES = frozenset({"ccomp", "conj", "parataxis", "punct"})
"""How the parser hangs the clause before a comma on the one after it in a run-on."""


def _opens_clause(token: Token) -> bool:
    """Whether a main clause starts at token, with its subject: "the manager approves it"."""
    for verb in (token.head, token.head.head):
        subject = _subject(verb)
        if (
            subject is not None
            and subject.left_edge.i == token.i
            and all(c.dep_ in EARLIER_CLAUSES for c in verb.lefts if c.i < token.i)
            and _is_main(verb)
        ):
            return True
    return False


def _leads_into_clause(token: Token) -> bool:
    """A subordinator whose clause is followed by a comma and the main clause it modifies."""
    if not _is_subordinator(token) or not _is_clause(token.head):
        return False
    clause = token.head
    main = clause.head
    if clause.dep_ != "advcl" or main.i <= clause.i or not _is_main(main):
        return False
    after = clause.right_edge.i + 1
    subject = _subject(main)
    return (
        after < len(token.doc)
        and token.doc[after].text == ","
        and subject is not None
        and subject.left_edge.i == after + 1
    )


CONDITION_PHRASES = (
    ("in", "case"),
    ("in", "the", "event"),
    ("provided", "that"),
    ("as", "long", "as"),
    ("so", "long", "as"),
)
"""Phrases that open a condition the parser does not mark as subordinate: "in case the
customer is new, the clerk adds the address" is one sentence."""


def _opens_condition(phrase: Span) -> bool:
    said = tuple(t.lower_ for t in phrase[:3])
    return any(said[: len(words)] == words for words in CONDITION_PHRASES)


def run_on_starts(sentence: Span) -> list[int]:
    """Token indices inside sentence where a new sentence starts."""
    starts: list[int] = []
    begin = previous = sentence.start
    for comma in sentence:
        if comma.text not in {",", ";"} or comma.i + 1 >= sentence.end:
            continue
        phrase, previous = sentence.doc[previous : comma.i], comma.i + 1
        if not any(t.pos_ in {"VERB", "AUX"} for t in phrase):
            continue  # "…, sometimes, our staff …": the clause began before "sometimes"
        following = sentence.doc[comma.i + 1]
        if not _opens_clause(following) and not _leads_into_clause(following):
            continue
        before = sentence.doc[begin : comma.i]
        if any(_is_subordinator(t) for t in before) or _opens_condition(before):
            continue  # "if A, B, C": whether C is still conditional is for a reader to say
        if any(t.pos_ in {"VERB", "AUX"} and _is_main(t) for t in before):
            starts.append(following.i)
            begin = following.i
    return starts


MAX_SENTENCE_TOKENS = 80
"""A sentence longer than this is cut into parts of at most this many tokens. Speech without
sentence ends (a recogniser that leaves out punctuation, a run-on of "and"s) parses as one
sentence, and the rules read every clause against the rest of its sentence: a 58 KB run-on
took minutes. A spoken sentence is rarely a third as long."""

CUT_BEFORE = frozenset({"and", "then", "but", "so", "or"})
"""Words a long sentence is best cut before, after a comma or a semicolon."""


def length_starts(sentence: Span, limit: int = MAX_SENTENCE_TOKENS) -> list[int]:
    """Token indices where the parts of an over-long sentence start: after the last comma
    or semicolon, or before the last "and"/"then", within each stretch of limit tokens;
    at the limit itself when the stretch has neither."""
    starts: list[int] = []
    begin = sentence.start
    while sentence.end - begin > limit:
        window = range(begin + limit, begin + limit // 2 - 1, -1)  # the later half
        doc = sentence.doc
        cut = next((i for i in window if doc[i - 1].text in {",", ";"}), None)
        cut = cut or next((i for i in window if doc[i].lower_ in CUT_BEFORE), begin + limit)
        starts.append(cut)
        begin = cut
    return starts


def _starts(sentence: Span) -> list[int]:
    """Where a sentence is cut: into parts when it is too long, else at its run-ons."""
    if len(sentence) > MAX_SENTENCE_TOKENS:
        return length_starts(sentence)
    return run_on_starts(sentence)


def split_run_ons(doc: Doc, nlp: Language) -> Doc:
    """The doc with its run-on sentences cut at clause boundaries, and its over-long ones
    into parts, and those parsed again."""
    from spacy.tokens import Doc

    cuts = {sentence.start: _starts(sentence) for sentence in doc.sents}
    if not any(cuts.values()):
        return doc
    parts: list[Doc] = []
    for sentence in doc.sents:
        starts = cuts[sentence.start]
        if not starts:
            parts.append(sentence.as_doc())
            continue
        tokens = list(sentence)
        marked = set(starts)
        again = Doc(
            nlp.vocab,
            words=[t.text for t in tokens],
            spaces=[bool(t.whitespace_) for t in tokens],
            sent_starts=[t.i == sentence.start or t.i in marked or None for t in tokens],
        )
        parts.append(nlp(again))
    return Doc.from_docs(parts, ensure_whitespace=False)
