"""Reading recordings with PyAV, which carries its own FFmpeg: no system ffmpeg needed.

Audio comes out as 16 kHz mono float32 blocks, one block at a time, so a two-hour recording
is never held in memory whole. Every FFmpeg failure becomes a `SopflowError` naming the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np
import numpy.typing as npt

from sopflow.errors import SopflowError

SAMPLE_RATE = 16_000
"""What Whisper listens at."""

MEDIA_SUFFIXES = frozenset(
    {
        ".mp3",
        ".m4a",
        ".aac",
        ".wav",
        ".ogg",
        ".oga",
        ".opus",
        ".flac",
        ".webm",
        ".mp4",
        ".mov",
        ".mkv",
    }
)
"""File name endings read as recordings."""

Samples = npt.NDArray[np.float32]


@dataclass(frozen=True)
class MediaInfo:
    """What a recording holds, read from its header without decoding it."""

    path: Path
    duration: float | None
    """Seconds, when the container knows it."""
    audio_codec: str | None
    video_codec: str | None
    width: int | None = None
    height: int | None = None

    @property
    def has_video(self) -> bool:
        """True when there is a picture to take screenshots from."""
        return self.video_codec is not None


def is_recording(path: Path) -> bool:
    """True when the file name says it is audio or video."""
    return path.suffix.lower() in MEDIA_SUFFIXES


@contextmanager
def open_media(path: Path) -> Iterator[Any]:
    """Open a recording, turning FFmpeg's failures into a message about the file."""
    if not path.is_file():
        raise SopflowError(f"{path}: no such file")
    try:
        container = av.open(str(path), mode="r")
    except av.FFmpegError as error:
        raise SopflowError(
            f"{path}: not a readable audio or video file ({_reason(error)})"
        ) from None
    try:
        yield container
    except av.FFmpegError as error:
        raise SopflowError(f"{path}: the recording is damaged ({_reason(error)})") from None
    finally:
        container.close()


def probe(path: Path) -> MediaInfo:
    """Read the streams and duration of a recording."""
    with open_media(path) as container:
        audio = container.streams.audio[0] if container.streams.audio else None
        video = container.streams.video[0] if container.streams.video else None
        return MediaInfo(
            path=path,
            duration=_duration(container),
            audio_codec=_codec_name(path, audio) if audio is not None else None,
            video_codec=_codec_name(path, video) if video is not None else None,
            width=video.codec_context.width if video is not None else None,
            height=video.codec_context.height if video is not None else None,
        )


def check_duration(path: Path, duration: float | None, limit: float | None) -> None:
    """A SopflowError naming the limit and its setting when a recording is longer than it."""
    if limit is not None and duration is not None and duration > limit:
        raise SopflowError(
            f"{path}: the recording lasts {_clock(duration)}, longer than the {_clock(limit)} "
            "capture transcribes (the limit SOPFLOW_CAPTURE_MAX_DURATION sets); cut it into parts"
        )


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def audio_blocks(
    path: Path, seconds: float = 30.0, *, limit: float | None = None
) -> Iterator[Samples]:
    """Yield the audio track as consecutive 16 kHz mono blocks of about `seconds` each.

    Memory stays at one block plus FFmpeg's buffers, whatever the length of the recording.
    Past `limit` seconds of audio it stops with the error `check_duration` gives: a header
    that understates the length is caught here.
    """
    block = int(seconds * SAMPLE_RATE)
    most = None if limit is None else int(limit * SAMPLE_RATE)
    decoded = 0
    with open_media(path) as container:
        if not container.streams.audio:
            raise SopflowError(f"{path}: the file has no audio track to transcribe")
        stream = container.streams.audio[0]
        _codec_name(path, stream)
        stream.thread_type = "AUTO"
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        pending: list[Samples] = []
        size = 0
        for packet in container.demux(stream):
            for frame in _decode(path, packet):
                for out in resampler.resample(frame):
                    pending.append(out.to_ndarray().reshape(-1).astype(np.float32, copy=False))
                    size += pending[-1].size
            while size >= block:
                decoded += block
                if most is not None and decoded > most:
                    check_duration(path, decoded / SAMPLE_RATE, limit)
                joined = np.concatenate(pending)
                yield joined[:block]
                pending, size = [joined[block:]], joined.size - block
        for out in resampler.resample(None):
            pending.append(out.to_ndarray().reshape(-1).astype(np.float32, copy=False))
        if pending:
            rest = np.concatenate(pending)
            if rest.size:
                yield rest


def _decode(path: Path, packet: Any) -> list[Any]:
    try:
        return list(packet.decode())
    except av.InvalidDataError:
        return []  # one damaged packet: skip it, as players do


def _duration(container: Any) -> float | None:
    if container.duration:
        return float(container.duration) / av.time_base
    for stream in container.streams:
        if stream.duration and stream.time_base:
            return float(stream.duration * stream.time_base)
    return None


def _codec_name(path: Path, stream: Any) -> str:
    """The stream's codec, or a clear message when this build of FFmpeg cannot decode it."""
    context = stream.codec_context
    name = getattr(context, "name", None) if context is not None else None
    if not name or name == "none":
        tag = getattr(stream, "codec_tag", "") or "unknown"
        raise SopflowError(f"{path}: unsupported {stream.type} codec ({tag})")
    return str(name)


def _reason(error: Exception) -> str:
    return str(getattr(error, "strerror", None) or error)
