"""The document register (ISO 9001 clause 7.5 master list), and the documents of external
origin it also lists.

Who sees what: the register tells that drafts exist, so the whole register needs the
read-drafts permission (authors, reviewers, admins). Readers (READ only) get the documents
that have a revision in force, and obsolete ones, marked: the list a reader may work from.

The lifecycle fields (effective date, approvers, next review date) come from `_lifecycle`,
which reads document control's facts of the revision in force (as the views' control block
does): its effective moment, the people whose approval signatures verify, and the next
periodic review date (none for an obsolete document, which is due no review).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection

from sopflow.errors import InvalidInputError
from sopflow.formats.register import EXPORT_FORMATS, Sheet, write_sheet
from sopflow.library import register as store
from sopflow.library.browse import DocumentFilters
from sopflow.library.links import external_referrers as referrers_of
from sopflow.library.register import ExternalDocument, RegisteredDocument, RegisterFilters
from sopflow.library.store import Library
from sopflow.model.codes import EXTERNAL_CODE_LONGEST, EXTERNAL_CODE_PATTERN
from sopflow.model.revisions import RevisionState
from sopflow.services.access import Actor, Permission, require
from sopflow.services.control_dates import control_facts
from sopflow.services.documents import check_filters, check_text

NONE_IN_FORCE = "none in force"
"""What the register says of a document without an effective revision."""


@dataclass(frozen=True)
class Lifecycle:
    """What document control knows of the revision in force."""

    effective_date: date | None = None
    approvers: tuple[str, ...] = ()
    next_review: date | None = None


@dataclass(frozen=True)
class RegisterRow:
    """One line of the master list."""

    code: str
    title: str
    kind: str
    revision: int | None  # the revision in force; None: none is
    effective_date: date | None
    owner: str | None
    department: str | None
    approvers: tuple[str, ...]
    next_review: date | None
    state: str
    latest: int

    @property
    def in_force(self) -> str:
        """The revision in force as a register shows it."""
        return str(self.revision) if self.revision is not None else NONE_IN_FORCE

    @property
    def obsolete(self) -> bool:
        """Withdrawn: listed so the register shows it was, marked so nobody uses it."""
        return self.state == RevisionState.OBSOLETE.value


def _lifecycle(connection: Connection, document: RegisteredDocument) -> Lifecycle:
    """The lifecycle fields of document's revision in force (none: all unknown)."""
    if document.in_force is None:
        return Lifecycle()
    facts = control_facts(connection, code=document.code, number=document.in_force)
    approvers = tuple(
        dict.fromkeys(s.full_name for s in facts.signatures if s.valid and s.meaning == "approved")
    )
    effective = facts.effective_from.astimezone(UTC).date() if facts.effective_from else None
    return Lifecycle(effective, approvers, facts.next_review)


def build_row(document: RegisteredDocument, lifecycle: Lifecycle | None = None) -> RegisterRow:
    """A register line from the stored document and its lifecycle fields."""
    lifecycle = lifecycle or Lifecycle()
    return RegisterRow(
        code=document.code,
        title=document.title,
        kind=document.kind,
        revision=document.in_force,
        effective_date=lifecycle.effective_date,
        owner=document.owner,
        department=document.department,
        approvers=lifecycle.approvers,
        next_review=lifecycle.next_review,
        state=document.state,
        latest=document.latest,
    )


def check_register_filters(filters: RegisterFilters) -> RegisterFilters:
    """Filters of known kinds and states and of reasonable text; InvalidInputError else."""
    check_filters(
        DocumentFilters(
            kind=filters.kind,
            department=filters.department,
            state=filters.state,
            owner=filters.owner,
        )
    )
    check_text(filters.text or "", field="text")
    return filters


def register(
    *, library: Library, actor: Actor | None, filters: RegisterFilters | None = None
) -> list[RegisterRow]:
    """The master list, by code: every document for those who may read drafts, else those
    with a revision in force and the obsolete ones (see the module's docstring)."""
    reader = require(actor, Permission.READ)
    chosen = check_register_filters(filters or RegisterFilters())
    with library.reading() as connection:
        found = store.register_rows(
            connection, filters=chosen, only_in_force=not reader.can(Permission.READ_DRAFTS)
        )
        return [build_row(document, _lifecycle(connection, document)) for document in found]


EXTERNAL_CODE = re.compile(EXTERNAL_CODE_PATTERN)
"""An external document's code: EXT- and the issuer's reference, e.g. EXT-ISO-9001."""


