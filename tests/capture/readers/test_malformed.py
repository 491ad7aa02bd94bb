"""The smallest malformed inputs the parser fuzzing found (bench/fuzz_parsers.py): each
once gave a traceback or ran for minutes, and now gives a clean error naming the file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sopflow.capture.clean.redaction import find_secrets
from sopflow.capture.readers.captions import read_srt, read_webvtt
from sopflow.capture.readers.events import read_event_log
from sopflow.errors import SopflowError

SRT_CUE = "1\n00:00:00,840 --> {end}\nThen she checks the order date.\n"


@pytest.mark.parametrize(
    ("end", "error"),
    [
        ("00:00:07,5NaN0", r"cues\.srt:2: broken cue timing"),
        ("00:00:04,9999999999999999999999920", r"cues\.srt:2: broken cue timing"),
        ("99999999999999999999:00:04,000", r"cues\.srt:2: broken cue timing"),
    ],
)
def test_a_broken_srt_timing_names_its_line(end: str, error: str, tmp_path: Path) -> None:
    path = tmp_path / "cues.srt"
    path.write_text(SRT_CUE.format(end=end))
    with pytest.raises(SopflowError, match=error):
        read_srt(path)


def test_a_webvtt_hour_too_large_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "cues.vtt"
    path.write_text(
        "WEBVTT\n\n99999999999999999999:00:01.000 --> 99999999999999999999:00:02.000\nHi\n"
    )
    with pytest.raises(SopflowError, match=r"cues\.vtt:3: broken cue timing"):
        read_webvtt(path)


def test_an_event_log_nested_too_deeply_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.events.json"
    path.write_text(
        '{"format": "sopflow-events", "version": 1, "events": ' + "[" * 5000 + "]" * 5000 + "}"
    )
    with pytest.raises(SopflowError, match=r"deep\.events\.json: JSON nested too deeply"):
        read_event_log(path)


@pytest.mark.parametrize("text", ["a-" * 50_000, "dot " * 20_000, "x" * 100_000])
def test_looking_for_addresses_in_a_long_run_takes_linear_time(text: str) -> None:
    started = time.perf_counter()
    assert list(find_secrets(text)) == []
    assert time.perf_counter() - started < 2.0


def test_an_address_is_still_found_after_a_long_run() -> None:
    text = "a-" * 1000 + " write to anna.b@example.com or anna dot b at example dot com"
    found = [text[start:end] for _, (start, end) in find_secrets(text)]
    assert "anna.b@example.com" in found
    assert "anna dot b at example dot com" in found
