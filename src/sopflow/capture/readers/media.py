"""Audio and video recordings in the reader chain: transcribed offline (capture/media)."""

from __future__ import annotations

from sopflow.capture.media.decode import MEDIA_SUFFIXES
from sopflow.capture.media.reader import read_recording
from sopflow.capture.readers.base import Reader


def looks_like_media(head: bytes) -> bool:
    """True when the first bytes are those of a common audio or video container."""
    return (
        head[4:8] == b"ftyp"  # MP4, M4A, MOV
        or head[:4] in (b"OggS", b"fLaC", b"\x1aE\xdf\xa3")  # Ogg, FLAC, Matroska/WebM
        or (head[:4] == b"RIFF" and head[8:12] == b"WAVE")
        or head[:3] == b"ID3"  # MP3 with tags
        or _mpeg_frame(head)
    )


def _mpeg_frame(head: bytes) -> bool:
    """An MP3 frame header or an AAC (ADTS) header at the start, with valid rate fields."""
    if len(head) < 3 or head[0] != 0xFF:
        return False
    second, third = head[1], head[2]
    if second & 0xF6 == 0xF0:  # ADTS: sync, MPEG version bit, layer 00
        return (third >> 2) & 0x0F < 13
    layer_set = second & 0x06 != 0
    return second & 0xE0 == 0xE0 and layer_set and third >> 4 != 0x0F and (third >> 2) & 3 != 3


MEDIA = Reader(
    name="audio or video recording",
    suffixes=tuple(sorted(MEDIA_SUFFIXES)),
    sniff=looks_like_media,
    read=read_recording,
)
"""The reader chain's entry for recordings; settings and progress come from the context."""
