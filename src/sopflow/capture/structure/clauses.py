"""The words of each step: its own clause, without the steps said inside it, and one step
for each object of a verb said once for several ("click Directory, then People")."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sopflow.capture.structure.inquiries import asked
from sopflow.capture.structure.misparses import (
    after_next_verb,
    compound_object,
    noun_read_as_verb,
)
from sopflow.capture.structure.tokens import (
    coordinated_objects,
    participle_read_as_verb,
    standalone_verb,
    starts_clause,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from sopflow.capture.structure.activities import Found

CUT = frozenset({"conj", "advcl", "relcl", "parataxis", "cc", "punct", "mark", "dep"})
"""Children of a verb that start a clause of their own: not part of the step's words."""

FINITE_VERBS = frozenset({"VBZ", "VBD", "VBP"})
NOUNS = frozenset({"NOUN", "PROPN"})
"""A finite verb joined to a noun is a clause the parser hung on an object, not a noun."""

SERIES_OPENERS = frozenset({"then"})
"""The word that opens each further object of a verb said once: "…, then People"."""


SEGMENT_ENDS = SERIES_OPENERS | {",", ".", ";", ":", "and"}


def _own_words(verb: Token, verbs: set[int]) -> list[Token]:
    """verb and what depends on it, except clauses and the words of other steps."""
    words = [verb] + [t for head in coordinated_objects(verb) for t in head.subtree]
    read_as_noun = compound_object(verb)  # "the clerk orders | parts from the vendor"
    if read_as_noun is not None:
        words.append(read_as_noun)
        for child in read_as_noun.rights:
            if child.dep_ not in CUT:
                words.extend(_pruned(child, verbs))
    for child in verb.children:
        if participle_read_as_verb(child):
            words.extend(child.subtree)  # "scans the letter | and signed forms …"
            continue
        if noun_read_as_verb(child) or (child.dep_ == "cc" and _before_misread_noun(child)):
            words.extend(child.subtree)  # "… for the spouse | and offspring": one more noun
            continue
        if child.dep_ in CUT and not (child.dep_ == "advcl" and asked(child)):
            continue  # a clause of its own; not what the step asks: "check again if …"
        if after_next_verb(verb, child):
            continue
        if child.dep_ == "ccomp" and child.i in verbs:
            continue
        words.extend(_pruned(child, verbs))
    return words


def _before_misread_noun(cc: Token) -> bool:
    """The "and" right before a noun read as a verb (`noun_read_as_verb`)."""
    after = cc.doc[cc.i + 1] if cc.i + 1 < len(cc.doc) else cc
    return after.head.i == cc.head.i and noun_read_as_verb(after)


def _which_ones(clause: Token) -> bool:
    """An infinitive that says which things ("the parts to be checked"): part of the
    object, though a step joined to it is not."""
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in clause.children)


def _pruned(token: Token, verbs: set[int]) -> list[Token]:
    """token's subtree without the subtrees of other steps' verbs ("the department that
    selects a vendor": its relative clause is a step of its own).

    Walked with a stack, not recursion: a run-on sentence can parse into a tree deeper than
    Python's recursion limit."""
    words: list[Token] = []
    pending = [token]
    while pending:
        current = pending.pop()
        if _cut(current, verbs):
            continue
        words.append(current)
        pending.extend(reversed(list(current.children)))
    return words


def _cut(token: Token, verbs: set[int]) -> bool:
    """Whether token's subtree belongs to another step or is a remark."""
    if token.i in verbs:
        return True
    if token.dep_ in {"conj", "appos"} and any(
        c.dep_ == "conj" and c.i in verbs and c.i < token.i for c in token.head.children
    ):
        return True  # "the payment and notifies | the customer": the customer is notified
    if token.dep_ == "dobj" and any(
        c.i in verbs and c.i < token.i
        for d in token.head.children
        if d.dep_ == "dobj"
        for c in d.children
        if c.dep_ == "conj"
    ):
        return True  # "captures the details and prints | the file": the file is printed
    if token.dep_ == "conj" and token.tag_ in FINITE_VERBS and token.head.pos_ in NOUNS:
        return True  # "chooses a dish | and waits until …": a clause, not a second dish
    if standalone_verb(token) or (
        token.dep_ == "cc" and any(standalone_verb(c) for c in token.head.rights if c.i > token.i)
    ):
        return True  # the same "and waits" read as a plural noun
    if token.dep_ in {"relcl", "acl"} and any(t.i in verbs for t in token.subtree):
        return not _which_ones(token)  # "the parts to be checked | and tells …": kept
    if _opens_step(token, verbs):
        return True  # "packaged, | before returning it": the preposition opens that step
    if _exception(token):
        return True  # "leaves it, | except if the debt is small": a condition of its own
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if token.dep_ == "advmod" and after is not None and after.head.i == token.head.i:
        return _opens_step(after, verbs)  # "ships it, | concurrently with preparing …"
    if _next_subject(token):
        return True  # "rejects the claim | or the clerk approves it": the next clause's subject
    if _opens_gapped_step(token, verbs):
        return True  # "… by the clerk | and the receipt filed by the manager": a step
    return token.dep_ == "relcl" and _aside(token)  # "…, which ends the visit": a remark


