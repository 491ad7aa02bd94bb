"""The cleaned, redacted text of a walkthrough and the map back to the spoken original.

Utterances are joined into one raw text (a space between cues of one speaker, a blank line
where the speaker changes or a paragraph ends); cleaning and redaction edit it as a `Mapped`,
so any span of the final text gives back its raw span, its time range and its speaker.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sopflow.capture.clean.fillers import clean
from sopflow.capture.clean.mapped import Mapped
from sopflow.capture.clean.names import person_finder, speaker_aliases, without_speaker_names
from sopflow.capture.clean.redaction import Redaction, redact
from sopflow.capture.timeline import Utterance, Walkthrough

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True)
class Segment:
    """Where one utterance sits in the raw text, and its timing."""

    start: int
    end: int
    utterance: Utterance
    words: tuple[tuple[int, float, float], ...] = ()
    """Raw offset, start and end time of each recognised word, when the input has them."""


@dataclass(frozen=True)
class Transcript:
    """The text capture structures, with provenance back to the input."""

    raw: str
    segments: tuple[Segment, ...]
    mapped: Mapped
    redactions: tuple[Redaction, ...] = ()
    hidden_speakers: tuple[Segment, ...] = ()
    """The first turn of each speaker whose name was replaced by "Speaker N"."""

    @property
    def text(self) -> str:
        return self.mapped.text

    def _segment(self, raw_offset: int) -> Segment | None:
        starts = [segment.start for segment in self.segments]
        index = bisect.bisect_right(starts, raw_offset) - 1
        return self.segments[index] if 0 <= index < len(self.segments) else None

    def _time_at(self, raw_offset: int, *, end: bool) -> float | None:
        segment = self._segment(raw_offset)
        if segment is None or segment.utterance.start is None:
            return None
        if segment.words:
            offsets = [word[0] for word in segment.words]
            index = max(bisect.bisect_right(offsets, raw_offset) - 1, 0)
            return segment.words[index][2 if end else 1]
        start = segment.utterance.start
        stop = segment.utterance.end if segment.utterance.end is not None else start
        fraction = (raw_offset - segment.start) / max(segment.end - segment.start, 1)
        return round(start + (stop - start) * min(max(fraction, 0.0), 1.0), 3)

    def time_of(self, span: tuple[int, int]) -> tuple[float, float] | None:
        """Seconds from the start of the recording that span of the text was said in."""
        if not self.text:
            return None
        raw_start, raw_end = self.mapped.original_span(*span)
        start = self._time_at(raw_start, end=False)
        stop = self._time_at(max(raw_end - 1, raw_start), end=True)
        if start is None or stop is None:
            return None
        return (start, max(start, stop))

    def speaker_at(self, offset: int) -> str | None:
        """Who said the character at that offset of the text, when the input names speakers."""
        if not self.text:
            return None
        raw = self.mapped.original_span(offset, offset + 1)[0]
        segment = self._segment(raw)
        return segment.utterance.speaker if segment else None

    def said_between(self, start: float, end: float, margin: float = 1.0) -> str | None:
        """The cleaned text of the utterances overlapping [start - margin, end + margin]."""
        parts: list[str] = []
        for segment in self.segments:
            said = segment.utterance
            if said.start is None or said.start > end + margin:
                continue
            if (said.end if said.end is not None else said.start) < start - margin:
                continue
            first = bisect.bisect_left(self.mapped.origin, segment.start)
            last = bisect.bisect_left(self.mapped.origin, segment.end)
            parts.append(self.text[first:last].strip())
        return " ".join(part for part in parts if part) or None

    def quote(self, span: tuple[int, int]) -> str:
        """The words of the text in span, on one line."""
        return " ".join(self.text[span[0] : span[1]].split())


def _word_offsets(
    text: str, base: int, utterance: Utterance
) -> tuple[tuple[int, float, float], ...]:
    found: list[tuple[int, float, float]] = []
    cursor = 0
    for word in utterance.words:
        token = word.text.strip()
        at = text.find(token, cursor) if token else -1
        if at < 0:
            continue
        found.append((base + at, word.start, word.end))
        cursor = at + len(token)
    return tuple(found)


def join_utterances(utterances: tuple[Utterance, ...]) -> tuple[str, tuple[Segment, ...]]:
    """The raw text of all utterances and where each one is in it."""
    parts: list[str] = []
    segments: list[Segment] = []
    length = 0
    previous: Utterance | None = None
    for utterance in utterances:
        text = " ".join(utterance.text.split())
        if not text:
            continue
        if previous is not None:
            same_turn = previous.start is not None and previous.speaker == utterance.speaker
            separator = " " if same_turn else "\n\n"
            parts.append(separator)
            length += len(separator)
        segments.append(
            Segment(length, length + len(text), utterance, _word_offsets(text, length, utterance))
        )
        parts.append(text)
        length += len(text)
        previous = utterance
    return "".join(parts), tuple(segments)


def build_transcript(
    walkthrough: Walkthrough, *, redact_secrets: bool = True, names: Language | None = None
) -> Transcript:
    """Join, clean and (by default) redact the utterances of a walkthrough; with `names`,
    a named-entity recogniser, people's names are redacted too and speakers named as people
    become "Speaker 1", "Speaker 2"..."""
    utterances = walkthrough.utterances
    aliases: dict[str, str] = {}
    if redact_secrets and names is not None:
        aliases = speaker_aliases(utterances)
        utterances = without_speaker_names(utterances, aliases)
    raw, segments = join_utterances(utterances)
    mapped = clean(Mapped.of(raw))
    redactions: tuple[Redaction, ...] = ()
    if redact_secrets:
        finder = person_finder(names, aliases) if names is not None else None
        mapped, redactions = redact(mapped, finder)
    return Transcript(raw, segments, mapped, redactions, _first_turns(segments, aliases))


def _first_turns(segments: tuple[Segment, ...], aliases: dict[str, str]) -> tuple[Segment, ...]:
    """The first segment of each aliased speaker, in text order."""
    waiting = set(aliases.values())
    firsts: list[Segment] = []
    for segment in segments:
        if segment.utterance.speaker in waiting:
            waiting.discard(segment.utterance.speaker)
            firsts.append(segment)
    return tuple(firsts)
