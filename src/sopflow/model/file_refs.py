"""The rule on file references (screenshots, WI step images): a path inside the document's folder.

A document names its files relative to its own file ("SOP-FIN-003.media/s1.png"). A path that
climbs out ("../../etc/passwd"), starts at the root or a drive, or is an address ("file:",
"http:") could make an import, an export or a rendered page read or write a file elsewhere on
the machine. The readers already refuse to follow one; this rule says so where it is written,
so that `sopflow validate`, an import and a save all name the field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from sopflow.model.base import Provenance
from sopflow.model.documents import AnyDocument, WiStep
from sopflow.model.problems import Path, Problem

_ADDRESS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
"""A URL scheme or a Windows drive ("file:", "C:")."""


def _references(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(value, Provenance):
        if value.screenshot:
            yield (*path, "screenshot"), value.screenshot
        return
    if isinstance(value, BaseModel):
        if isinstance(value, WiStep) and value.image:
            yield (*path, "image"), value.image
        for name in type(value).model_fields:
            yield from _references(getattr(value, name), (*path, name))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _references(item, (*path, index))


def unsafe_reason(reference: str) -> str | None:
    """Why a file reference could lead outside the document's folder, or None when it is safe."""
    if any(unicodedata.category(char)[0] == "C" for char in reference):
        return "has control characters"
    if reference.startswith(("/", "\\")):
        return "is an absolute path"
    if _ADDRESS.match(reference):
        return "is an address or a drive, not a file beside the document"
    if ".." in re.split(r"[/\\]", reference):
        return "leads outside the document's folder"
    return None


def check_file_references(document: AnyDocument) -> Iterator[Problem]:
    """Every screenshot or image path that is not a plain path inside the document's folder."""
    for path, reference in _references(document, ()):
        reason = unsafe_reason(reference)
        if reason is not None:
            yield Problem(
                path,
                f"{path[-1]} {reference!r} {reason}; a file is named relative to the document, "
                f"as in {document.code}.media/step-1.png",
                "file-reference",
            )


__all__ = ["check_file_references", "unsafe_reason"]
