"""Storing captured drafts: each gets a code from the library's counter, as a draft revision.

Capture writes drafts with placeholder codes (an SOP and the work instructions it refers to).
Saving gives every draft the next free code of its kind and area and rewrites the references
between the drafts to the new codes, so the SOP still points at its own work instructions.
Its screenshots move to the folder named for the new code ("SOP-FIN-004.media/…"), where an
export writes them beside the document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath

from sqlalchemy import Connection

from sopflow.library.attachments import attach_files
from sopflow.library.codes import allocate_code
from sopflow.library.documents import save_document
from sopflow.model import AnyDocument, Policy, Sop, Workflow
from sopflow.model.codes import parse_code
from sopflow.model.flow import Step
from sopflow.model.media import media_paths, rename_media
from sopflow.model.revisions import RevisionInfo


def rename_references(document: AnyDocument, codes: Mapping[str, str]) -> AnyDocument:
    """The document with every reference to an old code in codes pointing at the new one."""

    def new(code: str) -> str:
        return codes.get(code, code)

    if isinstance(document, Policy):
        return document.model_copy(
            update={"implemented_by": tuple(new(c) for c in document.implemented_by)}
        )
    if isinstance(document, Workflow):
        stages = tuple(
            stage.model_copy(update={"sop": new(stage.sop)}) if stage.sop else stage
            for stage in document.stages
        )
        return document.model_copy(update={"stages": stages})
    if isinstance(document, Sop):
        nodes = tuple(
            node.model_copy(update={"reference": new(node.reference)})
            if isinstance(node, Step) and node.reference
            else node
            for node in document.flow.nodes
        )
        return document.model_copy(
            update={
                "policies": tuple(new(c) for c in document.policies),
                "flow": document.flow.model_copy(update={"nodes": nodes}),
            }
        )
    return document


def save_drafts(
    connection: Connection,
    *,
    drafts: Sequence[AnyDocument],
    author: str,
    summary: str = "Captured from a walkthrough",
    files: Mapping[str, bytes] | None = None,
) -> list[RevisionInfo]:
    """Store drafts as new documents with codes from the counter; their first revisions.

    `files` holds the screenshots the drafts refer to, by the paths they use. Call inside
    one transaction: either every draft is stored, with its screenshots, or none is.
    """
    codes = {
        draft.code: allocate_code(connection, kind=draft.kind, area=parse_code(draft.code).area)
        for draft in drafts
    }
    saved = []
    for draft in drafts:
        code = codes[draft.code]
        moved = {path: f"{code}.media/{PurePosixPath(path).name}" for path in media_paths(draft)}
        document = rename_media(rename_references(draft, codes), moved.__getitem__)
        document = document.model_copy(update={"code": code})
        result = save_document(
            connection, document=document, author=author, summary=summary, base=None
        )
        given = {new: (files or {})[old] for old, new in moved.items() if old in (files or {})}
        attach_files(connection, code=code, number=result.revision.number, files=given)
        saved.append(result.revision)
    return saved