def check_external_code(code: str, *, field: str = "code") -> str:
    """An external code such as EXT-ISO-9001; InvalidInputError naming the field else."""
    if len(code) > EXTERNAL_CODE_LONGEST or not EXTERNAL_CODE.match(code):
        raise InvalidInputError(
            f"{field}: {code!r} is not an external document code: EXT- then upper-case "
            f"letters, digits, dots and dashes, at most {EXTERNAL_CODE_LONGEST} characters "
            "(e.g. EXT-ISO-9001)",
            field=field,
        )
    return code


def _required(value: str, field: str) -> str:
    cleaned = check_text(value, field=field).strip()
    if not cleaned:
        raise InvalidInputError(f"{field}: give a value", field=field)
    return cleaned


def _optional(value: str | None, field: str) -> str | None:
    return check_text(value, field=field).strip() or None if value else None


def _checked_url(url: str | None) -> str | None:
    cleaned = _optional(url, "url")
    if cleaned and not re.match(r"^https?://[^\s]+$", cleaned):
        raise InvalidInputError("url: give an http:// or https:// address", field="url")
    return cleaned


def add_external(
    *, library: Library, actor: Actor | None, document: ExternalDocument
) -> ExternalDocument:
    """Register a document of external origin (needs EDIT)."""
    editor = require(actor, Permission.EDIT)
    checked = ExternalDocument(
        code=check_external_code(document.code.strip()),
        issuer=_required(document.issuer, "issuer"),
        reference=_required(document.reference, "reference"),
        revision=_required(document.revision, "revision"),
        title=_optional(document.title, "title"),
        url=_checked_url(document.url),
        issued=document.issued,
        registered_by=editor.name,
    )
    with library.transaction() as connection:
        return store.add_external(connection, checked)


def list_external(*, library: Library, actor: Actor | None) -> list[ExternalDocument]:
    """Every registered external document, by code (needs READ)."""
    require(actor, Permission.READ)
    with library.reading() as connection:
        return store.list_external(connection)


def external_referrers(*, library: Library, actor: Actor | None) -> dict[str, tuple[str, ...]]:
    """Which documents name each external document (their `external` field), by its code:
    every document for those who may read drafts, else those the register lists to them."""
    reader = require(actor, Permission.READ)
    with library.reading() as connection:
        found = referrers_of(connection)
        if reader.can(Permission.READ_DRAFTS):
            return found
        listed = {
            row.code
            for row in store.register_rows(
                connection, filters=RegisterFilters(), only_in_force=True
            )
        }
    return {
        code: kept
        for code, sources in found.items()
        if (kept := tuple(source for source in sources if source in listed))
    }


def remove_external(*, library: Library, actor: Actor | None, code: str) -> None:
    """Withdraw an external document from the register (needs EDIT)."""
    require(actor, Permission.EDIT)
    check_external_code(code)
    with library.transaction() as connection:
        store.remove_external(connection, code=code)


COLUMNS = (
    "code",
    "title",
    "kind",
    "revision in force",
    "effective date",
    "owner",
    "approvers",
    "next review",
    "state",
)
"""The register's columns, in the order every export writes them."""


def _cells(row: RegisterRow) -> tuple[str, ...]:
    return (
        row.code,
        row.title,
        row.kind,
        row.in_force,
        row.effective_date.isoformat() if row.effective_date else "",
        row.owner or "",
        ", ".join(row.approvers),
        row.next_review.isoformat() if row.next_review else "",
        row.state,
    )


def register_sheet(rows: list[RegisterRow], *, made_at: datetime | None = None) -> Sheet:
    """The register as a table of text for the writers in formats.register."""
    return Sheet(
        title="Document register",
        columns=COLUMNS,
        rows=tuple(_cells(row) for row in rows),
        obsolete=tuple(row.obsolete for row in rows),
        made_at=made_at or datetime.now(UTC),
    )


def export_register(
    *,
    library: Library,
    actor: Actor | None,
    form: str,
    filters: RegisterFilters | None = None,
) -> bytes:
    """The register (as `register` gives it) written as csv, xlsx or pdf."""
    if form not in EXPORT_FORMATS:
        raise InvalidInputError(
            f"format: {form!r} is not an export format; choose from {', '.join(EXPORT_FORMATS)}",
            field="format",
        )
    rows = register(library=library, actor=actor, filters=filters)
    return write_sheet(register_sheet(rows), form)


__all__ = [
    "COLUMNS",
    "NONE_IN_FORCE",
    "ExternalDocument",
    "Lifecycle",
    "RegisterFilters",
    "RegisterRow",
    "add_external",
    "build_row",
    "check_external_code",
    "export_register",
    "external_referrers",
    "list_external",
    "register",
    "register_sheet",
    "remove_external",
]
