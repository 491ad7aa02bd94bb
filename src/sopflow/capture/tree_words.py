"""How two conditions relate: opposite branches of one decision, cases of one subject, or a
condition naming one branch of an "A or B".

Plain English patterns on the words of the conditions: negation ("is not available"),
antonyms ("right"/"wrong", "valid"/"invalid"), a shared subject ("the request is …"), and
the stem of a verb ("accept" / "if accepted"). No word list here names a particular process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sopflow.capture.extraction import Span
from sopflow.capture.structure.lexicon import (
    ANTONYMS,
    ELSE_MARKERS,
    NEGATING_PREFIXES,
    stem,
    words,
)

NEGATIONS = words("not no n't never none nothing neither nor without cannot")

SUBJECT_END = words(
    "is are was were has have had can could does do did will would shall should must may "
    "might gets get becomes become"
)
PRONOUNS = words("it they he she this that these those there we you i one")
DETERMINERS = words("the a an this that these those its their his her our your my any all every")
NEEDS = words("necessary needed required")
"""A need said of what went before: "if this is not necessary" is the remaining branch."""


@dataclass(frozen=True)
class Condition:
    """The words of a branch's condition and of its marker ("if", "otherwise")."""

    words: str
    marker: str = ""

    @property
    def is_else(self) -> bool:
        """ "Otherwise", "else", "if not", "if that isn't so": the remaining branch."""
        if self.marker.casefold() in ELSE_MARKERS or _REST.match(self.marker):
            return True
        tokens = tokens_of(self.words)
        content = [t for t in tokens if t not in NEGATIONS]
        bare = {"this", "that", "it", "so", "the", "case", "is", "be", "was", "does"} | NEEDS
        bare |= {"they", "these", "those", "are", "were", "do", "did"}  # "if they are not"
        return bool(tokens) and any(t in NEGATIONS for t in tokens) and set(content) <= bare

    @property
    def regardless(self) -> bool:
        """ "Whether or not the seal is intact, …": what follows is done in either case."""
        words = " ".join(tokens_of(self.words))
        either = words.startswith("or not ") or words.endswith(" or not")
        return self.marker.casefold() == "whether" and either


IN_THAT_CASE = re.compile(
    r"\s*(?:in (?:this|these|that|those|such|either) cases?|in this event|if so|therefore"
    r"|for this(?: purpose)?|to do (?:this|so))\b",
    re.IGNORECASE,
)
"""A sentence that goes on with the branch just said: "In these cases the clerk …",
"Therefore the clerk …" (what that branch leads to)."""

_REST = re.compile(r"(?:the|all|any)\s+(?:the\s+)?(?:others?|rest|remaining)\b", re.IGNORECASE)
"""What is left named as a subject ("the others", "the rest"): the remaining branch."""


def tokens_of(text: str) -> list[str]:
    """Lower-case words, with "n't" split off and "not ok" kept apart."""
    text = text.casefold().replace("n't", " not").replace("cannot", "can not")
    return re.findall(r"[a-z0-9$%]+", text)


_NOUN_ENDINGS = ("ation", "ition", "ion", "ment", "ance", "ence", "al", "ing")


def verbs_of_noun(word: str) -> set[str]:
    """The stems the verb a noun of action is made from may have ("rejection", "approval",
    "refusal", "cancellation", "weighing": reject, approv, refus, cancel, weigh); none for
    another word."""
    for ending in _NOUN_ENDINGS:
        root = word.removesuffix(ending)
        if root != word and len(root) >= 3:
            if len(root) > 3 and root[-1] == root[-2] and root[-1] != "s":
                root = root[:-1]  # "cancellation": cancel
            return {stem(root), stem(root + "e")}
    return set()


def _content(tokens: list[str]) -> list[str]:
    return [
        t for t in tokens if t not in NEGATIONS and t not in DETERMINERS and t not in SUBJECT_END
    ]


def _negated(tokens: list[str]) -> bool:
    return sum(1 for t in tokens if t in NEGATIONS) % 2 == 1


def _antonym(first: set[str], second: set[str]) -> bool:
    for one, other in ANTONYMS:
        a, b = {stem(w) for w in one.split()}, {stem(w) for w in other.split()}
        if (a <= first and b <= second and not b <= first and not a <= second) or (
            b <= first and a <= second and not a <= first and not b <= second
        ):  # each side says one word of the pair: not "new entries" / "new forms exist"
            return True
    for word in first:
        for prefix in NEGATING_PREFIXES:
            if len(word) > 4 and stem(prefix + word) in second:
                return True
            bare = word[len(prefix) :]
            if word.startswith(prefix) and len(bare) > 3 and stem(bare) in second:
                return True
    return False


def complements(first: Condition, second: Condition) -> bool:
    """Second is the opposite branch of first: negated, an antonym, or "otherwise"."""
    return opposition(first, second) is not None


