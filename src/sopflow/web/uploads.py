"""Receiving a multipart upload straight into a folder, in chunks, under a size cap.

The body is parsed as it arrives: each file goes to upload-N.part in the folder (the
uploader's name is kept as text only, never used as a path) and the total is counted, so a
2 GB recording never sits in memory and an upload over the cap stops being stored the moment
it passes it; a disk that fills up is a StorageFullError naming the file, and every file of
the upload is removed. A form without script can carry its CSRF token as the first field; it is
checked before any file is written.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import anyio
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from sopflow.errors import (
    DISK_FULL,
    InvalidInputError,
    PermissionDeniedError,
    StorageFullError,
    TooLargeError,
)
from sopflow.services.capture_jobs import MAX_FILES, Upload, display_name

CSRF_FIELD = "csrf_token"
MAX_FIELD = 64 * 1024
"""The largest form field that is not a file, in bytes."""
MAX_FIELDS = 32
WRITE_CHUNK = 1024 * 1024
"""File data is written to disk in pieces of about this size."""
DRAIN = 16 * 1024 * 1024
"""After the cap, up to this much more of the body is read and dropped, so the client is
still listening when the 413 arrives; a larger rest is cut off."""


@dataclass
class Received:
    """What an upload held: its files (in the folder) and its other fields."""

    files: list[Upload] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def size_text(size: int) -> str:
    """A byte count as people read it: 2 GB, 500 MB, 12 KB."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            value = size / scale
            return (
                f"{value:.0f} {unit}"
                if value >= 10 or value.is_integer()
                else f"{value:.1f} {unit}"
            )
    return f"{size} bytes"


class _Part:
    """The part being parsed: its headers, then its bytes."""

    def __init__(self) -> None:
        self.header_name = b""
        self.header_value = b""
        self.disposition = b""
        self.name = ""
        self.filename: str | None = None
        self.data = bytearray()
        self.file: BinaryIO | None = None
        self.path: Path | None = None
        self.size = 0


class _Receiver:
    """The parser's callbacks; file bytes are queued and written by `receive_upload`."""

    def __init__(self, folder: Path, csrf: str | None) -> None:
        self.folder = folder
        self.csrf = csrf
        self.received = Received()
        self.part = _Part()
        self.pending: list[tuple[BinaryIO, bytes]] = []
        self.opened: list[Path] = []
        self.parts = 0

    def on_part_begin(self) -> None:
        self.part = _Part()
        self.parts += 1

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.part.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.part.header_value += data[start:end]

    def on_header_end(self) -> None:
        if self.part.header_name.lower() == b"content-disposition":
            self.part.disposition = self.part.header_value
        self.part.header_name = self.part.header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.part.disposition)
        self.part.name = options.get(b"name", b"").decode("utf-8", "replace")
        if self.csrf is not None and self.parts == 1:
            self._check_csrf_first()
        if b"filename" not in options:
            if len(self.received.fields) >= MAX_FIELDS:
                raise InvalidInputError(f"at most {MAX_FIELDS} form fields", field="fields")
            return
        self.part.filename = options[b"filename"].decode("utf-8", "replace")
        if len(self.opened) >= MAX_FILES:
            raise InvalidInputError(f"files: at most {MAX_FILES} files at once", field="files")
        path = self.folder / f"upload-{len(self.opened) + 1}.part"
        self.part.file = path.open("xb")  # never an existing file; the name is ours
        self.part.path = path
        self.opened.append(path)

    def _check_csrf_first(self) -> None:
        if self.part.name != CSRF_FIELD:
            raise PermissionDeniedError(
                "csrf_token: this form has expired or did not come from sopflow; reload the page"
            )

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.part.file is not None:
            self.part.size += len(chunk)
            self.pending.append((self.part.file, bytes(chunk)))
            return
        if len(self.part.data) + len(chunk) > MAX_FIELD:
            raise InvalidInputError(
                f"{self.part.name or 'field'}: at most {size_text(MAX_FIELD)}",
                field=self.part.name or None,
            )
        self.part.data.extend(chunk)

    def on_part_end(self) -> None:
        part = self.part
        if part.file is None:
            value = part.data.decode("utf-8", "replace")
            if self.csrf is not None and self.parts == 1:
                self._check_token(value)
            elif part.name and part.name != CSRF_FIELD:
                self.received.fields[part.name] = value
            return
        self.pending.append((part.file, b""))  # closes the file once written
        assert part.path is not None
        if part.size == 0 and not part.filename:
            return  # a file input left empty: browsers send a nameless, empty part
        self.received.files.append(Upload(part.path, part.filename or ""))

    def _check_token(self, value: str) -> None:
        assert self.csrf is not None
        if not hmac.compare_digest(value.encode(), self.csrf.encode()):
            raise PermissionDeniedError(
                "csrf_token: this form has expired or did not come from sopflow; reload the page"
            )

    @property
    def current_name(self) -> str:
        """The file being received, for messages: the uploader's name for it."""
        return display_name(self.part.filename or "", len(self.opened) or 1)

    async def flush(self) -> None:
        """Write the queued file bytes in pieces, off the event loop."""
        batch: dict[int, tuple[BinaryIO, list[bytes]]] = {}
        order: list[int] = []
        closing: list[BinaryIO] = []
        for handle, data in self.pending:
            if not data:
                closing.append(handle)
                continue
            if id(handle) not in batch:
                batch[id(handle)] = (handle, [])
                order.append(id(handle))
            batch[id(handle)][1].append(data)
        self.pending.clear()
        for key in order:
            handle, pieces = batch[key]
            await anyio.to_thread.run_sync(handle.write, b"".join(pieces))
        for handle in closing:
            handle.close()

    def remove_all(self) -> None:
        """Delete every file this upload wrote."""
        for handle, _ in self.pending:
            handle.close()
        self.pending.clear()
        if self.part.file is not None:
            self.part.file.close()
        for path in self.opened:
            path.unlink(missing_ok=True)


