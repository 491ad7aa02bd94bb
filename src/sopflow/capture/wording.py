"""The words of a draft: ids, instructions, questions, option labels and outcome names.

Kept apart from the layout of the flow so that how a step reads and where it goes change
independently; everything here is a pure function of the extraction's text.
"""

from __future__ import annotations

import re

from sopflow.capture.extraction import Activity, Extraction, Gateway


def slug(text: str, fallback: str = "item") -> str:
    """A node or role id from words: lower case, letters and digits joined by dashes."""
    words = re.findall(r"[a-z0-9]+", text.casefold())
    value = "-".join(words)[:40].strip("-")
    return value or fallback


_LEADING_PREPOSITION = re.compile(
    r"^(?:in|on|at|from|into|via|using|with|by|through)\b[^,]*?(?=,|\s+(?:the|a|an|he|she|"
    r"they|we|i|you|it)\b|$)",
    re.IGNORECASE,
)
"""A place or tool said before the performer: "In Stripe", "Using the admin panel"."""

_DISCOURSE_PHRASE = re.compile(
    r"^(?:in|at|on|by|from)\s+(?:(?:the|this|that|these|those|such|any|either|each|both|some|"
    r"which|most|all|other|former|latter|first|second|third|last|next|same|meantime|end|turn|"
    r"fact|general|short|addition|parallel|time|way|case|cases|contrast|particular|practice)"
    r"\b\s*)+(?:cases?|meantime|time|end|way|event|run|least|any rate)?\s*$|^in\s*$",
    re.IGNORECASE,
)
"""Phrases that link sentences ("In the former case", "In the meantime", "At the same
time"): they say when, not where or with what, so a step does not keep them."""


_DANGLING = re.compile(r"(?:[\s,;:]+(?:and|or|but|then|so|and then))+$", re.IGNORECASE)


def sentence_case(text: str) -> str:
    """First letter upper case, one trailing full stop, no dangling "and" at the end."""
    text = _DANGLING.sub("", " ".join(text.split())).strip(" ,;:")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


_AUX = re.compile(
    r"^(?P<subject>(?:\S+\s+){0,4}?\S+)\s+(?P<aux>is|are|was|were|has|have|had|can|could|will|"
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


def as_question(condition: str) -> str:
    """A condition as a question: "the order is older than 30 days" -> "Is the order older...?"."""
    words = " ".join(condition.split()).rstrip(" ,.;:?")
    if not words:
        return "Which case applies?"
    match = _AUX.match(words)
    if match and match.group("subject").split()[0].casefold() not in {"if", "when", "whether"}:
        subject = match.group("subject")
        if subject.split()[0].casefold() in _COMMON_STARTS:
            subject = subject[:1].lower() + subject[1:]
        words = f"{match.group('aux').capitalize()} {subject} {match.group('rest')}"
    return words[:1].upper() + words[1:] + "?"


def option_label(gateway: Gateway, number: int, text: str) -> str:
    """ "Yes"/"No" for an if/otherwise pair, else the branch's condition, else "Otherwise"."""
    branch = gateway.branches[number]
    conditioned = [b for b in gateway.branches if b.condition is not None]
    if len(gateway.branches) == 2 and len(conditioned) == 1:
        return "Yes" if branch.condition is not None else "No"
    if branch.condition is not None:
        words = " ".join(branch.condition.text(text).split()).rstrip(" ,.;:")[:60]
        return words[:1].upper() + words[1:] if words else f"Option {number + 1}"
    return "Otherwise"


_IRREGULAR = {
    "be": "been",
    "begin": "begun",
    "bring": "brought",
    "buy": "bought",
    "choose": "chosen",
    "do": "done",
    "draw": "drawn",
    "find": "found",
    "forward": "forwarded",
    "get": "received",
    "give": "given",
    "hold": "held",
    "keep": "kept",
    "know": "known",
    "leave": "left",
    "lend": "lent",
    "make": "made",
    "meet": "met",
    "pay": "paid",
    "put": "put",
    "read": "read",
    "see": "seen",
    "sell": "sold",
    "send": "sent",
    "set": "set",
    "shut": "shut",
    "take": "taken",
    "tell": "told",
    "think": "thought",
    "write": "written",
    "submit": "submitted",
    "commit": "committed",
    "admit": "admitted",
    "permit": "permitted",
    "transfer": "transferred",
    "refer": "referred",
    "prefer": "preferred",
    "occur": "occurred",
}


def past_participle(lemma: str) -> str:
    """The past participle of an English verb, for outcome names: "close" -> "closed"."""
    word = lemma.casefold()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("e"):
        return word + "d"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ied"
    if re.search(r"(?:^|[^aeiou])[aeiou][bdgmnpt]$", word) and len(word) <= 4:
        return word + word[-1] + "ed"
    return word + "ed"


DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "your", "my"}
)


def lower_determiner(phrase: str) -> str:
    """ "The refund" said first in its sentence reads "the refund" inside an instruction."""
    first, _, rest = phrase.partition(" ")
    if first.casefold() in DETERMINERS:
        return " ".join(part for part in (first.casefold(), rest) if part)
    return phrase


def instruction(ex: Extraction, activity: Activity) -> str:
    """A step's instruction in the imperative, from the activity's clause."""
    text = ex.text
    lemma = activity.lemma or activity.verb.text(text)
    rest = text[activity.verb.end : activity.clause.end].rstrip(" ,;:.")
    before = [
        detail.text(text)
        for detail in activity.details
        if detail.end <= activity.verb.start and detail.text(text) not in rest
    ]
    acted_on = [  # a passive's subject, said before its verb: "the refund is issued"
        lower_determiner(span.text(text))
        for span in activity.objects
        if span.end <= activity.verb.start and span.text(text) not in rest
    ]
    words = " ".join([lemma, *acted_on, rest, *before, leading_phrase(ex, activity, rest)])
    if activity.negated:
        words = f"do not {words}"
    return sentence_case(words)


def leading_phrase(ex: Extraction, activity: Activity, rest: str) -> str:
    """A place or tool said before the performer ("In Stripe, the clerk ..."): kept."""
    text = ex.text
    end = activity.verb.start
    mention = activity.actor_mention
    if mention is not None and mention.start >= activity.clause.start:
        end = min(end, mention.start)
    prefix = text[activity.clause.start : end].strip(" ,")
    match = _LEADING_PREPOSITION.match(prefix)
    if not match or match.group(0).strip().casefold() in rest.casefold():
        return ""
    phrase = match.group(0).strip(" ,")
    if _DISCOURSE_PHRASE.match(phrase):
        return ""
    return phrase[:1].lower() + phrase[1:]


def outcome_name(ex: Extraction, activity: Activity) -> str:
    """An outcome named after an activity: "reject the request" -> "Request rejected"."""
    text = ex.text
    lemma = activity.lemma or activity.verb.text(text)
    thing = activity.objects[0].text(text) if activity.objects else ""
    thing = re.sub(r"^(?:the|a|an|this|that|their|his|her|its|our|your)\s+", "", thing, flags=re.I)
    name = f"{thing} {past_participle(lemma)}" if thing else f"{past_participle(lemma)}"
    return name[:1].upper() + name[1:]
