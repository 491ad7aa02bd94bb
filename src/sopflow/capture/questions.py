"""Conditions asked as questions: "the order is older than 30 days" -> "Is the order older
than 30 days?", "the client accepts the offer" -> "Does the client accept the offer?".

A reviewer reads the question at each decision, and the runner asks it; a condition said as a
statement with a question mark ("The client accepts the offer?") is the draft's tell.
"""

from __future__ import annotations

import re
from itertools import pairwise

from sopflow.capture.participles import PARTICIPLES
from sopflow.capture.structure.tokens import verb_lemma
from sopflow.capture.wording import DETERMINERS

_AUX = re.compile(
    r"^(?P<subject>(?:\S+\s+){0,6}?\S+)\s+(?P<aux>is|are|was|were|has|have|had|can|could|will|"
    r"would|should|must|may|does|do|did)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)


_COMMON_STARTS = frozenset(
    {
        *("the", "a", "an", "this", "that", "these", "those", "it", "they", "we", "you"),
        *("he", "she", "there", "our", "your", "their", "his", "her", "its"),
        *("all", "any", "some", "each", "every", "no"),
    }
)


def plural_noun(word: str) -> bool:
    """A noun in the plural by its ending: "claims", not "process", "status", "diagnosis"."""
    word = word.casefold()
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def as_question(condition: str) -> str:
    """A condition as a question: "the order is older than 30 days" -> "Is the order older...?",
    "the client accepts the offer" -> "Does the client accept the offer?"."""
    words = expanded(" ".join(condition.split()).rstrip(" ,.;:?"))
    if not words:
        return "Which case applies?"
    later = _when_said_first(words) or _either_clause(words)
    if later is not None:
        return later
    match = _AUX.match(words)
    if match and _embedded(match.group("subject")):
        match = None  # "we think the box | has …": the auxiliary is the inner clause's
    if match and match.group("subject").split()[0].casefold() not in {"if", "when", "whether"}:
        aux, rest = match.group("aux"), match.group("rest")
        said = [w for w in rest.split() if not w.casefold().endswith("ly")] or [""]
        if aux.casefold() in POSSESSING and not _participle(said[0]):
            aux, rest = POSSESSING[aux.casefold()], f"have {rest}"  # "Does it have a …?"
        words = f"{aux.capitalize()} {_inside(match.group('subject'))} {rest}"
    else:
        words = _with_does(words) or _plural_subject(words) or words
    return words[:1].upper() + words[1:] + "?"


_OR_CLAUSE = re.compile(r"^(?P<one>.{8,}?),?\s+or\s+(?P<other>(?:the|a|an|all|no)\s.+)$", re.I)


def _either_clause(words: str) -> str | None:
    """Two clauses joined by "or", each asked in turn: "a buyer accepts or the list is
    exhausted" -> "Does a buyer accept, or is the list exhausted?"; None for other words."""
    match = _OR_CLAUSE.match(words)
    if match is None:
        return None
    one, other = match.group("one"), match.group("other")
    if not all(_AUX.match(part) or _with_does(part) for part in (one, other)):
        return None
    second = as_question(other)
    return f"{as_question(one).rstrip('?')}, or {second[:1].lower()}{second[1:]}"


NOT_AFTER_SUBJECT = frozenset(
    {"of", "in", "on", "at", "for", "to", "from", "with", "by", "about", "over", "under"}
    | {"into", "and", "or", "but", "that", "which", "who", "than", "as", "not", "no", "per"}
)
"""Words after a plural noun that show it is no subject of the verb next."""


def _plural_subject(words: str) -> str | None:
    """ "Do new orders exist" for "new orders exist": a plural noun of a short subject and a
    plain verb after it; None when the words do not read so."""
    said = words.split()
    for position in range(1, min(3, len(said) - 1) + 1):
        noun, verb = said[position - 1], said[position]
        opening = [w.casefold() for w in said[: position - 1]]
        if not all(w.isalpha() and w.islower() for w in [*said[:position], verb]):
            return None
        if any(w in NOT_AFTER_SUBJECT | FREQUENCY for w in opening):
            return None
        plain = not verb.endswith(("s", "ed", "ing", "ly")) and verb not in NOT_AFTER_SUBJECT
        plural = plural_noun(noun)
        if plural and plain and verb not in NOT_VERBS:
            return " ".join(["Do", *said])
    return None


LEADING = frozenset({"after", "within", "before", "until", "during", "by", "at", "on", "in"})
"""Prepositions of a phrase of time or place that may open a condition before its subject."""

NOT_A_PHRASE = frozenset({"case", "least", "most", "fact", "general", "particular", "addition"})
"""Words that end a fixed opening ("at least", "in case"), not a phrase of time or place."""

ASKING = frozenset(
    {"Is", "Are", "Was", "Were", "Has", "Have", "Had", "Can", "Could", "Will", "Would"}
    | {"Should", "Must", "May", "Does", "Do", "Did"}
)


def _when_said_first(words: str) -> str | None:
    """ "After two weeks there is still no reply" asks "Is there still no reply after two
    weeks?": the phrase said before the subject goes to the end; None when the condition does
    not open with such a phrase or the rest reads as no question."""
    said = words.split()
    if said[0].casefold() not in LEADING:
        return None
    for cut in range(2, min(7, len(said) - 1)):
        rest = said[cut:]
        if said[cut - 1].casefold() in NOT_A_PHRASE:
            return None  # "at least one item …", "in case the box …"
        if rest[0].casefold() not in SUBJECT_OPENERS | PRONOUN_SUBJECTS | {"there", "no"}:
            continue
        asked = as_question(" ".join(rest))
        if asked.split()[0] in ASKING:
            phrase = " ".join([said[0].casefold(), *said[1:cut]])
            return f"{asked[:-1]} {phrase}?"
    return None


_PRONOUN_IS = re.compile(
    r"\b(it|he|she|that|this|there|what|who|everything|nothing)['’]s(?=\s+(\w+))", re.IGNORECASE
)
_CONTRACTED = {"re": "are", "ve": "have", "ll": "will", "m": "am"}


def expanded(words: str) -> str:
    """Contractions said in speech written out, so the auxiliary can lead the question:
    "it's expired" -> "it is expired", "it's been sent" -> "it has been sent", "they're
    late" -> "they are late"; a possessive ("the customer's order") stays."""

    def pronoun_is(match: re.Match[str]) -> str:
        after = match.group(2).casefold()
        return f"{match.group(1)} {'has' if after in {'been', 'got'} else 'is'}"

    words = _PRONOUN_IS.sub(pronoun_is, words)
    return re.sub(
        r"\b(\w+)['’](re|ve|ll|m)\b",
        lambda m: f"{m.group(1)} {_CONTRACTED[m.group(2).casefold()]}",
        words,
        flags=re.IGNORECASE,
    )


POSSESSING = {"has": "does", "have": "do", "had": "did"}
""""has" as the verb of its clause ("the receipt has a stamp") asks with "does"."""


PARTICIPLES_ONLY = frozenset({"been", "done", "gone", "given", "taken", "written", "chosen"})
PARTICIPLES_ONLY |= {"drawn", "known", "seen", "begun", "received", "forwarded"}
"""Participles that are no past tense ("been", "written"), or that name another verb's."""

IRREGULAR_PARTICIPLES = frozenset(PARTICIPLES.values()) | {"got", "lost"}
"""Participles after "has" that do not end in "-ed", "-en" or "-wn"."""


def _participle(word: str) -> bool:
    """A word after "has" that makes it an auxiliary: "has been", "has signed", "has sent"."""
    said = word.casefold()
    return said.endswith(("ed", "en", "wn")) or said in IRREGULAR_PARTICIPLES


def _embedded(subject: str) -> bool:
    """A pronoun and more words before the auxiliary: the pronoun's own verb comes first
    ("we think the box | has been opened"), so the auxiliary is not the condition's."""
    said = subject.split()
    return len(said) > 1 and said[0].casefold() in PRONOUN_SUBJECTS | PLURAL_PRONOUNS


def _inside(subject: str) -> str:
    """A subject said first, inside a question: "The order" -> "the order"."""
    if subject.split(maxsplit=1)[0].casefold() in _COMMON_STARTS:
        return subject[:1].lower() + subject[1:]
    return subject


SUBJECT_OPENERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our"}
    | {"your", "my", "each", "every", "any", "no", "some", "one"}
)
"""Words a subject of a condition opens with, when it is more than a pronoun."""

