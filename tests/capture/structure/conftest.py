"""The spaCy pipeline for all structuring tests: the capture tests' one, loaded once for the
session (a load takes a couple of seconds)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from sopflow.capture.extraction import Extraction
from sopflow.capture.structure.pipeline import structure


@pytest.fixture(scope="session")
def nlp(capture_nlp: Language) -> Language:
    """The installed English pipeline sopflow ships with (the same one as capture_nlp)."""
    return capture_nlp


@pytest.fixture(scope="session")
def structured(nlp: Language) -> Callable[[str], Extraction]:
    """Structure a text with the shipped pipeline."""
    return lambda text: structure(text, nlp)
