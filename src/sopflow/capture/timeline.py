"""What a walkthrough is once read: timed utterances and screen events on one timeline.

Every reader (text, WebVTT, SRT, event log, audio and video transcription) produces these
frozen types, and every later stage (cleaning, structuring) consumes them, so a new input
kind only needs a reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

EventKind = Literal["click", "type", "navigate", "keypress", "select"]


@dataclass(frozen=True)
class Word:
    """One recognised word with its time, from speech recognition."""

    text: str
    start: float
    end: float
    probability: float | None = None


@dataclass(frozen=True)
class Utterance:
    """A stretch of speech or text: a caption cue, a transcription segment, a paragraph."""

    text: str
    start: float | None = None
    """Seconds from the start of the recording; None for untimed text."""
    end: float | None = None
    speaker: str | None = None
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class ScreenEvent:
    """One action recorded by a screen-capture tool."""

    time: float
    kind: EventKind
    label: str | None = None
    """The visible label of the target: "Refund", "Amount"."""
    selector: str | None = None
    value: str | None = None
    page: str | None = None
    """The page title or URL where it happened."""
    screenshot: str | None = None


@dataclass(frozen=True)
class Walkthrough:
    """Everything read from one or more inputs of the same session, on one timeline."""

    sources: tuple[str, ...]
    utterances: tuple[Utterance, ...] = ()
    events: tuple[ScreenEvent, ...] = ()
    media: Path | None = None
    """The video the screenshots are taken from, when there is one."""
    title: str | None = None
    """What the walkthrough shows, when an input says so (an event log's title)."""
    system: str | None = None
    """The application the screen events happened in."""
    role: str | None = None
    """Who performed the screen events."""
