"""Oversized walkthroughs are refused before the slow stages, each with a message naming the
limit and the setting that sets it (docs/settings.md); inputs within them are read as before."""

from __future__ import annotations

import json
import struct
import time
from pathlib import Path

import pytest

from sopflow.capture.media.decode import audio_blocks
from sopflow.errors import SopflowError
from sopflow.services.access import Actor
from sopflow.services.capture import read_inputs
from sopflow.settings import Settings, load_settings

MEDIA = Path(__file__).resolve().parents[1] / "fixtures" / "media"


def _read(path: Path, **limits: float) -> object:
    settings = Settings(home=path.parent / "home", **limits)  # type: ignore[arg-type]
    return read_inputs(actor=Actor.local(), inputs=[path], settings=settings)


def test_a_transcript_of_half_a_million_words_is_refused_before_structuring(
    tmp_path: Path,
) -> None:
    path = tmp_path / "all-day.txt"
    sentence = "The clerk checks the invoice and sends it to the manager. "
    path.write_text((sentence * 10 + "\n\n") * 5_000)  # 550,000 words
    started = time.perf_counter()
    with pytest.raises(SopflowError) as refused:
        _read(path)
    assert time.perf_counter() - started < 10.0
    assert str(refused.value) == (
        f"{path}: 550,000 words, more than the 50,000 a capture takes (the limit "
        "SOPFLOW_CAPTURE_MAX_WORDS sets); capture the walkthrough in parts"
    )


def test_the_words_of_an_event_log_count_too(tmp_path: Path) -> None:
    path = tmp_path / "clicks.json"
    event = {"time": 1.0, "kind": "click", "label": "Submit the refund form " * 100}
    path.write_text(json.dumps({"format": "sopflow-events", "version": 1, "events": [event]}))
    with pytest.raises(SopflowError, match=r"400 words, more than the 300 .*MAX_WORDS"):
        _read(path, capture_max_words=300)
    assert _read(path, capture_max_words=400)


def test_a_ten_megabyte_line_is_refused_naming_the_line_before_it_is_read_whole(
    tmp_path: Path,
) -> None:
    path = tmp_path / "one-line.vtt"
    path.write_bytes(b"WEBVTT\n\n00:00.000 --> 00:05.000\n" + b"x" * 10_000_000 + b"\n")
    started = time.perf_counter()
    with pytest.raises(SopflowError) as refused:
        _read(path)
    assert time.perf_counter() - started < 5.0
    assert str(refused.value).startswith(
        f"{path}:4: a line longer than 1,048,576 bytes (the limit SOPFLOW_CAPTURE_MAX_LINE sets)"
    )


def test_a_line_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("The clerk files the form.\n" + "word " * 200 + "\n")
    assert _read(path, capture_max_line=1000)  # "word " * 200: 1,000 bytes
    with pytest.raises(SopflowError, match=r"notes\.txt:2: a line longer than 999 bytes"):
        _read(path, capture_max_line=999)


def _claims_two_hours(folder: Path) -> Path:
    """A 24 KB Matroska file whose header says it lasts two hours (the Duration element)."""
    data = (MEDIA / "speech.mkv").read_bytes()
    at = data.index(b"\x44\x89\x88") + 3  # Duration, an 8-byte float in milliseconds
    path = folder / "meeting.mkv"
    path.write_bytes(data[:at] + struct.pack(">d", 7_200_000.0) + data[at + 8 :])
    return path


def test_a_two_hour_recording_over_the_limit_is_refused_from_its_header(tmp_path: Path) -> None:
    path = _claims_two_hours(tmp_path)
    started = time.perf_counter()
    with pytest.raises(SopflowError) as refused:
        _read(path, capture_max_duration=3600.0)
    assert time.perf_counter() - started < 2.0  # no model loaded, nothing decoded
    assert str(refused.value) == (
        f"{path}: the recording lasts 2:00:00, longer than the 1:00:00 capture transcribes "
        "(the limit SOPFLOW_CAPTURE_MAX_DURATION sets); cut it into parts"
    )


def test_two_hours_is_within_the_default_limit() -> None:
    assert load_settings({}).capture_max_duration == 3 * 3600
    assert load_settings({"SOPFLOW_CAPTURE_MAX_DURATION": "90m"}).capture_max_duration == 5400
    with pytest.raises(SopflowError, match="SOPFLOW_CAPTURE_MAX_DURATION: 'long' is not a"):
        load_settings({"SOPFLOW_CAPTURE_MAX_DURATION": "long"})


def test_a_recording_longer_than_its_header_says_is_stopped_while_decoding() -> None:
    blocks = audio_blocks(MEDIA / "speech.wav", seconds=0.5, limit=1.0)
    with pytest.raises(SopflowError, match=r"longer than the 0:00:01 .*MAX_DURATION"):
        for _ in blocks:
            pass
