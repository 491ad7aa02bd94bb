"""Phrases at the end of an instruction that say when, how often or in which case.

A good SOP step reads as verb, particle and object ("Collect the mail"); how often it is
done ("on a daily basis"), when ("after 10 minutes", "within three days"), what it depends
on ("depending on the result") and a gloss ("i.e. the night shift") are details the reader
needs beside the step, so they go to its notes rather than into its instruction. An
exception ("unless the road is clear") changes what to do and stays in the step.
"""

from __future__ import annotations

import re

_NUMBER = (
    r"(?:\d+(?:[.,]\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|sixty|a few|several|a couple of)"
)
_UNIT = (
    r"(?:(?:working |business |calendar )?(?:seconds?|minutes?|hours?|days?|weeks?|months?|"
    r"years?)|weekdays?)"
)
_CLOCK = r"\d{1,2}(?:\s?[:.]\s?\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|o'clock)"

_TRAILING = re.compile(
    r"(?P<lead>[\s,;]+)(?P<note>"
    r"(?:on|at) an? (?:daily|weekly|monthly|quarterly|yearly|annual|hourly|regular|"
    r"case[- ]by[- ]case|ad[- ]hoc|as[- ]needed|continuous|ongoing) basis"
    r"|(?:every|each) (?:[a-z]+ )?(?:day|week|month|"
    r"quarter|year|morning|evening|night|shift|hour|weekday|time)"
    r"|(?:after|within|in|before|no later than)"
    rf" (?:the (?:next|first|last) )?{_NUMBER} {_UNIT}(?: (?:later|after\b.*|of\b.*))?"
    rf"|(?:by|before|until|at) {_CLOCK}"
    r"|(?:by|before|until) (?:noon|midday|midnight|tomorrow|the (?:end|close|start) of (?:the|each|"
    r"every|this|next) (?:day|week|month|quarter|year|shift))"
    r"|depending on\b.+"
    r"|(?:i\.\s?e\.|e\.\s?g\.|that is,)\s.+"
    r")\.?$",
    re.IGNORECASE,
)
"""One such phrase at the end of an instruction, after a space or a comma."""

_KEPT_WORDS = 2
"""What must remain of an instruction: a verb and something it acts on."""


def split_adjuncts(words: str) -> tuple[str, tuple[str, ...]]:
    """An instruction without the phrases at its end that say when, how often or in which
    case, and those phrases, first said first: "Call the guest after 5 minutes." ->
    ("Call the guest.", ("After 5 minutes.",))."""
    kept = words.rstrip(" .")
    notes: list[str] = []
    while (match := _earliest(kept)) is not None:
        rest = kept[: match.start()].rstrip(" ,;")
        if len(rest.split()) < _KEPT_WORDS:
            break
        notes.insert(0, _as_note(match.group("note")))
        kept = rest
    if not notes:
        return words, ()
    return kept + ".", tuple(notes)


def _earliest(text: str) -> re.Match[str] | None:
    """The match of a trailing phrase that starts earliest ("depending on X, i.e. Y" is one
    note, not two)."""
    found: re.Match[str] | None = None
    for lead in re.finditer(r"[\s,;]+", text):
        match = _TRAILING.match(text, lead.start())
        if match is not None:
            found = match
            break
    return found


def _as_note(phrase: str) -> str:
    """A phrase as a note: capitalised, one full stop."""
    phrase = " ".join(phrase.split()).rstrip(" .,;")
    return phrase[:1].upper() + phrase[1:] + "."
