"""Where the generated media fixtures are (made by scripts/make_walkthrough.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

MEDIA = Path(__file__).resolve().parents[2] / "fixtures" / "media"


@pytest.fixture
def media() -> Path:
    """The folder of small recordings: speech in every container, a narrated video, bad files."""
    return MEDIA


@pytest.fixture
def spoken() -> dict[str, list[str]]:
    """What was said in each fixture, sentence by sentence."""
    data: dict[str, list[str]] = json.loads((MEDIA / "transcripts.json").read_text())
    return data
