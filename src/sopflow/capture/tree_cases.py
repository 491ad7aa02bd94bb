"""The cases of an open "whether" named by the question's own participle or noun.

"The jury decides whether the entry is shortlisted. Shortlisted entries go to the final
round; the others get a thank-you note." No "if" follows the question: each case is named
by the subject of its sentence, the participle of the question ("shortlisted entries") or
what is left ("the others", "the rest", "all other entries"). Each such sentence is a
branch of the question, not a step after it. A case may also be named by its own noun:
"whether it is an incident or a request. For an incident, …" / "Requests go to …". So too
after alternatives: "The request is
approved or rejected. Approved requests go to the archive" goes on with the approval.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Branch, Extraction, Span
from sopflow.capture.participles import past_participle
from sopflow.capture.structure.lexicon import stem
from sopflow.capture.tree import Act, Arm, Choice, Node
from sopflow.capture.tree_parallel import acts
from sopflow.capture.tree_words import (
    Condition,
    fills,
    named_by,
    negated,
    same_case,
    subject,
    tokens_of,
)

_PARTICIPLE = re.compile(r"\s*(?:the\s+|all\s+)?(?P<word>[a-z]+(?:ed|en))\s+[a-z]+\b", re.I)
"""A subject opened by a participle: "Shortlisted entries", "the approved requests"."""

_OTHERS = re.compile(
    r"\s*(?P<rest>the\s+others|the\s+rest|all\s+(?:the\s+)?others?\b|the\s+other\s+[a-z]+"
    r"|the\s+remaining\s+[a-z]+|(?:any|all)\s+remaining\s+[a-z]+)\b",
    re.IGNORECASE,
)
"""A subject for what is left: "the others", "the rest", "the remaining entries"."""

_NOUN = re.compile(
    r"\s*(?:(?:for|with)\s+)?(?:(?:the|an?|all|any|each|every)\s+)?(?P<word>[a-z]+)\b\s*,?",
    re.IGNORECASE,
)
"""A sentence opened by a noun, or "for" and a noun: "For an incident, …", "Requests …"."""


def _asked(ex: Extraction, choice: Choice) -> bool:
    """The choice is an open "whether" question none of whose cases were said yet."""
    marker = choice.arms[0].branch.marker if choice.arms else None
    return (
        marker is not None
        and marker.text(ex.text).casefold() == "whether"
        and not any(arm.branch.activities for arm in choice.arms)
    )


def _named_case(ex: Extraction, choice: Choice, index: int) -> Arm | None:
    """The branch of choice whose case opens the sentence of activity index, made when it
    is the case left over; None when the sentence names no case of it."""
    activity = ex.activities[index]
    said = ex.sentences[activity.sentence]
    opening = ex.text[said.start : activity.verb.start]
    told = [ex.activities[i].sentence for i in acts(choice)]
    last = max([*told, *(arm.sentence for arm in choice.arms)])
    if not _asked(ex, choice) or activity.sentence - last > 1:
        return None
    match = _PARTICIPLE.match(opening)
    if match is not None:
        word = stem(match.group("word").casefold())
        for arm in choice.arms:
            span = arm.branch.condition
            words = tokens_of(span.text(ex.text)) if span is not None else []
            if word in {stem(w) for w in words}:
                return arm
        return None
    named = _noun_case(ex, choice, opening)
    if named is not None:
        return named
    rest = _OTHERS.match(opening)
    if rest is None or len(choice.arms) != 1 or not choice.arms[0].body:
        return None
    marker = Span(said.start + rest.start("rest"), said.start + rest.end("rest"))
    rest_branch = Branch(marker=marker, condition=None, activities=(), label="otherwise")
    arm = Arm(rest_branch, sentence=activity.sentence)
    choice.arms.append(arm)
    return arm


def _noun_case(ex: Extraction, choice: Choice, opening: str) -> Arm | None:
    """The one case whose noun the sentence opens with, said as its subject or after "for"
    ("whether it is an incident or a request. For an incident, …" / "Requests go to …")."""
    match = _NOUN.match(opening)
    if match is None:
        return None
    word = stem(match.group("word").casefold())
    first = choice.arms[0].branch.condition
    if first is not None and word in subject(Condition(first.text(ex.text))).split():
        return None  # "whether the order is urgent or not. The order is then packed"
    named = [
        arm
        for arm in choice.arms
        if arm.branch.condition is not None
        and word in {stem(w) for w in tokens_of(arm.branch.condition.text(ex.text))}
    ]
    return named[0] if len(named) == 1 and len(choice.arms) > 1 else None


def _named_alternative(ex: Extraction, choice: Choice, index: int) -> Arm | None:
    """ "The request is approved or rejected. Approved requests go to the archive": the
    branch of an "A or B" whose step's participle opens the sentence right after it."""
    activity = ex.activities[index]
    last = max(arm.sentence for arm in choice.arms)
    if not choice.alternative or not 0 <= activity.sentence - last <= 1:
        return None
    said = ex.sentences[activity.sentence]
    match = _PARTICIPLE.match(ex.text[said.start : activity.verb.start])
    if match is None:
        return None
    word = match.group("word").casefold()
    named = [arm for arm in choice.arms if word in _participles(ex, arm)]
    return named[0] if len(named) == 1 else None


