"""The words of a draft: ids, instructions, questions, option labels and outcome names.

Kept apart from the layout of the flow so that how a step reads and where it goes change
independently; everything here is a pure function of the extraction's text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from sopflow.capture.adjuncts import split_adjuncts
from sopflow.capture.extraction import Activity, Extraction, Span


def slug(text: str, fallback: str = "item") -> str:
    """A node or role id from words: lower case, letters and digits joined by dashes."""
    words = re.findall(r"[a-z0-9]+", text.casefold())
    value = "-".join(words)[:40].strip("-")
    return value or fallback


_LEADING_PREPOSITION = re.compile(
    r"^(?:in|on|at|from|into|via|using|with|by|through)\b[^,]*?(?=,|\s+(?:the|a|an|he|she|"
    r"they|we|i|you|it)\b|$)|^(?:depending\s+on|according\s+to)\s[^,]+",
    re.IGNORECASE,
)
"""A place or tool said before the performer: "In Stripe", "Using the admin panel"; or what
the step depends on: "Depending on its state"."""

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


DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "your", "my"}
)


def lower_determiner(phrase: str) -> str:
    """ "The refund" said first in its sentence reads "the refund" inside an instruction."""
    first, _, rest = phrase.partition(" ")
    if first.casefold() in DETERMINERS:
        return " ".join(part for part in (first.casefold(), rest) if part)
    return phrase


PRONOUNS = frozenset({"it", "them", "this", "that", "these", "those", "they", "one"})
"""Objects that stand for something said before: "check it"."""

_THEN = re.compile(r"^[\s,;:]*(?:and\s+then|then|and|or|,)\s+", re.IGNORECASE)
"""What opens a step that repeats the verb before it: "(click A,) then B"."""

_TRAILING_PREPOSITION = re.compile(
    r"\s+(?:in|on|at|to|for|with|by|from|into|onto|of|about|as|via|through|within|upon)$",
    re.IGNORECASE,
)
"""A preposition left without its object at the end of an instruction: "package the goods in"."""


def _without(text: str, start: int, end: int, omit: Sequence[Span]) -> str:
    """The characters [start, end) of text, without those the spans in omit cover."""
    kept: list[str] = []
    position = start
    for span in sorted(s for s in omit if s.end > start and s.start < end):
        kept.append(text[position : max(position, span.start)])
        position = max(position, span.end)
    kept.append(text[position:end])
    return " ".join("".join(kept).split())


def verb_phrase(ex: Extraction, activity: Activity) -> str:
    """The verb in the imperative with its particle: "look up", "hand in", "back up"."""
    said = activity.verb.text(ex.text).split()
    words = [activity.lemma or (said[0] if said else ""), *said[1:]]
    if activity.particle is not None:
        words.append(activity.particle.text(ex.text).casefold())
    return " ".join(word for word in words if word)


OBJECT_CASE = {"they": "them", "he": "him", "she": "her", "we": "us", "i": "me"}
"""A passive's pronoun subject as the object of an imperative: "they are combined"."""


def stands_for(ex: Extraction, activity: Activity, span: Span) -> str:
    """An object's words, a pronoun replaced by what it stands for."""
    said = span.text(ex.text).casefold()
    if activity.referent is not None and said in PRONOUNS:
        return referent_text(ex, activity)
    some = _SOME_OF.match(said)
    if activity.referent is not None and some is not None:  # "one of them"
        return f"{some.group(1)} of {_COUNT.sub('the ', referent_text(ex, activity))}"
    if said in OBJECT_CASE:
        return OBJECT_CASE[said]
    if said in PRONOUNS:
        return said  # "It is given …" with nothing it stands for: "Give it …"
    if span.start < activity.verb.start:
        return lower_start(ex, span)
    return span.text(ex.text)


_SOME_OF = re.compile(r"^(\w+) of (?:them|these|those)$")
"""Some of what a pronoun stands for: "one of them", "each of these"."""

