"""Writing files all at once: a reader never sees half a document."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from sopflow.errors import DISK_FULL, StorageFullError


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write content to path through a temporary file in the same folder and a rename.

    An interruption leaves either the old file or the new one, never a torn one; a full
    disk is a StorageFullError naming the file. The file
    gets the mode of the one it replaces, or the usual mode under the umask when it is new
    (a temporary file alone would be readable by its owner only).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(handle, _mode_for(path))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.errno in DISK_FULL:
            raise StorageFullError(
                f"{path}: the disk is full ({error.strerror}); nothing was written"
            ) from error
        raise


def _mode_for(path: Path) -> int:
    """The permission bits a file written at path should get."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
