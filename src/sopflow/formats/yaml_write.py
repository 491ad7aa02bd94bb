"""Writing the YAML source format canonically: fixed key order, default values left out, no
line wrapping, block scalars for multi-line text, so that a git diff of two revisions shows
only what changed (reading, with positions for every problem, is `yaml_source`)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from sopflow.formats.files import write_atomically
from sopflow.formats.migrations import FORMAT_KEY, FORMAT_VERSION
from sopflow.model import AnyDocument

_EMPTY_FACTORIES: tuple[object, ...] = (dict, list, tuple, set, frozenset)
"""Default factories that always make an equal, empty value: called once, not per field."""

_LEAVES = (str, int, float, bool, type(None))


class _Field(NamedTuple):
    """How to_data treats one field of a model: its name, and what counts as its default."""

    name: str
    always: bool
    """A tag (`kind`, `type`): kept even at its default value."""
    default: Any
    info: FieldInfo | None
    """Set for a default factory whose value may change: it is called for each comparison."""


def _is_tag(info: Any) -> bool:
    """True for a field typed with one literal value: the `kind` or `type` a union is told by."""
    return get_origin(info.annotation) is Literal and len(get_args(info.annotation)) == 1


@cache
def _plan(model: type[BaseModel]) -> tuple[_Field, ...]:
    """The fields of a model in canonical order (tags, content, provenance), worked out once.

    to_data runs for every node of every document an import stores, so what can be known
    from the class alone (which fields are tags, what their defaults are) is not worked out
    again for each instance.
    """
    fields = model.model_fields
    tags = [name for name, info in fields.items() if _is_tag(info)]
    rest = [name for name in fields if name not in tags and name != "provenance"]
    plan = []
    for name in [*tags, *rest, "provenance"]:
        if name not in fields:
            continue
        info = fields[name]
        if info.default_factory is None:
            plan.append(_Field(name, name in tags, info.default, None))
        elif info.default_factory in _EMPTY_FACTORIES:
            plan.append(
                _Field(name, name in tags, info.get_default(call_default_factory=True), None)
            )
        else:
            plan.append(_Field(name, name in tags, None, info))
    return tuple(plan)


def to_data(value: Any) -> Any:
    """A model value as plain data in canonical key order, leaving out default values.

    The tags (`kind` of a document, `type` of a node) are always kept and come first: they say
    what the mapping is. Provenance comes last, after the content a reader looks for.
    """
    if isinstance(value, _LEAVES):
        return value
    if isinstance(value, BaseModel):
        data: dict[str, Any] = {}
        for name, always, default, info in _plan(type(value)):
            item = getattr(value, name)
            if not always and item == (
                default if info is None else info.get_default(call_default_factory=True)
            ):
                continue
            data[name] = item if isinstance(item, _LEAVES) else to_data(item)
        return data
    if isinstance(value, list | tuple):
        return [to_data(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): to_data(item) for key, item in value.items()}
    return value


def document_data(document: AnyDocument) -> dict[str, Any]:
    """A document in the canonical source structure, format version first."""
    return {FORMAT_KEY: FORMAT_VERSION, **to_data(document)}


def _fits_block(text: str) -> bool:
    """True when a multi-line text reads back unchanged from a literal block scalar."""
    lines = text.split("\n")
    return (
        "\n" in text.rstrip("\n")
        and all(line.isprintable() and line == line.rstrip() for line in lines)
        and not lines[0].startswith(" ")
        and not text.endswith("\n\n")
    )


_YAML11_BOOLEANS = {"y", "n", "yes", "no", "on", "off", "true", "false"}
_UNICODE_BREAKS = ("\x85", "\u2028", "\u2029")


def _block_scalars(value: Any) -> Any:
    """Multi-line strings as literal blocks, so that paragraphs stay readable in the file.

    Strings with the line breaks only Unicode knows (NEL, LS, PS) are double-quoted, where
    they are escaped: in single quotes a YAML reader would fold them.
    """
    if isinstance(value, str) and any(mark in value for mark in _UNICODE_BREAKS):
        return DoubleQuotedScalarString(value)
    if isinstance(value, str) and _fits_block(value):
        return LiteralScalarString(value)
    if isinstance(value, str) and value.lower() in _YAML11_BOOLEANS:
        return SingleQuotedScalarString(value)  # a YAML 1.1 reader would see a boolean
    if (
        isinstance(value, list)
        and value
        and all(isinstance(item, int | float) and not isinstance(item, bool) for item in value)
    ):
        numbers = CommentedSeq(value)
        numbers.fa.set_flow_style()  # spans and time ranges read best on one line: [40, 57]
        return numbers
    if isinstance(value, list):
        return [_block_scalars(item) for item in value]
    if isinstance(value, dict):
        return {key: _block_scalars(item) for key, item in value.items()}
    return value


def dump_document(document: AnyDocument) -> str:
    """The canonical YAML text of a document."""
    writer = YAML(typ="rt")
    writer.default_flow_style = False
    writer.width = 1_000_000
    writer.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    writer.dump(_block_scalars(document_data(document)), stream)
    return stream.getvalue()


def write_document(document: AnyDocument, path: Path) -> None:
    """Write a document's canonical YAML to path in one piece."""
    write_atomically(path, dump_document(document))