_COUNT = re.compile(
    r"^(?:the\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|some|many|"
    r"a few|a number of)\s+|^(?!the\b|this\b|that\b|these\b|those\b|its\b|their\b)",
    re.IGNORECASE,
)
"""How many were said ("three companies"), replaced by "the" in "one of the companies"."""


def referent_text(ex: Extraction, activity: Activity) -> str:
    """What an object stands for, as said again: "a vendor" said before is "the vendor"."""
    if activity.referent is None:
        return ""
    words = lower_start(ex, activity.referent)
    if activity.referent.start < activity.verb.start:
        words = re.sub(r"^(?:a|an|another)\s+", "the ", words, flags=re.IGNORECASE)
        words = _FOR_PURPOSE.sub("", words)
    return words


_FOR_PURPOSE = re.compile(
    r"(?<=\w)\s+for\s+(?!(?:the|a|an|this|that|these|those|each|every|all|any|his|her|its|"
    r"their|our|your|my)\b)[a-z]+$",
    re.IGNORECASE,
)
"""What the thing was handled "for" when first said ("submits the draft for review"): said
again, the thing is just "the draft"."""


def lower_start(ex: Extraction, span: Span) -> str:
    """A phrase said first in its sentence, inside an instruction: "the refund", "incoming
    post"; a word the text writes with a capital elsewhere too ("Stripe") keeps it."""
    phrase = lower_determiner(span.text(ex.text))
    first = phrase.split(" ", 1)[0]
    opens = any(sentence.start == span.start for sentence in ex.sentences)
    if not opens or not first[:1].isupper() or first.isupper() or first.casefold() in PRONOUNS:
        return phrase
    if re.search(rf"(?<![.!?]\s)(?<!^)\b{re.escape(first)}\b", ex.text[span.end :]):
        return phrase  # written with a capital mid-sentence too: a name
    return first.casefold() + phrase[len(first) :]


def _rest(ex: Extraction, activity: Activity) -> str:
    """The clause after the verb: its objects (pronouns resolved), places, manner."""
    text = ex.text
    start = max(activity.verb.end, activity.clause.start)
    end = activity.clause.end
    omit = [span for span in (activity.agent, activity.particle) if span is not None]
    said = {o: stands_for(ex, activity, o) for o in activity.objects if start <= o.start}
    said.update(_people(ex, start, end, said))
    pieces: list[tuple[int, str]] = []
    position = start
    for span in sorted(o for o in said if o.end <= end):
        pieces.append((position, _without(text, position, span.start, omit)))
        pieces.append((span.start, said[span]))
        position = span.end
    pieces.append((position, _without(text, position, end, omit)))
    rest = _EMPHATIC.sub("", _joined(text, pieces)).rstrip(" ,;:.")
    rest = _ADDITIVE.sub("", _addressed(ex, activity, rest))
    if activity.clause.start > activity.verb.end:
        rest = _THEN.sub("", rest)  # "(click Directory,) then People"
    return rest


_EMPHATIC = re.compile(
    r"(?<!\bfor)(?<!\bby)(?<!\bto)(?<!\bwith)(?<!\babout)(?<!\bof)"
    r"\s+(?:myself|yourself|himself|herself|ourselves|yourselves|themselves)\b",
    re.IGNORECASE,
)
"""A reflexive said for emphasis ("he fixes it himself"): the step is addressed to whoever
does it, so it goes; one after a preposition ("keeps a copy for herself") is meant."""


_ADDITIVE = re.compile(r"[\s,]+(?:as well|too)$", re.IGNORECASE)
"""A closing "as well" or "too": it ties the step to one said before ("forward it to the
agency as well"); the step, read on its own in a list, says the same without it."""

OWN_POSSESSIVE = {
    "he": "his",
    "she": "her",
    "they": "their",
    "i": "my",
    "we": "our",
    "you": "your",
}
"""A subject pronoun and the possessive that speaks of its own things: "he ... his"."""