def _boundary(content_type: str) -> bytes:
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise InvalidInputError(
            "files: send the files as multipart/form-data (one part per file)", field="files"
        )
    return boundary


async def _drain(stream: AsyncIterator[bytes]) -> None:
    """Read and drop up to DRAIN more bytes of the body."""
    dropped = 0
    async for chunk in stream:
        dropped += len(chunk)
        if dropped > DRAIN:
            return


async def receive_upload(
    stream: AsyncIterator[bytes],
    *,
    content_type: str,
    folder: Path,
    limit: int,
    csrf: str | None = None,
) -> Received:
    """Parse a multipart body into folder; TooLargeError naming the file once the body
    passes `limit` bytes (nothing of it is kept), InvalidInputError for a malformed body.

    `csrf`: the token the body's first field must carry, for a form sent without script.
    """
    receiver = _Receiver(folder, csrf)
    parser = MultipartParser(
        _boundary(content_type),
        {
            "on_part_begin": receiver.on_part_begin,
            "on_part_data": receiver.on_part_data,
            "on_part_end": receiver.on_part_end,
            "on_header_field": receiver.on_header_field,
            "on_header_value": receiver.on_header_value,
            "on_header_end": receiver.on_header_end,
            "on_headers_finished": receiver.on_headers_finished,
        },
    )
    total = 0
    try:
        async for chunk in stream:
            total += len(chunk)
            if total > limit:
                parser.write(chunk[: len(chunk) - (total - limit)])  # up to the cap's byte
                name = receiver.current_name
                receiver.remove_all()
                await _drain(stream)
                raise TooLargeError(
                    f"{name}: the upload is larger than the limit of {size_text(limit)} "
                    "(SOPFLOW_UPLOAD_LIMIT); nothing was kept",
                    field="files",
                )
            parser.write(chunk)
            await receiver.flush()
        parser.finalize()
        await receiver.flush()
        if receiver.part.file is not None and not receiver.part.file.closed:
            raise InvalidInputError(
                f"{receiver.current_name}: the upload ended before the file did", field="files"
            )
    except MultipartParseError as error:
        receiver.remove_all()
        raise InvalidInputError(
            f"files: a malformed multipart body ({error})", field="files"
        ) from None
    except OSError as error:
        name = receiver.current_name
        receiver.remove_all()
        if error.errno not in DISK_FULL:
            raise
        await _drain(stream)
        raise StorageFullError(
            f"{name}: the disk holding uploads is full ({error.strerror}); nothing of this "
            "upload was kept; try again once space is freed",
            field="files",
        ) from None
    except BaseException:
        receiver.remove_all()
        raise
    return receiver.received
