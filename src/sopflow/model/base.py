"""The shared building blocks of every document: the base class, identifiers and provenance.

The model is pure: pydantic types and rules, no I/O. Every other layer speaks in these types.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Audience = Literal["novice", "expert"]
"""Who reads a document: novices see the detail blocks, experts do not."""

AUDIENCES: tuple[Audience, ...] = ("novice", "expert")

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

Identifier = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=80,
        description="A short lowercase name, unique inside its document: letters, digits, - and _.",
    ),
]


class Element(BaseModel):
    """Base of every model type: immutable, and strict about unknown fields.

    Unknown fields are errors rather than silently dropped, so that a misspelt key in a
    hand-written YAML file is reported instead of lost.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        validate_default=False,
    )


REVIEW_BELOW = 0.7
"""Confidence under which a captured element is marked for the reviewer: in the documents'
views and on the capture review page alike."""


class Provenance(Element):
    """Where a captured element came from, so a reviewer can check it against the recording."""

    source: str | None = None
    """The input it was captured from (a file name)."""
    span: tuple[int, int] | None = None
    """Character span [start, end) in the cleaned transcript text."""
    time: tuple[float, float] | None = None
    """Time range in seconds from the start of the recording."""
    quote: str | None = None
    """The words of the input the element was taken from."""
    screenshot: str | None = None
    """Path of a screenshot taken when the action happened, relative to the document."""
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    """How sure capture is of this element, from 0 to 1."""
    supported: bool = True
    """False when nothing in the input supports the element: a reviewer must confirm it."""


class Traced(Element):
    """An element that may carry provenance."""

    provenance: Provenance | None = None
    """Filled in by capture; absent on hand-written documents."""
