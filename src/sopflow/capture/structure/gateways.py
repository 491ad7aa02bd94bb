"""Decisions and parallel branches: their markers ("if", "otherwise", "in the meantime") and
the condition each branch is taken on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sopflow.capture.extraction import GatewayKind
from sopflow.capture.structure.inquiries import inquiry_mark
from sopflow.capture.structure.lexicon import (
    CASE_MARKERS,
    CONDITION_MARKERS,
    ELSE_MARKERS,
    PARALLEL_MARKERS,
)
from sopflow.capture.structure.sentences import INVERTING_AUXILIARIES
from sopflow.capture.structure.tokens import Sentences, starts_clause

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass
class Marker:
    """A word or phrase that opens a branch, with the condition it names."""

    kind: GatewayKind
    words: list[Token]
    condition: list[Token]
    opens: bool
    """True when it starts a new gateway ("if"), False when it continues one ("otherwise")."""
    sentence: int
    """The number of the sentence it is in."""
    alternative: bool = False
    """An "or" between two steps: one marker for both branches."""
    acted: Token | None = None
    """The verb of a case that is also work ("it can happen that the clerk sends it back"):
    a step of its branch as well as its condition."""
    question: str = ""
    """The question of a case named by its subject ("Urgent requests …"), which says no
    condition clause to ask it from (`structure.subsets`)."""
    label: str = ""
    """That case's option label: "Urgent", "Yes"."""

    @property
    def start(self) -> int:
        """Token index where the marker begins."""
        return self.words[0].i


