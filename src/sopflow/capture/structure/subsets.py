"""Cases named by their subject, with no "if": "Urgent requests are passed to the
technician. Routine requests are scheduled for the next slot."

A subject that picks out some of a thing the process already handles, by a modifier (an
adjective, a participle, "above 800 crowns", "with a stamp", a relative clause), opens a
case: its clause is the work for that case. A subject for what is left ("the remaining
items", "the others", "large ones", the same noun with another modifier) is the next case
of the same decision. A lone generic subject with a modifier ("Invoices above 800 crowns
must also be approved") makes its work optional. Not a case: a subject a step just said
names by its participle ("signs the contract. The signed contract is sent to HR"), a
definite thing with no other case beside it ("The new form is filed"), or a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sopflow.capture.structure.actors import is_actor
from sopflow.capture.structure.gateways import Marker
from sopflow.capture.structure.lexicon import ANTONYMS, NEGATING_PREFIXES, words
from sopflow.capture.structure.tokens import Sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

RESTRICTING_PREPOSITIONS = words("above below over under with without beyond exceeding")
"""Prepositions whose phrase picks out some of a thing: "invoices above 800 crowns"."""

NOT_RESTRICTING = words(
    "following next previous first last final same further additional relevant respective "
    "necessary required corresponding appropriate various several many few entire whole "
    "original current such certain individual each all both own new"
)
"""Adjectives that point at things rather than pick some out: "the following items"."""

REST_WORDS = words("remaining other others rest")
"""Words for what is left: "the remaining items", "the others", "the rest"."""

GENERIC = words("all any")
"""Determiners of a kind of thing rather than one thing: "all invoices above …"."""
CASE_DETERMINERS = GENERIC | {"the"}
"""Determiners a case's subject may have: not "a revised design", "this form", "its copy"."""
CLAUSE_DEPS = frozenset({"ROOT", "conj", "advcl", "parataxis"})


@dataclass
class _Subject:
    """The subject of a clause that may name a case."""

    head: Token
    words: list[Token]
    restriction: list[Token]
    rest: bool
    """Names what is left ("the remaining items")."""

    @property
    def sentence_start(self) -> int:
        return self.words[0].sent.start

    @property
    def modifier(self) -> str:
        """The modifier's words, in lower case unless a name ("Urgent" opening a sentence)."""
        return " ".join(
            t.text if t.pos_ == "PROPN" or t.text.isupper() else t.lower_ for t in self.restriction
        )


def _restriction(head: Token) -> list[Token]:
    """The words that pick out some of what head names: an adjective or participle before
    it, a phrase of a restricting preposition, a relative clause or participle after it."""
    for child in head.children:
        if (
            child.dep_ == "amod"
            and child.i < head.i
            and child.pos_ in {"ADJ", "VERB"}
            and child.lower_ not in NOT_RESTRICTING | REST_WORDS
        ):
            return [child]
        if child.dep_ == "prep" and child.lower_ in RESTRICTING_PREPOSITIONS:
            return list(child.subtree)
        if child.dep_ in {"relcl", "acl"} and child.i > head.i:
            return list(child.subtree)
    return []


def _subject(verb: Token) -> _Subject | None:
    """The subject opening verb's clause, when it is a thing, not a person."""
    head = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if head is None or head.pos_ != "NOUN" or is_actor(head):
        return None
    phrase = list(head.subtree)
    before = phrase[0].doc[phrase[0].i - 1] if phrase[0].i > phrase[0].sent.start else None
    if before is not None and not (before.is_punct or before.dep_ in {"mark", "cc"}):
        return None  # not the opening of its clause
    if any(d.lower_ not in CASE_DETERMINERS for d in _determiners(head)):
        return None  # "a revised design": one thing, not some of a kind
    rest = head.lower_ in REST_WORDS or any(
        c.lower_ in REST_WORDS for c in head.children if c.i < head.i
    )
    return _Subject(head, phrase, [] if rest else _restriction(head), rest)


def _determiners(head: Token) -> list[Token]:
    return [c for c in head.children if c.dep_ in {"det", "predet", "poss"}]


def _said_before(subject: _Subject, doc: Doc) -> bool:
    """The thing was named earlier in the text: a case picks out some of it."""
    lemma = subject.head.lemma_.lower()
    return any(
        t.pos_ == "NOUN" and t.lemma_.lower() == lemma for t in doc[: subject.sentence_start]
    )


def _participle_of_step(subject: _Subject, doc: Doc) -> bool:
    """ "The manager signs the contract. The signed contract …": the participle of a verb
    said just before names the same thing after that step, not one case of it."""
    word = next(t for t in subject.restriction if t.head.i == subject.head.i)
    sent = word.sent
    earlier = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    verbs = {t.lemma_.lower() for t in doc[earlier : word.i] if t.pos_ == "VERB"}
    return word.lemma_.lower() in verbs or _unsuffixed(word.lower_) & verbs != set()


def _unsuffixed(word: str) -> set[str]:
    """The bases a participle may come from: "signed" sign, "approved" approve."""
    for ending in ("ed", "en", "d"):
        if word.endswith(ending):
            root = word[: -len(ending)]
            return {root, root + "e", root[:-1] if len(root) > 2 else root}
    return set()


def _lone_case(subject: _Subject) -> bool:
    """A generic plural with a modifier that is not a bare participle: "Invoices above
    800 crowns", "Urgent requests", not "The signed contract"."""
    dets = _determiners(subject.head)
    if subject.head.tag_ != "NNS" or any(d.lower_ not in GENERIC for d in dets):
        return False
    first = subject.restriction[0]
    return len(subject.restriction) > 1 or (first.tag_ == "JJ" and not first.lower_.endswith("ed"))


