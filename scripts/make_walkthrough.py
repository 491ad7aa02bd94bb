"""Make the sample walkthrough video and the media test fixtures.

A walkthrough is a list of scenes: a sentence read aloud by a synthesized voice (Debian's
flite, `apt-get install flite`) over a drawn screen of a fake admin app, with a click event
where the narrator acts. Between scenes come cross-fade transition frames and, once, a blank
frame, so screenshot selection has something to skip. Everything is muxed with PyAV.

    python scripts/make_walkthrough.py            # sample video and test fixtures
    python scripts/make_walkthrough.py --speech-loop 3600 out.wav   # one hour, for benchmarks

Only this script needs the synthesizer; its outputs are committed so tests and the demo don't.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import wave
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[1]
RATE = 16_000
FPS = 5
SIZE = (640, 360)
VOICE = "slt"


@dataclass(frozen=True)
class Scene:
    """One narrated sentence and the screen shown while it is said."""

    say: str
    title: str
    lines: tuple[str, ...]
    click: str | None = None
    """The label of the button clicked during the scene, drawn highlighted."""
    blank_before: bool = False


REFUND = (
    Scene(
        "First, open the orders page in the admin console.",
        "Admin console - Orders",
        ("Order A-1041   paid", "Order A-1042   paid", "Order A-1043   shipped"),
        click="Orders",
    ),
    Scene(
        "Search for the order number that the customer gave you.",
        "Orders - Search",
        ("Search: A-1042", "1 result"),
        click="Search",
    ),
    Scene(
        "Check the purchase date of the order.",
        "Order A-1042",
        ("Purchased: 2 March", "Amount: 40.00 EUR", "Status: paid"),
    ),
    Scene(
        "If the order is older than thirty days, reject the refund and email the customer.",
        "Order A-1042 - Reject",
        ("Reason: older than 30 days", "Email customer: yes"),
        click="Reject",
        blank_before=True,
    ),
    Scene(
        "Otherwise, click the refund button.",
        "Order A-1042",
        ("Amount: 40.00 EUR", "[ Refund ]"),
        click="Refund",
    ),
    Scene(
        "Enter the refund amount and click confirm.",
        "Refund A-1042",
        ("Refund amount: 40.00", "[ Confirm ]"),
        click="Confirm",
    ),
    Scene(
        "The refund is issued and the customer gets a receipt.",
        "Refund issued",
        ("Receipt sent to the customer",),
    ),
)

SHORT = (
    Scene(
        "Open the settings page.",
        "Settings",
        ("Profile", "Security"),
        click="Settings",
    ),
    Scene(
        "Click the save button.",
        "Settings - Save",
        ("[ Save ]",),
        click="Save",
    ),
)

AUDIO_FORMATS = {
    # name: (container format, audio codec, sample rate)
    "speech.mp3": ("mp3", "libmp3lame", 16_000),
    "speech.m4a": ("ipod", "aac", 16_000),
    "speech.ogg": ("ogg", "libopus", 48_000),
    "speech.opus": ("ogg", "libopus", 48_000),
    "speech.webm": ("webm", "libopus", 48_000),
    "speech.mkv": ("matroska", "aac", 16_000),
    "speech.mov": ("mov", "aac", 16_000),
}


def synthesize(text: str, voice: str = VOICE) -> np.ndarray:
    """Read text aloud with flite: 16 kHz mono int16 samples."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "say.wav"
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(out)], check=True)
        with wave.open(str(out)) as stream:
            assert stream.getframerate() == RATE
            assert stream.getnchannels() == 1
            return np.frombuffer(stream.readframes(stream.getnframes()), dtype=np.int16)


