"""Uploads are recognised by what they hold, whatever they are called."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sopflow.capture.readers.content import recognise
from sopflow.errors import SopflowError

REPO = Path(__file__).resolve().parents[3]
WALKTHROUGHS = REPO / "examples" / "walkthroughs"
MEDIA = REPO / "tests" / "fixtures" / "media"
CAPTIONS = REPO / "tests" / "capture" / "readers" / "fixtures"


@pytest.mark.parametrize(
    ("source", "kind", "suffix"),
    [
        (MEDIA / "refund.mp4", "recording", ".mp4"),
        (MEDIA / "speech.mov", "recording", ".mov"),
        (MEDIA / "speech.m4a", "recording", ".m4a"),
        (MEDIA / "speech.webm", "recording", ".webm"),
        (MEDIA / "speech.mkv", "recording", ".mkv"),
        (MEDIA / "speech.mp3", "recording", ".mp3"),
        (MEDIA / "speech.ogg", "recording", ".ogg"),
        (MEDIA / "speech.wav", "recording", ".wav"),
        (WALKTHROUGHS / "refund-walkthrough.events.json", "event log", ".json"),
        (WALKTHROUGHS / "refund-call-teams.vtt", "webvtt", ".vtt"),
        (CAPTIONS / "sample.srt", "srt", ".srt"),
        (WALKTHROUGHS / "refund-mixed.md", "text", ".md"),
    ],
)
def test_content_not_the_name_decides(source: Path, kind: str, suffix: str, tmp_path: Path) -> None:
    disguised = tmp_path / "upload-1.part"
    shutil.copy(source, disguised)
    found = recognise(disguised, name="whatever.txt")
    assert (found.kind, found.suffix) == (kind, suffix)


def test_plain_text_is_a_transcript(tmp_path: Path) -> None:
    path = tmp_path / "x"
    path.write_text("The agent opens the ticket.\nThen the agent closes it.\n")
    assert recognise(path).suffix == ".txt"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "notes.txt: the file is empty"),
        (b"  \n\n", "notes.txt: the file is empty"),
        (bytes(range(256)) * 8, "notes.txt: not a walkthrough input sopflow can read"),
        (b'{"events": []}', "notes.txt: JSON, but not a sopflow event log"),
    ],
)
def test_what_cannot_be_read_is_named_as_uploaded(
    content: bytes, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "upload-1.part"
    path.write_bytes(content)
    with pytest.raises(SopflowError, match=message):
        recognise(path, name="notes.txt")
