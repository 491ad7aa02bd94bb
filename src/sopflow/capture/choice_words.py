"""Words for a choice whose options the usual words cannot tell apart.

Cases that say one subject's state are asked about in one question: "the customer is new" /
"the customer is known" asks "Is the customer new or known?". A condition that only points
back ("if so", "if it is not", "if this is the case") asks what the step before found out:
"check whether the form is signed. If so, …" asks "Is the form signed?".

"The agent informs the customer about the approval of the request or informs them about its
rejection" is a choice whose options both start with "Inform": their verbs cannot tell them
apart, so the question and the labels take the words where the two steps differ
("Inform the customer about the approval or rejection of the request?": "Approval" /
"Rejection"), never "Inform" / "Inform (2)".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sopflow.capture.participles import past_participle
from sopflow.capture.questions import as_question, plural_noun, present_verb
from sopflow.capture.tree_duty import DUTY

if TYPE_CHECKING:
    from sopflow.capture.tree_words import Condition

VERBS_OF_STATE = frozenset({"is", "are", "was", "were"})
"""The verb in a shared start when the cases say one subject's state: "the invoice is paid
by" card or bank transfer; the question puts it first, as "Is the invoice …?"."""

SHORT_CASE = 5
"""Words a case may have to be asked about in one question: "new", "paid by card"."""

LABEL_LENGTH = 60
"""Characters an option label keeps, as a condition's label does."""


def _shared_ends(said: Sequence[list[str]]) -> tuple[int, int]:
    """How many words all the texts share at their start, and then at their end."""
    shortest = min(len(words) for words in said)
    head = 0
    while head < shortest and len({words[head].casefold() for words in said}) == 1:
        head += 1
    tail = 0
    while tail < shortest - head and len({words[-1 - tail].casefold() for words in said}) == 1:
        tail += 1
    return head, tail


def told_apart(instructions: Sequence[str]) -> tuple[str, list[str]] | None:
    """The question and the option labels for alternative steps, from the words that differ;
    None when a step's words are all shared with the others (nothing tells it apart)."""
    said = [text.rstrip(" .").split() for text in instructions]
    if len(said) < 2 or not all(said):
        return None
    head, tail = _shared_ends(said)
    middles = [words[head : len(words) - tail] for words in said]
    if not all(middles):  # "about the loss of the X" / "about the X": each said whole
        tail = 0
        while head > 1 and said[0][head - 1].casefold() in ARTICLES:
            head -= 1
        middles = [words[head:] for words in said]
    if head == 0 or not all(middles):
        return None
    first = said[0]
    question = " ".join(
        [*first[:head], " or ".join(" ".join(m) for m in middles), *first[len(first) - tail :]]
    )
    labels = [
        " ".join(m[1:] if len(m) > 1 and m[0].casefold() in ARTICLES else m)[:LABEL_LENGTH]
        for m in middles
    ]
    labels = [label.rstrip(" ,;:") for label in labels]
    return question + "?", [label[:1].upper() + label[1:] for label in labels]


def either_question(shared: Sequence[str], conditions: Sequence[Condition]) -> str | None:
    """ "Is the customer new or known?" for cases that say one subject's state ("the customer
    is new", "the customer is known") or what it does ("Does the parcel go by air or sea?");
    None when they differ otherwise or at length."""
    said = [word.casefold() for word in shared]
    verb = any(word in VERBS_OF_STATE or present_verb(word) for word in said[1:])
    if not verb or {"not", "no"} & set(said):
        return None  # "the request is not …" asked as one question would read backwards
    rests: list[str] = []
    for condition in conditions:
        said = condition.words.rstrip(" ,.;:").split()
        if [w.casefold() for w in said[: len(shared)]] != [w.casefold() for w in shared]:
            return None
        rest = said[len(shared) :]
        if not rest or len(rest) > SHORT_CASE:
            return None
        rests.append(" ".join(rest))
    return as_question(" ".join([*shared, " or ".join(rests)]))


POINTING_BACK = frozenset(
    {"so", "not", "yes", "no", "this", "that", "it", "they", "he", "she", "there", "the"}
    | {"case", "is", "are", "was", "were", "be", "does", "do", "did", "has", "have"}
)
"""The words of a condition that says nothing of its own: "if so", "if this is the case"."""

_ASKED = re.compile(r"\b(?:whether|if)\s+(?P<asked>.+?)\.?$", re.IGNORECASE)
"""What a step finds out, in its instruction: "Check whether the form is signed."."""


def points_back(condition: str) -> bool:
    """Whether a condition only refers to what was said before it."""
    said = re.findall(r"[a-z]+", condition.casefold().replace("n't", " not"))
    return bool(said) and set(said) <= POINTING_BACK


def asked_question(instruction: str) -> str | None:
    """The question a step that finds something out asks: "Is the form signed?"."""
    asked = asked_clause(instruction)
    return as_question(asked) if asked else None


def asked_clause(instruction: str) -> str | None:
    """What a step finds out, as said: "the form is signed" of "check whether the form is
    signed"."""
    match = _ASKED.search(instruction)
    return match.group("asked") if match else None


_THEN = re.compile(r"^\W*(?P<case>\w.*?),\s*then\b", re.IGNORECASE | re.DOTALL)
"""A case said as a clause of its own before the step: "(sometimes) there is an error in
the form, then …"."""

_HAPPENS = re.compile(r"^\W*it\s+(?:\w+\s+)?happens\s+that\s*$", re.IGNORECASE)
"""A case said as what happens: "(at times) it happens that a client rings"."""


