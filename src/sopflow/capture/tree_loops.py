"""Repetition said with "until": the step before it is done again until its condition holds.

"… calls the borrower, and so on until all books are back" repeats the call; "waits until
the bus arrives" only says how long, so verbs of waiting and staying are left alone. A sentence
that says the work before it is repeated for each of several things ("This procedure is
repeated for each box on the shelf", "Repeat these steps for every invoice") repeats the
step before it (a decision with the step it decides on), asking whether there is another one.
Work said to be repeated "until" something holds with no step of its own for the repeating
("The mechanic repeats these steps until all wheels are checked", "these steps are repeated
until …") repeats the work of the sentence before, until the condition holds.
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
        result.append(node)
    return _inside_until(ex, result)


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
    """Steps found inside an "until" condition ("until the form is received") are part
    of the condition, not steps."""
    spans = [node.until for node in body if isinstance(node, Loop)]
    return [
        node
        for node in body
        if not (
            isinstance(node, Act)
            and any(s.start <= ex.activities[node.index].verb.start < s.end for s in spans)
        )
    ]


_FOR_EACH = re.compile(
    r"\s*(?:(?:this|these|that|those|the|all|both)\b[^,;.]{0,40}?\b(?:is|are)\s+repeated"
    r"|repeat\s+(?:this|these|that|those|the\s+(?:same|above))\b[^,;.]{0,30}?)"
    r"\s+for\s+(?:each|every|all(?:\s+the)?|any)\s+(?P<what>[^,;.]+)",
    re.IGNORECASE,
)


def repeated_for_each(text: str, sentence: Span) -> Span | None:
    """What a sentence repeats the work before it for ("each box on the shelf"), if it says so."""
    match = _FOR_EACH.match(text, sentence.start, sentence.end)
    if match is None:
        return None
    return Span(match.start("what"), match.end("what"))


_UNTIL_DONE = re.compile(
    r"[^,;.]*?\b(?:repeats?|repeating|redoes|redo)\s+(?:all\s+)?(?:this|these|those|"
    r"the\s+(?:same\s+|above\s+|previous\s+|last\s+)?(?:steps?|process|procedure|tasks?|work))"
    r"|\s*(?:this|these|those|the|all)\b[^,;.]{0,40}?\b(?:is|are)\s+repeated",
    re.IGNORECASE,
)


def repeated_until(text: str, sentence: Span) -> Span | None:
    """The condition a sentence repeats the work before it until ("The mechanic repeats
    these steps until all wheels are checked"), if it says so."""
    found = _UNTIL_DONE.match(text, sentence.start, sentence.end)
    if found is None:
        return None
    until = _UNTIL.match(text, found.end(), sentence.end)
    if until is None:
        until = _UNTIL.search(text, found.end(), sentence.end)
        if until is None or text[found.end() : until.start()].count(",") > 0:
            return None
    return Span(until.start("condition"), min(until.end("condition"), sentence.end))


def repeats_work(ex: Extraction, sentence: Span) -> bool:
    """The sentence repeats the work before it, for each thing or until something holds."""
    if repeated_for_each(ex.text, sentence) is not None:
        return True
    return repeated_until(ex.text, sentence) is not None and not _repeat_step(ex, sentence)


def _repeat_step(ex: Extraction, sentence: Span) -> bool:
    """The repeating verb is a step of the sentence ("she repeats this until …"): its own
    "until" makes the loop (`with_loops`)."""
    return any(
        sentence.start <= a.verb.start < sentence.end and (a.lemma or "").casefold() in _REPEAT
        for a in ex.activities
    )


def in_repeat_until(ex: Extraction, index: int) -> bool:
    """The activity is said in the condition a repetition runs until ("until all wheels
    are checked"): part of that condition, not a step."""
    activity = ex.activities[index]
    said = ex.sentences[activity.sentence]
    until = repeated_until(ex.text, said)
    if until is None or _repeat_step(ex, said):
        return False
    return until.start <= activity.verb.start < until.end


def _until_run(ex: Extraction, body: list[Node], sentence: int, until: Span) -> None:
    """ "… loosens the bolts and checks the pads. She repeats these steps until …": the
    work of the sentence before (at least the last step), in a loop until it holds."""
    start = len(body)
    while start > 0 and any(
        ex.activities[i].sentence == sentence - 1 for i in acts(body[start - 1])
    ):
        start -= 1
    start = min(start, len(body) - 1)
    run = body[start:]
    del body[start:]
    body.append(Loop(run, until))


def repeat_last_run(ex: Extraction, body: list[Node], sentence: int) -> None:
    """Wraps the work just said in a loop over what the sentence names: the last step, or
    the last decision with the step before it that it decides on (in a parallel's first
    branch when body ends with a parallel); or, repeated "until" something holds, the
    work of the sentence before."""
    until = repeated_until(ex.text, ex.sentences[sentence])
    if until is not None and body and not _repeat_step(ex, ex.sentences[sentence]):
        _until_run(ex, body, sentence, until)
        return
    what = repeated_for_each(ex.text, ex.sentences[sentence])
    if what is None or not body:
        return
    last = body[-1]
    if isinstance(last, Parallel) and last.branches:
        repeat_last_run(ex, last.branches[0], sentence)
        return
    start = len(body) - 1
    if isinstance(last, Choice) and start > 0 and isinstance(body[start - 1], Act):
        start -= 1  # "check the item; if …, otherwise …": the check and its decision
    run = body[start:]
    del body[start:]
    body.append(Loop(run, what, each=True))