_NOT_AFTER_POSSESSIVE = frozenset(
    {"to", "for", "with", "about", "of", "on", "in", "at", "by", "from", "and", "or", "that"}
    | {"the", "a", "an", "if", "when", "whether", "as", "up", "out", "back", "off", "down"}
)
"""Words after "her" that show it is an object ("call her about it"), not a possessive."""


def _addressed(ex: Extraction, activity: Activity, rest: str) -> str:
    """The clause after the verb with the performer's own possessive made "the" ("he picks
    up his coat": "Pick up the coat."): a step is addressed to whoever does it, and "his"
    in it would read as someone else's. Only after a pronoun subject, whose possessive
    surely points back to it; "the porter takes his bag" may mean a guest's bag."""
    mention = activity.actor_mention
    if mention is None or not mention.end <= activity.verb.start:
        return rest
    possessive = OWN_POSSESSIVE.get(mention.text(ex.text).casefold())
    if possessive is None:
        return rest
    words = rest.split(" ")
    for at, word in enumerate(words[:-1]):
        following = words[at + 1].casefold()
        if word.casefold() != possessive or following in _NOT_AFTER_POSSESSIVE:
            continue
        if not following[:1].isalpha():
            continue
        words[at] = "the"
        if following == "own" and at + 2 < len(words):
            words[at + 1] = ""
    return " ".join(word for word in words if word)


def _joined(text: str, pieces: Sequence[tuple[int, str]]) -> str:
    """Pieces of a clause, each with where it starts in text, joined as the text joins them: a
    space where the text has one, none inside a word an object span cut ("e-mail")."""
    joined = ""
    for at, piece in pieces:
        if not piece:
            continue
        glued = 0 < at < len(text) and not text[at - 1].isspace() and not text[at].isspace()
        joined += piece if glued or not joined else " " + piece
    return joined


PERSON_OBJECTS = frozenset({"him", "her", "them"})
"""Pronouns for someone the work goes to or is done for: "calls for him", "tell her"."""


def _people(ex: Extraction, start: int, end: int, taken: Collection[Span]) -> dict[Span, str]:
    """The role each person pronoun in [start, end) stands for ("calls for him": "the
    guest"), where the text named that role; a narrator's "me" or "us" stays."""
    found: dict[Span, str] = {}
    for index, actor in enumerate(ex.actors):
        if actor.narrator or actor.named or not _named_at_work(ex, index):
            continue
        for mention in actor.mentions:
            inside = start <= mention.start and mention.end <= end and mention not in taken
            if inside and mention.text(ex.text).casefold() in PERSON_OBJECTS:
                found[mention] = f"the {actor.name}"
    return found


def _named_at_work(ex: Extraction, index: int) -> bool:
    """Whether the text names actor index (not by a pronoun) doing, receiving or sending work:
    a name said only in passing ("add them to the groups, usually Sales or Support") is no
    person a later "them" can stand for."""
    for activity in ex.activities:
        for who, mention in (
            (activity.actor, activity.actor_mention),
            (activity.recipient, activity.recipient_mention),
            (activity.sender, activity.sender_mention),
        ):
            said = mention.text(ex.text).casefold() if mention is not None else ""
            if who == index and said and said not in PRONOUN_WORDS:
                return True
    return False


PRONOUN_WORDS = PERSON_OBJECTS | {"he", "she", "they", "it", "who", "whom"}


_ASKED = re.compile(r"^\s+((?:who|what|which|whom|where|how)\b[^,;:.]*)", re.IGNORECASE)
"""A question a bare verb acts on, said right after it: "clarifies who will ship it"."""


def _asked(ex: Extraction, activity: Activity) -> str:
    """The question clause right after a verb said without an object, up to the sentence's
    end or the next step's clause: what the step finds out."""
    end = next((s.end for s in ex.sentences if s.start <= activity.clause.end < s.end), 0)
    for other in ex.activities:
        if activity.clause.end <= other.clause.start < end:
            end = other.clause.start
    match = _ASKED.match(ex.text[activity.clause.end : end])
    return " ".join(match.group(1).split()) if match else ""


