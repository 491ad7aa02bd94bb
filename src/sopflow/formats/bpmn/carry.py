"""The fields BPMN has no place for, carried in sopflow extension elements.

A document's fields that a BPMN element does not hold (a step's detail, expected result,
warnings, `mandatory`, provenance; a role's responsibilities; the owner, purpose, scope,
records, definitions of the document...) go into an `<extensionElements>` child in the
sopflow namespace, which the BPMN schema allows on every element and other tools keep as
they are. The encoding is the model's own data: a mapping is an element per key, a list an
element with `type="list"` and an `<item>` per entry, anything else the element's text; the
model's validation reads the text back into booleans and numbers; `type="none"` says a
field is empty where the BPMN structure would suggest a value (a step with no role, drawn in
the first lane).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree
from pydantic import BaseModel

from sopflow.formats.bpmn.names import BPMN, SOPFLOW, tag

ITEM = "item"


def data(model: BaseModel, leave_out: Iterable[str] = ()) -> dict[str, Any]:
    """The fields of a model that differ from their default, as plain data."""
    dumped: dict[str, Any] = model.model_dump(
        mode="json", exclude_defaults=True, exclude=set(leave_out)
    )
    return dumped


def encode(parent: etree._Element, name: str, value: Any) -> etree._Element:
    """An element for value under parent, named name, in the sopflow namespace."""
    element = etree.SubElement(parent, tag(SOPFLOW, name))
    if isinstance(value, Mapping):
        element.set("type", "map")
        for key, inner in value.items():
            encode(element, str(key), inner)
    elif isinstance(value, list | tuple):
        element.set("type", "list")
        for inner in value:
            encode(element, ITEM, inner)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is None:
        element.set("type", "none")
    else:
        element.text = str(value)
    return element


def decode(element: etree._Element) -> Any:
    """The value an element made by `encode` holds."""
    children = [c for c in element if isinstance(c.tag, str)]
    kind = element.get("type")
    if kind == "list":
        return [decode(child) for child in children]
    if kind == "map":
        return {etree.QName(child).localname: decode(child) for child in children}
    if kind == "none":
        return None
    return element.text or ""


def extension(element: etree._Element) -> etree._Element:
    """The element's `<extensionElements>`, made where the schema wants it (after any
    `<documentation>`, before everything else) when it has none."""
    found = element.find(tag(BPMN, "extensionElements"))
    if found is not None:
        return found
    made = etree.Element(tag(BPMN, "extensionElements"))
    element.insert(_after_documentation(element), made)
    return made


def document_(element: etree._Element, text: str) -> None:
    """A `<documentation>` child (first, as the schema wants): text other tools show."""
    made = etree.Element(tag(BPMN, "documentation"))
    made.text = text
    element.insert(_after_documentation(element), made)


def _after_documentation(element: etree._Element) -> int:
    return sum(1 for child in element if child.tag == tag(BPMN, "documentation"))


def carry(element: etree._Element, name: str, fields: Mapping[str, Any]) -> None:
    """Put fields into a `<sopflow:NAME>` extension of element; an empty one still says
    the element is sopflow's."""
    encode(extension(element), name, dict(fields))


def carried(element: etree._Element, name: str) -> dict[str, Any] | None:
    """The fields a `<sopflow:NAME>` extension of element holds; None when it has none."""
    found = element.find(f"{tag(BPMN, 'extensionElements')}/{tag(SOPFLOW, name)}")
    if found is None:
        return None
    value = decode(found)
    return value if isinstance(value, dict) else {}


__all__ = ["carried", "carry", "data", "decode", "document_", "encode", "extension"]
