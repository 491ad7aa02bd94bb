from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sopflow.capture.media.decode import SAMPLE_RATE, audio_blocks, is_recording, probe
from sopflow.errors import SopflowError

FORMATS = [
    ("speech.mp3", "mp3"),
    ("speech.m4a", "aac"),
    ("speech.wav", "pcm_s16le"),
    ("speech.ogg", "opus"),
    ("speech.opus", "opus"),
    ("speech.webm", "opus"),
    ("speech.mkv", "aac"),
    ("speech.mov", "aac"),
    ("short.mp4", "aac"),
]


@pytest.mark.parametrize(("name", "codec"), FORMATS)
def test_every_common_container_is_probed_and_decoded(media: Path, name: str, codec: str) -> None:
    info = probe(media / name)
    assert info.audio_codec is not None
    assert info.audio_codec.startswith(codec)
    assert info.duration is not None
    samples = np.concatenate(list(audio_blocks(media / name)))
    assert samples.dtype == np.float32
    assert abs(samples.size / SAMPLE_RATE - info.duration) < 0.15
    assert float(np.abs(samples).max()) > 0.05  # there is speech, not silence


def test_a_video_reports_its_picture(media: Path) -> None:
    info = probe(media / "refund.mp4")
    assert info.has_video
    assert (info.video_codec, info.width, info.height) == ("h264", 640, 360)
    assert not probe(media / "speech.mp3").has_video


def test_audio_comes_in_blocks_of_the_asked_length(media: Path) -> None:
    blocks = list(audio_blocks(media / "refund.mp4", seconds=5.0))
    assert len(blocks) > 5
    assert {block.size for block in blocks[:-1]} == {5 * SAMPLE_RATE}
    assert 0 < blocks[-1].size <= 5 * SAMPLE_RATE


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("corrupt.mp4", "not a readable audio or video file"),
        ("unknown_codec.wav", "unsupported audio codec"),
        ("no_audio.mp4", "no audio track"),
        ("missing.mp4", "no such file"),
    ],
)
def test_bad_files_get_a_message_naming_them(media: Path, name: str, message: str) -> None:
    with pytest.raises(SopflowError, match=message) as raised:
        list(audio_blocks(media / name))
    assert name in str(raised.value)


def test_recordings_are_told_by_their_suffix() -> None:
    assert is_recording(Path("walkthrough.MP4"))
    assert is_recording(Path("call.opus"))
    assert not is_recording(Path("notes.vtt"))
