"""Whether a document brought under a code the library holds is that document again.

A document is known by its code, and nothing in its source says "this is the document
SOP-FIN-001 has always been": a file can move, be exported and imported again, be renamed.
So an import (or a save that names no revision) decides from the content: it is the same
document, and becomes its next revision, when it keeps the title of the latest revision
(case and spacing aside) or, retitled, keeps most of its structure (at least half of the
roles, steps and stages of both have the same ids). Otherwise it is another document that
took a code already given: it is refused, codes are never reused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from sopflow.errors import ConflictError
from sopflow.library.documents import DocumentNotFoundError, get_revision
from sopflow.library.engine import LibraryError
from sopflow.model import AnyDocument, Policy, Sop, Workflow, WorkInstruction

SHARED_ENOUGH = 0.5
"""The share of element ids (of both documents together) a retitled revision keeps."""


def _title(text: str) -> str:
    return " ".join(text.casefold().split())


def element_keys(document: AnyDocument) -> frozenset[str]:
    """What a revision usually keeps of the one before: role and node ids of an SOP, the
    actions of a WI, stage ids of a workflow, what a policy states and who implements it."""
    if isinstance(document, Sop):
        return frozenset(
            [f"role:{role.id}" for role in document.roles]
            + [f"node:{node.id}" for node in document.flow.nodes]
        )
    if isinstance(document, WorkInstruction):
        return frozenset(f"step:{' '.join(s.action.casefold().split())}" for s in document.steps)
    if isinstance(document, Workflow):
        return frozenset(f"stage:{stage.id}" for stage in document.stages)
    assert isinstance(document, Policy)
    return frozenset(
        [f"statement:{_title(document.statement)}"]
        + [f"implements:{code}" for code in document.implemented_by]
    )


def same_document(held: AnyDocument, incoming: AnyDocument) -> bool:
    """Whether incoming is a revision of held (same code assumed): the same title, or, for
    a new title, at least half of their elements in common."""
    if held.kind != incoming.kind:
        return False
    if _title(held.title) == _title(incoming.title):
        return True
    old, new = element_keys(held), element_keys(incoming)
    together = old | new
    return bool(together) and len(old & new) >= SHARED_ENOUGH * len(together)


@dataclass(frozen=True)
class Holder:
    """The document a code belongs to: its title and latest revision, to name it."""

    code: str
    title: str
    revision: int
    author: str
    saved_on: str

    def describe(self) -> str:
        return (
            f"{self.title!r} (revision {self.revision}, saved by {self.author} on {self.saved_on})"
        )


REVISION_HINT = "a new revision of that document keeps its title, or most of its steps"
"""How an import tells a revision from another document, said in each refusal."""


class CodeTakenError(LibraryError, ConflictError):
    """Documents brought under codes that belong to other documents; nothing is stored."""

    field = "code"

    def __init__(self, clashes: Sequence[tuple[str, Holder]], *, hint: str = REVISION_HINT):
        lines = [
            f"{where}: code {holder.code} already belongs to {holder.describe()}; give this "
            f"document another code ({hint})"
            for where, holder in clashes
        ]
        super().__init__("\n".join(lines))
        self.codes = tuple(holder.code for _, holder in clashes)


def other_holder(
    connection: Connection, document: AnyDocument, *, title: str | None = None
) -> Holder | None:
    """The document holding document's code when it is another one, else None (the code is
    free, or document is a revision of it). `title`, the held document's latest title when
    the caller has it, spares reading its content when the titles agree."""
    if title is not None and _title(title) == _title(document.title):
        return None
    try:
        stored = get_revision(connection, code=document.code)
    except DocumentNotFoundError:
        return None
    if same_document(stored.document, document):
        return None
    info = stored.info
    return Holder(
        document.code,
        stored.document.title,
        info.number,
        info.author,
        info.created_at.date().isoformat(),
    )


def refuse_other_documents(
    connection: Connection,
    docs: Sequence[AnyDocument],
    *,
    titles: Mapping[str, str],
    files: Mapping[str, str],
) -> None:
    """CodeTakenError naming every document whose code belongs to another document.

    `titles` are the latest titles of the held codes among docs; `files` name where each
    document came from (by code), for the message.
    """
    clashes = [
        (files.get(document.code, document.code), holder)
        for document in docs
        if document.code in titles
        and (holder := other_holder(connection, document, title=titles[document.code]))
    ]
    if clashes:
        raise CodeTakenError(clashes)
