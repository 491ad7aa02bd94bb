from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.capture.media.reader import phrases, read_recording, split_sentences
from sopflow.capture.progress import Progress, reporting
from sopflow.capture.timeline import Utterance, Word


def said(*timed: tuple[str, float, float]) -> Utterance:
    words = tuple(Word(text, start, end) for text, start, end in timed)
    return Utterance(" ".join(w.text for w in words), words[0].start, words[-1].end, words=words)


@pytest.mark.parametrize(
    ("utterance", "expected"),
    [
        (said(("Open", 0.0, 0.3), ("it.", 0.3, 0.6)), ["Open it."]),
        (
            said(("Open", 0.0, 0.3), ("it.", 0.3, 0.6), ("Then", 0.7, 0.9), ("save.", 0.9, 1.2)),
            ["Open it.", "Then save."],
        ),
        (
            said(("Open", 0.0, 0.3), ("it,", 0.3, 0.6), ("click", 1.5, 1.8), ("Save.", 1.8, 2.0)),
            ["Open it,", "click Save."],
        ),
        (said(("Open", 0.0, 0.3), ("it,", 0.3, 0.6), ("then", 0.8, 1.0)), ["Open it, then"]),
    ],
)
def test_utterances_are_split_at_sentence_ends_and_pauses(
    utterance: Utterance, expected: list[str]
) -> None:
    parts = split_sentences(utterance)
    assert [part.text for part in parts] == expected
    assert parts[0].start == utterance.start
    assert parts[-1].end == utterance.end


def test_phrases_cut_every_segment_in_order() -> None:
    first = said(("Open", 0.0, 0.3), ("it.", 0.3, 0.6), ("Then", 0.7, 0.9), ("save.", 0.9, 1.2))
    second = said(("Close", 2.0, 2.3), ("it.", 2.3, 2.6))
    assert [p.text for p in phrases((first, second))] == ["Open it.", "Then save.", "Close it."]


def test_a_video_becomes_a_walkthrough_with_its_media(media: Path) -> None:
    seen: list[Progress] = []
    with reporting(seen.append):
        walkthrough = read_recording(media / "short.mp4")
    assert walkthrough.media == media / "short.mp4"
    assert walkthrough.sources == (str(media / "short.mp4"),)
    texts = [u.text.lower() for u in walkthrough.utterances]
    assert len(texts) == 2
    assert "settings page" in texts[0]
    assert "save button" in texts[1]
    first, second = walkthrough.utterances
    assert first.end is not None
    assert second.start is not None
    assert first.end <= second.start
    assert seen


def test_an_audio_file_has_no_media_for_screenshots(media: Path) -> None:
    assert read_recording(media / "speech.mp3").media is None