_ASKED_CLAUSE = re.compile(r"\s*(?:whether|if|that|who|what|which|when|where|how)\b", re.I)
"""A clause that is what the verb acts on: "checks whether …" needs no other object."""


def instruction(ex: Extraction, activity: Activity) -> str:
    """A step's instruction in the imperative, from the activity's clause."""
    text = ex.text
    rest = _rest(ex, activity)
    before = [
        detail.text(text)
        for detail in activity.details
        if detail.end <= activity.verb.start and detail.text(text) not in rest
    ]
    acted_on = [  # a passive's subject, said before its verb: "the refund is issued"
        stands_for(ex, activity, span)
        for span in activity.objects
        if span.end <= activity.verb.start
    ]
    told = activity.recipient_mention  # "the tenant is told of the decision"
    if told is not None and activity.clause.start <= told.start and told.end <= activity.verb.start:
        acted_on.append(lower_start(ex, _with_others_told(ex, activity, told)))
    start = max(activity.verb.end, activity.clause.start)
    shown = bool(acted_on) or any(
        start <= span.start < activity.clause.end for span in activity.objects
    )
    asks = _ASKED_CLAUSE.match(rest) is not None  # "checks whether the seal is intact"
    if not shown and activity.referent is not None and not asks:
        acted_on.append(referent_text(ex, activity))  # "… and checks."
    elif not shown and not rest:
        rest = _asked(ex, activity)  # "asks who will do the cleaning"
    leading = leading_phrase(ex, activity, rest)
    tail = " " + " ".join(" ".join([*acted_on, rest, *before, leading]).split()).rstrip(" ,;:.")
    if not (_ASKED_CLAUSE.match(rest) and not before and not leading):
        tail = _TRAILING_PREPOSITION.sub("", tail)  # not "check if the payment went through"
    words = _SPACED_PUNCTUATION.sub("", verb_phrase(ex, activity) + tail)
    if activity.particle is not None:
        words = _PRONOUN_AFTER_PARTICLE.sub(r"\g<verb> \g<pronoun> \g<particle>", words)
    if activity.negated:
        words = f"do not {words}"
    return sentence_case(words)


_PRONOUN_AFTER_PARTICLE = re.compile(
    r"^(?P<verb>\S+) (?P<particle>back|up|down|out|in|off|on|over|away|around|through) "
    r"(?P<pronoun>it|them|him|her|me|us|this|that|these|those)\b"
)
"""A pronoun goes between a phrasal verb and its particle: "send it back", not "send back it"."""

_SPACED_PUNCTUATION = re.compile(r"\s+(?=[,;:!?])")
"""A space the joined pieces leave before a comma: "the parts , before …"."""


_OTHERS_TOLD = re.compile(
    r"^(?:\s*,)?\s+(?:and|or|as well as)\s+(?:[\w'’-]+\s+){0,5}?[\w'’-]+(?=\s+(?:is|are|was|"
    r"were|will|must|should|shall|can|could|may|might|has|have|had|get|gets|got)\b)",
    re.IGNORECASE,
)
"""The roles joined to the first one a passive tells: "(the stores) and the workshop"."""


def _with_others_told(ex: Extraction, activity: Activity, told: Span) -> Span:
    """Whom a passive tells, with the roles said after the first ("the stores and the
    workshop are informed"): all of them are told."""
    match = _OTHERS_TOLD.match(ex.text[told.end : activity.verb.start])
    return Span(told.start, told.end + match.end()) if match else told


_ASIDE = re.compile(r"\s*\((?P<aside>[^()]*\s[^()]*?)(?:\)|(?=\.?$))")
"""A bracketed remark of several words: "(i.e. the night porter)", also one the clause cut
before its closing bracket; one word, "(VAT)", stays."""


_BASIS = re.compile(
    r"[\s,]+(?P<aside>(?:based (?:up)?on|on the basis of|in accordance with)\s.+?)\.?$",
    re.IGNORECASE,
)
"""A trailing "based on the checklist …": what the work goes by, a note beside the step."""