def _contrasts(first: _Subject, other: _Subject) -> bool:
    """Other names another case of first's thing: what is left of it ("the remaining
    items", "the others"), or the same noun ("ones") with another modifier."""
    same = other.head.lemma_.lower() in {first.head.lemma_.lower(), "one"}
    if other.rest:
        return same or other.head.lower_ in REST_WORDS
    return same and bool(other.restriction) and other.modifier.lower() != first.modifier.lower()


def _clauses(doc: Doc) -> list[Token]:
    """The verbs of the main and coordinated clauses that have a subject of their own."""
    return [
        t
        for t in doc
        if t.dep_ in CLAUSE_DEPS
        and t.pos_ in {"VERB", "AUX"}
        and any(c.dep_ in {"nsubj", "nsubjpass"} for c in t.children)
    ]


def _cases(doc: Doc, sentences: Sentences, busy: set[int]) -> list[list[_Subject]]:
    """Each run of subjects that name cases of one thing, the first with its modifier."""
    clauses = _clauses(doc)
    runs: list[list[_Subject]] = []
    k = 0
    while k < len(clauses):
        first = _subject(clauses[k])
        k += 1
        if first is None or first.rest or not first.restriction:
            continue
        number = sentences.of(first.head)
        if number in busy or number - 1 in busy or not _said_before(first, doc):
            continue
        run = [first]
        while k < len(clauses) and sentences.of(clauses[k]) - number <= 1:
            other = _subject(clauses[k])
            if other is None or not _contrasts(first, other) or sentences.of(other.head) in busy:
                break
            run.append(other)
            number = sentences.of(other.head)
            k += 1
            if other.rest:
                break
        if len(run) > 1 or (_lone_case(first) and not _participle_of_step(first, doc)):
            runs.append(run)
    return runs


def _thing(subject: _Subject) -> str:
    """The thing a case is of, in the singular: "the repair request" of "urgent repair
    requests"."""
    kept = [
        t.lemma_.lower() if t.i == subject.head.i else t.text
        for t in subject.words
        if t.i <= subject.head.i
        and t not in subject.restriction
        and t.dep_ not in {"det", "predet", "amod"}
    ]
    return "the " + " ".join(kept)


def _positive(word: str) -> str | None:
    """The word a negated adjective says the opposite of: "incomplete" complete."""
    for one, other in ANTONYMS:
        if other == word.lower() and any(word.lower() == p + one for p in NEGATING_PREFIXES):
            return one
    return None


def _question(subject: _Subject) -> tuple[str, bool]:
    """The yes-no question one case's modifier asks, and whether its case is the "No"."""
    thing = _thing(subject)
    words = subject.restriction
    root = next(t for t in words if t.head.i == subject.head.i)
    rest = " ".join(t.text for t in words if t.i > root.i)
    if root.dep_ == "amod":
        positive = _positive(root.lower_)
        return f"Is {thing} {positive or root.lower_}?", positive is not None
    if root.dep_ == "prep" and root.lower_ in {"with", "without"}:
        return f"Does {thing} have {rest}?", root.lower_ == "without"
    if root.dep_ == "relcl":
        return _relative_question(thing, words, root), False
    if root.dep_ == "prep" or root.tag_ == "VBN":
        return f"Is {thing} {subject.modifier}?", False
    return f"Does {thing} {root.lemma_} {rest}?", False  # "requests exceeding the budget"


def _relative_question(thing: str, words: list[Token], root: Token) -> str:
    """ "Items that are damaged": "Is the item damaged?"; "requests that exceed the budget":
    "Does the request exceed the budget?"."""
    said = [t for t in words if t.i >= root.i or t.dep_ not in {"nsubj", "nsubjpass"}]
    aux = next((t for t in said if t.i < root.i and t.dep_ in {"aux", "auxpass"}), None)
    if aux is not None or root.lemma_ == "be":
        verb = aux or root
        tail = " ".join(t.text for t in said if t is not verb)
        ask = "Is" if verb.lemma_ == "be" else verb.text.capitalize()
        return f"{ask} {thing} {tail}?"
    rest = " ".join(t.text for t in said if t.i > root.i)
    return f"Does {thing} {root.lemma_} {rest}?"


def _marked(run: list[_Subject], sentences: Sentences) -> list[Marker]:
    """The markers of one run of cases, with their question and labels."""
    first = run[0]
    question, no = _question(first)
    if len(run) == 1 or run[-1].rest:
        labels = ["No", "Yes"] if no else ["Yes", "No"]
    else:
        labels = [s.modifier[:1].upper() + s.modifier[1:] for s in run]
        said = [s.modifier for s in run]
        question = f"Is {_thing(first)} {', '.join(said[:-1])} or {said[-1]}?"
    return [
        Marker(
            "xor",
            subject.words,
            subject.restriction,
            opens=n == 0,
            sentence=sentences.of(subject.head),
            question=question,
            label=label,
        )
        for n, (subject, label) in enumerate(zip(run, labels, strict=False))
    ]


def with_subset_cases(doc: Doc, sentences: Sentences, markers: list[Marker]) -> list[Marker]:
    """Markers with the cases subjects name added, where no other decision is said."""
    busy = {m.sentence for m in markers if m.kind == "xor" and not _contrasting(m)}
    found = [m for run in _cases(doc, sentences, busy) for m in _marked(run, sentences)]
    if not found:
        return markers
    said = {m.sentence for m in found}
    kept = [m for m in markers if not (_contrasting(m) and m.sentence in said)]
    return sorted([*kept, *found], key=lambda m: m.start)


def _contrasting(marker: Marker) -> bool:
    """ "…, whereas large ones are sent by courier": a contrast, which a case named by its
    subject makes the other case of that decision."""
    return marker.words[0].lower_ == "whereas"
