"""Loading many files quickly: the C YAML parser, no positions, no messages.

The round-trip loader of yaml_source keeps every node's position so that problems can be
reported as FILE:LINE:COLUMN, and that costs a tenth of a second for a long SOP. A bulk
import of valid files needs none of it. `quick_load` returns the document when a file is
valid and None otherwise; callers then load the file with yaml_source to say what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from sopflow.formats.migrations import FORMAT_KEY, FormatVersionError, migrate
from sopflow.formats.yaml_depth import too_deep
from sopflow.model import AnyDocument, Document, check_document
from sopflow.settings import source_max_depth

_ADAPTER: TypeAdapter[AnyDocument] = TypeAdapter(Document)


def _reader() -> YAML:
    reader = YAML(typ="safe", pure=False)
    reader.allow_duplicate_keys = False
    return reader


def quick_load(path: Path, reader: YAML | None = None) -> AnyDocument | None:
    """The valid document in path, or None when anything is wrong with the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return quick_parse(text, reader)


def quick_parse(text: str, reader: YAML | None = None) -> AnyDocument | None:
    """The valid document in a source text, or None when anything is wrong with it."""
    try:
        if too_deep(text, source_max_depth()) is not None:
            return None
        data: Any = (reader or _reader()).load(text)
        if not isinstance(data, dict):
            return None
        data = migrate(data)
        document = _ADAPTER.validate_python(
            {key: value for key, value in data.items() if key != FORMAT_KEY}
        )
    except (YAMLError, FormatVersionError, ValidationError):
        return None
    if any(problem.severity == "error" for problem in check_document(document)):
        return None
    return document


def quick_load_all(paths: list[Path]) -> list[AnyDocument] | None:
    """Every file's valid document, or None as soon as one file is not valid."""
    reader = _reader()
    documents = []
    for path in paths:
        document = quick_load(path, reader)
        if document is None:
            return None
        documents.append(document)
    return documents
