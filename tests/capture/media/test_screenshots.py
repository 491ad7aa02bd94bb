from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from sopflow.capture.media.screenshots import choose_frame, take_screenshots
from sopflow.errors import SopflowError


def screen(label: str, shade: int = 255) -> Image.Image:
    image = Image.new("RGB", (320, 180), (shade, shade, shade))
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 320, 30), fill=(30, 60, 120))
    pen.text((20, 60), label, fill="black", font_size=28)
    return image


def sequence(*images: Image.Image) -> Iterator[tuple[float, Image.Image]]:
    return ((index * 0.2, image) for index, image in enumerate(images))


BLACK = Image.new("RGB", (320, 180), "black")


def test_the_first_still_frame_is_taken() -> None:
    shot = choose_frame(sequence(screen("Orders"), screen("Orders"), screen("Refund")))
    assert shot is not None
    assert shot.time == 0.0


def test_blank_and_transition_frames_are_skipped() -> None:
    fade = Image.blend(screen("Orders"), screen("Refund"), 0.5)
    shot = choose_frame(sequence(BLACK, BLACK, fade, screen("Refund"), screen("Refund")))
    assert shot is not None
    assert shot.time == 0.6
    assert Image.open(io.BytesIO(shot.png)).size == (320, 180)


def test_only_blank_frames_give_no_screenshot() -> None:
    assert choose_frame(sequence(BLACK, BLACK, BLACK)) is None


def test_when_nothing_is_still_the_stillest_frame_is_taken() -> None:
    frames = [screen(f"Page {n}", shade=255 - 40 * n) for n in range(4)]
    shot = choose_frame(sequence(*frames))
    assert shot is not None


def test_screenshots_from_the_video_skip_its_blank_flash(media: Path) -> None:
    # The fourth scene of the refund walkthrough opens with 0.4 s of black, then a fade.
    shots = take_screenshots(media / "refund.mp4", [5.0, 13.5])
    assert all(shot is not None for shot in shots)
    first, second = shots
    assert first is not None
    assert second is not None
    assert first.time == 5.0
    assert 13.8 < second.time < 15.0
    picture = Image.open(io.BytesIO(second.png)).convert("L")
    assert picture.getextrema()[1] - picture.getextrema()[0] > 100


def test_an_audio_file_has_no_screenshots(media: Path) -> None:
    with pytest.raises(SopflowError, match="no video track"):
        take_screenshots(media / "speech.mp3", [1.0])
