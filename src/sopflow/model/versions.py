"""Version numbers of saved data, and the named upgrades between them.

Source files (`sopflow: N`) and saved runs (`run_format: N`) both carry a format version so
that data written by an older sopflow keeps loading. Each format is one VersionedFormat: when
the format changes, raise `current` and register a named function under the old version that
turns data of that version into data of the next. Data newer than this program is refused
with a message that says to upgrade, never half understood.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

Data = MutableMapping[str, Any]
Migration = Callable[[Data], Data]


class FormatVersionError(ValueError):
    """Data whose format version is missing, malformed or newer than this program."""


@dataclass
class VersionedFormat:
    """One kind of saved data: the key of its version, the version written, the upgrades."""

    key: str
    """The key that holds the version, written first in the data."""
    current: int
    """The version this program writes."""
    name: str
    """How messages call it: "format", "run format"."""
    migrations: dict[int, Migration] = field(default_factory=dict)
    """from-version -> the function that upgrades data of that version by one step."""
    error: type[FormatVersionError] = FormatVersionError

    def migrate(self, data: Data) -> Data:
        """Bring data of any known version up to `current`, in place when possible."""
        version = data.get(self.key)
        if version is None:
            raise self.error(
                f"missing the {self.name} version: start with `{self.key}: {self.current}`"
            )
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.error(
                f"`{self.key}` must be a version number such as {self.current}, not {version!r}"
            )
        if version > self.current:
            raise self.error(
                f"{self.name} version {version} is newer than this sopflow understands "
                f"({self.current}); upgrade sopflow"
            )
        while version < self.current:
            data = self.migrations[version](data)
            version += 1
            data[self.key] = version
        return data


__all__ = ["Data", "FormatVersionError", "Migration", "VersionedFormat"]
