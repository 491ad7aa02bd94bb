"""A recording read as a walkthrough: one timed utterance per spoken sentence or phrase.

Whisper's segments often run two actions together ("Open the settings page, click the
Save button."); the word timings split them at sentence ends and at pauses, so that each
step drafted from them gets its own time range. The words themselves are not changed.
"""

from __future__ import annotations

from pathlib import Path

from sopflow.capture.media.decode import probe
from sopflow.capture.media.transcribe import TranscribeOptions, transcribe
from sopflow.capture.progress import ProgressReport, current_report
from sopflow.capture.timeline import Utterance, Walkthrough, Word
from sopflow.settings import Settings, load_settings

SENTENCE_ENDS = (".", "?", "!")
PAUSE = 0.6
"""Seconds of silence between two words that end a phrase."""


def options_from(settings: Settings) -> TranscribeOptions:
    """Transcription options from the user's settings (model folder, language)."""
    return TranscribeOptions(
        model=settings.whisper_model,
        language=settings.language,
        max_duration=settings.capture_max_duration,
    )


def read_recording(
    path: Path,
    options: TranscribeOptions | None = None,
    report: ProgressReport | None = None,
) -> Walkthrough:
    """Transcribe an audio or video file; a video is kept as the walkthrough's media."""
    options = options or options_from(load_settings())
    info = probe(path)
    utterances = transcribe(path, options, report or current_report())
    return Walkthrough(
        sources=(str(path),),
        utterances=phrases(utterances),
        media=path if info.has_video else None,
    )


def phrases(utterances: tuple[Utterance, ...]) -> tuple[Utterance, ...]:
    """The recogniser's segments cut into phrases, as capture reads them."""
    return tuple(part for whole in utterances for part in split_sentences(whole))


def split_sentences(utterance: Utterance) -> tuple[Utterance, ...]:
    """One utterance per phrase: cut after a word ending in . ? or !, and at pauses."""
    if len(utterance.words) < 2:
        return (utterance,)
    groups: list[list[Word]] = [[]]
    for word, after in zip(utterance.words, (*utterance.words[1:], None), strict=True):
        groups[-1].append(word)
        pause = after is not None and after.start - word.end >= PAUSE
        if word.text.endswith(SENTENCE_ENDS) or pause:
            groups.append([])
    groups = [group for group in groups if group]
    if len(groups) == 1:
        return (utterance,)
    return tuple(
        Utterance(
            text=" ".join(word.text for word in group),
            start=group[0].start,
            end=group[-1].end,
            speaker=utterance.speaker,
            words=tuple(group),
        )
        for group in groups
    )
