"""Steps that send the reader to another procedure: "follow the refund instruction", "as
described in the returns checklist", "using a sub-process".

Such a step is the other document's work, not a step of its own: it becomes a step with a
`reference`. With a library in use, the name the text gives is looked up among the library's
titles; without one, or when nothing matches, the step says which document it means and is
flagged for the reviewer to link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

DOCUMENT_NOUNS = (
    "instruction|instructions|work instruction|procedure|procedures|process|processes|"
    "sub-process|subprocess|sub process|checklist|check list|guide|guideline|guidelines|"
    "policy|manual|playbook|runbook|sop|wi"
)

_CODE = re.compile(r"\b(?:SOP|WI|POL|WF)-[A-Z][A-Z0-9]{1,7}-\d{3,6}\b")

_VERB_CUE = re.compile(
    r"\b(?:follows?|followed|following|see|sees|use|uses|using|used|apply|applies|applying|"
    r"consult|consults|run|runs|perform|performs|carry out|carries out|execute|executes|"
    r"refer to|refers to|go through|goes through|complete|completes)\s+"
    r"(?P<name>(?:the|a|an|our|their|its|this)?\s*(?:[\w'’-]+\s+){0,6}?"
    rf"(?:{DOCUMENT_NOUNS}))\b",
    re.IGNORECASE,
)
_PHRASE_CUE = re.compile(
    r"\b(?:according to|as described in|as set out in|as per|in line with|in accordance with|"
    r"per)\s+"
    r"(?P<name>(?:the|a|an|our|their|its|this)?\s*(?:[\w'’-]+\s+){0,6}?"
    rf"(?:{DOCUMENT_NOUNS}))\b",
    re.IGNORECASE,
)

_STOP = frozenset(
    {
        *("the", "a", "an", "our", "their", "its", "this", "of", "for", "to", "and"),
        *("in", "on", "with", "by"),
        *DOCUMENT_NOUNS.replace("-", " ").split("|"),
    }
)

PLACEHOLDER_NOTE = (
    "This step follows another document ({name}): link it to that document's code "
    "(capture did not find it in the library)."
)


@dataclass(frozen=True)
class Reference:
    """A reference the text makes: the name it uses and the code it resolved to, if any."""

    name: str
    code: str | None


def find_reference(clause: str) -> Reference | None:
    """The other document a step's clause sends the reader to, if it names one."""
    code = _CODE.search(clause)
    if code:
        return Reference(code.group(0), code.group(0))
    match = _VERB_CUE.search(clause) or _PHRASE_CUE.search(clause)
    if match is None:
        return None
    name = " ".join(match.group("name").split())
    if len(_content(name)) == 0 and not re.search(r"sub.?process", name, re.IGNORECASE):
        return None  # "follow the process": the process at hand, not another document
    return Reference(name, None)


def _content(name: str) -> list[str]:
    return [w for w in re.findall(r"[\w']+", name.casefold()) if w not in _STOP]


def resolve(reference: Reference, known: Sequence[tuple[str, str]]) -> Reference:
    """The reference with the code of the library document whose title it names best.

    A title matches when it holds every content word of the name ("the refund
    instruction" matches "Issue a refund"); of several, the one with the fewest other words.
    """
    if reference.code is not None or not known:
        return reference
    words = set(_content(reference.name))
    if not words:
        return reference
    best: tuple[int, str] | None = None
    for code, title in known:
        title_words = set(_content(title)) | {_singular(w) for w in _content(title)}
        if {_singular(w) for w in words} <= title_words:
            extra = len(title_words - words)
            if best is None or extra < best[0]:
                best = (extra, code)
    return Reference(reference.name, best[1]) if best else reference


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word