def _matches(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    if doc[i].lower_ != words[0] or i + len(words) > len(doc):
        return False
    return all(doc[i + k].lower_ == word for k, word in enumerate(words[1:], start=1))


def _clause_condition(mark: Token) -> list[Token]:
    """The clause a subordinator introduces, up to the comma or "then" that ends it."""
    head = mark.head
    indices = {t.i for t in head.subtree} if head.i > mark.i else set()
    words: list[Token] = []
    for token in mark.doc[mark.i + 1 :]:
        if token.i not in indices or token.lower_ in {",", ";", ".", "then", ":"}:
            break
        if token.lower_ in CONDITION_MARKERS:
            break  # "whether a room is free or if none is left": the next branch
        if _duty_follows(token):
            break  # "whether any seats are free and must be booked": the booking is a step
        words.append(token)
    while words and (words[-1].dep_ == "cc" or words[-1].is_punct):
        words.pop()
    return words


DUTY_MODALS = frozenset({"must", "should", "shall"})
"""Modals of a duty: a clause with one says what to do, not a case."""


def _duty_follows(token: Token) -> bool:
    """An "and" that joins a duty to a condition: "whether any seats are free | and must be
    booked" names the case (seats free) and the work it calls for (book them)."""
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return (
        token.lower_ == "and"
        and token.dep_ == "cc"
        and after is not None
        and after.lower_ in DUTY_MODALS
        and after.head.dep_ == "conj"
    )


FINITE = frozenset({"VBZ", "VBD", "VBP", "MD"})
"""Tags of a verb with a subject of its own: "in case the customer is new" says a clause."""


def _case_clause(doc: Doc, i: int) -> list[Token]:
    """The clause after "in case", up to the comma or "then" that ends it, when it has a verb
    of its own: "in case the customer is new and the address is unknown"."""
    words: list[Token] = []
    for token in doc[i : i + 30]:
        if token.lower_ in {",", ";", ".", ":", "then"} or (token.is_sent_start and words):
            break
        words.append(token)
    return words if any(t.tag_ in FINITE for t in words) else []


def _phrase_condition(doc: Doc, i: int) -> list[Token]:
    """The words after "in case of" up to the comma: "rejection"."""
    if i > 0 and doc[i - 1].lower_ == "case":
        clause = _case_clause(doc, i)
        if clause:
            return clause
    words: list[Token] = []
    for token in doc[i:]:
        if token.is_punct or (token.is_sent_start and words):
            break
        if token.pos_ in {"VERB", "AUX"} and token.dep_ == "ROOT":
            break
        words.append(token)
    return words if len(words) <= 12 else []


CONDITION_OPENERS = frozenset({"of", "on", "case"})
"""Last words of case markers followed by their condition: "in case of rejection"."""


def alternative(token: Token) -> bool:
    """An "or" between two steps: "refund or replace the item", "… or the CA confirms"."""
    if token.lower_ != "or" or token.dep_ != "cc":
        return False
    after = [c for c in token.head.children if c.dep_ == "conj" and c.i > token.i]
    if not after:
        return _or_between_clauses(token)
    if token.head.pos_ == "VERB" and after[0].pos_ == "VERB":
        return True
    return token.head.pos_ in {"NOUN", "PROPN"} and starts_clause(after[0])


def _or_between_clauses(token: Token) -> bool:
    """ "X rejects the request or X confirms it": the parser hangs the "or" on the object,
    yet the verb after it is coordinated with the verb before it."""
    verb = token.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head is not verb:
        verb = verb.head
    return verb.pos_ == "VERB" and any(
        child.dep_ in {"conj", "advcl"}
        and child.pos_ == "VERB"
        and child.i > token.i
        and any(grand.dep_ == "nsubj" for grand in child.children)  # a clause of its own
        for child in verb.children
    )


def find_markers(doc: Doc, sentences: Sentences) -> list[Marker]:
    """Every branch marker in doc, in text order."""
    markers: list[Marker] = []
    taken: set[int] = set()
    for token in doc:
        if token.i in taken:
            continue
        lower = token.lower_
        at_clause_start = token.is_sent_start or token.i == 0 or doc[token.i - 1].is_punct
        number = sentences.of(token)
        for words in PARALLEL_MARKERS:
            if _matches(doc, token.i, words) and (
                at_clause_start or words != ("while",) or _while_working(token)
            ):
                span = list(doc[token.i : token.i + len(words)])
                markers.append(Marker("and", span, [], opens=True, sentence=number))
                taken.update(t.i for t in span)
                break
        else:
            if (
                lower in CONDITION_MARKERS
                and token.dep_ in {"mark", "advmod", "cc", "prep"}
                and not inquiry_mark(token)
            ):
                condition = _clause_condition(token)
                markers.append(Marker("xor", [token], condition, opens=True, sentence=number))
                taken.add(token.i)
            elif (happening := _happen_marker(token, number, markers)) is not None:
                markers.append(happening)
                taken.update(t.i for t in happening.words)
            elif _inverted_condition(token):
                condition = [token, *_clause_condition(token)]  # "should the guest not react"
                markers.append(Marker("xor", [token], condition, opens=True, sentence=number))
                taken.add(token.i)
            elif alternative(token):
                markers.append(
                    Marker("xor", [token], [], opens=True, sentence=number, alternative=True)
                )
            elif lower in ELSE_MARKERS:
                markers.append(Marker("xor", [token], [], opens=False, sentence=number))
            elif at_clause_start or _after_conjunction(token):
                for words in CASE_MARKERS:
                    if _matches(doc, token.i, words):
                        span = list(doc[token.i : token.i + len(words)])
                        condition = (
                            _phrase_condition(doc, token.i + len(words))
                            if words[-1] in CONDITION_OPENERS
                            else []  # "sometimes", "under certain circumstances"
                        )
                        if words[-1] in {"of", "on"} and not condition:
                            continue
                        markers.append(Marker("xor", span, condition, opens=True, sentence=number))
                        taken.update(t.i for t in span)
                        taken.update(_whether_depended_on(doc, condition))
                        break
    return _else_if(markers)


MAY = frozenset({"can", "may", "might", "could"})


def _may_happen(token: Token) -> Token | None:
    """The "that" of "it can (also) happen that C", said at the "it": a case that may
    come up, like an "if"; None for any other token."""
    verb = token.head
    if token.lower_ != "it" or token.dep_ != "nsubj" or verb.lemma_ != "happen":
        return None
    if not any(c.dep_ == "aux" and c.lower_ in MAY for c in verb.children):
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if clause is None:
        return None
    that = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ == "that"), None)
    return that if that is not None and that.i == verb.i + 1 else None


