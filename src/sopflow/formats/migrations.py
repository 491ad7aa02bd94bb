"""Upgrades of older source files to the current format version.

Every YAML source file starts with `sopflow: N`, the format version. When the format changes,
raise DOCUMENT_FORMAT.current and add a named function here that turns version N-1 data into
version N data, registered in MIGRATIONS under N-1. The loader applies them in order, so a
file of any older version loads; a file newer than this program is refused with a clear
message.
"""

from __future__ import annotations

from sopflow.model.versions import Data, FormatVersionError, Migration, VersionedFormat

DOCUMENT_FORMAT = VersionedFormat(key="sopflow", current=1, name="format")
"""The source file format: its version key, the version written, and the upgrades."""

FORMAT_VERSION = DOCUMENT_FORMAT.current
"""The version this program writes."""

FORMAT_KEY = DOCUMENT_FORMAT.key
"""The key that holds the format version in every source file."""

MIGRATIONS = DOCUMENT_FORMAT.migrations
"""from-version -> the function that upgrades data of that version by one step."""


def migrate(data: Data) -> Data:
    """Bring data of any known format version up to FORMAT_VERSION, in place when possible."""
    return DOCUMENT_FORMAT.migrate(data)


__all__ = [
    "DOCUMENT_FORMAT",
    "FORMAT_KEY",
    "FORMAT_VERSION",
    "MIGRATIONS",
    "Data",
    "FormatVersionError",
    "Migration",
    "migrate",
]
