"""Offline speech recognition with faster-whisper: timed utterances with word timings.

A recording is read in blocks and transcribed through a sliding window: each window's
finished segments are kept and the unfinished tail is carried into the next window, so words
are never cut at a block boundary and memory stays bounded however long the recording is.

Decoding is deterministic (temperature 0, no fallback to sampling): Whisper's fallback
samples at random when its confidence is low, which on the synthesized PET recordings turned
a 5% word error rate into 25-54% on some runs, and made the same file give different drafts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from sopflow.capture.media.decode import (
    SAMPLE_RATE,
    Samples,
    audio_blocks,
    check_duration,
    probe,
)
from sopflow.capture.media.whisper_model import model_dir
from sopflow.capture.progress import Progress, ProgressReport, no_progress
from sopflow.capture.timeline import Utterance, Word
from sopflow.errors import SopflowError


@dataclass(frozen=True)
class TranscribeOptions:
    """How to transcribe; the defaults are the offline, bundled-model ones."""

    model: Path | None = None
    """A faster-whisper model folder; None for the bundled Whisper tiny.en."""
    language: str = "en"
    beam_size: int = 5
    vad: bool = True
    """Skip stretches without speech (Silero voice-activity detection)."""
    window: float = 120.0
    """Seconds of audio transcribed at once; bounds memory."""
    threads: int = 2
    max_duration: float | None = None
    """Longest recording transcribed, in seconds (SOPFLOW_CAPTURE_MAX_DURATION); None: any."""


def transcribe(
    path: Path, options: TranscribeOptions | None = None, report: ProgressReport = no_progress
) -> tuple[Utterance, ...]:
    """Transcribe a recording's audio track into utterances with word timings.

    Raises SopflowError for a file that cannot be read, has no audio, or holds no speech.
    """
    options = options or TranscribeOptions()
    info = probe(path)
    if info.audio_codec is None:
        raise SopflowError(f"{path}: the file has no audio track to transcribe")
    check_duration(path, info.duration, options.max_duration)
    model = _load(model_dir(options.model), options.threads)
    _check_language(model, options.language)
    report(Progress("transcribe", 0.0, info.duration))
    utterances: list[Utterance] = []
    blocks = audio_blocks(path, limit=options.max_duration)
    for utterance, position in _windows(model, blocks, options):
        if utterance is not None:
            utterances.append(utterance)
        report(Progress("transcribe", position, info.duration))
    if not utterances:
        raise SopflowError(f"{path}: no speech found in the recording")
    return tuple(utterances)


def transcribe_samples(
    samples: Samples, options: TranscribeOptions | None = None
) -> tuple[Utterance, ...]:
    """Transcribe audio already in memory (16 kHz mono float32): for short clips and tests."""
    options = options or TranscribeOptions()
    model = _load(model_dir(options.model), options.threads)
    _check_language(model, options.language)
    return tuple(u for u, _ in _windows(model, iter([samples]), options) if u is not None)


def _windows(
    model: Any, blocks: Iterable[Samples], options: TranscribeOptions
) -> Iterator[tuple[Utterance | None, float]]:
    """Yield each finished utterance (or None after a window without one) and the position."""
    window = int(options.window * SAMPLE_RATE)
    buffer = np.zeros(0, dtype=np.float32)
    offset = 0.0
    blocks = iter(blocks)
    finished = False
    while not finished:
        for block in blocks:
            buffer = np.concatenate([buffer, block])
            if buffer.size >= window:
                break
        else:
            finished = True
        if buffer.size == 0:
            break
        segments = _segments(model, buffer, options)
        length = buffer.size / SAMPLE_RATE
        keep, cut = _split(segments, length, finished)
        if cut <= 0.0:
            cut = length  # no progress possible inside this window: move past it
        for segment in keep:
            yield _utterance(segment, offset), offset + segment.end
        yield None, offset + cut
        buffer = buffer[int(cut * SAMPLE_RATE) :].copy()
        offset += cut


def _split(segments: list[Any], length: float, finished: bool) -> tuple[list[Any], float]:
    """The segments to keep from a window and where the next window starts.

    The last segment may run into the window's edge, so it is carried over unless the
    recording has ended or it is the only one (a window of unbroken speech).
    """
    if finished:
        return segments, length
    if not segments:
        return [], max(length - 1.0, 0.0)
    if len(segments) == 1:
        return segments, segments[0].end
    return segments[:-1], segments[-2].end


def _segments(model: Any, audio: Samples, options: TranscribeOptions) -> list[Any]:
    segments, _ = model.transcribe(
        audio,
        language=options.language,
        beam_size=options.beam_size,
        word_timestamps=True,
        vad_filter=options.vad,
        condition_on_previous_text=False,
        temperature=0.0,
    )
    return [s for s in segments if s.text.strip()]


def _utterance(segment: Any, offset: float) -> Utterance:
    words = tuple(
        Word(
            text=w.word.strip(),
            start=_seconds(offset + w.start),
            end=_seconds(offset + w.end),
            probability=round(float(w.probability), 4),
        )
        for w in segment.words or ()
        if w.word.strip()
    )
    return Utterance(
        text=segment.text.strip(),
        start=_seconds(offset + segment.start),
        end=_seconds(offset + segment.end),
        words=words,
    )


def _seconds(value: float) -> float:
    """A plain float rounded to the millisecond (the model hands out numpy floats)."""
    return round(float(value), 3)


@cache
def _load(folder: Path, threads: int) -> Any:
    """Load a model once per process, from local files only."""
    from faster_whisper import WhisperModel

    try:
        return WhisperModel(
            str(folder),
            device="cpu",
            compute_type="int8",
            cpu_threads=threads,
            local_files_only=True,
        )
    except (RuntimeError, ValueError, OSError) as error:
        raise SopflowError(f"{folder}: cannot load the speech model ({error})") from None


def _check_language(model: Any, language: str) -> None:
    if not model.model.is_multilingual and language != "en":
        raise SopflowError(
            f"SOPFLOW_LANGUAGE: the speech model only knows English, not {language!r}; "
            "set SOPFLOW_WHISPER_MODEL to a multilingual model folder"
        )
