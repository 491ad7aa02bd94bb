"""Redacting personal data and secrets before anything is written, with typed placeholders.

Each detector finds spans of one kind; `redact` replaces them by `[EMAIL]`, `[CARD]`... and
returns what it replaced as kind and position only, never the value. Card numbers must pass
the Luhn check and IBANs the ISO 7064 mod-97 check, so order numbers and dates stay; a said
secret needs a word or sign that gives its value ("the password is ..."), so "the password
policy" and "the secretary" stay. People's names come from a finder the caller passes
(`sopflow.capture.clean.names`), as the pipeline that finds them is loaded above this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from sopflow.capture.clean.mapped import Mapped
from sopflow.capture.structure.lexicon import words

RedactionKind = Literal["email", "phone", "card", "iban", "api_key", "token", "password", "person"]


@dataclass(frozen=True)
class Redaction:
    """One redacted value: its kind and where its placeholder stands in the redacted text."""

    kind: RedactionKind
    span: tuple[int, int]

    @property
    def placeholder(self) -> str:
        return placeholder(self.kind)


def placeholder(kind: RedactionKind) -> str:
    """The text that stands in for a redacted value: [EMAIL], [API_KEY]..."""
    return f"[{kind.upper()}]"


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of payment card numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iban_valid(iban: str) -> bool:
    """The ISO 13616 IBAN check: country letters and digits moved, mod 97 equals 1."""
    compact = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in moved)) % 97 == 1


Span = tuple[int, int]

# The address patterns start only where a mailbox name can start and bound every repeat
# (a mailbox is at most 64 characters, a domain a few labels): unbounded, a long run of
# "a-a-a-..." or "dot dot dot..." made each search take time quadratic in the text.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[A-Za-z]{2,}")
_SPOKEN_EMAIL = re.compile(
    r"(?<![\w+-])(?P<local>[\w+-]{1,64}(?:\s+dot\s+[\w+-]{1,64}){0,4})\s+at\s+[\w-]{1,63}"
    r"(?:\s+dot\s+[\w-]{1,63}){0,4}\s+dot\s+(?:com|org|net|io|co|uk|de|fr|nl|eu|edu|gov)\b",
    re.IGNORECASE,
)
_NOT_A_MAILBOX = frozenset(
    {
        "look",
        "looking",
        "click",
        "go",
        "it",
        "this",
        "that",
        "is",
        "are",
        "me",
        "us",
        "them",
        "be",
        "stuff",
        "site",
    }
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b")
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_PHONE = re.compile(r"(?<![\w+#/-])(?:\+|00)?\d[\d ()./-]{6,}\d(?!\w)")
_API_KEY = re.compile(
    r"\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}"
    r"|\bsk-[A-Za-z0-9_-]{20,}"
    r"|\bgh[pousr]_[A-Za-z0-9]{20,}"
    r"|\bAKIA[0-9A-Z]{16}\b"
    r"|\bxox[abprs]-[A-Za-z0-9-]{10,}"
    r"|\bAIza[0-9A-Za-z_-]{35}"
)
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}")
_LONG_SECRET = re.compile(
    r"(?<![\w/.-])(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{32,}(?![\w/.-])"
)
_SAID_SECRET = re.compile(
    r"\b(?P<what>password|passcode|passphrase|pin|api key|secret|token|access key)"
    r"(?:\s+(?:is|was|will\s+be)\b\s*[:=]?|\s*[:=])\s*"
    r"(?P<quote>[\"'“‘]?)(?P<value>[^\s\"'”’,;]*[^\s\"'”’,;.!?])",
    re.IGNORECASE,
)
"""A secret's name, a word or sign that gives its value ("is", ":", "="), then the value:
"password policy" or "token ring" name no value and are kept."""

_ORDINARY = words(
    "the a an your my our their his her its this that these those it one some any no "
    "and or but then so in on at to for of with by from into out up down about not never "
    "always still now also only just usually often too very more less same different "
    "another other field box here there what which where how when why who required "
    "wrong correct right valid invalid strong weak long short new old empty blank "
    "missing mandatory optional temporary secret safe unsafe good bad fine ok okay due "
    "known unknown simple important enough case set reset sent shown hidden stored "
    "changed expired locked needed visible see ask check use call"
)
"""Words that follow "the password is" in ordinary speech: the sentence is about it."""

_ORDINARY_ENDINGS = ("ed", "ing", "ly", "ive", "able", "ible", "ful", "less", "ous", "al")
"""Endings of adjectives and participles: "the token is expired", "... is changing"."""


def looks_like_value(value: str, *, quoted: bool) -> bool:
    """Whether the word after "the password is" is the secret rather than talk about it.

    A quoted value, or one with a digit, a sign or a capital inside, is a secret; so is a
    plain word, unless it is ordinary English saying something about the secret instead.
    """
    if quoted:
        return True
    if value.isdigit():
        return len(value) > 2  # "the token is 1 of 3"; a PIN has four digits or more
    parts = value.split("-")
    if not all(part.isalpha() and part[1:] == part[1:].lower() for part in parts):
        return True
    word = parts[-1].casefold()  # "case-sensitive" is a word; "correct-horse-battery" is not
    return word not in _ORDINARY and not (len(word) > 4 and word.endswith(_ORDINARY_ENDINGS))


_DIGIT = r"(?:\d+|zero|one|two|three|four|five|six|seven|eight|nine)"
_DIGIT_RUN = re.compile(rf"{_DIGIT}(?:[\s,-]+{_DIGIT})+\b", re.IGNORECASE)
"""Digits said one by one: "four seven one one", "4 7 1 1"."""

_HOW_LONG = re.compile(
    r"\s+(?:characters?|chars|digits?|letters?|numbers?|symbols?|long|minutes?|hours?|days?"
    r"|weeks?|months?)\b",
    re.IGNORECASE,
)
"""Words after a number that say how long a secret is or lasts, not what it is."""


def find_emails(text: str) -> Iterator[Span]:
    """Written (a.b@c.com) and spoken ("anna dot b at example dot com") addresses."""
    yield from (match.span() for match in _EMAIL.finditer(text))
    for match in _SPOKEN_EMAIL.finditer(text):
        if match.group("local").split()[-1].casefold() not in _NOT_A_MAILBOX:
            yield match.span()


def find_ibans(text: str) -> Iterator[Span]:
    """IBANs with a valid checksum, written with or without spaces."""
    for match in _IBAN.finditer(text):
        value = match.group(0).rstrip()
        if iban_valid(value):
            yield (match.start(), match.start() + len(value))


def find_cards(text: str) -> Iterator[Span]:
    """Payment card numbers: 13 to 19 digits, spaced or not, passing the Luhn check."""
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            yield match.span()


def find_phones(text: str) -> Iterator[Span]:
    """Phone numbers: 8 to 15 digits with the usual separators, not dates or version numbers."""
    for match in _PHONE.finditer(text):
        value = match.group(0)
        digits = re.sub(r"\D", "", value)
        if not 8 <= len(digits) <= 15:
            continue
        plain = value.isdigit()
        if plain and not (value.startswith("0") and len(digits) >= 10):
            continue  # a bare run of digits is an order or ticket number more often than a phone
        if re.fullmatch(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}", value) or re.search(
            r"\d\.\d+\.\d", value
        ):
            continue
        yield match.span()


def find_api_keys(text: str) -> Iterator[Span]:
    """Keys with a known shape: Stripe, OpenAI-style, GitHub, AWS, Slack, Google."""
    yield from (match.span() for match in _API_KEY.finditer(text))


def find_tokens(text: str) -> Iterator[Span]:
    """JSON web tokens and long random-looking strings of letters and digits."""
    for pattern in (_JWT, _LONG_SECRET):
        yield from (match.span() for match in pattern.finditer(text))


def find_said_secrets(text: str) -> Iterator[Span]:
    """The value after "the password is", "PIN:", "token =", spoken or typed.

    Digits said one by one are one value; a number followed by "characters", "digits" or
    "days" says how long the secret is, and is kept.
    """
    for match in _SAID_SECRET.finditer(text):
        run = _DIGIT_RUN.match(text, match.start("value"))
        span = run.span() if run else match.span("value")
        if _HOW_LONG.match(text, span[1]):
            continue
        if run or looks_like_value(match.group("value"), quoted=bool(match.group("quote"))):
            yield span


DETECTORS: tuple[tuple[RedactionKind, Callable[[str], Iterator[Span]]], ...] = (
    ("email", find_emails),
    ("iban", find_ibans),
    ("api_key", find_api_keys),
    ("token", find_tokens),
    ("card", find_cards),
    ("password", find_said_secrets),
    ("phone", find_phones),
)
"""Detectors in order of precedence: where spans overlap, the earlier kind wins."""


def find_secrets(
    text: str,
    detectors: Sequence[tuple[RedactionKind, Callable[[str], Iterator[Span]]]] = DETECTORS,
) -> list[tuple[RedactionKind, Span]]:
    """Non-overlapping (kind, span) pairs in text order."""
    taken: list[tuple[RedactionKind, Span]] = []
    for kind, detector in detectors:
        for span in detector(text):
            if all(span[1] <= other[0] or span[0] >= other[1] for _, other in taken):
                taken.append((kind, span))
    return sorted(taken, key=lambda found: found[1])


def redact(
    text: Mapped, find_names: Callable[[str], Iterator[Span]] | None = None
) -> tuple[Mapped, tuple[Redaction, ...]]:
    """The text with every secret replaced by its placeholder, and the list of redactions;
    with `find_names`, people's names too (as `[PERSON]`, after every other kind)."""
    detectors = DETECTORS if find_names is None else (*DETECTORS, ("person", find_names))
    found = find_secrets(text.text, detectors)
    redacted = text.replace((start, end, placeholder(kind)) for kind, (start, end) in found)
    redactions: list[Redaction] = []
    shift = 0
    for kind, (start, end) in found:
        size = len(placeholder(kind))
        redactions.append(Redaction(kind, (start + shift, start + shift + size)))
        shift += size - (end - start)
    return redacted, tuple(redactions)


def redact_value(value: str) -> tuple[str, tuple[RedactionKind, ...]]:
    """A short value (a typed field) redacted, with the kinds found."""
    redacted, found = redact(Mapped.of(value))
    return redacted.text, tuple(item.kind for item in found)
