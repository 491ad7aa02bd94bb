"""The files a document refers to: screenshots of captured steps and images of WI steps.

Paths are relative to the document's file ("SOP-FIN-003.media/open-the-order.png"). The
library stores these files with the revision that refers to them, and renames them when a
draft gets its final code, so the walk over a document is written once, here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from sopflow.model.base import Provenance
from sopflow.model.documents import AnyDocument, WiStep


def _walk(value: Any) -> Iterator[str]:
    if isinstance(value, Provenance):
        if value.screenshot:
            yield value.screenshot
        return
    if isinstance(value, BaseModel):
        if isinstance(value, WiStep) and value.image:
            yield value.image
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _walk(item)


def media_paths(document: AnyDocument) -> tuple[str, ...]:
    """Every file the document refers to, in document order, each once."""
    return tuple(dict.fromkeys(_walk(document)))


def _renamed(value: Any, rename: Callable[[str], str]) -> Any:
    if isinstance(value, Provenance):
        if value.screenshot:
            return value.model_copy(update={"screenshot": rename(value.screenshot)})
        return value
    if isinstance(value, BaseModel):
        update: dict[str, Any] = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _renamed(old, rename)
            if new is not old:
                update[name] = new
        if isinstance(value, WiStep) and value.image:
            update["image"] = rename(value.image)
        return value.model_copy(update=update) if update else value
    if isinstance(value, tuple):
        items = tuple(_renamed(item, rename) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


def rename_media(document: AnyDocument, rename: Callable[[str], str]) -> AnyDocument:
    """The document with every file path it refers to replaced by rename(path)."""
    renamed: AnyDocument = _renamed(document, rename)
    return renamed


__all__ = ["media_paths", "rename_media"]
