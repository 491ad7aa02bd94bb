"""The words of a decision: its question and its options' labels, from the conditions
the text says ("Is the claim valid?", "Yes" / "No", "Card" / "Bank transfer"), from the
steps when the cases have no condition ("Scan the letter or forward it to the lawyer?"),
or from what the step before asked ("check whether …. If so, …")."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from sopflow.capture.choice_words import (
    asked_clause,
    case_question,
    duty_question,
    either_question,
    listed,
    points_back,
    same_things,
    told_apart,
    tried_question,
    whether_cases,
)
from sopflow.capture.questions import as_question, expanded, plural_noun
from sopflow.capture.structure.lexicon import stem
from sopflow.capture.tree import Act, Arm, Choice, Node, Parallel
from sopflow.capture.tree_asked import is_offered, offered_question
from sopflow.capture.tree_depending import depending_question, depends_whether
from sopflow.capture.tree_duty import duty_clause
from sopflow.capture.tree_optional import optional_question
from sopflow.capture.tree_unless import THAT_CASE, said_unless
from sopflow.capture.tree_words import (
    DETERMINERS,
    PRONOUNS,
    Condition,
    common_start,
    negated,
    opposition,
    share_words,
    subject,
    subject_lent,
    subjects_named,
    tokens_of,
    unconditioned,
)
from sopflow.capture.wording import lower_determiner, sentence_case

if TYPE_CHECKING:
    from sopflow.capture.builder import SopBuilder

OTHER_ANSWER = {"Yes": "No", "No": "Yes"}
"""The answer of the option a lone condition leaves unsaid."""


class ChoiceText:
    """Question and labels for the choices of one draft."""

    def __init__(self, builder: SopBuilder) -> None:
        self.b = builder
        self.ex = builder.ex

    def _by_steps(self, item: Choice) -> bool:
        """An "A or B", or cases said without conditions ("sometimes A, sometimes B"): the
        branches are told apart by their steps."""
        conditions = [self.condition(arm) for arm in item.arms]
        return item.alternative or (len(conditions) > 1 and unconditioned(conditions))

    def question(self, item: Choice) -> str:
        if item.arms and item.arms[0].branch.question:  # "Urgent requests …": asked there
            return item.arms[0].branch.question
        if self._by_steps(item) and not item.alternative:
            return self._cases_question(item)
        if item.alternative:
            depending = depending_question(self.ex, item)  # "depending on the score, …"
            if depending is not None:
                return depending
            apart = self._told_apart(item)
            return apart[0] if apart is not None else self._alternative_question(item)
        parts = self._whether_cases(item)
        if parts is not None:
            return parts[0]
        offered = self._offered(item)
        if offered is not None:  # "the customer can return it. In that case, …"
            return offered
        conditions = subjects_named([self.condition(arm) for arm in item.arms])
        chosen = self._asked(item)
        spoken = self._spoken_question(item, chosen)
        if spoken is not None:  # "Is the invoice correct? If yes, …"
            return spoken
        if chosen is None or points_back(chosen.words):
            return (
                self._duty(item)
                or self._asked_before(item)
                or (self._referred(item) if chosen is None else as_question(chosen.words))
            )
        opposed = len(conditions) == 2 and opposition(*conditions) is not None
        if len(conditions) >= 2 and not opposed:
            shared = common_start(conditions[0], conditions[1])
            if shared and len(shared) >= 2:
                return either_question(shared, conditions) or (
                    sentence_case(" ".join(shared)).rstrip(".") + " …?"
                )
            if len(conditions) > 2:
                return "Which case applies?"
        restated = self._restated(item, chosen) or self._said_before(item, chosen)
        if restated is not None:
            return restated
        optional = self._optional_question(item, chosen) or self._tried(item, chosen)
        if optional is not None:
            return optional
        positive = positive_form(chosen.words) if negated(chosen) else None
        words = self._named(item, positive or chosen.words)
        return should_question(chosen.words) or as_question(words)

    def _named(self, item: Choice, words: str) -> str:
        """A condition whose subject is "it" or "they" asks about the thing the step before
        the decision acts on: "the list must be approved by noon. If it is not approved in
        time, …" asks "Is the list approved in time?"."""
        pronoun, _, rest = words.strip().partition(" ")
        first = min((n for arm in item.arms for n in acts_in(arm.body)), default=0)
        if pronoun.casefold() not in {"it", "they"} or first == 0 or not rest:
            return words
        objects = self.ex.activities[first - 1].objects
        thing = lower_determiner(objects[0].text(self.ex.text)) if objects else ""
        last = thing.split()[-1].casefold() if thing else ""
        plural = last.endswith("s") and not last.endswith("ss")
        if not thing or last in PRONOUNS or plural != (pronoun.casefold() == "they"):
            return words
        return f"{thing} {rest}"

    def _spoken_question(self, item: Choice, chosen: Condition | None) -> str | None:
        """The question the text asks in the sentence right before the decision, when its
        cases only answer it ("If yes, …", "if so", "if not")."""
        if (
            chosen is not None
            and not points_back(chosen.words)
            and not _YES.fullmatch(chosen.words.strip())
        ):
            return None
        if not 0 <= item.gateway < len(self.ex.gateways):
            return None
        number = self.ex.gateways[item.gateway].sentence
        if number == 0:
            return None
        said = self.ex.sentences[number - 1].text(self.ex.text).strip()
        return said if said.endswith("?") and len(said.split()) > 1 else None

    def _whether_cases(self, item: Choice) -> tuple[str, list[str]] | None:
        """Question and labels of the two things one "whether" names after its verb
        (`choice_words.whether_cases`)."""
        text = self.ex.text
        spans = [arm.branch.condition for arm in item.arms]
        markers = {arm.branch.marker for arm in item.arms}
        marker = next(iter(markers)) if len(markers) == 1 else None
        if len(spans) != 2 or marker is None or marker.text(text).casefold() != "whether":
            return None
        first, second = spans
        if first is None or second is None or first.end > second.start:
            return None
        return whether_cases(first.text(text), text[first.end : second.start], second.text(text))

    def _duty(self, item: Choice) -> str | None:
        """What a duty said right before an "otherwise" asks: "the report must be filed by
        noon, if it is not, …" asks "Is the report filed by noon?" (`tree_duty`)."""
        for arm in item.arms:
            marker = arm.branch.marker
            said = duty_clause(self.ex, marker) if marker and self.condition(arm).is_else else None
            if said is not None:
                return duty_question(said)
        return None

    def _asked_before(self, item: Choice) -> str | None:
        """What the step said just before the choice finds out ("check whether …"), for a
        condition that only points back to it ("if so", "if this is the case")."""
        asked = self._asked_clause(item)
        return as_question(asked) if asked else None

    def _asked_clause(self, item: Choice) -> str | None:
        """What the step just before the choice finds out, in its instruction or in the
        words said with it ("it is examined | to learn whether the tray holds slips")."""
        first = min((n for arm in item.arms for n in acts_in(arm.body)), default=0)
        if first == 0:
            return None
        activity = self.ex.activities[first - 1]
        said = [self.b.instruction(activity), *(d.text(self.ex.text) for d in activity.details)]
        return next((asked for words in said if (asked := asked_clause(words))), None)

    def _said_before(self, item: Choice, chosen: Condition) -> str | None:
        """A bare participle ("if interrupted") asks about what the step before acted on:
        "The order is checked by the clerk. If rejected, …" asks "Is the order rejected?"."""
        if _PARTICIPLE.fullmatch(chosen.words.strip()) is None:
            return None
        first = min((n for arm in item.arms for n in acts_in(arm.body)), default=0)
        if first == 0:
            return None
        before = self.ex.activities[first - 1]
        said = [o for o in before.objects if o.end <= before.verb.start]
        if not said:
            return None
        thing = said[0].text(self.ex.text)
        if any(said[0].start == sentence.start for sentence in self.ex.sentences):
            thing = thing[:1].lower() + thing[1:]  # capital only as the sentence's first word
        last = thing.split()[-1].casefold()
        verb = "are" if plural_noun(last) else "is"
        return as_question(f"{thing} {verb} {chosen.words.strip()}")

    def _restated(self, item: Choice, chosen: Condition | None) -> str | None:
        """The question the step before asked, when the negated condition says its "No"
        ("checks whether the list has new entries. If no new entries are found, …" asks
        "Does the list have new entries?")."""
        if chosen is None or not negated(chosen):
            return None
        asked = self._asked_clause(item)
        if asked is None or not share_words(Condition(asked), chosen):
            return None
        return as_question(asked)

    def _referred(self, item: Choice) -> str:
        """The question of cases said without a condition of their own, from the clause they
        refer to: the case a "sometimes" names (`choice_words.case_question`), or else the
        step itself."""
        text = self.ex.text
        steps: list[int] = []
        for arm in item.arms:
            first = next(acts_in(arm.body), None)
            marker = arm.branch.marker
            if marker is None:
                continue
            if self.condition(arm).is_else:
                continue
            if first is None:
                continue
            steps.append(first)
            activity = self.ex.activities[first]
            before = text[marker.end : max(marker.end, activity.clause.start)]
            if activity.clause.start <= marker.end:  # the marker is inside the step's clause
                before = text[marker.end : activity.verb.start]
            asked = case_question(before, activity.clause.text(text))
            if asked is not None:
                return asked
        if not steps:
            return "Does this case apply?"
        return self.b.instruction(self.ex.activities[steps[0]]).rstrip(" .") + "?"

    def _offered(self, item: Choice) -> str | None:
        """The question of a decision no gateway said, on a step said with "can"."""
        condition = item.arms[0].branch.condition if is_offered(self.ex, item) else None
        return offered_question(condition.text(self.ex.text)) if condition else None

    def _tried(self, item: Choice, chosen: Condition) -> str | None:
        """ "Tries to solve the issue. If this succeeds, …" asks "Is the issue solved?"."""
        first = min((n for arm in item.arms for n in acts_in(arm.body)), default=0)
        if first == 0:
            return None
        before = self.ex.activities[first - 1]
        words = self.b.instruction(before).rstrip(" .").split(" ", 1)[1:]
        thing = lower_determiner(before.objects[0].text(self.ex.text)) if before.objects else ""
        rest = words[0] if words else ""
        rest = rest[len(thing) :] if thing and rest.startswith(thing) else ""
        return tried_question(chosen.words, before.lemma, thing, rest.strip())

    def _optional_question(self, item: Choice, chosen: Condition) -> str | None:
        """ "If necessary, …": asked about the step the branch makes optional."""
        if len(item.arms) != 1:
            return None
        first = next((n for n in item.arms[0].body if isinstance(n, Act)), None)
        if first is None:
            return None
        instruction = self.b.instruction(self.ex.activities[first.index])
        return optional_question(chosen.words, instruction)

    def _asked(self, item: Choice) -> Condition | None:
        """The condition the question asks: a positive one when there is one."""
        conditions = [self.condition(arm) for arm in item.arms]
        said = [c for c in conditions if c.words and not c.is_else]  # not "if it is not"
        positive = [c for c in said if not negated(c)]
        chosen = positive[0] if positive else next(iter(said), None)
        lent = (subject_lent(c, chosen) for c in said if chosen is not None and c is not chosen)
        return next((c for c in lent if c is not None), chosen)

    def labels(self, item: Choice) -> list[str]:
        """The options' labels; "Yes"/"No" turn round when the question asks the positive
        form of a negated condition ("if the badge is not valid" asks "Is the badge
        valid?", and its branch is "No")."""
        if item.arms and item.arms[0].branch.question:
            return [arm.branch.label for arm in item.arms]
        if depends_whether(self.ex, item):
            return ["Yes", "No"]  # "depending on whether it is damaged, repair or shelve it"
        if item.alternative:
            apart = None if depending_question(self.ex, item) else self._told_apart(item)
            return apart[1] if apart is not None else self._verb_labels(item)
        if self._by_steps(item):
            return [self.b.verb_label(arm) for arm in item.arms]
        parts = self._whether_cases(item)
        if parts is not None:
            return parts[1]
        if [arm.branch.label for arm in item.arms][1:] == [THAT_CASE]:
            return ["No", "Yes"]  # "… unless it is heavy. In that case …"
        conditions = [self.condition(arm) for arm in item.arms]
        labels: list[str] | None = None
        if len(conditions) == 1:  # "if not, …" alone is the "No" of what was asked
            labels = ["No"] if conditions[0].is_else else ["Yes"]
        if len(conditions) == 2:
            labels = _yes_no(conditions)
        if labels is None:
            return [_distinct_words(c, conditions) for c in conditions]
        asked = self._asked(item)
        flip = asked is not None and negated(asked) and bool(positive_form(asked.words))
        flip = flip or self._restated(item, asked) is not None  # "If no entries are found"
        if len(item.arms) == 1 and said_unless(self.ex, item.arms[0].branch):
            flip = not flip  # "… unless the customer has paid": the step is the "No"
        return [OTHER_ANSWER.get(label, label) for label in labels] if flip else labels

    def _told_apart(self, item: Choice) -> tuple[str, list[str]] | None:
        """Question and labels from where the steps differ, when one verb opens them all;
        else the steps listed when they act on different things (`choice_words.listed`)."""
        verbs = {self.b.verb_label(arm).casefold() for arm in item.arms}
        firsts = [next(acts_in(arm.body), None) for arm in item.arms]
        if any(first is None for first in firsts):
            return None
        said = [self.b.instruction(self.ex.activities[f]) for f in firsts if f is not None]
        if len(verbs) == 1:
            return told_apart(said)
        return None if same_things(said) else listed(said)  # "Order a part or scrap the bike?"

    def _cases_question(self, item: Choice) -> str:
        """ "Sometimes A, sometimes B": the steps themselves are the options ("Buy the parts
        or take them from stock?"), or their verbs when that is too long to read."""
        firsts = [next((n for n in arm.body if isinstance(n, Act)), None) for arm in item.arms]
        said = [
            self.b.instruction(self.ex.activities[first.index]).rstrip(" .") if first else ""
            for first in firsts
        ]
        if sum(len(words) for words in said) > 100:
            said = [self.b.verb_label(arm) if arm.body else "" for arm in item.arms]
        said = [words or "another way" for words in said]  # a case with no step of its own
        said = [said[0], *(words[:1].lower() + words[1:] for words in said[1:])]
        return ", ".join(said[:-1]) + " or " + said[-1] + "?"

    def _alternative_question(self, item: Choice) -> str:
        verbs = [self.b.verb_label(arm).casefold() for arm in item.arms]
        first = next((n for n in item.arms[0].body if isinstance(n, Act)), None)
        thing = ""
        if first is not None:
            activity = self.ex.activities[first.index]
            thing = (
                lower_determiner(activity.objects[0].text(self.ex.text)) if activity.objects else ""
            )
        words = " or ".join(dict.fromkeys(verbs))
        return sentence_case(f"{words} {thing}".strip()).rstrip(".") + "?"

    def _verb_labels(self, item: Choice) -> list[str]:
        """The branches' verbs; their performers when the verbs are alike ("either the clerk
        approves it or the manager must approve it": "Clerk" / "Manager")."""
        verbs = [self.b.verb_label(arm) for arm in item.arms]
        if len(set(verbs)) == len(verbs):
            return verbs
        firsts = [next((n for n in arm.body if isinstance(n, Act)), None) for arm in item.arms]
        roles = [self.b.book.of_activity[n.index] if n else None for n in firsts]
        names = [self.b.book.roles[r].name if r in self.b.book.roles else "" for r in roles]
        return names if all(names) and len(set(names)) == len(names) else verbs

    def condition(self, arm: Arm) -> Condition:
        text = self.ex.text
        branch = arm.branch
        return Condition(
            branch.condition.text(text) if branch.condition else "",
            branch.marker.text(text) if branch.marker else "",
        )

    def condition_text(self, arm: Arm) -> str | None:
        words = self.condition(arm).words
        return sentence_case(words) if words and not points_back(words) else None


