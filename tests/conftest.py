"""Shared fixtures: where the example library and the evaluation data are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
EVAL = REPO.parent / "shared" / "eval"
MEDIA = REPO / "tests" / "fixtures" / "media"


@pytest.fixture
def examples() -> Path:
    """The example library shipped in the repository."""
    return EXAMPLES


@pytest.fixture
def eval_dir() -> Path:
    """The public evaluation data beside the checkout; tests skip when it is absent."""
    if not EVAL.is_dir():
        pytest.skip(f"evaluation data not found at {EVAL} (it sits beside the checkout)")
    return EVAL


@pytest.fixture
def media() -> Path:
    """Small generated recordings (scripts/make_walkthrough.py): speech in every container,
    narrated videos with their event logs, and bad files."""
    return MEDIA


@pytest.fixture
def spoken() -> dict[str, list[str]]:
    """What was said in each media fixture, sentence by sentence."""
    data: dict[str, list[str]] = json.loads((MEDIA / "transcripts.json").read_text())
    return data
