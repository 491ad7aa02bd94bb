"""Telling a click-level step ("Click Refund in Stripe") from a process step ("Approve the refund").

Shared by the quick test (is there a technical stretch?) and the split (which steps move to
a work instruction?).
"""

from __future__ import annotations

import re

UI_VERBS = frozenset(
    {
        "click",
        "double-click",
        "right-click",
        "tap",
        "type",
        "enter",
        "paste",
        "copy",
        "select",
        "choose",
        "tick",
        "untick",
        "check",
        "uncheck",
        "press",
        "scroll",
        "navigate",
        "log",
        "sign",
        "open",
        "fill",
        "upload",
        "download",
        "search",
        "filter",
        "toggle",
        "drag",
        "hover",
        "expand",
        "save",
        "submit",
    }
)
"""Verbs of operating a screen; some ("open", "check") need a UI noun too (see below)."""

NEEDS_UI_NOUN = frozenset({"open", "check", "select", "choose", "save", "search", "enter", "copy"})

UI_NOUNS = re.compile(
    r"\b(button|field|tab|menu|drop-?down|checkbox|check box|box|link|icon|page|screen|dialog|"
    r"window|form|column|row|toolbar|sidebar|panel|modal|popup|pop-up|url|search bar|"
    r"text box|list|option|filter|dashboard|enter|return|ctrl|cmd)\b",
    re.IGNORECASE,
)
SYSTEM = re.compile(
    r"\b(?i:in|on|into|from|within|inside) (?:the )?([A-Z][\w.]*(?: [A-Z][\w.]*){0,2})"
)
"""A capitalised name after "in"/"on": "in Stripe", "in the Shop Admin"."""


def is_technical(instruction: str) -> bool:
    """True when the instruction operates a screen rather than decides or communicates."""
    words = re.findall(r"[A-Za-z-]+", instruction)
    if not words:
        return False
    verb = words[0].casefold()
    if words[0].casefold() in {"do", "don't"} and len(words) > 2:
        verb = words[2].casefold() if words[1].casefold() == "not" else words[1].casefold()
    if verb not in UI_VERBS:
        return False
    return (
        verb not in NEEDS_UI_NOUN
        or UI_NOUNS.search(instruction) is not None
        or (SYSTEM.search(instruction) is not None)
    )


def system_of(instruction: str) -> str | None:
    """The system an instruction names ("in Stripe"), when it names one.

    A name followed by a UI noun is a screen element, not a system: "in the Reason dropdown".
    """
    for match in SYSTEM.finditer(instruction):
        following = instruction[match.end() :].lstrip()
        if not UI_NOUNS.match(following) and not UI_NOUNS.fullmatch(match.group(1)):
            return match.group(1).rstrip(".")
    return None


def step_system(instruction: str, quote: str | None) -> str | None:
    """The system of a step: named in its instruction, else in the words it was captured from."""
    return system_of(instruction) or (system_of(quote) if quote else None)
