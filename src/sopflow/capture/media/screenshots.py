"""Screenshots of a video at given moments, skipping blank and transition frames.

For each moment the frames of the next few seconds are looked at, in order, on a small
grey-scale thumbnail: a frame of one flat colour is blank; a frame of which more than a
sliver differs from the frame after it is mid-transition (a fade, a slide, a page still
loading); a moving mouse pointer is too small to count. The first frame that is
neither is taken; if every frame is moving, the stillest non-blank one is.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image

from sopflow.capture.media.decode import open_media
from sopflow.capture.progress import Progress, ProgressReport, no_progress
from sopflow.errors import SopflowError

Thumb = npt.NDArray[np.float32]

THUMB_SIZE = (160, 90)
BLANK_SPREAD = 6.0
"""Below this standard deviation of grey levels (0-255) a frame is one flat colour."""
PIXEL_CHANGE = 12.0
"""A thumbnail pixel whose grey level moves more than this has changed (not codec noise)."""
STILL_CHANGE = 0.005
"""A frame is still when less than this share of its pixels changes before the next one."""


@dataclass(frozen=True)
class Screenshot:
    """A PNG taken from the video, and the moment of the frame it shows."""

    time: float
    png: bytes


def take_screenshots(
    video: Path,
    moments: Sequence[float],
    *,
    look_ahead: float = 3.0,
    report: ProgressReport = no_progress,
) -> list[Screenshot | None]:
    """One screenshot per moment (None where the video shows nothing but blank frames)."""
    shots: list[Screenshot | None] = []
    with open_media(video) as container:
        if not container.streams.video:
            raise SopflowError(f"{video}: the file has no video track to take screenshots from")
        stream = container.streams.video[0]
        for index, moment in enumerate(moments):
            frames = _frames_from(container, stream, max(moment, 0.0), look_ahead)
            shots.append(choose_frame(frames))
            report(Progress("screenshots", index + 1, len(moments), unit="steps"))
    return shots


def choose_frame(frames: Iterator[tuple[float, Image.Image]]) -> Screenshot | None:
    """The first still, non-blank frame; else the stillest non-blank one; else None."""
    best: tuple[float, float, Image.Image] | None = None
    previous: tuple[float, Image.Image, Thumb] | None = None
    for time, image in frames:
        thumb = _thumb(image)
        if previous is not None:
            before_time, before_image, before_thumb = previous
            change = changed_share(before_thumb, thumb)
            if not is_blank(before_thumb):
                if change < STILL_CHANGE:
                    return _png(before_time, before_image)
                if best is None or change < best[0]:
                    best = (change, before_time, before_image)
        previous = (time, image, thumb)
    if previous is not None and not is_blank(previous[2]) and best is None:
        return _png(previous[0], previous[1])
    return _png(best[1], best[2]) if best is not None else None


def is_blank(thumb: Thumb) -> bool:
    """True for a frame of one flat colour: black, white, a splash background."""
    return float(thumb.std()) < BLANK_SPREAD


def changed_share(before: Thumb, after: Thumb) -> float:
    """The share of thumbnail pixels that changed between two frames, from 0 to 1."""
    return float((np.abs(after - before) > PIXEL_CHANGE).mean())


def _frames_from(
    container: Any, stream: Any, start: float, span: float
) -> Iterator[tuple[float, Image.Image]]:
    """Decoded frames with their times, from `start` for `span` seconds."""
    base = stream.time_base
    container.seek(int(start / base), stream=stream, backward=True)
    for frame in container.decode(stream):
        if frame.pts is None:
            continue
        time = float(frame.pts * base)
        if time < start - 1e-3:
            continue
        if time > start + span:
            return
        yield time, frame.to_image()


def _thumb(image: Image.Image) -> Thumb:
    small = image.convert("L").resize(THUMB_SIZE, Image.Resampling.BILINEAR)
    return np.asarray(small, dtype=np.float32)


def _png(time: float, image: Image.Image) -> Screenshot:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return Screenshot(time=round(time, 3), png=buffer.getvalue())