def split_asides(words: str) -> tuple[str, tuple[str, ...]]:
    """An instruction without its bracketed remarks and without what it is based on, and
    those as notes: the step reads as the action, the explanation stays beside it."""
    asides = tuple(sentence_case(m.group("aside").strip(" ,;")) for m in _ASIDE.finditer(words))
    kept = " ".join(_ASIDE.sub("", words).split()) if asides else words
    basis = _BASIS.search(kept)
    if basis is not None and len(kept[: basis.start()].split()) > 1:
        asides = (*asides, sentence_case(basis.group("aside")))
        kept = sentence_case(kept[: basis.start()])
    kept, adjuncts = split_adjuncts(kept)
    asides = (*asides, *adjuncts)
    if not asides:
        return words, ()
    kept = re.sub(r"\s+([.,;:])", r"\1", kept)
    return (kept, asides) if kept.rstrip(".").strip() else (words, ())


def _prefix(ex: Extraction, activity: Activity) -> str:
    """The words of the clause before its performer (or verb)."""
    end = activity.verb.start
    mention = activity.actor_mention
    if mention is not None and mention.start >= activity.clause.start:
        end = min(end, mention.start)
    return ex.text[activity.clause.start : end].strip(" ,")


def leading_time(ex: Extraction, activity: Activity) -> str | None:
    """A time said before the performer ("In March of every year, the office audits …"):
    when the step is done, a note beside it rather than part of its instruction."""
    prefix = _prefix(ex, activity)
    match = _LEADING_PREPOSITION.match(prefix) or _LEADING_EVERY.match(prefix)
    if match is None or not _TIME_WORD.search(match.group(0)):
        return None
    return sentence_case(match.group(0).strip(" ,"))


_LEADING_EVERY = re.compile(r"^(?:every|each|once|twice|three times)\b[^,]*(?=,|$)", re.IGNORECASE)
"""How often, said first: "Every weekday morning, …", "Once a month, …"."""


def leading_phrase(ex: Extraction, activity: Activity, rest: str) -> str:
    """A place or tool said before the performer ("In Stripe, the clerk ..."): kept."""
    prefix = _prefix(ex, activity)
    match = _LEADING_PREPOSITION.match(prefix)
    if not match or match.group(0).strip().casefold() in rest.casefold():
        return ""
    phrase = match.group(0).strip(" ,")
    if _DISCOURSE_PHRASE.match(phrase) or _TIME_WORD.search(phrase):
        return ""  # "in the meantime", "in March of every year": when, not where
    said = phrase.casefold().split()
    if len(said) < 2 or any(" ".join(said).startswith(cue) for cue in NOT_PLACES):
        return ""  # "In the meantime, …", "In that case, …": when, not where
    return phrase[:1].lower() + phrase[1:]


_TIME_WORD = re.compile(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|"
    r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|afternoon|"
    r"evening|night|weekend|(?:year|month|week|day|hour|minute|quarter)s?|\d{1,2}(?::\d\d)?"
    r"\s*(?:am|pm|a\.m\.|p\.m\.))\b",
    re.IGNORECASE,
)
"""Words of a time: a leading phrase with one says when ("on Monday", "at the end of each
month", "in November"), which a step's instruction leaves out, not where or with what."""

NOT_PLACES = (
    *("in the meantime", "in the mean time", "at the same time", "in parallel", "in case"),
    *("in the case", "in this case", "in that case", "in these cases", "in those cases"),
    *("in the former", "in the latter", "in any case", "in addition", "in general", "in fact"),
    *("in every case", "in each case", "in all cases", "in either case", "in both cases"),
    *("in effect", "in turn", "in order", "in the end", "at first", "at last", "at the end"),
    *("at this point", "at that point", "in some cases", "in other cases", "in most cases"),
    *("with this", "with that", "by then", "by now", "on the other hand", "on top of"),
    *("after that", "after this", "from then on", "from now on"),
)
"""Phrases that open with a preposition but say when or in which case, not where or with what."""
