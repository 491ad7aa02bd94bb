"""The JSON Schema of the YAML source format, generated from the model.

Editors use it for completion and checking (VS Code with the YAML extension reads a
`# yaml-language-server: $schema=...` comment or a settings entry).
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from sopflow.formats.migrations import FORMAT_KEY, FORMAT_VERSION
from sopflow.model import Document

SCHEMA_ID = f"urn:sopflow:schema:document:{FORMAT_VERSION}"


def document_schema() -> dict[str, Any]:
    """The JSON Schema of one source document, format version key included."""
    schema: dict[str, Any] = TypeAdapter(Document).json_schema(mode="validation")
    version_property = {
        "type": "integer",
        "minimum": 1,
        "maximum": FORMAT_VERSION,
        "description": (
            f"The format version of this file ({FORMAT_VERSION} is written); sopflow "
            "migrates older versions."
        ),
    }
    for definition in ("Policy", "Workflow", "Sop", "WorkInstruction"):
        body = schema["$defs"][definition]
        body["properties"] = {FORMAT_KEY: version_property, **body["properties"]}
        body["required"] = [FORMAT_KEY, *body.get("required", [])]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "sopflow document",
        "description": "One sopflow document (policy, workflow, SOP or work instruction).",
        **schema,
    }