def draw_screen(scene: Scene, highlight: bool) -> Image.Image:
    """A fake app window: title bar, navigation, content lines, the clicked button."""
    image = Image.new("RGB", SIZE, (236, 240, 244))
    pen = ImageDraw.Draw(image)
    big, small = ImageFont.load_default(size=24), ImageFont.load_default(size=18)
    pen.rectangle((0, 0, SIZE[0], 44), fill=(32, 64, 128))
    pen.text((16, 10), scene.title, font=big, fill="white")
    pen.rectangle((0, 44, 120, SIZE[1]), fill=(210, 218, 230))
    for row, label in enumerate(("Orders", "Customers", "Settings")):
        pen.text((12, 64 + 32 * row), label, font=small, fill=(20, 30, 60))
    for row, line in enumerate(scene.lines):
        pen.text((140, 70 + 34 * row), line, font=small, fill=(10, 10, 10))
    if scene.click:
        box = (440, 280, 600, 324)
        pen.rectangle(box, fill=(220, 90, 40) if highlight else (60, 130, 200))
        pen.text((box[0] + 16, box[1] + 10), scene.click, font=small, fill="white")
    return image


@dataclass(frozen=True)
class Timed:
    scene: Scene
    start: float
    speech_start: float
    speech_end: float
    end: float
    samples: np.ndarray


def lay_out(scenes: Sequence[Scene], lead: float = 1.0, gap: float = 0.8) -> list[Timed]:
    """Place the scenes on one timeline: speech starts 0.4 s after its screen appears."""
    timed, clock = [], lead
    for scene in scenes:
        samples = synthesize(scene.say)
        speech_start = clock + 0.4
        speech_end = speech_start + samples.size / RATE
        timed.append(Timed(scene, clock, speech_start, speech_end, speech_end + gap, samples))
        clock = speech_end + gap
    return timed


def soundtrack(timed: Sequence[Timed]) -> np.ndarray:
    total = int((timed[-1].end + 0.5) * RATE)
    track = np.zeros(total, dtype=np.int16)
    for item in timed:
        at = int(item.speech_start * RATE)
        track[at : at + item.samples.size] = item.samples
    return track


def frames(timed: Sequence[Timed], fade: float = 0.6) -> Iterator[Image.Image]:
    """The picture, frame by frame: blank lead-in, scenes, fades and one blank flash."""
    blank = Image.new("RGB", SIZE, (0, 0, 0))
    total = timed[-1].end + 0.5
    screens = [draw_screen(item.scene, highlight=False) for item in timed]
    clicked = [draw_screen(item.scene, highlight=True) for item in timed]
    for index in range(int(total * FPS)):
        time = index / FPS
        current = max((i for i, t in enumerate(timed) if t.start <= time), default=None)
        if current is None:
            yield blank
            continue
        item = timed[current]
        since = time - item.start
        if item.scene.blank_before and since < 0.4:
            yield blank
        elif current > 0 and since < fade:
            yield Image.blend(screens[current - 1], screens[current], since / fade)
        elif item.scene.click and time >= click_time(item):
            yield clicked[current]
        else:
            yield screens[current]


def click_time(item: Timed) -> float:
    """The click happens as the narrator finishes the sentence."""
    return round(item.speech_end - 0.3, 2)