_YES = re.compile(r"(?:yes|no|not)", re.IGNORECASE)
"""A condition that only answers the question before it: "if yes", "if no"."""


def acts_in(body: Sequence[Node]) -> Iterator[int]:
    """The activities of a branch, those of the decisions and parallel work inside it too."""
    for node in body:
        if isinstance(node, Act):
            yield node.index
        elif isinstance(node, Choice):
            for arm in node.arms:
                yield from acts_in(arm.body)
        elif isinstance(node, Parallel):
            for branch in node.branches:
                yield from acts_in(branch)
        else:
            yield from acts_in(node.body)


_PARTICIPLE = re.compile(r"[a-z]+(?:ed|en|wn)", re.IGNORECASE)
"""A condition said as a bare participle: "(if) interrupted", "(if) rejected"."""

_NEGATION = re.compile(r"\b(?:not|never)\s+|n't\b|(?<=can)not\b", re.IGNORECASE)


_SHOULD = re.compile(
    r"\s*should\s+(?P<subject>(?:\w+\s+){1,4}?)not\s+(?P<verb>\w+)(?P<rest>.*)", re.IGNORECASE
)


def should_question(words: str) -> str | None:
    """ "Should the guest not reply to the call" asks "Does the guest reply to the call?"
    (not "Should the guest reply …?", which asks what ought to be done)."""
    match = _SHOULD.fullmatch(" ".join(words.split()).rstrip(" ,.;:?"))
    if match is None:
        return None
    subject, verb, rest = match.group("subject").strip(), match.group("verb"), match.group("rest")
    last = subject.split()[-1].casefold()
    plural = plural_noun(last) or last in {"we", "they", "you"}
    if verb.casefold() == "be":
        return f"{'Are' if plural else 'Is'} {subject}{rest}?"
    return f"{'Do' if plural else 'Does'} {subject} {verb}{rest}?"


