from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from sopflow.capture.media.transcribe import TranscribeOptions, transcribe
from sopflow.capture.progress import Progress
from sopflow.errors import SopflowError


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("30", "thirty"))


def similarity(said: str, heard: str) -> float:
    """Share of matching words between what was said and what was heard."""
    return SequenceMatcher(None, words(said), words(heard)).ratio()


@pytest.mark.parametrize("name", ["speech.wav", "speech.m4a", "speech.webm"])
def test_speech_is_transcribed_with_word_timings(
    media: Path, spoken: dict[str, list[str]], name: str
) -> None:
    utterances = transcribe(media / name)
    heard = " ".join(u.text for u in utterances)
    assert similarity(" ".join(spoken[name]), heard) > 0.85
    timed = [w for u in utterances for w in u.words]
    assert [w.text for w in timed][:2] == ["Click", "the"]
    assert all(0.0 <= w.start <= w.end <= 3.6 for w in timed)
    assert [w.start for w in timed] == sorted(w.start for w in timed)


def test_a_long_recording_is_cut_into_windows_without_losing_words(
    media: Path, spoken: dict[str, list[str]]
) -> None:
    whole = transcribe(media / "refund.mp4")
    windows = transcribe(media / "refund.mp4", TranscribeOptions(window=8.0))
    said = " ".join(spoken["refund.mp4"])
    assert similarity(said, " ".join(u.text for u in whole)) > 0.9
    assert similarity(said, " ".join(u.text for u in windows)) > 0.9
    starts = [u.start or 0.0 for u in windows]
    assert starts == sorted(starts)
    assert abs((windows[-1].end or 0.0) - (whole[-1].end or 0.0)) < 0.5


def test_progress_runs_from_zero_to_the_duration(media: Path) -> None:
    seen: list[Progress] = []
    transcribe(media / "refund.mp4", TranscribeOptions(window=10.0), seen.append)
    assert {p.stage for p in seen} == {"transcribe"}
    done = [p.done for p in seen]
    assert done[0] == 0.0
    assert done == sorted(done)
    assert seen[-1].fraction is not None
    assert seen[-1].fraction > 0.99


def test_silence_is_not_a_transcript(media: Path) -> None:
    with pytest.raises(SopflowError, match=r"silence\.wav: no speech found"):
        transcribe(media / "silence.wav")


def test_an_english_only_model_refuses_another_language(media: Path) -> None:
    with pytest.raises(SopflowError, match=r"SOPFLOW_LANGUAGE: .* only knows English"):
        transcribe(media / "speech.wav", TranscribeOptions(language="de"))
