"""A role's name: which words of a mention make it, and when two mentions name one role.

Kept apart from the actor index that uses it: the rules of a role's name (ranks, "X of Y",
"Sales/Billing", "HR: Payroll") grow on their own, the index's merging stays as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.structure.lexicon import ACTOR_NOUNS, COMMUNICATION_VERBS, TRANSFER_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token


def same_role(one: str, other: str) -> bool:
    """Whether two mentions name one role: "agent" and "support agent", "supervisor" and
    "direct supervisor of the intern", "physician of the lab" and "lab physician"; not "head
    of finance" and "head of sales", nor "nurse of the clinic" and "night nurse" (each more
    specific its own way), nor "senior clerk" and "clerk" (another rank)."""
    if "/" in one or "/" in other:
        return any(same_role(a, b) for a in _either(one) for b in _either(other))
    core, _, of = one.partition(" of ")
    other_core, _, other_of = other.partition(" of ")
    if of and other_of and of != other_of:
        return False
    if core == other_core or _unit(core) == other_core or _unit(other_core) == core:
        return True  # "billing" and "the billing team"
    if f"{of} {core}" == other or f"{other_of} {other_core}" == one:
        return True  # "physician of the lab" and "lab physician"
    if core.endswith(" " + other_core):  # other is the more general one
        return _same_rank(core, other_core) and (not other_of or other_of == of)
    if other_core.endswith(" " + core):
        return _same_rank(other_core, core) and (not of or of == other_of)
    return False


def _either(name: str) -> list[str]:
    """A name with words joined by "/" ("applicant/member", "sales/billing team"): itself
    and each alternative, which names the same role ("the employee")."""
    if "/" not in name:
        return [name]
    words = name.split()
    at = next(i for i, word in enumerate(words) if "/" in word)
    parts = [part for part in words[at].split("/") if part]
    return [name.replace("/", " "), *(" ".join([*words[:at], p, *words[at + 1 :]]) for p in parts)]


UNIT_WORDS = frozenset({"team", "department", "unit", "division", "section", "desk"})
"""Last words that only say a name is a unit's: "Billing" and "the billing team" are one."""


def _unit(name: str) -> str | None:
    """The unit's own name without its last word "team" or "department", else None."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1] in UNIT_WORDS else None


RANKS = frozenset(
    {"senior", "junior", "chief", "deputy", "assistant", "vice", "associate", "head", "trainee"}
)
"""Words that make a role of another rank: "senior claims officer" is not "claims officer"."""


def _same_rank(specific: str, general: str) -> bool:
    """Whether the words that make specific more specific than general leave its rank."""
    return not RANKS.intersection(specific[: -len(general)].split())


# a role's name from its mention's words ------------------------------------------------
GLUE = frozenset({"/", "-", "&", "+"})
"""Marks that join two names into one unit's name when written without spaces: "Sales/Billing",
"Front-Office", "R&D"."""


def _glued(mark: Token) -> bool:
    """A joining mark written tight between two words: "Sales/Billing", not "sales / billing"."""
    doc = mark.doc
    if mark.text not in GLUE or mark.i == 0 or mark.i + 1 >= len(doc) or mark.whitespace_:
        return False
    before, after = doc[mark.i - 1], doc[mark.i + 1]
    return not before.whitespace_ and before.is_alpha and after.is_alpha


HEADINGS = frozenset(
    {"note", "notes", "tip", "hint", "warning", "caution", "important", "attention", "info"}
    | {"step", "example", "result", "reminder", "todo", "nb", "ps", "update", "faq"}
)
"""Words that head a sentence before a colon, no unit's label: "NOTE: Finance approves it"."""


def unit_label(colon: Token) -> bool:
    """A unit's label before a colon: "KT: Quotes", "HR: Payroll"; an acronym, or a
    capitalised word after "the" ("the Ops: Provisioning team"), written tight to the colon;
    not "Note: Finance approves it" (a sentence's heading)."""
    doc = colon.doc
    if colon.text != ":" or colon.i == 0 or not colon.whitespace_:
        return False
    label = doc[colon.i - 1]
    if label.whitespace_ or not label.is_alpha or len(label) < 2:
        return False
    if label.lower_ in HEADINGS or colon.i + 1 >= len(doc) or doc[colon.i + 1].pos_ == "DET":
        return False  # "NOTE: the clerk …": a heading, then the sentence
    after_the = label.i > 0 and doc[label.i - 1].lower_ == "the"
    return label.is_upper or (label.is_title and after_the)