def _participles(ex: Extraction, arm: Arm) -> set[str]:
    """The forms of the verb of arm's first step a case may be named by."""
    first = next((node for node in arm.body if isinstance(node, Act)), None)
    if first is None:
        return set()
    activity = ex.activities[first.index]
    lemma = (activity.lemma or activity.verb.text(ex.text)).casefold()
    return {past_participle(lemma), activity.verb.text(ex.text).casefold()}


def subject_case(root: list[Node], stack: list[Choice], number: int, arm: Arm) -> bool:
    """A case named by its subject ("Urgent requests are passed on. Routine requests …",
    `structure.subsets`): the next case of the decision it belongs to, or a decision of its
    own on the main line, said as a step is, closing the decisions open before it, and
    those said inside the case before ("For billing complaints …. If the invoice is wrong,
    …. For technical complaints …")."""
    if not arm.branch.question:
        return False
    said = [depth for depth, choice in enumerate(stack) if choice.gateway == number]
    if said:
        del stack[said[-1] + 1 :]
        stack[-1].arms.append(arm)
        stack[-1].open = -1
        return True
    stack.clear()
    choice = Choice(number, [arm])
    root.append(choice)
    stack.append(choice)
    return True


def takes_case(ex: Extraction, choice: Choice, index: int) -> bool:
    """Put activity index in the branch of choice its sentence names, if it names one."""
    arm = _named_case(ex, choice, index) or _named_alternative(ex, choice, index)
    if arm is None:
        return False
    arm.body.append(Act(index))
    arm.sentence = max(arm.sentence, ex.activities[index].sentence)
    choice.open = choice.arms.index(arm)
    return True


def takes_case_in(ex: Extraction, stack: list[Choice], index: int) -> bool:
    """Put activity index in the branch its sentence names of the innermost open decision
    that has one (`takes_case`), closing the decisions inside it: "For an incident, … If
    that does not help, …. For a request, …" goes back to the first decision."""
    for depth in range(len(stack) - 1, -1, -1):
        if takes_case(ex, stack[depth], index):
            del stack[depth + 1 :]
            return True
    return False


_BACK = re.compile(r"\b(?:back|returns?|returned)\b", re.IGNORECASE)


def sent_back(ex: Extraction, choice: Choice, new: Arm) -> bool:
    """The one branch of choice ends by sending the work back ("if changes are needed, she
    sends the draft back"), and the sentence right after it says another condition: that
    condition is another outcome of the same check ("if it is approved, …"), not a question
    asked inside the branch, whose work has left; unless it is about whom the work went
    back to ("if the author does not answer, …")."""
    arm = choice.current
    last = arm.body[-1] if arm.body else None
    if len(choice.arms) > 1 or not isinstance(last, Act) or new.sentence - arm.sentence > 1:
        return False
    activity = ex.activities[last.index]
    said = new.branch.condition.text(ex.text) if new.branch.condition else ""
    to = activity.recipient_mention.text(ex.text) if activity.recipient_mention else ""
    if set(tokens_of(to)) - {"the", "a", "an"} & set(tokens_of(said)):
        return False
    return activity.lemma == "return" or _BACK.search(activity.clause.text(ex.text)) is not None


