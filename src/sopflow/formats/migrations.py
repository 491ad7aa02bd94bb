"""Upgrades of older source files to the current format version.

Every YAML source file starts with `sopflow: N`, the format version. When the format changes,
raise FORMAT_VERSION and add a named function here that turns version N-1 data into version N
data, registered in MIGRATIONS under N-1. The loader applies them in order, so a file of any
older version loads; a file newer than this program is refused with a clear message.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

FORMAT_VERSION = 1
"""The version this program writes."""

FORMAT_KEY = "sopflow"
"""The key that holds the format version in every source file."""

Data = MutableMapping[str, Any]
Migration = Callable[[Data], Data]

MIGRATIONS: dict[int, Migration] = {}
"""from-version -> the function that upgrades data of that version by one step."""


class FormatVersionError(ValueError):
    """A file's format version is missing, malformed or newer than this program."""


def migrate(data: Data) -> Data:
    """Bring data of any known format version up to FORMAT_VERSION, in place when possible."""
    version = data.get(FORMAT_KEY)
    if version is None:
        raise FormatVersionError(
            f"missing the format version: start the file with `{FORMAT_KEY}: {FORMAT_VERSION}`"
        )
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FormatVersionError(
            f"`{FORMAT_KEY}` must be a format version number such as {FORMAT_VERSION}, "
            f"not {version!r}"
        )
    if version > FORMAT_VERSION:
        raise FormatVersionError(
            f"format version {version} is newer than this sopflow understands "
            f"({FORMAT_VERSION}); upgrade sopflow"
        )
    while version < FORMAT_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data[FORMAT_KEY] = version
    return data