def joined(tokens: list[Token]) -> list[Token]:
    """A mention widened over the marks that make one unit's name of several words: the
    other half of "Sales/Billing", the label of "KT: Quotes/Orders" ("the KT: Quotes/Orders
    team" is one unit, not "Orders team")."""
    doc = tokens[0].doc
    start, end = tokens[0].i, tokens[-1].i
    while start > 1 and _glued(doc[start - 1]):
        start -= 2
    while end + 2 < len(doc) and _glued(doc[end + 1]):
        end += 2
    if start > 1 and unit_label(doc[start - 1]) and doc[start].text[:1].isalpha():
        start -= 2
        while start > 1 and _glued(doc[start - 1]):
            start -= 2
    elif end + 2 < len(doc) and tokens[-1].is_upper and unit_label(doc[end + 1]):
        words = end + 2
        while words < len(doc) and (doc[words].is_title or doc[words].is_upper):
            end = words  # "HR: Payroll" after its label
            if doc[words].whitespace_ or words + 1 >= len(doc) or not _glued(doc[words + 1]):
                break
            words += 2
    if (start, end) == (tokens[0].i, tokens[-1].i):
        return tokens
    return [*doc[start : tokens[0].i], *tokens, *doc[tokens[-1].i + 1 : end + 1]]


CHOSEN = frozenset(
    {"assigned", "designated", "appointed", "allocated", "nominated", "selected", "chosen"}
    | {"responsible", "relevant", "respective", "appropriate", "competent"}
    | {"more", "additional", "extra", "further"}
)
"""Words before a role's noun that say how one was picked, or how many more, not which role:
"the assigned technician" is the technician, "more drivers" are drivers."""


def role_key(tokens: list[Token], *, plain: bool = False) -> str:
    """The name a mention is merged by: its words without determiners, possessives and the
    words that say how the person was picked ("the new hire's manager": "manager", "the
    assigned technician": "technician"); plain, also without a participle before the noun
    ("the trained driver": "driver")."""
    owners = {t.i for token in tokens if token.dep_ == "poss" for t in token.subtree}
    kept = [
        t
        for t in tokens
        if t.pos_ not in {"DET", "PRON"}
        and t.i not in owners
        and not _count(t, tokens)
        and not _describes(t, tokens, plain=plain)
    ]
    # as written: "room-service manager", not "room - service manager"; a word broken at
    # its hyphen ("Key- holder") is one word again
    return "".join(t.lower_ + (" " if _spaced(t, kept) else "") for t in kept).strip()


def _spaced(token: Token, tokens: list[Token]) -> bool:
    """Whether a space follows token in a role's name: not after a hyphen that breaks a word
    ("Key- holder"), but after one that stands for a later word ("pre- and
    post-op")."""
    if not token.whitespace_:
        return False
    if len(token) < 2 or not token.text.endswith("-") or token is tokens[-1]:
        return True
    after = token.doc[token.i + 1]
    return after.dep_ == "cc" or not after.is_alpha


def _count(token: Token, tokens: list[Token]) -> bool:
    """A number before a role's noun: "three" of "three courier firms" counts, names none."""
    return token.dep_ == "nummod" and token.like_num and token.i < tokens[-1].i


def _describes(token: Token, tokens: list[Token], *, plain: bool) -> bool:
    """A word before the role's noun that describes the one person rather than names the
    role: "assigned", "extra"; with plain, any participle ("trained", "certified")."""
    if token.i >= tokens[-1].i or token.dep_ not in {"amod", "advmod"}:
        return False
    if token.lower_ in CHOSEN:
        return True
    return plain and token.tag_ in {"VBN", "VBD"} and token.lower_.endswith("ed")


# people's names ------------------------------------------------------------------------
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "mr.", "mrs."})
"""Words before a person's name: "Mr Smith", "Dr Jones"."""

ADDRESSING_VERBS = COMMUNICATION_VERBS | TRANSFER_VERBS
"""Verbs whose object or "to" names whom the work or a message goes to."""


def is_person_name(head: Token) -> bool:
    """A person's name, not a role: "Mr Smith", or a bare name someone is sent something or
    told something ("call Anna", "send it to Anna"); a name doing the work ("Stripe sends a
    receipt", "Nordwerk AG orders parts") may be a system or an organisation."""
    if head.pos_ != "PROPN" or head.is_upper or not head.is_title:
        return False
    words = [t for t in head.lefts if t.dep_ in {"compound", "det", "amod"}]
    if any(t.lower_ in TITLES for t in words):
        return True
    if words or head.lemma_.lower() in ACTOR_NOUNS:
        return False
    verb = head.head.head if head.dep_ == "pobj" else head.head
    addressed = head.dep_ in {"dobj", "dative"} or (
        head.dep_ == "pobj" and head.head.lower_ == "to"
    )
    return addressed and verb.lemma_.lower() in ADDRESSING_VERBS
