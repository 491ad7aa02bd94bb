"""The spaCy pipeline, loaded once for all structuring tests (it takes a couple of seconds)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from sopflow.capture.extraction import Extraction
from sopflow.capture.structure.pipeline import load_pipeline, structure
from sopflow.settings import DEFAULT_SPACY_MODEL


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The installed English pipeline sopflow ships with."""
    return load_pipeline(DEFAULT_SPACY_MODEL)


@pytest.fixture(scope="session")
def structured(nlp: Language) -> Callable[[str], Extraction]:
    """Structure a text with the shipped pipeline."""
    return lambda text: structure(text, nlp)