def positive_form(words: str) -> str | None:
    """The condition without its one negation ("the badge is not valid" -> "the badge is
    valid", "it doesn't fit" -> "it does fit", "no record exists" -> "a record exists");
    None when it has none, or several."""
    found = _NEGATION.findall(words)
    none = _NO_THING.match(words)
    if len(found) + (none is not None) != 1:
        return None
    if none is not None:  # "no record exists" -> "a record exists"
        thing, verb = none.group("thing"), none.group("verb").casefold()
        plural = verb in {"are", "were", "have"} or not verb.endswith("s")
        article = "" if plural else ("an " if thing[:1].casefold() in "aeiou" else "a ")
        return f"{article}{thing} {none.group('verb')}{none.group('rest')}"
    return " ".join(_NEGATION.sub("", words, count=1).split())


_NO_THING = re.compile(
    r"\s*no\s+(?P<thing>(?:[a-z-]+\s+){0,2}?[a-z-]+)\s+(?P<verb>is|are|was|were|has|have|"
    r"exists?|remains?|arrives?|comes?|appears?)(?P<rest>\b.*)$",
    re.IGNORECASE,
)
"""A condition that says a thing is not there by "no" before it: "no record exists", "no
reply is found"."""


def _yes_no(conditions: list[Condition]) -> list[str] | None:
    """ "Yes"/"No" for a condition and its negation or an "otherwise"."""
    first, second = conditions
    if first.is_else:
        return ["No", "Yes"]
    kind = opposition(first, second)
    if kind == "else":
        return ["Yes", "No"]
    if kind == "negation":
        return ["No", "Yes"] if negated(first) else ["Yes", "No"]
    return None


