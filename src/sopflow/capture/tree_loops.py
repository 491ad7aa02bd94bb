"""Repetition said with "until": the step before it is done again until its condition holds.

"… calls the borrower, and so on until all books are back" repeats the call; "waits until
the bus arrives" only says how long, so verbs of waiting and staying are left alone. A sentence
that says the work before it is repeated for each of several things ("This procedure is
repeated for each box on the shelf", "Repeat these steps for every invoice") repeats the
step before it (a decision with the step it decides on), asking whether there is another one;
one that says it goes on until something holds ("This is repeated until the list is empty",
"This continues until …") repeats it until that holds.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Extraction, Span
from sopflow.capture.tree import Act, Choice, Loop, Node, Parallel
from sopflow.capture.tree_parallel import acts

_UNTIL = re.compile(r"\buntil\b\s+(?P<condition>[^,;.]+)", re.IGNORECASE)
UNTIL_EXCLUDED = frozenset({"wait", "stay", "remain", "keep", "hold", "continue"})
"""Verbs whose "until" says how long, not what to repeat: "wait until the bus arrives"."""


def with_loops(ex: Extraction, body: list[Node]) -> list[Node]:
    """Each step said to go on "until" something holds, wrapped in a loop."""
    result: list[Node] = []
    for node in body:
        if isinstance(node, Choice):
            for arm in node.arms:
                arm.body = with_loops(ex, arm.body)
        elif isinstance(node, Parallel):
            node.branches = [with_loops(ex, branch) for branch in node.branches]
        elif isinstance(node, Act):
            until = until_of(ex, node.index)
            if until is not None:
                again = _repeated_work(ex, result, node.index)
                result.append(Loop(again or [node], until))
                continue
            holds = as_long_as(ex, node.index)
            if holds is not None:
                start = _sentence_run(ex, result, ex.activities[node.index].sentence)
                run = [*result[start:], node]
                del result[start:]
                result.append(Loop(run, holds, holds=True))
                continue
        result.append(node)
    return _inside_until(ex, result)


_AS_LONG_AS = re.compile(r"\bas\s+long\s+as\s+(?P<condition>[^,;.]+)", re.IGNORECASE)
_MAY = re.compile(r"\b(?:can|could|may|might|allowed\s+to)(?:\s+(?:also|\w+ly))?\s*\Z", re.I)


def as_long_as(ex: Extraction, index: int) -> Span | None:
    """ "As long as the parts have not arrived, the buyer checks the status every week": the
    condition the sentence's work repeats while it holds, when the activity is the last of
    its sentence outside it; "may keep the book as long as …" grants, it repeats nothing."""
    activity = ex.activities[index]
    sentence = ex.sentences[activity.sentence]
    match = _AS_LONG_AS.search(ex.text, sentence.start, sentence.end)
    if match is None or match.start("condition") <= activity.verb.start < match.end():
        return None
    later = [
        a
        for a in ex.activities
        if a.sentence == activity.sentence and a.verb.start > activity.verb.start
    ]
    if any(not match.start() <= a.verb.start < match.end() for a in later):
        return None  # the loop closes after the sentence's last step
    if _MAY.search(ex.text, sentence.start, activity.verb.start):
        return None
    return Span(match.start("condition"), match.end("condition"))


_REPEAT = frozenset({"repeat", "redo"})
_THIS_WORK = re.compile(
    r"\b(?:this|that|these|those|it|them|the\s+(?:same\s+|above\s+|previous\s+|last\s+)?"
    r"(?:steps?|process|procedure|tasks?|work))\b",
    re.IGNORECASE,
)
"""What a repeating verb names as the work said before: "repeats this", "redo the steps"."""


def _repeated_work(ex: Extraction, body: list[Node], index: int) -> list[Node]:
    """ "She labels each sample and scans it. She repeats this until …": a step that repeats
    the work said before it is no step of its own; takes that work (the nodes of the
    sentence before) from the end of body and returns it, or none when it is no such step."""
    activity = ex.activities[index]
    if (activity.lemma or "").casefold() not in _REPEAT:
        return []
    if _THIS_WORK.search(activity.clause.text(ex.text)) is None:
        return []
    start = len(body)
    while start > 0 and any(
        ex.activities[i].sentence == activity.sentence - 1 for i in acts(body[start - 1])
    ):
        start -= 1
    if start == len(body) and body:
        start -= 1  # said further back: at least the step before
    taken = body[start:]
    del body[start:]
    return taken


def until_of(ex: Extraction, index: int) -> Span | None:
    """The "until" condition said after an activity's verb in its sentence, if any."""
    activity = ex.activities[index]
    if (activity.lemma or "").casefold() in UNTIL_EXCLUDED:
        return None
    sentence = ex.sentences[activity.sentence]
    match = _UNTIL.search(ex.text, activity.verb.end, sentence.end)
    if match is None:
        return None  # the usual case: looked for first, so the steps are not walked per step
    later = [
        a.verb.start
        for a in ex.activities
        if a.sentence == activity.sentence and a.verb.start > activity.verb.start
    ]
    if any(start < match.start() for start in later):
        return None  # no "until", or it belongs to a later step of the sentence
    before = ex.text[activity.verb.start : match.start()].split()
    if before and before[-1].casefold().rstrip("s") in UNTIL_EXCLUDED | {"waite", "waiting"}:
        return None  # "… and waits until the bus arrives": how long, not a repetition
    return Span(match.start("condition"), min(match.end("condition"), sentence.end))


