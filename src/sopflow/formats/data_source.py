"""A document from plain data (a JSON body, say) with the source format's checks and messages.

The same validation and the same wording as a YAML file gets (sopflow.formats.yaml_source),
located by the path of the field (`flow.nodes[3].instruction`) instead of a line, since data
that came as JSON has no lines to point at.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from sopflow.formats.migrations import FORMAT_KEY, FORMAT_VERSION, FormatVersionError, migrate
from sopflow.formats.yaml_source import _ADAPTER, _data_path, _message
from sopflow.model import AnyDocument, check_document
from sopflow.model.problems import Path as ElementPath
from sopflow.model.problems import Severity, dotted


@dataclass(frozen=True)
class DataProblem:
    """A problem located by the path of the field in the data."""

    path: ElementPath
    message: str
    rule: str
    severity: Severity = "error"

    @property
    def field(self) -> str:
        """The path as people write it: flow.nodes[3].instruction."""
        return dotted(self.path)


@dataclass(frozen=True)
class FromData:
    """The document when the data is valid, and every problem found in it."""

    document: AnyDocument | None
    problems: tuple[DataProblem, ...]

    @property
    def errors(self) -> tuple[DataProblem, ...]:
        """The problems that make the document unusable (warnings left out)."""
        return tuple(problem for problem in self.problems if problem.severity == "error")


def document_from_data(data: object) -> FromData:
    """Validate data as one document; a missing format version means the current one."""
    if not isinstance(data, Mapping):
        kind = "a list" if isinstance(data, list) else "a single value"
        return FromData(None, (DataProblem((), f"the document is {kind}, not an object", "shape"),))
    body: dict[str, Any] = {FORMAT_KEY: FORMAT_VERSION, **data}
    try:
        body = dict(migrate(body))
    except FormatVersionError as error:
        return FromData(None, (DataProblem((FORMAT_KEY,), str(error), "format-version"),))
    body.pop(FORMAT_KEY, None)
    try:
        document = _ADAPTER.validate_python(body)
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_url=False):
            path = _data_path(body, detail["loc"])  # the field itself, even a missing one
            problems.append(DataProblem(path, _message(detail, body, path)[1], "schema"))
        return FromData(None, tuple(problems))
    rules = tuple(
        DataProblem(found.path, found.message, found.rule, found.severity)
        for found in check_document(document)
    )
    return FromData(document, rules)


__all__ = ["DataProblem", "FromData", "document_from_data"]