PRONOUN_SUBJECTS = frozenset(
    {"he", "she", "it", "this", "that", "someone", "somebody", "everyone", "everybody"}
    | {"nobody", "everything", "nothing", "something", "anyone", "anything"}
)

FREQUENCY = frozenset({"always", "usually", "often", "never", "still", "already", "also", "only"})
"""Adverbs said between a subject and its verb: "the customer always pays late"."""

NOT_VERBS = frozenset(
    {"sometimes", "perhaps", "afterwards", "nevertheless", "thus", "besides", "towards"}
    | {"its", "his", "hers", "ours", "yours", "theirs", "this", "plus", "whereas", "unless"}
    | {"is", "was", "has", "does", "yes", "us", "as", "always"}
)
"""Words ending in "s" that are no present verb."""

SUBJECT_WORDS = 5
"""Words a subject may have: "the sum of the items"."""


def _with_does(words: str) -> str | None:
    """ "Does the client accept the offer" for "the client accepts the offer"; None when the
    words do not read as a subject (a pronoun, or a phrase opened by "the", "a", "his" …)
    and a present verb ending in "s"."""
    said = words.split()
    opener = said[0].casefold()
    if opener in PLURAL_PRONOUNS:
        return _with_do(said)
    if opener not in PRONOUN_SUBJECTS | SUBJECT_OPENERS:
        return None
    for position in range(1, min(SUBJECT_WORDS, len(said) - 1) + 1):
        subject, after = said[:position], said[position:]
        adverb = after[0] if after[0].casefold() in FREQUENCY and len(after) > 1 else None
        verb = after[1] if adverb else after[0]
        alone = position == 1 and opener in PRONOUN_SUBJECTS
        phrase = position > 1 and opener in SUBJECT_OPENERS
        past = past_base(verb)
        if "," in words or not (_present(verb) or past) or not (alone or phrase):
            continue
        if phrase and subject[-1].casefold() in DETERMINERS:
            continue  # "the sum of the | items …": the subject goes on
        rest = _base_after_and(after[2:] if adverb else after[1:], past=past is not None)
        base = past or verb_lemma(verb)
        asked = [_inside(" ".join(subject)), *([adverb] if adverb else []), base, *rest]
        return ("Did " if past else "Does ") + " ".join(asked)
    return None


