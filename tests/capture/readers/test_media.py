from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.capture.readers import choose_reader
from sopflow.capture.readers.media import looks_like_media


@pytest.mark.parametrize(
    "name",
    ["speech.mp3", "speech.m4a", "speech.wav", "speech.ogg", "speech.webm", "short.mp4"],
)
def test_recordings_are_recognised_by_their_first_bytes(media: Path, name: str) -> None:
    assert looks_like_media((media / name).read_bytes()[:64])


@pytest.mark.parametrize(
    "head",
    [b"WEBVTT\n\n00:00.000", b"\xff\xfe\xfa\xfb garbage", b'{"events": []}', b"Step one"],
)
def test_text_and_junk_are_not_recordings(head: bytes) -> None:
    assert not looks_like_media(head)


def test_a_recording_without_its_suffix_still_reaches_the_media_reader(
    media: Path, tmp_path: Path
) -> None:
    renamed = tmp_path / "walkthrough.bin"
    renamed.write_bytes((media / "speech.m4a").read_bytes())
    assert choose_reader(renamed).name == "audio or video recording"
