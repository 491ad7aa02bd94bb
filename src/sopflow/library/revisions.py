"""Revision content: the canonical JSON a revision stores, its SHA-256, and reading it back.

The JSON is the document's canonical source structure (`document_data`: defaults left out,
format version included) dumped with sorted keys and no insignificant whitespace, so equal
documents have equal bytes and equal hashes.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from pydantic import TypeAdapter

from sopflow.formats.migrations import FORMAT_KEY, FORMAT_VERSION, migrate
from sopflow.formats.yaml_write import document_data
from sopflow.model import AnyDocument, Document
from sopflow.model.codes import Kind
from sopflow.model.revisions import RevisionInfo, RevisionState

_ADAPTER: TypeAdapter[AnyDocument] = TypeAdapter(Document)


def canonical_json(document: AnyDocument) -> str:
    """The document as canonical JSON text."""
    return json.dumps(
        document_data(document), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def content_hash(content: str) -> str:
    """The SHA-256 of canonical JSON text, in hex."""
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def document_from_json(content: str) -> AnyDocument:
    """A stored revision's document, migrated to the current format version first."""
    data = migrate(json.loads(content))
    return _ADAPTER.validate_python({k: v for k, v in data.items() if k != FORMAT_KEY})


def same_document(content: str, document: AnyDocument) -> bool:
    """Whether stored content written in an older format version holds document unchanged.

    Content of the current version is equal exactly when its hash is; older content differs
    in its version key alone after a format upgrade, which is no change to the document.
    """
    data = json.loads(content)
    if data.get(FORMAT_KEY) == FORMAT_VERSION:
        return False
    return document_from_json(content) == document


PARSED_KEPT = 512
"""How many parsed revisions stored_document keeps."""

_PARSED: OrderedDict[str, AnyDocument] = OrderedDict()
_PARSED_LOCK = threading.Lock()


def stored_document(sha256: str, content: str) -> AnyDocument:
    """document_from_json, reusing the document parsed last time for the same content.

    A revision's content never changes and is named by its SHA-256, so the parsed (frozen)
    document can be shared: a page that reads one revision several times, or many readers
    of the same SOP, validate it once.
    """
    with _PARSED_LOCK:
        found = _PARSED.get(sha256)
        if found is not None:
            _PARSED.move_to_end(sha256)
            return found
    document = document_from_json(content)
    with _PARSED_LOCK:
        _PARSED[sha256] = document
        while len(_PARSED) > PARSED_KEPT:
            _PARSED.popitem(last=False)
    return document


@dataclass(frozen=True)
class StoredRevision:
    """One revision as the library holds it: what is known about it, and its document."""

    info: RevisionInfo
    document: AnyDocument


def revision_info(
    *,
    code: str,
    kind: str,
    number: int,
    sha256: str,
    author: str,
    created_at: datetime,
    summary: str,
    state: str,
) -> RevisionInfo:
    """A RevisionInfo from stored column values."""
    kinds: dict[str, Kind] = {"policy": "policy", "workflow": "workflow", "sop": "sop", "wi": "wi"}
    return RevisionInfo(
        code=code,
        kind=kinds[kind],
        number=number,
        sha256=sha256,
        author=author,
        created_at=created_at,
        summary=summary,
        state=RevisionState(state),
    )