def _inside_until(ex: Extraction, body: list[Node]) -> list[Node]:
    """Steps found inside an "until" condition ("until the form is received"), or a choice
    between them ("until a buyer accepts or the list runs out"), are part of the condition,
    not steps."""
    spans = [node.until for node in body if isinstance(node, Loop)]

    def inside(node: Node) -> bool:
        said = [ex.activities[i].verb.start for i in acts(node)]
        return bool(said) and all(any(s.start <= at < s.end for s in spans) for at in said)

    return [node for node in body if not (isinstance(node, Act | Choice) and inside(node))]


_FOR_EACH = re.compile(
    r"\s*(?:(?:this|these|that|those|the|all|both)\b[^,;.]{0,40}?\b(?:is|are)\s+repeated"
    r"|repeat\s+(?:this|these|that|those|the\s+(?:same|above))\b[^,;.]{0,30}?)"
    r"\s+for\s+(?:each|every|all(?:\s+the)?|any)\s+(?P<what>[^,;.]+)",
    re.IGNORECASE,
)


_WORK_BEFORE = (
    r"(?:this|these|that|those|it|the\s+(?:same\s+|above\s+|previous\s+)?"
    r"(?:steps?|process|procedure|tasks?|work|check|cycle))"
)
_UNTIL_AGAIN = re.compile(
    rf"\s*(?:{_WORK_BEFORE}\b[^,;.]{{0,30}}?\b(?:is|are|gets?|must\s+be)\s+repeated"
    rf"|(?:[a-z]+\s+){{0,3}}?repeats?\s+{_WORK_BEFORE}(?:\s+[a-z]+)?"
    r"|(?:this|it|that)\s+(?:continues|goes\s+on|is\s+done\s+again))"
    r",?\s+until\s+(?P<what>[^;.]+)",
    re.IGNORECASE,
)
"""A sentence saying the work before it goes on until something holds: "This is repeated
until the list is empty", "The clerk repeats these steps until …", "This continues until …"."""


def repeated_until(text: str, sentence: Span) -> Span | None:
    """The condition a sentence repeats the work before it until, if it says so."""
    match = _UNTIL_AGAIN.match(text, sentence.start, sentence.end)
    if match is None:
        return None
    return Span(match.start("what"), match.end("what"))


def repeated_for_each(text: str, sentence: Span) -> Span | None:
    """What a sentence repeats the work before it for ("each box on the shelf"), if it says so."""
    match = _FOR_EACH.match(text, sentence.start, sentence.end)
    if match is None:
        return None
    return Span(match.start("what"), match.end("what"))


def repeats_work(text: str, sentence: Span) -> bool:
    """The sentence says the work before it is done again, for each thing or until …."""
    return bool(repeated_for_each(text, sentence) or repeated_until(text, sentence))


def repeat_last_run(ex: Extraction, body: list[Node], sentence: int) -> None:
    """Wraps the work just said in a loop over what the sentence names, or until what it
    says holds (`repeated_until`): the last step, or
    the last decision with the step before it that it decides on (in a parallel's first
    branch when body ends with a parallel)."""
    what = repeated_for_each(ex.text, ex.sentences[sentence])
    until = repeated_until(ex.text, ex.sentences[sentence]) if what is None else None
    if until is not None and any(
        a.sentence == sentence and until_of(ex, i) is not None for i, a in enumerate(ex.activities)
    ):
        return  # "he repeats this until …": a step with its own "until" (`with_loops`)
    if (what or until) is None or not body:
        return
    last = body[-1]
    if isinstance(last, Parallel) and last.branches:
        repeat_last_run(ex, last.branches[0], sentence)
        return
    start = len(body) - 1
    if isinstance(last, Choice) and start > 0 and isinstance(body[start - 1], Act):
        start -= 1  # "check the item; if …, otherwise …": the check and its decision
    if until is not None and _STEPS.match(ex.text, ex.sentences[sentence].start, until.start):
        start = min(start, _sentence_run(ex, body, sentence - 1))  # "repeats these steps"
    run = body[start:]
    del body[start:]
    if what is not None:
        body.append(Loop(run, what, each=True))
    elif until is not None:
        body.append(Loop(run, until))  # "this is repeated until the list is empty"


_STEPS = re.compile(
    r"[^,;.]*?\b(?:these|those|the\s+(?:same\s+|above\s+|previous\s+)?steps)\b", re.IGNORECASE
)
"""Work before said in the plural: "repeats these steps", "the steps are repeated"."""


def _sentence_run(ex: Extraction, body: list[Node], sentence: int) -> int:
    """Where the nodes said in sentence begin, at the end of body."""
    start = len(body)
    while start > 0 and any(ex.activities[i].sentence == sentence for i in acts(body[start - 1])):
        start -= 1
    return start
