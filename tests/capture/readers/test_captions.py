"""Caption exports of each tool read into the same utterances; broken timings are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.capture.readers import choose_reader, read_walkthrough
from sopflow.errors import SopflowError

FIXTURES = Path(__file__).parent / "fixtures"
SAID = [
    "So first the support agent opens the ticket in the helpdesk.",
    "Then she checks the order date.",
    "And if it's older than 30 days we reject it.",
]


@pytest.mark.parametrize(
    ("name", "speakers", "first_start"),
    [
        ("zoom.vtt", ["Priya Shah", "Priya Shah", "Tom Berger"], 2.16),
        ("teams.vtt", ["Priya Shah", "Priya Shah", "Tom Berger"], 0.84),
        ("loom.vtt", [None, None, None], 0.0),
        ("sample.srt", ["Priya Shah", "Priya Shah", "Tom Berger"], 0.84),
    ],
)
def test_each_export_gives_the_same_utterances(
    name: str, speakers: list[str | None], first_start: float
) -> None:
    walkthrough = read_walkthrough([FIXTURES / name])
    assert [u.text for u in walkthrough.utterances] == SAID
    assert [u.speaker for u in walkthrough.utterances] == speakers
    assert walkthrough.utterances[0].start == first_start


def test_youtube_rolling_captions_are_not_repeated() -> None:
    walkthrough = read_walkthrough([FIXTURES / "youtube.vtt"])
    text = " ".join(u.text for u in walkthrough.utterances)
    assert text == (
        "so first the support agent opens the ticket in the helpdesk then she checks the order date"
    )
    assert walkthrough.utterances[-1].start == 5.44


def test_content_decides_when_the_suffix_does_not(tmp_path: Path) -> None:
    saved = tmp_path / "meeting.txt"
    saved.write_text((FIXTURES / "teams.vtt").read_text())
    assert choose_reader(saved).name == "text"  # .txt is claimed by the text reader
    unnamed = tmp_path / "meeting"
    unnamed.write_text((FIXTURES / "teams.vtt").read_text())
    assert choose_reader(unnamed).name == "webvtt"
    srt_file = tmp_path / "captions"
    srt_file.write_text((FIXTURES / "sample.srt").read_text())
    assert choose_reader(srt_file).name == "srt"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "WEBVTT\n\n00:00:01.000 --> 00:0x:04.000\nhello\n",
            ":3: broken cue timing '00:00:01.000 --> 00:0x:04.000'",
        ),
        ("WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nhello\n", ":3: cue ends before it starts"),
        ("WEBVTT\n\nhello there\n", "no caption cues found"),
        ("hello\n\n00:00:01.000 --> 00:00:02.000\nhi\n", ":1: a WebVTT file starts with"),
    ],
)
def test_broken_webvtt_is_named_with_its_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken.vtt"
    path.write_text(content)
    with pytest.raises(SopflowError, match=r"broken\.vtt") as caught:
        read_walkthrough([path])
    assert message in str(caught.value)


def test_broken_srt_timing(tmp_path: Path) -> None:
    path = tmp_path / "broken.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:xx,000\nhello\n")
    with pytest.raises(SopflowError, match=r"broken.srt:2: broken cue timing"):
        read_walkthrough([path])


def test_comment_and_style_blocks_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "zoom.vtt"
    path.write_text(
        "WEBVTT - Zoom export\n\nSTYLE\n::cue { color: white }\n\n"
        "NOTE exported by a tool --> kept as is\n\n"
        "1\n00:00:01.000 --> 00:00:03.000 align:start position:0%\nAnna: The clerk checks it.\n"
    )
    (utterance,) = read_walkthrough([path]).utterances
    assert (utterance.speaker, utterance.text, utterance.start) == (
        "Anna",
        "The clerk checks it.",
        1.0,
    )
