"""A new SOP from a BPMN 2.0 model uploaded in the browser: imported as `sopflow bpmn
import` does, saved as revision 1 (a draft) of a free SOP code, with the import's report of
what it could not keep, so the person sees what to redraw in the flow builder.

The file never touches the disk: it is parsed from the bytes received, with the safe XML
reader (no DTD, no entities, no network).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sopflow.errors import InvalidInputError, SopflowError
from sopflow.formats.bpmn.import_ import import_bpmn_data
from sopflow.formats.yaml_write import document_data
from sopflow.library.store import Library
from sopflow.model import Sop
from sopflow.model.documents import KIND_NAMES
from sopflow.services import revisions
from sopflow.services.access import Actor
from sopflow.services.documents import check_code
from sopflow.services.revisions import SavedRevision

MAX_MODEL = 5 * 1024 * 1024
"""The largest model an upload may be, in bytes."""


@dataclass(frozen=True)
class BpmnImported:
    """The saved revision, what the import could not keep (one line per kind), and the
    model's rule problems the draft was saved with (fixed in the builder)."""

    saved: SavedRevision
    not_kept: tuple[str, ...]
    problems: tuple[str, ...]


def display_name(filename: str) -> str:
    """The uploader's name for the file as a label: its last part, plain characters only."""
    last = re.split(r"[\\/]", filename)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9 ._-]+", "_", last).strip(" .") or "model.bpmn"
    return cleaned[:100]


def new_from_bpmn(
    *,
    library: Library,
    actor: Actor | None,
    filename: str,
    data: bytes,
    code: str,
    title: str = "",
) -> BpmnImported:
    """Import the model in data as revision 1 of the new SOP code (title: the model's name
    unless given). A file that is not a BPMN model, or one that holds something else than
    an SOP, is refused with InvalidInputError naming the field `file`."""
    author = revisions.editor(actor=actor)
    code = check_code(code.strip())
    if not code.startswith("SOP-"):
        raise InvalidInputError(f"code: {code} is not an SOP code (SOP-AREA-NNN)", field="code")
    name = display_name(filename)
    if not data:
        raise InvalidInputError(f"file: {name} is empty; choose a .bpmn file", field="file")
    if len(data) > MAX_MODEL:
        raise InvalidInputError(f"file: {name} is larger than 5 MB", field="file")
    try:
        imported = import_bpmn_data(data, name, code)
    except SopflowError as error:
        raise InvalidInputError(f"file: {error}", field="file") from None
    document = imported.result
    if not isinstance(document, Sop):
        raise InvalidInputError(
            f"file: {name} holds a {KIND_NAMES[document.kind]}, not an SOP's flow; import "
            "it with `sopflow bpmn import`",
            field="file",
        )
    chosen = title.strip() or document.title
    sop = revisions.parse_document(
        {**document_data(document), "code": code, "title": chosen}, keep_problems=True
    )
    saved = revisions.save_revision(
        library=library,
        actor=author,
        document=sop,
        base=None,
        summary=f"Imported from the BPMN model {name}",
    )
    return BpmnImported(saved, tuple(imported.report), tuple(revisions.rule_problems(sop)))


__all__ = ["MAX_MODEL", "BpmnImported", "display_name", "new_from_bpmn"]
