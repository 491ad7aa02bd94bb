"""Shared fixtures: where the example library and the evaluation data are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
EVAL = REPO.parent / "shared" / "eval"


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
