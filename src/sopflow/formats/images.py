"""Images a document refers to (screenshots of steps): their type, and finding them on disk.

A document refers to its screenshots by paths relative to itself ("SOP-FIN-003.media/s1.png").
Only files inside the document's folder that really are images are read, so a hand-written
path cannot pull another file of the machine into a rendered page.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def media_type(data: bytes) -> str | None:
    """The image type of the bytes by their signature, or None when they are not an image."""
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def data_uri(data: bytes) -> str | None:
    """The image as a data: address for a standalone page, or None when it is not an image."""
    kind = media_type(data)
    return f"data:{kind};base64,{base64.b64encode(data).decode()}" if kind else None


def folder_images(
    folder: Path, *, missing: Callable[[str], None] = lambda path: None
) -> Callable[[str], bytes | None]:
    """A lookup of screenshots relative to the folder of a document file.

    `missing` hears of every path that is outside the folder, absent or not an image.
    """
    root = folder.resolve()

    def image(path: str) -> bytes | None:
        candidate = (root / path).resolve()
        data = None
        if candidate.is_relative_to(root) and candidate.is_file():
            data = candidate.read_bytes()
        if data is None or media_type(data) is None:
            missing(path)
            return None
        return data

    return image