_FORMER_LATTER = re.compile(
    r"\s*in the (?P<which>former|latter|first|second|other) cases?\b", re.IGNORECASE
)


def former_or_latter(
    ex: Extraction, stack: list[Choice], choice: Choice | None, index: int, sentence: str
) -> bool:
    """Put activity index in the branch of choice, the last one, that "in the former / latter
    case" names, and leave the decisions open down to it."""
    match = _FORMER_LATTER.match(sentence)
    if choice is None or match is None or len(choice.arms) < 2:
        return False
    stack[:] = [*stack[: stack.index(choice)], choice] if choice in stack else [choice]
    choice.open = 0 if match.group("which").casefold() in {"former", "first"} else 1
    arm = choice.current
    arm.body.append(Act(index))
    arm.sentence = max(arm.sentence, ex.activities[index].sentence)
    return True


def named_arm(ex: Extraction, choice: Choice, condition: Condition) -> Arm | None:
    """The branch of an "A or B" a later condition names ("if A, ..."), if one is named."""
    scores = [named_by(condition, _arm_words(ex, arm)) for arm in choice.arms]
    best = max(scores, default=0.0)
    if best <= 0 or scores.count(best) > 1:
        return None
    return choice.arms[scores.index(best)]


def _arm_words(ex: Extraction, arm: Arm) -> list[str]:
    """The verb and objects of a branch's first step, for telling which branch is named."""
    words: list[str] = []
    for node in arm.body[:1]:
        if isinstance(node, Act):
            activity = ex.activities[node.index]
            words.append(activity.lemma or activity.verb.text(ex.text))
            words.extend(o.text(ex.text) for o in activity.objects)
    return words


def named_by_verb(ex: Extraction, choice: Choice, condition: Condition) -> bool:
    """Some branch of the "A or B" is named through its verb ("if accepted" names "accept
    it"), not only by a thing its step acts on ("the problem" of "solve the problem")."""
    return any(named_by(condition, _arm_words(ex, arm)) >= 2.0 for arm in choice.arms)


_STANDING_IN = frozenset({"it", "one", "them", "this", "that", "so"})


def fills_again(condition: Condition, asked: Condition) -> bool:
    """The condition restates a branch asked before (`tree_words.fills`), or says it again
    with a pronoun for its last words ("whether he wants the repair", then "if he wants
    it")."""
    if fills(condition, asked):
        return True
    said, before = tokens_of(condition.words), tokens_of(asked.words)
    if negated(condition) != negated(asked) or len(said) < 2 or said[-1] not in _STANDING_IN:
        return False
    head = said[:-1]
    return len(before) > len(head) and before[: len(head)] == head


def else_fills(condition: Condition, choice: Choice) -> bool:
    """An "otherwise" after some cases of a "whether" were said is the one case left
    ("whether the policy is valid. If it is not valid, … Otherwise, …")."""
    empty = [arm for arm in choice.arms if not arm.body]
    return condition.is_else and len(empty) == 1 and len(choice.arms) > 1


def outer_case(ex: Extraction, stack: list[Choice], condition: Condition) -> Choice | None:
    """The choice a condition goes on with: the innermost, unless that is an "A or B" it
    names by no verb while a decision around it has a case on the same subject ("if the
    problem is technical, … solves the problem or … If the problem is billing"); the
    decisions inside that one are closed then."""
    top = stack[-1] if stack else None
    if top is None or not top.alternative or named_by_verb(ex, top, condition):
        return top
    for depth in range(len(stack) - 2, -1, -1):
        choice = stack[depth]
        said = [_condition_of(ex, arm) for arm in choice.arms]
        if not choice.alternative and any(same_case(c, condition) for c in said):
            del stack[depth + 1 :]
            return choice
    return top


def _condition_of(ex: Extraction, arm: Arm) -> Condition:
    branch = arm.branch
    words = branch.condition.text(ex.text) if branch.condition else ""
    return Condition(words, branch.marker.text(ex.text) if branch.marker else "")