def opposition(first: Condition, second: Condition) -> str | None:
    """How second opposes first: "else", "negation", "antonym", or None when it does not."""
    if second.is_else:
        return "else"
    a, b = tokens_of(first.words), tokens_of(second.words)
    if not a or not b:
        return None
    sa, sb = {stem(t) for t in _content(a)}, {stem(t) for t in _content(b)}
    if _negated(a) != _negated(b):
        sa, sb = sa - PRONOUNS, sb - PRONOUNS  # "the invoice is correct" / "it is not correct"
        shared = sa & sb
        smaller = min(len(sa), len(sb)) or 1
        if len(shared) / smaller >= 0.5 or not (sa and sb):
            return "negation"
    return "antonym" if _antonym(sa, sb) else None


def negated(condition: Condition) -> bool:
    """The condition says something is not so ("the part is not available")."""
    return _negated(tokens_of(condition.words))


def _verb_at(tokens: list[str]) -> int | None:
    """Where the first word that closes a subject stands ("is" of "the request is
    approved"), None when there is none."""
    return next((n for n, token in enumerate(tokens) if token in SUBJECT_END), None)


def _subject_and_predicate(condition: Condition) -> tuple[list[str], list[str]]:
    """The words before the condition's verb, determiners left out, and the words from the
    verb on: (["request"], ["is", "approved"]) of "the request is approved"; two empty
    lists when no word closes a subject."""
    tokens = tokens_of(condition.words)
    verb = _verb_at(tokens)
    if verb is None:
        return [], []
    return [t for t in tokens[:verb] if t not in DETERMINERS], tokens[verb:]


def subject(condition: Condition) -> str:
    """The words before the condition's verb ("the request" of "the request is approved")."""
    head, _ = _subject_and_predicate(condition)
    if not head or head[-1] in PRONOUNS:
        return ""
    return " ".join(stem(t) for t in head)


def common_start(first: Condition, second: Condition) -> list[str]:
    """The words both conditions begin with ("the customer pays by" of "… card" and
    "… bank transfer"), when both go on differently after them."""
    one, other = first.words.split(), second.words.split()
    shared: list[str] = []
    for a, b in zip(one, other, strict=False):
        if a.casefold() != b.casefold():
            break
        shared.append(a)
    if len(shared) in (len(one), len(other)):
        return []
    return shared


def _predicate(condition: Condition) -> list[str]:
    """The words from the condition's verb on ("was paid by card"), after a pronoun subject
    only ("it was paid by card"); none when the subject is a noun or there is no verb."""
    head, said = _subject_and_predicate(condition)
    return said if len(head) == 1 and head[0] in PRONOUNS else []


def _restated_with_pronoun(named: Condition, pronoun: Condition) -> bool:
    """ "the order was paid by card" / "it was paid by bank transfer": the second says the
    same of the first's subject, by a pronoun, and differs in its last words."""
    said = _predicate(pronoun)
    if not subject(named) or not said:
        return False
    _, own = _subject_and_predicate(named)
    shared = 0
    for a, b in zip(own, said, strict=False):
        if a != b:
            break
        shared += 1
    content = [t for t in own[:shared] if t not in SUBJECT_END and t not in PRONOUNS]
    return shared >= 2 and bool(content) and shared < min(len(own), len(said))


_AMOUNT = re.compile(r"\b(\d[\d,.]*|one|two|three|four|five|six|seven|ten|a|an)\s+([a-z]+)\b")


def _one_amount(first: Condition, second: Condition) -> bool:
    """ "the order is older than 30 days" / "it is within 30 days": one amount compared two
    ways, of one subject (the second may say it by a pronoun), names the cases of one
    question."""
    one, other = subject(first), subject(second)
    if not one or (other and other != one):
        return False
    amounts = [_AMOUNT.findall(c.words.casefold()) for c in (first, second)]
    if not amounts[0] or amounts[0] != amounts[1]:
        return False
    return tokens_of(first.words) != tokens_of(second.words)


def named_again(named: Condition, pronoun: Condition) -> Condition | None:
    """The pronoun's condition said with the first one's subject ("it was paid by bank
    transfer" after "the order was paid by card": "the order was paid by bank transfer"),
    None when it does not restate it."""
    if not _restated_with_pronoun(named, pronoun):
        return None
    words = named.words.split()
    verb = _verb_at([next(iter(tokens_of(w)), "") for w in words])
    assert verb is not None  # restated, so its subject ends at a word of its own
    return Condition(" ".join([*words[:verb], *pronoun.words.split()[1:]]), pronoun.marker)


def subject_lent(named: Condition, pronoun: Condition) -> Condition | None:
    """The pronoun's condition said with the named one's subject when it says the same state
    of it, negated or not ("it is legible" after "the label is not legible": "the label is
    legible"); None when the subjects or the states differ."""
    said = _predicate(pronoun)
    if not subject(named) or not said:
        return None
    tokens = tokens_of(named.words)
    verb = next((i for i, t in enumerate(tokens) if t in SUBJECT_END), len(tokens))
    state = {stem(t) for t in _content(tokens[verb:])} - PRONOUNS
    if not state or state != {stem(t) for t in _content(said)} - PRONOUNS:
        return None
    words = named.words.split()
    start = next(i for i, w in enumerate(words) if tokens_of(w)[:1] == [tokens[verb]])
    return Condition(" ".join([*words[:start], *pronoun.words.split()[1:]]), pronoun.marker)


