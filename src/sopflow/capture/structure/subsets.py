"""Cases named by their subject, with no "if": "Urgent requests are passed to the
technician. Routine requests are scheduled for the next slot."

A subject that picks out some of a thing the process already handles, by a modifier (an
adjective, a participle, "above 800 crowns", "with a stamp", a relative clause), opens a
case: its clause is the work for that case. A subject for what is left ("the remaining
items", "the others", "large ones", the same noun with another modifier) is the next case
of the same decision; so is a comparative against the first case's amount ("Claims below
1,000 euros … For higher amounts, …"). A case may be said with "for" ("For billing
complaints I …"), where a noun modifier names it too; "new" names one only beside its
contrast ("existing orders"). A lone generic subject with a modifier ("Invoices above 800 crowns
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
    "original current such certain individual each all both own"
)
"""Adjectives that point at things rather than pick some out: "the following items"."""

PAIRED_ONLY = {"new": words("existing old returning repeat regular")}
"""Adjectives that pick some out only beside their contrast ("New orders are entered.
Existing orders are updated."); alone, "the new form" is just the form."""
CONTRASTS_OF_PAIRED = frozenset(word for told in PAIRED_ONLY.values() for word in told)

HIGHER = words("higher larger more bigger greater longer heavier")
LOWER = words("lower smaller less fewer shorter lighter")
ABOVE = words("above over beyond exceeding")
BELOW = words("below under")
COMPARED = {**dict.fromkeys(BELOW, HIGHER), **dict.fromkeys(ABOVE, LOWER)}
"""The comparatives that name the other side of an amount: "Claims below 1,000 euros …
For higher amounts, …"."""

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


def _restriction(head: Token, compound: bool = False) -> list[Token]:
    """The words that pick out some of what head names: an adjective or participle before
    it (with compound, a noun too: "for billing complaints"), a phrase of a restricting
    preposition, a relative clause or participle after it."""
    for child in head.children:
        if (
            child.dep_ == "amod"
            and child.i < head.i
            and child.pos_ in {"ADJ", "VERB"}
            and child.lower_ not in NOT_RESTRICTING | REST_WORDS
        ) or (
            child.dep_ == "compound"
            and child.i == head.i - 1
            and (compound or child.lower_ in CONTRASTS_OF_PAIRED)
        ):
            return [child]
        if child.dep_ == "prep" and child.lower_ in RESTRICTING_PREPOSITIONS:
            return list(child.subtree)
        if child.dep_ in {"relcl", "acl"} and child.i > head.i:
            return list(child.subtree)
    after = [t for t in head.subtree if t.i > head.i]
    if after and after[0].i == head.i + 1 and after[0].lower_ in RESTRICTING_PREPOSITIONS:
        return after  # "claims below 1,000 euros" with "below" read as the number's
    return []


def _subject(verb: Token) -> _Subject | None:
    """The case opening verb's clause: a "for" phrase ("For billing complaints, …") or
    its subject, when that is a thing, not a person."""
    head = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    opening = next(
        (c for c in verb.children if c.dep_ == "prep" and c.i < verb.i and c.lower_ == "for"),
        None,
    )
    if opening is not None and _opens(opening):
        noun = next((c for c in opening.children if c.dep_ == "pobj"), None)
        if noun is not None and noun.pos_ == "NOUN" and _kind_of(noun):
            return _case_of(noun, list(opening.subtree), compound=True)
    if head is None or head.pos_ != "NOUN" or is_actor(head) or not _opens(head.left_edge):
        return None
    if not _kind_of(head):
        return None  # "a revised design": one thing, not some of a kind
    return _case_of(head, list(head.subtree))


def _case_of(head: Token, said: list[Token], compound: bool = False) -> _Subject:
    rest = _rest(head)
    return _Subject(head, said, [] if rest else _restriction(head, compound), rest)


def _opens(first: Token) -> bool:
    """The word opens its clause: it starts the sentence or follows a comma or "and"."""
    if first.i == first.sent.start:
        return True
    before = first.doc[first.i - 1]
    return before.is_punct or before.dep_ in {"mark", "cc"}


def _kind_of(head: Token) -> bool:
    return all(d.lower_ in CASE_DETERMINERS for d in _determiners(head))


def _rest(head: Token) -> bool:
    """Head names what is left: "the remaining items", "the others"."""
    return head.lower_ in REST_WORDS or any(
        c.lower_ in REST_WORDS for c in head.children if c.i < head.i
    )


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


def _restates(subject: _Subject, doc: Doc) -> bool:
    """ "She accepts the draft or rejects it. Accepted drafts …", "whether the entry is
    shortlisted. Shortlisted entries …": the modifier names a case of the decision just
    said, which goes on there (`capture.tree_cases`), not a decision of its own."""
    word = next(t for t in subject.restriction if t.head.i == subject.head.i)
    sent = doc[subject.sentence_start - 1].sent
    said = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
    return bool(({word.lemma_.lower(), word.lower_} | _unsuffixed(word.lower_)) & said)


def _unsuffixed(word: str) -> set[str]:
    """The bases a participle may come from: "signed" sign, "approved" approve."""
    for ending in ("ed", "en", "d"):
        if word.endswith(ending):
            root = word[: -len(ending)]
            return {root, root + "e", root[:-1] if len(root) > 2 else root}
    return set()


def _lone_case(subject: _Subject, doc: Doc) -> bool:
    """A generic plural with a modifier that is not a bare participle nor one that needs
    its contrast: "Invoices above 800 crowns", "Urgent requests", not "The signed
    contract" nor "New orders"."""
    dets = _determiners(subject.head)
    if subject.head.tag_ != "NNS" or any(d.lower_ not in GENERIC for d in dets):
        return False
    first = subject.restriction[0]
    if len(subject.restriction) == 1 and (first.tag_ != "JJ" or first.lower_.endswith("ed")):
        return False
    return first.lower_ not in PAIRED_ONLY and not _participle_of_step(subject, doc)


def _contrasts(first: _Subject, other: _Subject) -> bool:
    """Other names another case of first's thing: what is left of it ("the remaining
    items", "the others"), the same noun ("ones") with another modifier, or the other side
    of its amount (`_compared`)."""
    same = other.head.lemma_.lower() in {first.head.lemma_.lower(), "one"}
    if other.rest:
        return same or other.head.lower_ in REST_WORDS
    if _compared(first, other):
        return True
    said, told = first.modifier.lower(), other.modifier.lower()
    if said in PAIRED_ONLY or told in PAIRED_ONLY:
        return told in PAIRED_ONLY.get(said, set()) or said in PAIRED_ONLY.get(told, set())
    return same and bool(other.restriction) and told != said


def _compared(first: _Subject, other: _Subject) -> bool:
    """ "Claims below 1,000 euros …. For higher amounts, …": a comparative against the
    first case's amount names what is left of it."""
    words = other.restriction
    side = COMPARED.get(first.restriction[0].lower_, frozenset())
    return len(words) == 1 and words[0].lower_ in side


def _clauses(doc: Doc) -> list[Token]:
    """The verbs of the main and coordinated clauses that have a subject of their own or
    open with "for" ("For billing complaints I open …")."""
    return [
        t
        for t in doc
        if t.dep_ in CLAUSE_DEPS
        and t.pos_ in {"VERB", "AUX"}
        and any(
            c.dep_ in {"nsubj", "nsubjpass"} or (c.dep_ == "prep" and c.i < t.i) for c in t.children
        )
    ]


def _cases(doc: Doc, sentences: Sentences, busy: set[int]) -> list[list[_Subject]]:
    """Each run of subjects that name cases of one thing, the first with its modifier. A
    decision said between two cases is inside the first ("For billing complaints …. If the
    invoice is wrong, …. For technical complaints …")."""
    clauses = _clauses(doc)
    runs: list[list[_Subject]] = []
    k = 0
    while k < len(clauses):
        first = _subject(clauses[k])
        k += 1
        if first is None or first.rest or not first.restriction:
            continue
        number = sentences.of(first.head)
        if number in busy or not _said_before(first, doc):
            continue
        if number - 1 in busy and _restates(first, doc):
            continue
        run = [first]
        while k < len(clauses) and sentences.of(clauses[k]) - number <= 1:
            if sentences.of(clauses[k]) in busy:
                number = sentences.of(clauses[k])  # a decision inside the case
                k += 1
                continue
            other = _subject(clauses[k])
            if other is None or not _contrasts(first, other):
                break
            other.rest = other.rest or _compared(first, other)
            run.append(other)
            number = sentences.of(other.head)
            k += 1
            if other.rest:
                break
        if len(run) > 1 or _lone_case(first, doc):
            runs.append(run)
    return runs


def _thing(subject: _Subject) -> str:
    """The thing a case is of, in the singular: "the repair request" of "urgent repair
    requests"."""
    kept = [
        t.lemma_.lower() if t.i == subject.head.i else t.text
        for t in subject.head.subtree
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
    if words[0].lower_ in RESTRICTING_PREPOSITIONS:
        root = words[0]  # "claims below 1,000 euros" with "below" read as the number's
    rest = " ".join(t.text for t in words if t.i > root.i)
    if root.dep_ == "amod":
        positive = _positive(root.lower_)
        return f"Is {thing} {positive or root.lower_}?", positive is not None
    if root.lower_ in {"with", "without"}:
        return f"Does {thing} have {rest}?", root.lower_ == "without"
    if root.dep_ == "relcl":
        return _relative_question(thing, words, root), False
    if root.lower_ in RESTRICTING_PREPOSITIONS or root.tag_ == "VBN":
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
        said = f"{', '.join(s.modifier for s in run[:-1])} or {run[-1].modifier}"
        question = f"Is {_thing(first)} {said}?"
        if any(s.restriction[0].dep_ == "compound" for s in run):  # "billing complaints"
            question = f"{said[:1].upper()}{said[1:]} {_thing(first).removeprefix('the ')}?"
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