def events(timed: Sequence[Timed], title: str) -> str:
    """The event log a screen-capture tool would have written for the session (JSON)."""
    log = {
        "format": "sopflow-events",
        "version": 1,
        "title": title,
        "system": "Admin console",
        "events": [
            {
                "time": click_time(item),
                "kind": "click",
                "label": item.scene.click,
                "page": item.scene.title,
            }
            for item in timed
            if item.scene.click
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def write_video(path: Path, timed: Sequence[Timed], audio: bool = True) -> None:
    """Mux the frames (H.264) and the narration (AAC) into one file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as container:
        video = container.add_stream("libx264", rate=FPS)
        video.width, video.height = SIZE
        video.pix_fmt = "yuv420p"
        video.options = {"crf": "30", "preset": "veryslow", "tune": "stillimage"}
        sound = None
        if audio:
            sound = container.add_stream("aac", rate=RATE)
            sound.layout = "mono"
            sound.bit_rate = 32_000
        for image in frames(timed):
            for packet in video.encode(av.VideoFrame.from_image(image)):
                container.mux(packet)
        for packet in video.encode():
            container.mux(packet)
        if sound is not None:
            encode_audio(container, sound, soundtrack(timed), RATE)


def encode_audio(
    container: av.container.OutputContainer, stream: av.AudioStream, track: np.ndarray, rate: int
) -> None:
    """Encode int16 mono samples at `rate` into the stream, resampling as the codec needs."""
    resampler = av.AudioResampler(format=stream.format or "fltp", layout="mono", rate=stream.rate)
    step, pts = 1024, 0
    for at in range(0, track.size, step):
        frame = av.AudioFrame.from_ndarray(
            track[at : at + step].reshape(1, -1), format="s16", layout="mono"
        )
        frame.sample_rate, frame.pts, frame.time_base = rate, pts, Fraction(1, rate)
        pts += frame.samples
        for out in resampler.resample(frame):
            for packet in stream.encode(out):
                container.mux(packet)
    for out in resampler.resample(None):
        for packet in stream.encode(out):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)


def write_audio(path: Path, track: np.ndarray, form: str, codec: str, rate: int) -> None:
    with av.open(str(path), "w", format=form) as container:
        stream = container.add_stream(codec, rate=rate)
        stream.layout = "mono"
        encode_audio(container, stream, track, RATE)


def write_wav(path: Path, track: np.ndarray, format_tag: int = 1) -> None:
    """A 16-bit mono WAV; another format tag makes a file no decoder accepts."""
    with wave.open(str(path), "wb") as stream:
        stream.setnchannels(1)
        stream.setsampwidth(2)
        stream.setframerate(RATE)
        stream.writeframes(track.tobytes())
    if format_tag != 1:
        data = bytearray(path.read_bytes())
        data[20:22] = format_tag.to_bytes(2, "little")
        path.write_bytes(bytes(data))


def fixtures(folder: Path) -> None:
    """The small files the media tests read."""
    folder.mkdir(parents=True, exist_ok=True)
    short = lay_out(SHORT)
    write_video(folder / "short.mp4", short)
    write_video(folder / "no_audio.mp4", short, audio=False)
    (folder / "short.events.json").write_text(events(short, "Save the settings"))
    refund = lay_out(REFUND)
    write_video(folder / "refund.mp4", refund)
    (folder / "refund.events.json").write_text(events(refund, "Refund an order"))
    reference = {
        "short.mp4": [t.scene.say for t in short],
        "refund.mp4": [t.scene.say for t in refund],
    }
    sentence = synthesize("Click the refund button and enter the amount.")
    track = np.concatenate([np.zeros(RATE // 2, np.int16), sentence, np.zeros(RATE // 2, np.int16)])
    for name, (form, codec, rate) in AUDIO_FORMATS.items():
        write_audio(folder / name, track, form, codec, rate)
        reference[name] = ["Click the refund button and enter the amount."]
    write_wav(folder / "speech.wav", track)
    reference["speech.wav"] = reference["speech.mp3"]
    write_wav(folder / "silence.wav", np.zeros(3 * RATE, np.int16))
    write_wav(folder / "unknown_codec.wav", track[:RATE], format_tag=0x4B1D)
    data = (folder / "short.mp4").read_bytes()
    (folder / "corrupt.mp4").write_bytes(data[:64] + bytes(range(256)) * 8)
    (folder / "transcripts.json").write_text(json.dumps(reference, indent=2) + "\n")


def speech_loop(path: Path, seconds: float) -> None:
    """A long WAV of the sample narration repeated, for the memory and speed benchmarks."""
    timed = lay_out(REFUND)
    track = soundtrack(timed)
    repeats = int(seconds * RATE // track.size) + 1
    with wave.open(str(path), "wb") as stream:
        stream.setnchannels(1)
        stream.setsampwidth(2)
        stream.setframerate(RATE)
        for _ in range(repeats):
            stream.writeframes(track.tobytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speech-loop", type=float, metavar="SECONDS")
    parser.add_argument("out", nargs="?", type=Path)
    args = parser.parse_args()
    if args.speech_loop:
        speech_loop(args.out, args.speech_loop)
        return
    fixtures(REPO / "tests" / "fixtures" / "media")
    sample = REPO / "examples" / "walkthroughs"
    refund = lay_out(REFUND)
    write_video(sample / "refund-walkthrough.mp4", refund)
    (sample / "refund-walkthrough.events.json").write_text(events(refund, "Refund an order"))


if __name__ == "__main__":
    main()