def _distinct_words(condition: Condition, all_conditions: list[Condition]) -> str:
    """The words of a condition the others do not share: "the amount is high" -> "High"."""
    if condition.is_else or not condition.words:
        return "Otherwise"
    others = [tokens_of(expanded(c.words)) for c in all_conditions if c is not condition]
    common = set.intersection(*(set(o) for o in others)) if others else set()
    said = expanded(condition.words).split()  # "it's within a week" -> "Within a week"
    kept = [w.casefold().strip(",.;:") not in common for w in said]
    words = [
        w
        for n, w in enumerate(said)
        if kept[n]  # and no article left before a word taken out: not "the can be used"
        and not (w.casefold() in DETERMINERS and not all(kept[n + 1 : n + 3]))
    ]
    words = _without_subject(words, condition, all_conditions)
    label = " ".join(words).strip(" ,.;:") or condition.words.strip(" ,.;:")
    label = label[:60].rstrip()
    return label[:1].upper() + label[1:]


STATE_VERBS = frozenset({"is", "are", "was", "were", "has", "have", "had"})


def _without_subject(
    words: list[str], condition: Condition, all_conditions: list[Condition]
) -> list[str]:
    """The label's words without the subject and its verb when another case names the same
    subject by a pronoun: "the request is rejected" / "it is approved" are "Rejected" /
    "Approved", not "Request rejected" / "It approved"."""
    if not any(
        tokens_of(c.words)[:1] and tokens_of(c.words)[0] in PRONOUNS for c in all_conditions
    ):
        return words
    named = set(subject(condition).split())
    kept = list(words)
    while kept and (
        (said := kept[0].casefold().strip(",.;:")) in PRONOUNS | DETERMINERS | STATE_VERBS
        or stem(said) in named
    ):
        kept.pop(0)  # the subject and its "is", said first: not the case's own words
    return kept or words
