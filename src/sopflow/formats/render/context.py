"""What a view needs besides the document: who reads it, its document control, its references.

From a file there is no library, so the control context says "draft" and the copy is
uncontrolled; the library fills in the revision, state, dates, owner and approver.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sopflow.model import AnyDocument, Audience


@dataclass(frozen=True)
class HistoryEntry:
    """One line of the revision history."""

    revision: str
    date: date | None
    author: str | None
    summary: str
    state: str


@dataclass(frozen=True)
class SignatureEntry:
    """One electronic signature of the revision shown: who, what it means, when (UTC)."""

    full_name: str
    meaning: str  # authored, reviewed, approved, acknowledged
    signed_at: datetime


@dataclass(frozen=True)
class ExternalReference:
    """A document of external origin a view names, as the register describes it."""

    code: str
    issuer: str
    reference: str
    revision: str
    title: str | None = None

    def describe(self) -> str:
        """One line: the issuer's reference and revision, and the title."""
        said = f"{self.reference}, revision {self.revision} ({self.issuer})"
        return f"{said}: {self.title}" if self.title else said


@dataclass(frozen=True)
class Control:
    """The document-control block (ISO 9001 documented information) of one revision."""

    revision: str = "draft"
    state: str = "draft"
    effective_date: date | None = None
    owner: str | None = None
    approver: str | None = None
    history: tuple[HistoryEntry, ...] = ()
    signatures: tuple[SignatureEntry, ...] = ()
    next_review: date | None = None

    @property
    def controlled(self) -> bool:
        """Only an effective revision is a controlled copy."""
        return self.state == "effective"


@dataclass(frozen=True)
class RenderContext:
    """Everything a renderer may use beyond the document itself."""

    audience: Audience = "novice"
    control: Control = field(default_factory=Control)
    documents: Mapping[str, AnyDocument] = field(default_factory=dict)
    """Other documents by code, to show a referenced work instruction's title or steps."""
    link: Callable[[str], str] = lambda code: f"{code}.md"
    """The address a reference to a code links to."""
    image: Callable[[str], bytes | None] = lambda path: None
    """The bytes of a screenshot a step refers to (a path relative to the document), or None
    when it cannot be found; paged views then show the step without it."""
    printed: date | None = None
    """The day the copy is made, which prints carry (None: today, in UTC)."""
    external: Mapping[str, ExternalReference] = field(default_factory=dict)
    """The register's entries of the external documents the document names, by code."""
    referrers: tuple[str, ...] = ()
    """Codes of the documents beside this one that refer to it (a folder export's), which
    the HTML page links back to; empty when they are not rendered with it."""
    paper: str = "a4"
    """a4 or letter, for PDF and DOCX (and the HTML page's print layout): the faces pass the
    paper of their settings (SOPFLOW_PAPER), so the command line, the services and the web
    app all print on the paper it names."""

    def printed_on(self) -> date:
        """The print date every paged view and print stylesheet shows."""
        return self.printed or datetime.now(UTC).date()

    def resolve(self, code: str) -> AnyDocument | None:
        """The referenced document when it is known."""
        return self.documents.get(code)


MARKS = {
    "superseded": "SUPERSEDED: a later revision is in force",
    "obsolete": "OBSOLETE: withdrawn from use",
}
"""The mark each page of a revision in these states carries."""
UNCONTROLLED = "UNCONTROLLED COPY: not an effective revision"
"""The mark of every other revision that is not in force (a draft, in review, approved)."""


def page_mark(control: Control) -> str | None:
    """What every page of a copy of this revision says it is, or None for the revision in
    force (a controlled copy while it stays on screen)."""
    if control.controlled:
        return None
    return MARKS.get(control.state, UNCONTROLLED)


def print_note(printed: date) -> str:
    """The line every print carries: a printed copy is never kept up to date."""
    return f"Uncontrolled when printed; printed {printed.isoformat()}"


HEADER_SIGNATURES = 6
"""The most signatures the running header lists; the rest are in the Signatures section."""


def control_rows(document: AnyDocument, control: Control) -> list[tuple[str, str]]:
    """The control block as label/value pairs, the same in every paged format, laid out
    three pairs a row; every label is always there ("-" when unknown), so a reader sees
    that a revision has no effective date or next review rather than wondering."""
    return [
        ("Code", document.code),
        ("Revision", control.revision),
        ("State", control.state),
        ("Title", document.title),
        ("Effective date", _day(control.effective_date)),
        ("Next review", _day(control.next_review)),
        ("Owner", control.owner or document.owner or "-"),
        ("Approvers", control.approver or "-"),
    ]


def document_dates(context: RenderContext) -> tuple[date, date]:
    """When the revision shown was first written and last changed, for a file's metadata:
    the first and the last date of its history, the effective date, else the print date
    (a file rendered from disk has no history)."""
    known = [entry.date for entry in context.control.history if entry.date]
    if context.control.effective_date:
        known.append(context.control.effective_date)
    if not known:
        return context.printed_on(), context.printed_on()
    return min(known), max(known)


def _day(value: date | None) -> str:
    return value.isoformat() if value else "-"


def signature_rows(control: Control) -> list[tuple[str, str, str]]:
    """Each signature as name, meaning and UTC time: one row each, so two signatures take
    two rows of the block and never widen it."""
    return [
        (s.full_name, s.meaning, f"{s.signed_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC")
        for s in control.signatures
    ]


def header_signatures(control: Control) -> tuple[list[tuple[str, str, str]], int]:
    """The signature rows the running header of a paged view lists (the approval ones
    before acknowledgements, at most HEADER_SIGNATURES) and how many are left out."""
    every = signature_rows(control)
    ordered = [r for r in every if r[1] != "acknowledged"] + [
        r for r in every if r[1] == "acknowledged"
    ]
    return ordered[:HEADER_SIGNATURES], max(0, len(ordered) - HEADER_SIGNATURES)
