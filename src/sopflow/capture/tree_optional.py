"""Optional steps: "… and orders insurance if necessary", "if needed, the clerk also calls".

A condition that names no case of its own, only a need ("if necessary", "if needed", "where
required", "if possible"), makes its step optional: a decision whose "No" skips the step.
Its question cannot come from the condition ("Necessary?" asks nothing a reader can answer),
so it is asked about the step itself: "Is it necessary to order insurance?".
"""

from __future__ import annotations

import re

_NEED = re.compile(
    r"\s*(?:it is\s+|this is\s+|that is\s+)?(?P<need>necessary|needed|required|requested|"
    r"desired|wanted|appropriate|applicable|possible|relevant)\s*[.,;:]?\s*$",
    re.IGNORECASE,
)
_ASKED = {
    "possible": "possible",
    "appropriate": "appropriate",
    "applicable": "applicable",
    "relevant": "relevant",
}
"""The need a question names as said; every other one is asked as "necessary"."""


def optional_need(condition: str) -> str | None:
    """The need a bare condition names ("necessary" for "needed", "required", …), or None
    when the condition says a case of its own ("the amount is high")."""
    match = _NEED.match(condition)
    if match is None:
        return None
    return _ASKED.get(match.group("need").casefold(), "necessary")


def optional_question(condition: str, instruction: str) -> str | None:
    """The question of an optional step, asked about the step: "Is it necessary to order
    insurance?"; None when the condition is not a bare need."""
    need = optional_need(condition)
    words = " ".join(instruction.split()).rstrip(" .;:!?")
    if need is None or not words:
        return None
    verb, _, rest = words.partition(" ")
    said = " ".join(part for part in (verb.casefold(), rest) if part)
    return f"Is it {need} to {said}?"
