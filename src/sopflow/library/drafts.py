"""Storing captured drafts: each gets a code from the library's counter, as a draft revision.

Capture writes drafts with placeholder codes (an SOP and the work instructions it refers to).
Saving gives every draft the next free code of its kind and area and rewrites the references
between the drafts to the new codes, so the SOP still points at its own work instructions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Connection

from sopflow.library.codes import allocate_code
from sopflow.library.documents import save_document
from sopflow.model import AnyDocument, Policy, Sop, Workflow
from sopflow.model.codes import parse_code
from sopflow.model.flow import Step
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
) -> list[RevisionInfo]:
    """Store drafts as new documents with codes from the counter; their first revisions.

    Call inside one transaction: either every draft is stored or none is.
    """
    codes = {
        draft.code: allocate_code(connection, kind=draft.kind, area=parse_code(draft.code).area)
        for draft in drafts
    }
    saved = []
    for draft in drafts:
        document = rename_references(draft, codes).model_copy(update={"code": codes[draft.code]})
        result = save_document(
            connection, document=document, author=author, summary=summary, base=None
        )
        saved.append(result.revision)
    return saved
