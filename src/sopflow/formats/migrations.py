"""Upgrades of older source files to the current format version.

Every YAML source file starts with `sopflow: N`, the format version. When the format changes,
raise DOCUMENT_FORMAT.current and add a named function here that turns version N-1 data into
version N data, registered in MIGRATIONS under N-1. The loader applies them in order, so a
file of any older version loads; a file newer than this program is refused with a clear
message.
"""

from __future__ import annotations

from collections.abc import Mapping

from sopflow.model.versions import Data, FormatVersionError, Migration, VersionedFormat

_KEY = "sopflow"


def add_parallel_nodes(data: Data) -> Data:
    """Version 1 to 2: version 2 adds the `parallel` node type and changes nothing else, so
    version 1 data is version 2 data as it stands.

    A file that says version 1 but holds a parallel node is refused: it needs a sopflow that
    knows parallels, and its version is what tells an older one to say "upgrade".
    """
    flow = data.get("flow")
    nodes = flow.get("nodes") if isinstance(flow, Mapping) else None
    for index, node in enumerate(nodes if isinstance(nodes, list) else ()):
        if isinstance(node, Mapping) and node.get("type") == "parallel":
            raise FormatVersionError(
                f"flow.nodes[{index}] is a parallel node, which needs format version 2: "
                f"start the file with `{_KEY}: 2`"
            )
    return data


def add_external_references(data: Data) -> Data:
    """Version 2 to 3: version 3 adds the optional `external` list (codes of external
    documents in the register) and the optional `flow.layout` hints (positions placed by
    hand in the flow builder), and changes nothing else. A file that says version 2 but
    holds either is refused, so an older sopflow says "upgrade" rather than "unknown
    field"."""
    if "external" in data:
        raise FormatVersionError(
            f"external needs format version 3: start the file with `{_KEY}: 3`"
        )
    flow = data.get("flow")
    if isinstance(flow, Mapping) and "layout" in flow:
        raise FormatVersionError(
            f"flow.layout needs format version 3: start the file with `{_KEY}: 3`"
        )
    return data


DOCUMENT_FORMAT = VersionedFormat(
    key=_KEY,
    current=3,
    name="format",
    migrations={1: add_parallel_nodes, 2: add_external_references},
)
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
    "add_parallel_nodes",
    "migrate",
]