def _happen_marker(token: Token, number: int, before: list[Marker]) -> Marker | None:
    """The marker of "it can happen that C" at its "it", with C as its condition; a
    "sometimes" right before it ("sometimes it can happen that …") is part of it."""
    that = _may_happen(token)
    if that is None:
        return None
    start = token.i
    last = before[-1] if before else None
    if last is not None and not last.condition and last.words[-1].i == token.i - 1:
        start = before.pop().start
    span = list(token.doc[start : that.i + 1])
    acted = None if any(c.dep_ == "neg" for c in that.head.children) else that.head
    return Marker("xor", span, _first_clause(that), opens=True, sentence=number, acted=acted)


def _first_clause(that: Token) -> list[Token]:
    """The case a "that" opens, up to the comma or the "and" before the next verb: "the
    editor rejects the text | and asks for changes" is the case, then the work it calls for."""
    verb = that.head
    words: list[Token] = []
    for token in that.doc[that.i + 1 :]:
        if token.is_punct or token.is_sent_start:
            break
        if token.dep_ == "cc" and token.head.i == verb.i:
            break
        words.append(token)
    return words


def _whether_depended_on(doc: Doc, condition: list[Token]) -> set[int]:
    """ "Depending on whether the book is damaged, A or B": the "whether" is part of what the
    choice depends on, one question, not a second decision of its own."""
    first = condition[0] if condition else None
    if first is None or first.lower_ not in {"whether", "if"} or first.i == 0:
        return set()
    return {first.i} if doc[first.i - 1].lower_ == "on" else set()


def _else_if(markers: list[Marker]) -> list[Marker]:
    """ "Otherwise, if the customer is known, …": one more branch of the decision before, on
    that condition, not an unconditioned branch beside a new decision."""
    result: list[Marker] = []
    for marker in markers:
        previous = result[-1] if result else None
        if (
            previous is not None
            and marker.kind == "xor"
            and marker.opens
            and marker.condition
            and not marker.alternative
            and previous.kind == "xor"
            and not previous.opens
            and not previous.condition
            and _adjacent(previous, marker)
        ):
            result[-1] = Marker(
                "xor",
                [*previous.words, marker.words[0]],
                marker.condition,
                opens=False,
                sentence=marker.sentence,
            )
            continue
        result.append(marker)
    return result


def _adjacent(first: Marker, second: Marker) -> bool:
    """Nothing but punctuation between two markers: "otherwise, if"."""
    between = first.words[0].doc[first.words[-1].i + 1 : second.start]
    return all(token.is_punct for token in between)


def _while_working(token: Token) -> bool:
    """ "A while B" inside a sentence: two pieces of work at once, unless the main clause is
    a caution ("do not open the lid while it runs")."""
    if token.dep_ != "mark":
        return False
    main = token.head.head
    return not any(child.dep_ == "neg" for child in main.children)


def _after_conjunction(token: Token) -> bool:
    """ "…, and sometimes, B": a case marker right after the "and" that joins its clause."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    return before is not None and before.lower_ in {"and", "or", "but"} and before.dep_ == "cc"


def _inverted_condition(token: Token) -> bool:
    """ "Should the guest not react, the clerk calls": an "if" said by putting the auxiliary
    first, at the start of a clause that comes before its main clause."""
    head = token.head
    if not (
        token.lower_ in INVERTING_AUXILIARIES
        and token.is_sent_start
        and token.dep_ in {"aux", "auxpass"}
        and any(c.dep_ in {"nsubj", "nsubjpass"} and c.i > token.i for c in head.children)
    ):
        return False
    if head.dep_ in {"advcl", "ccomp", "parataxis"}:  # hung on the main clause after it
        return head.head.i > head.i
    sentence = token.sent  # the parser may take it for a question and make it the root
    comma = next((t for t in sentence if t.text == "," and t.i > head.i), None)
    return head.dep_ == "ROOT" and comma is not None and sentence[-1].text != "?"


def condition_tokens(markers: list[Marker]) -> set[int]:
    """Token indices inside conditions: their verbs are not steps."""
    return {
        t.i
        for marker in markers
        for t in marker.condition
        if marker.acted is None or t.i != marker.acted.i
    }