def _opens_step(token: Token, verbs: set[int]) -> bool:
    """A preposition whose only complements are other steps' verbs ("before | leaving")."""
    children = list(token.children)
    return token.dep_ == "prep" and bool(children) and all(c.i in verbs for c in children)


def _exception(token: Token) -> bool:
    """An "except if …" the parser read as a preposition with a clause: the condition of
    another branch, not words of the step."""
    return token.dep_ == "prep" and any(
        child.dep_ in {"pcomp", "advcl"}
        and any(mark.dep_ == "mark" and mark.lower_ in {"if", "when"} for mark in child.children)
        for child in token.children
    )


def _next_subject(token: Token) -> bool:
    """A noun the parser joined to an object that is the subject of the next clause ("the
    claim or the clerk | approves it"), or the "or" / "and" before it."""
    nouns = [token] if token.dep_ == "conj" else []
    if token.dep_ == "cc":
        nouns = [c for c in token.head.children if c.dep_ == "conj" and c.i > token.i][:1]
    return token.head.pos_ in NOUNS and any(
        noun.pos_ in NOUNS and starts_clause(noun) for noun in nouns
    )


def _opens_gapped_step(token: Token, verbs: set[int]) -> bool:
    """A noun joined to another whose participle is a step ("the receipt filed by …"),
    or the "and" before it."""
    nouns = [token] if token.dep_ == "conj" else []
    if token.dep_ == "cc":
        nouns = [c for c in token.head.children if c.dep_ == "conj" and c.i > token.i]
    return any(
        c.dep_ == "acl" and c.i in verbs and c.i > noun.i for noun in nouns for c in noun.children
    )


def _aside(clause: Token) -> bool:
    """A relative clause set off by a comma or opened by "which": "…, which ends it"."""
    first = clause.left_edge
    before = clause.doc[first.i - 1] if first.i > 0 else None
    return first.lower_ == "which" or (before is not None and before.text == ",")


def _is_clause(segment: list[Token]) -> bool:
    """Whether a ", then …" run says a clause of its own: a verb with its subject in the run
    ("then the manager signs it"), or an imperative ("then click Save"); not a label that
    reads like one ("then Add Person")."""
    inside = {t.i for t in segment}
    for token in segment:
        if token.pos_ in {"VERB", "AUX"} and any(
            c.dep_ in {"nsubj", "nsubjpass"} and c.i in inside for c in token.children
        ):
            return True
    first = segment[1]
    return first.pos_ in {"VERB", "AUX"} and first.is_lower


def _segments(activity: Found) -> list[list[Token]]:
    """The ", then X" runs after a step's object that name further objects of its verb."""
    verb = activity.verb
    objects = [words for words in activity.objects if words[0].i > verb.i]
    if not objects:
        return []
    doc = verb.doc
    position = objects[-1][-1].i + 1
    segments: list[list[Token]] = []
    while position < len(doc) and not doc[position].is_sent_start:
        while position < len(doc) and doc[position].text in {",", "and"}:
            position += 1
        if position >= len(doc) or doc[position].lower_ not in SERIES_OPENERS:
            break
        stop = position + 1
        while (
            stop < len(doc) and not doc[stop].is_sent_start and doc[stop].lower_ not in SEGMENT_ENDS
        ):
            stop += 1
        segment = [doc[i] for i in range(position, stop)]
        if len(segment) < 2 or _is_clause(segment):
            break
        segments.append(segment)
        position = stop
    return segments


def assign_clauses(found: list[Found]) -> list[Found]:
    """Each activity with the words of its clause; a verb said once for several objects
    ("click Directory, then People, then Add Person") becomes one activity per object (a
    verb the parser found in a label, "Add", is no activity of its own)."""
    verbs = {activity.verb.i for activity in found}
    result: list[Found] = []
    swallowed: set[int] = set()
    for activity in found:
        if activity.verb.i in swallowed:
            continue
        words = _own_words(activity.verb, verbs - {activity.verb.i})
        for joined in activity.words:  # "to locate and share the files": one step's verbs
            if joined.dep_ == "conj" and joined.head.i == activity.verb.i:
                words.extend(_pruned(joined, verbs - {activity.verb.i}))
        segments = _segments(activity)
        if segments:
            words = [t for t in words if t.i < segments[0][0].i]
        activity.clause = sorted(words, key=lambda t: t.i)
        result.append(activity)
        for segment in segments:
            swallowed.update(t.i for t in segment if t.i in verbs)
            result.append(
                replace(
                    activity,
                    objects=[segment[1:]],
                    details=[],
                    recipient=None,
                    referent=[],
                    clause=segment,
                )
            )
    return [activity for activity in result if activity.verb.i not in swallowed]
