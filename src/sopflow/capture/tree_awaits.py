"""A sentence about what one branch set going goes on in that branch.

"If the part is in stock, the fitter installs it. Otherwise the fitter orders the part.
Once the part arrives, the fitter installs it." The third sentence waits for the order
the second branch placed: it belongs to that branch, not after the decision's join, and
the in-stock branch goes straight on to whatever follows. So too for a sentence whose step
acts on a thing the open branch brought in ("Otherwise she offers another date. The guest
accepts the date or cancels"), or done by someone the branch brought in ("informs the
buyer. The buyer calls the supplier.", first named as the one the branch's step goes to):
new there, named nowhere before that branch, so the step can only follow it. So too the
work of whom the one branch said passed it to ("… he passes the ticket to the specialist.
The specialist …").
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Extraction, Span
from sopflow.capture.structure.lexicon import CLOSING_VERBS
from sopflow.capture.tree import Act, Arm, Choice

_ONCE = re.compile(
    r"\s*(?:once|as soon as|when|after)\s+(?:the|these|those|this|that|all the)\s+"
    r"(?P<said>[^,.;]+),",
    re.IGNORECASE,
)
"""A sentence opening with a time clause about something already named: "Once the
goods arrive, …", "After the repair, …" (the words up to the comma)."""

_WORD = re.compile(r"[a-z]{3,}")


_SMALL = frozenset(
    {"the", "and", "for", "with", "from", "are", "has", "have", "been", "all", "this", "that"}
    | {"these", "those", "its", "their", "his", "her", "them", "they", "who", "not", "into"}
)


def _stems(text: str) -> set[str]:
    words = _WORD.findall(text.casefold())
    return {word.removesuffix("s") for word in words if word not in _SMALL}


def _said_in(ex: Extraction, body: list[object]) -> set[str]:
    """The words of the branch's step clauses and of what their pronouns stand for ("orders
    it": the part), minus who does them."""
    words: set[str] = set()
    for node in body:
        if isinstance(node, Act):
            activity = ex.activities[node.index]
            words |= _stems(activity.clause.text(ex.text))
            if activity.referent is not None:
                words |= _stems(activity.referent.text(ex.text))
            if activity.actor_mention is not None:
                words -= _stems(activity.actor_mention.text(ex.text))
    return words


ORDERING_VERBS = frozenset({"order", "reorder", "request", "buy", "purchase"})
"""Verbs that set a thing coming: the branch that says them waits for it."""


def _ordered_in(ex: Extraction, body: list[object]) -> set[str]:
    """The words of what the branch's steps order ("orders it from the maker": the lamp)."""
    words: set[str] = set()
    for node in body:
        if isinstance(node, Act) and ex.activities[node.index].lemma in ORDERING_VERBS:
            activity = ex.activities[node.index]
            for span in [activity.referent, *activity.objects]:
                if span is not None:
                    words |= _stems(span.text(ex.text))
    return words


def awaits_open_branch(ex: Extraction, choice: Choice, sentence: int) -> bool:
    """The sentence opens with "once the X …" where X is what a step of the open branch
    orders and no other branch does, even when the others name it ("if the lamp is in
    stock, the storeman packs the lamp; if not, the buyer orders it. Once the lamp
    arrives, …"), or X is named by a step of the open branch and by no step of the other
    branches (by nothing before the branch, when it is the only one said so far)."""
    match = _ONCE.match(ex.text, ex.sentences[sentence].start)
    arm = choice.current
    if match is None or arm.ends or not arm.body:
        return False
    said = _stems(match.group("said"))
    others = [a for a in choice.arms if a is not arm]
    ordered_elsewhere = set().union(*(_ordered_in(ex, list(a.body)) for a in others))
    if said & (_ordered_in(ex, list(arm.body)) - ordered_elsewhere):
        return True  # "… orders the lamp. Once the lamp arrives": only this branch waits
    if len(choice.arms) < 2:  # the other case not said yet: X is new in this branch
        marker = arm.branch.marker or arm.branch.condition
        if marker is None or said & _stems(ex.text[: marker.start]):
            return False
    if said & set().union(*(_said_in(ex, list(a.body)) for a in others)):
        return False
    return bool(said & _said_in(ex, list(arm.body)))


_NEW = re.compile(r"\s*(?:a|an|another|some|new|a new|a fresh)\s", re.IGNORECASE)
_THE = re.compile(r"\s*(?:the|this|that)\s", re.IGNORECASE)


def refers_to_branch(ex: Extraction, choice: Choice, index: int) -> bool:
    """The step, said right after the open branch, acts on "the X" that a step of that
    branch brought in ("another date", "a spare part") and that nothing before the branch
    named."""
    arm = choice.current
    acts = [node.index for node in arm.body if isinstance(node, Act)]
    said_at = arm.branch.marker or arm.branch.condition
    activity = ex.activities[index]
    if arm.ends or not acts or activity.sentence != arm.sentence + 1:
        return False
    others = [a for a in choice.arms if a is not arm]
    if others and all(_ends(ex, a) for a in others):
        return False  # only this branch goes on: the step after the join is the same
    start = said_at.start if said_at is not None else ex.activities[acts[0]].clause.start
    told = {
        ex.activities[node.index].recipient_mention for node in arm.body if isinstance(node, Act)
    }
    first = _first_mention(ex, activity.actor)
    if first is not None and first in told:
        return True  # "… informs the buyer. The buyer calls the supplier."
    said = [o.text(ex.text) for o in activity.objects if _THE.match(o.text(ex.text))]
    if not said or not _WORD.findall(said[0].casefold()):
        return False
    thing = _WORD.findall(said[0].casefold())[-1].removesuffix("s")
    if thing in _stems(ex.text[:start]):
        return False
    return any(
        _NEW.match(o.text(ex.text)) and thing in _stems(o.text(ex.text))
        for node in arm.body
        if isinstance(node, Act)
        for o in ex.activities[node.index].objects
    )


def _first_mention(ex: Extraction, actor: int | None) -> Span | None:
    """Where the performer is first named, unless it is the narrator."""
    if actor is None or ex.actors[actor].narrator or not ex.actors[actor].mentions:
        return None
    return ex.actors[actor].mentions[0]


def _ends(ex: Extraction, arm: Arm) -> bool:
    """The branch ends the process: said so, or its step closes the case ("rejects it")."""
    return arm.ends or any(
        isinstance(node, Act) and ex.activities[node.index].lemma in CLOSING_VERBS
        for node in arm.body
    )
