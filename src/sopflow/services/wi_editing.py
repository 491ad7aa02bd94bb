"""Editing a work instruction in the web app: open the latest revision (or a new code),
see which SOP flows use it, name an uploaded screenshot safely, save a new draft revision.

A WI is a part other documents rely on: an SOP step that references it tells people to do
exactly what it says. So a save of a WI that others use must name the documents the person
was shown (where-used) before confirming; one that appeared since is refused, not passed
over.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sopflow.errors import InvalidInputError
from sopflow.formats.images import media_type
from sopflow.library.documents import DocumentNotFoundError
from sopflow.library.store import Library
from sopflow.model import Sop, WorkInstruction
from sopflow.services import documents, revisions
from sopflow.services.access import Actor
from sopflow.services.documents import check_code
from sopflow.services.revisions import SavedRevision

MAX_SCREENSHOT = 10 * 1024 * 1024
"""The largest screenshot one action takes, in bytes."""

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$")
_SUFFIX = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp"}


@dataclass(frozen=True)
class UsedIn:
    """A document that refers to the WI, and for an SOP the steps of its flow that do."""

    code: str
    kind: str
    title: str
    steps: tuple[tuple[str, str], ...] = ()
    """(node id, instruction) of each step whose reference is the WI."""


@dataclass(frozen=True)
class WiEditing:
    """What the editor opens: the revision it is based on (None for a new WI), the
    document, and where it is used."""

    code: str
    base: int | None
    document: WorkInstruction | None
    used_in: tuple[UsedIn, ...]


def check_wi_code(code: str, *, field: str = "code") -> str:
    """A work instruction's code, or InvalidInputError naming the field."""
    check_code(code, field=field)
    if not code.startswith("WI-"):
        raise InvalidInputError(
            f"{field}: {code} is not a work instruction code (WI-AREA-NNN, e.g. WI-PAY-005)",
            field=field,
        )
    return code


def used_in(*, library: Library, actor: Actor | None, code: str) -> tuple[UsedIn, ...]:
    """The documents that refer to code directly, with the SOP steps that reference it."""
    found = documents.where_used(library=library, actor=actor, code=code)
    used: list[UsedIn] = []
    for dependant in found.dependants:
        steps: tuple[tuple[str, str], ...] = ()
        if dependant.kind == "sop":
            sop = documents.get_revision(library=library, actor=actor, code=dependant.code)
            if isinstance(sop.document, Sop):
                steps = tuple(
                    (step.id, step.instruction)
                    for step in sop.document.flow.steps()
                    if step.reference == code
                )
        used.append(UsedIn(dependant.code, dependant.kind, dependant.title, steps))
    return tuple(used)


def open_wi(*, library: Library, actor: Actor | None, code: str) -> WiEditing:
    """The latest revision of WI code to edit, or an empty one for a code the library does
    not hold yet (the editor then saves revision 1)."""
    revisions.editor(actor=actor)
    check_wi_code(code)
    try:
        stored = documents.get_revision(library=library, actor=actor, code=code)
    except DocumentNotFoundError:  # SOPs may name it before it exists: show them too
        return WiEditing(code, None, None, used_in(library=library, actor=actor, code=code))
    if not isinstance(stored.document, WorkInstruction):  # a WI- code holds a WI; defensive
        raise InvalidInputError(f"code: {code} is not a work instruction", field="code")
    used = used_in(library=library, actor=actor, code=code)
    return WiEditing(code, stored.info.number, stored.document, used)


def screenshot_path(code: str, filename: str, data: bytes, *, field: str) -> str:
    """Where a screenshot uploaded as filename is kept: CODE.media/NAME-HASH.EXT.

    The uploader's name is only a label: one with a folder in it, `..`, or characters a
    file name should not have is refused, and so are bytes that are not an image. The hash
    makes new bytes a new path, so a changed screenshot is a change of the document.
    """
    base = filename.strip()
    if not _NAME.match(base) or ".." in base or base.startswith("."):
        raise InvalidInputError(
            f"{field}: {filename!r} is not a plain file name (letters, digits, spaces, "
            "dots, dashes; no folders, no '..')",
            field=field,
        )
    if len(data) > MAX_SCREENSHOT:
        raise InvalidInputError(f"{field}: {base} is larger than 10 MB", field=field)
    kind = media_type(data)
    if kind is None:
        raise InvalidInputError(
            f"{field}: {base} is not a PNG, JPEG, GIF or WebP image", field=field
        )
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", base.rsplit(".", 1)[0]).strip("-").lower() or "shot"
    digest = hashlib.sha256(data).hexdigest()[:10]
    return f"{code}.media/{stem[:40]}-{digest}{_SUFFIX[kind]}"


def save_wi(
    *,
    library: Library,
    actor: Actor | None,
    code: str,
    data: object,
    base: int | None,
    summary: str,
    files: Mapping[str, bytes],
    seen_used: Collection[str],
) -> SavedRevision:
    """Save the WI as a new draft revision on top of base (RevisionConflictError when that
    is no longer the latest), with the screenshots in files.

    seen_used: the codes of the documents using it that the person was shown and confirmed;
    a save is refused, naming the field `confirm_used`, while another uses it.
    """
    author = revisions.editor(actor=actor)
    check_wi_code(code)
    document = revisions.parse_document(data, keep_problems=True)
    if not isinstance(document, WorkInstruction) or document.code != code:
        raise InvalidInputError(f"document.code: the document is not {code}", field="code")
    unseen = [
        item
        for item in used_in(library=library, actor=author, code=code)
        if item.code not in seen_used
    ]
    if unseen:
        names = ", ".join(f"{item.code} {item.title}" for item in unseen)
        raise InvalidInputError(
            f"confirm_used: {code} is used by {names}; check that the change suits "
            "them and confirm before saving",
            field="confirm_used",
        )
    return revisions.save_revision(
        library=library, actor=author, document=document, base=base, summary=summary, files=files
    )


__all__ = [
    "MAX_SCREENSHOT",
    "UsedIn",
    "WiEditing",
    "check_wi_code",
    "open_wi",
    "save_wi",
    "screenshot_path",
    "used_in",
]