def _base_after_and(rest: list[str], *, past: bool) -> list[str]:
    """A second verb of the same subject in its base form too: "(does the tenant sign it)
    and agree to pay", "(did the clerk sign it) and file it"."""
    said = list(rest)
    for n, (word, verb) in enumerate(pairwise(rest)):
        if word != "and":
            continue
        if past and past_base(verb):
            said[n + 1] = past_base(verb) or verb
        elif not past and _present(verb):
            said[n + 1] = verb_lemma(verb)
    return said


SIMPLE_PASTS = {
    **{said: base for base, said in PARTICIPLES.items() if said not in PARTICIPLES_ONLY},
    **{"gave": "give", "took": "take", "wrote": "write", "chose": "choose", "went": "go"},
    **{"did": "do", "knew": "know", "saw": "see", "began": "begin", "drew": "draw"},
    **{"got": "get", "came": "come", "agreed": "agree", "created": "create", "used": "use"},
}
"""Past forms not made with "-ed": "paid" -> "pay", "gave" -> "give"."""

_KEEPS_E = re.compile(
    r"(?:[vcz]|(?:^|[^aeiou])[aeiou][sg]|[nr]g|uir|[^aeiou](?:at|ut|id|ib|in|il|ok|ur|ir))$"
)
"""Stems that lose an "e" before "-ed": "approv(e)d", "clos(e)d", "chang(e)d", "creat(e)d"."""


def past_base(word: str) -> str | None:
    """The base form of a verb in the past tense ("signed" -> "sign", "approved" ->
    "approve", "paid" -> "pay"), or None when the word does not read as one."""
    if not (word.isalpha() and word.islower()) or word in NOT_VERBS:
        return None
    if word in SIMPLE_PASTS:
        return SIMPLE_PASTS[word]
    if not word.endswith("ed") or word.endswith("eed") or len(word) < 4:
        return None
    stem = word[:-2]
    if len(stem) < 3 or not re.search("[aeiouy]", stem):
        return None  # "red", "shed"
    if stem.endswith("i"):
        return stem[:-1] + "y"  # "applied"
    if stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]  # "stopped"
    return stem + "e" if _KEEPS_E.search(stem) else stem


PLURAL_PRONOUNS = frozenset({"they", "we", "you", "i", "both"})
"""Subjects whose present verb has no "s": "they need a laptop" asks "Do they need …?"."""


def _with_do(said: list[str]) -> str | None:
    """ "Do they need a laptop" for "they need a laptop"; None unless a plain verb follows."""
    rest = said[1:]
    adverb = rest[0] if rest and rest[0].casefold() in FREQUENCY else None
    verb = (rest[1:] if adverb else rest)[:1]
    if not verb or not verb[0].isalpha() or not verb[0].islower():
        return None
    subject = said[0] if said[0] == "I" else said[0].casefold()
    past = past_base(verb[0])
    if past:  # "they signed it": "Did they sign it"
        after = rest[1:] if adverb else rest
        head = [adverb] if adverb else []
        return " ".join(["Did", subject, *head, past, *_base_after_and(after[1:], past=True)])
    signed = verb[0].endswith("ed") and not verb[0].endswith("eed")  # not "need"
    if signed or verb[0].endswith(("ing", "ly")) or verb[0] in NOT_VERBS:
        return None
    return " ".join(["Do", subject, *rest])


def present_verb(word: str) -> bool:
    """A verb in the present ending in "s" ("goes", "accepts"), not "its" or "always"."""
    return _present(word)


def _present(word: str) -> bool:
    """A verb in the present ending in "s" ("accepts", "applies"), not "its" or "always"."""
    return (
        word.islower()
        and word.isalpha()
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))  # "process", "serious", "basis"
        and len(word) > 3
        and word not in NOT_VERBS
    )