def subjects_named(conditions: list[Condition]) -> list[Condition]:
    """The conditions of a choice with a pronoun subject restating the first one's said with
    its subject, so the question and labels compare like with like."""
    if not conditions:
        return conditions
    first = conditions[0]
    return [first, *(named_again(first, c) or c for c in conditions[1:])]


def same_case(first: Condition, second: Condition) -> bool:
    """Both conditions say what state one named subject is in, or begin alike and differ in
    their last words: cases of one decision."""
    if negated(first) and negated(second):
        return False  # "not done in 7 days" / "not done in 30 days": two checks, both may hold
    one, other = subject(first), subject(second)
    if one and one == other:
        return True
    if _restated_with_pronoun(first, second) or _one_amount(first, second):
        return True
    shared = [t for t in tokens_of(" ".join(common_start(first, second))) if t not in DETERMINERS]
    content = [t for t in shared if t not in PRONOUNS and t not in SUBJECT_END]
    return len(shared) >= 2 and bool(content)  # "he wants a …": yes; "it is …": no


def other_answer(condition: Condition, before: Condition) -> bool:
    """A negated condition after a positive one, about the same thing: its "No" ("if the
    stock suffices, … If there is not enough, …"), unless it names a subject of its own."""
    return negated(condition) and not negated(before) and not other_subject(condition, before)


def other_subject(condition: Condition, before: Condition) -> bool:
    """The condition names a subject of its own that the one before does not mention ("the
    codes have not been sent" after "new forms exist") and shares no word with it: a question
    of its own, not the other answer of the one before ("there is not enough" after "the
    stock suffices" is; so is "recourse is not possible" after "the possibility is there")."""
    if not subject(condition):
        return False
    said = {t[:5] for t in _content(tokens_of(before.words))} - PRONOUNS
    return not {t[:5] for t in _content(tokens_of(condition.words))} & said


def share_words(first: Condition, second: Condition) -> bool:
    """Both conditions name a same thing or state ("the customer calls" / "the customer
    writes"), pronouns apart."""
    one = {stem(t) for t in _content(tokens_of(first.words))} - PRONOUNS
    other = {stem(t) for t in _content(tokens_of(second.words))} - PRONOUNS
    return bool(one & other)


def fills(condition: Condition, asked: Condition) -> bool:
    """The condition restates a branch asked before ("whether she wants a single or a
    double room", then "if she wants a double room")."""
    said = {stem(t) for t in _content(tokens_of(condition.words))} - PRONOUNS
    before = {stem(t) for t in _content(tokens_of(asked.words))} - PRONOUNS
    if _predicate(condition):  # "if it is valid" after "whether the policy is valid"
        before -= set(subject(asked).split())
    distinct = before - {"want", "need", "have", "be"} - _AMOUNTS
    return bool(distinct) and distinct <= said and negated(condition) == negated(asked)


_AMOUNTS = words("further additional more extra any some")
"""Words of how many a restated case may leave out: "whether further tests are needed",
then "if tests are needed"."""


def named_by(condition: Condition, branch_words: list[str]) -> float:
    """How strongly a condition names a branch whose step has these words (0: not at all).

    "If the order is accepted" names the branch "accept the order" through the verb's stem;
    a negated condition names a branch only by an antonym-free match of its other words.
    """
    tokens = tokens_of(condition.words)
    said = {stem(t) for t in _content(tokens)}
    if not said or not branch_words:
        return 0.0
    verb = stem(tokens_of(branch_words[0])[0]) if tokens_of(branch_words[0]) else ""
    rest = {stem(t) for words_ in branch_words[1:] for t in _content(tokens_of(words_))}
    score = 0.0
    nouns = {v for t in _content(tokens) for v in verbs_of_noun(t)}  # "in case of a rejection"
    if verb and (verb in said or verb in nouns):
        score += 2.0 if not _negated(tokens) else -2.0
    score += 0.25 * len(said & rest)
    return score


def unconditioned(conditions: list[Condition]) -> bool:
    """Cases said with no condition of their own ("sometimes A, sometimes B"): none names
    words or is an "otherwise"."""
    return not any(c.words or c.is_else for c in conditions)


_OR = re.compile(r",?\s+or\s+(?:if\s+|whether\s+)?", re.IGNORECASE)
"""Where a condition names its second case: "the tyre is sound or (if) it needs a patch"."""


def alternatives_of(text: str, condition: Span | None) -> list[Span | None]:
    """The parts of "A or B" (or the whole condition, and what is left: "otherwise")."""
    if condition is None:
        return [None]
    cut = _OR.search(condition.text(text))
    if cut is None:
        return [condition]
    first = Span(condition.start, condition.start + cut.start())
    second = Span(condition.start + cut.end(), condition.end)
    return [first, second]
