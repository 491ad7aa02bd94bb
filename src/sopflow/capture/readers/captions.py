"""Caption files: WebVTT (Zoom, Teams, Loom, YouTube exports) and SRT, one utterance per cue.

Parsing is left to webvtt-py and srt; this module adds what exports need on top: a check of
every timing line (webvtt-py silently drops a cue whose timing it cannot read), speaker tags
(`<v Name>` and `Name:`), and the repeated lines of YouTube's rolling captions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import srt
import webvtt

from sopflow.capture.readers.base import Reader, read_text, split_speaker
from sopflow.capture.timeline import Utterance, Walkthrough
from sopflow.errors import SopflowError

# Hours are bounded (99,999 is eleven years): a larger number overflows the time types.
_VTT_TIME = r"(?:\d{2,5}:)?[0-5]\d:[0-5]\d\.\d{3}"
_VTT_TIMING = re.compile(rf"^\s*({_VTT_TIME})\s+-->\s+({_VTT_TIME})(?:\s+.*)?$")
_SRT_TIME = r"\d{1,5}:[0-5]\d:[0-5]\d[,.]\d{1,3}"
_SRT_TIMING = re.compile(rf"^\s*{_SRT_TIME}\s+-->\s+{_SRT_TIME}(?:\s+.*)?$")
_SRT_HEAD = re.compile(rb"^\s*\d+\s*\r?\n\s*\d+:\d\d:\d\d[,.]\d+\s+-->")


@dataclass(frozen=True)
class Cue:
    """One caption cue as the parsers give it."""

    start: float
    end: float
    text: str
    speaker: str | None = None
    line: int = 0


def _seconds(stamp: str) -> float:
    parts = [float(part) for part in stamp.replace(",", ".").split(":")]
    total = 0.0
    for part in parts:
        total = total * 60 + part
    return total


def check_timings(path: Path, text: str, pattern: re.Pattern[str], example: str) -> list[int]:
    """Line numbers of the timing lines; a SopflowError at the first malformed or reversed one."""
    lines: list[int] = []
    in_comment = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            in_comment = False
            continue
        if line.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in line.split(None, 1)[0]:
            in_comment = True  # WebVTT comment and style blocks run to the next blank line
        if in_comment or "-->" not in line:
            continue
        match = pattern.match(line)
        if not match:
            raise SopflowError(
                f"{path}:{number}: broken cue timing {line.strip()!r}; expected {example}"
            )
        left, right = line.split("-->", 1)
        start, end = _seconds(left.strip()), _seconds(right.split()[0])
        if end < start:
            raise SopflowError(f"{path}:{number}: cue ends before it starts ({line.strip()!r})")
        lines.append(number)
    if not lines:
        raise SopflowError(f"{path}: no caption cues found (no 'start --> end' timing lines)")
    return lines


def _drop_rolling_repeats(cues: Iterable[Cue]) -> list[Cue]:
    """YouTube's auto captions repeat the previous line at the top of each cue; keep new lines."""
    kept: list[Cue] = []
    previous: list[str] = []
    for cue in cues:
        lines = [line.strip() for line in cue.text.split("\n") if line.strip()]
        fresh = [line for line in lines if line not in previous]
        previous = lines or previous
        if fresh:
            kept.append(Cue(cue.start, cue.end, " ".join(fresh), cue.speaker, cue.line))
    return kept


def cues_to_utterances(cues: Iterable[Cue]) -> tuple[Utterance, ...]:
    """Utterances from cues; a `Name:` at the start of a cue names the speaker from there on."""
    utterances: list[Utterance] = []
    current: str | None = None
    for cue in _drop_rolling_repeats(cues):
        text = " ".join(cue.text.split())
        name, rest = split_speaker(text)
        if cue.speaker:
            current = cue.speaker
        elif name:
            current, text = name, rest
        if text:
            utterances.append(Utterance(text=text, start=cue.start, end=cue.end, speaker=current))
    return tuple(utterances)


def read_webvtt(path: Path) -> Walkthrough:
    """A WebVTT file; every timing line is checked so no cue is silently lost."""
    text = read_text(path)
    if not text.lstrip().startswith("WEBVTT"):
        raise SopflowError(f"{path}:1: a WebVTT file starts with the line 'WEBVTT'")
    timing_lines = check_timings(path, text, _VTT_TIMING, "00:01:02.500 --> 00:01:04.000")
    try:
        captions = webvtt.from_string(text)
    except webvtt.errors.MalformedFileError as error:
        raise SopflowError(f"{path}: not a valid WebVTT file: {error}") from error
    if len(captions) != len(timing_lines):
        raise SopflowError(
            f"{path}: {len(timing_lines)} cue timing lines but {len(captions)} readable cues; "
            "check for cues without text"
        )
    cues = [
        Cue(_seconds(c.start), _seconds(c.end), c.text, c.voice, line)
        for c, line in zip(captions.captions, timing_lines, strict=True)
    ]
    return Walkthrough(sources=(str(path),), utterances=cues_to_utterances(cues))


def read_srt(path: Path) -> Walkthrough:
    """An SRT file (numbered cues with comma decimal times)."""
    text = read_text(path)
    check_timings(path, text, _SRT_TIMING, "00:01:02,500 --> 00:01:04,000")
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as error:
        line = text[: error.expected_start].count("\n") + 1
        raise SopflowError(f"{path}:{line}: not a valid SRT cue: {error}") from error
    except (OverflowError, ValueError) as error:  # a number the time types cannot hold
        raise SopflowError(f"{path}: a cue timing out of range: {error}") from error
    cues = [
        Cue(s.start.total_seconds(), s.end.total_seconds(), re.sub(r"<[^>]+>", "", s.content))
        for s in subtitles
    ]
    return Walkthrough(sources=(str(path),), utterances=cues_to_utterances(cues))


WEBVTT = Reader(
    name="webvtt",
    suffixes=(".vtt", ".webvtt"),
    sniff=lambda head: head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"WEBVTT"),
    read=read_webvtt,
)

SRT = Reader(
    name="srt",
    suffixes=(".srt",),
    sniff=lambda head: _SRT_HEAD.match(head.lstrip(b"\xef\xbb\xbf")) is not None,
    read=read_srt,
)
