"""The spaCy pipeline for capture tests, loaded once (it takes a second or two)."""

from __future__ import annotations

import pytest
from spacy.language import Language
from tests.capture.flows import Drafted, FlowOf, edges

from sopflow.capture.builder import BuildOptions
from sopflow.capture.draft import SopMaker, rule_based
from sopflow.capture.readers.text import parse_text
from sopflow.capture.structure.pipeline import load_pipeline
from sopflow.capture.timeline import Walkthrough
from sopflow.capture.transcript import Transcript, build_transcript
from sopflow.model import Sop
from sopflow.settings import DEFAULT_SPACY_MODEL


@pytest.fixture(scope="session")
def capture_nlp() -> Language:
    """The installed English pipeline sopflow ships with."""
    return load_pipeline(DEFAULT_SPACY_MODEL)


@pytest.fixture(scope="session")
def make_sop(capture_nlp: Language) -> SopMaker:
    """The default rule-based structurer."""
    return rule_based(capture_nlp)


@pytest.fixture(scope="session")
def drafted(make_sop: SopMaker) -> Drafted:
    """Draft an SOP from plain text, as `sopflow capture` does for a .txt file."""

    def run(text: str) -> tuple[Sop, Transcript]:
        transcript = build_transcript(Walkthrough(("t.txt",), parse_text(text)))
        options = BuildOptions(code="SOP-TST-001", title="Test", source="t.txt")
        return make_sop(transcript, options), transcript

    return run


@pytest.fixture(scope="session")
def flow_of(drafted: Drafted) -> FlowOf:
    """The flow drafted from plain text, one line per edge (see `tests.capture.flows`)."""
    return lambda text: edges(drafted(text)[0])