def case_question(before_step: str, clause: str) -> str | None:
    """The question of a case said without a condition word ("sometimes", "under certain
    circumstances"), from the clause the case names: the words before its step ("there is an
    error in the form, then …" asks "Is there an error in the form?"), or the step's clause
    when the case is what happens ("it happens that the client calls": "Does the client
    call?"); None when the step itself is the case."""
    then = _THEN.match(before_step)
    if then is not None:
        return as_question(then.group("case"))
    if _HAPPENS.match(before_step):
        return as_question(clause)
    return None


REFERRING = frozenset({"it", "this", "that", "all of this", "all this", "everything", "all"})
"""Subjects that only point back to the work before: "everything must be finished"."""


def duty_question(clause: str) -> str | None:
    """The question a duty asks when the text goes on with what happens if it is not met
    ("the report must be filed by noon, if it is not, …" asks "Is the report filed by
    noon?"; "everything must be finished by 5 pm" asks "Finished by 5 pm?"); None when the
    clause is no passive duty."""
    match = DUTY.match(" ".join(clause.split()).rstrip(" ,.;:"))
    if match is None:
        return None
    subject, rest = match.group("subject"), match.group("rest")
    if subject.casefold() in REFERRING:
        return rest[:1].upper() + rest[1:] + "?"
    last = subject.split()[-1].casefold()
    plural = plural_noun(last)
    return as_question(f"{subject} {'are' if plural else 'is'} {rest}")


LISTED_LENGTH = 100
"""Characters a question listing three or more steps may have to stay readable."""


def listed(instructions: Sequence[str]) -> tuple[str, list[str]] | None:
    """The question and labels for alternative steps, the steps listed with the
    thing the last one acts on said once ("accept the bid, ask for a rewrite or decline the
    bid" asks "Accept, ask for a rewrite or decline the bid?": "Accept" / "Ask for a rewrite"
    / "Decline"); None for a list too long to read."""
    said = [" ".join(text.split()).rstrip(" .") for text in instructions]
    if len(said) < 2 or not all(said):
        return None
    tail = said[-1].split(" ", 1)[1] if " " in said[-1] else ""

    def without_tail(words: str) -> str:
        return words[: -len(tail)].rstrip() if tail and words.endswith(" " + tail) else words

    items = [*(without_tail(words) for words in said[:-1]), said[-1]]
    shown = [items[0], *(words[:1].lower() + words[1:] for words in items[1:])]
    question = ", ".join(shown[:-1]) + " or " + shown[-1] + "?"
    if len(question) > LISTED_LENGTH:
        return None
    labels = [without_tail(words)[:LABEL_LENGTH].rstrip(" ,;:") for words in items]
    return question, [label[:1].upper() + label[1:] for label in labels]


def same_things(instructions: Sequence[str]) -> bool:
    """Whether the steps act on the same thing, articles aside ("oppose the dismissal of X" /
    "confirm the dismissal of the X"): their verbs can then share one object in a question."""
    rests = {
        " ".join(w for w in text.casefold().rstrip(" .").split()[1:] if w not in ARTICLES)
        for text in instructions
    }
    return len(rests) == 1


ARTICLES = frozenset({"the", "a", "an"})


_OR_BETWEEN = re.compile(r"\s*,?\s*or\s+(?:an?\s+)?", re.IGNORECASE)
"""What joins the two cases of one "whether" clause: "a single | or | double room"."""

SHORT_NOUN = 3
"""Words the second case may have to be a noun phrase that shares the first case's verb."""


def whether_cases(first: str, between: str, second: str) -> tuple[str, list[str]] | None:
    """The question and labels of a "whether" that names two things after one verb ("whether
    she wants a single or double room": "Does she want a single or double room?", "Single
    room" / "Double room"); None when the second case is a clause of its own ("whether she
    is healthy or needs a test")."""
    said = second.rstrip(" ,.;:").split()
    if not _OR_BETWEEN.fullmatch(between) or not said or len(said) > SHORT_NOUN:
        return None
    if any(word.casefold() in NOT_NOUNS for word in said) or not first.split():
        return None
    things = [word for word in said if word.casefold() not in ARTICLES]
    head = " ".join(things[1:])
    one = " ".join([first.rsplit(maxsplit=1)[-1], head]).strip()
    labels = [one, " ".join(things)]
    question = as_question(f"{first}{between}{second}")
    return question, [label[:1].upper() + label[1:] for label in labels]


NOT_NOUNS = frozenset(
    {"is", "are", "was", "were", "has", "have", "had", "can", "could", "will", "would"}
    | {"should", "must", "may", "might", "needs", "need", "does", "do", "did", "not", "no"}
    | {"it", "he", "she", "they", "we", "you", "i", "this", "that", "there"}
)
"""Words that make the second case a clause, not a noun phrase."""


_WORKS = re.compile(r"\s*(?:this|it|that)\s+(?:succeeds|works|is successful)\s*$", re.I)
"""A condition that only says the step before worked: "if this succeeds", "if it works"."""


def tried_question(condition: str, lemma: str, thing: str, rest: str) -> str | None:
    """What "if this succeeds" asks of the step it follows ("tries to solve the issue on
    the phone"): whether its work got done, "Is the issue solved on the phone?"; None for
    another condition or a step on nothing named."""
    if _WORKS.match(condition) is None or not thing:
        return None
    last = thing.rsplit(maxsplit=1)[-1].casefold()
    verb = "Are" if last.endswith("s") and not last.endswith("ss") else "Is"
    said = " ".join([thing, past_participle(lemma), rest]).strip()
    return f"{verb} {said}?"
