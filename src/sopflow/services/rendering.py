"""A library revision in a view format (the registered renderers, and its JSON and YAML
source), and the same revision as the web app's document page shows it.

The revision is the one the actor sees (sopflow.services.documents); its control block
carries its history up to it, and the documents it refers to are resolved to the revisions
the actor sees of them.
"""

from __future__ import annotations

import mimetypes
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import Connection

from sopflow.errors import InvalidInputError
from sopflow.formats.render import html
from sopflow.formats.render.context import (
    Control,
    ExternalReference,
    HistoryEntry,
    RenderContext,
    SignatureEntry,
    page_mark,
)
from sopflow.formats.render.pages import PAPERS
from sopflow.formats.render.registry import renderers
from sopflow.formats.render.swimlane import graphviz_available, svg_fragment
from sopflow.formats.yaml_write import dump_document
from sopflow.library import documents as store
from sopflow.library import links
from sopflow.library.attachments import revision_files_data, revision_paths
from sopflow.library.register import list_external
from sopflow.library.revisions import StoredRevision, canonical_json
from sopflow.library.store import Library
from sopflow.model import KIND_NAMES, AnyDocument, Audience, references
from sopflow.model.revisions import RevisionInfo
from sopflow.services.access import Actor, Permission, require
from sopflow.services.control_dates import ControlFacts, control_facts
from sopflow.services.documents import check_code, shown_number, visible_documents

MEDIA_TYPES: dict[str, str] = {
    ".json": "application/json",
    ".yaml": "application/yaml",
    ".md": "text/markdown; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".svg": "image/svg+xml",
    ".mmd": "text/vnd.mermaid; charset=utf-8",
    ".bpmn": "application/xml",
}
"""The media type of each built-in format, by file suffix; plug-ins' are guessed."""

SOURCE_FORMATS: dict[str, tuple[str, str]] = {
    "json": (".json", "The canonical JSON source, as the library stores it"),
    "yaml": (".yaml", "The YAML source file, as `sopflow export` writes it"),
}
"""The formats that are the document's own source rather than a rendered view."""

AUDIENCES: tuple[Audience, ...] = ("novice", "expert")


@dataclass(frozen=True)
class Format:
    """A format a revision can be had in."""

    name: str
    suffix: str
    description: str
    media_type: str


def _media_type(suffix: str, binary: bool) -> str:
    if suffix in MEDIA_TYPES:
        return MEDIA_TYPES[suffix]
    guessed = mimetypes.guess_type(f"file{suffix}")[0]
    return guessed or ("application/octet-stream" if binary else "text/plain; charset=utf-8")


def formats() -> tuple[Format, ...]:
    """Every format: the two source formats, then each registered renderer by name."""
    found = [
        Format(name, suffix, description, MEDIA_TYPES[suffix])
        for name, (suffix, description) in SOURCE_FORMATS.items()
    ]
    found += [
        Format(name, view.suffix, view.description, _media_type(view.suffix, view.binary))
        for name, view in renderers().items()
    ]
    return tuple(found)


def check_format(name: str) -> Format:
    """The format called name, or an InvalidInputError naming the field and the choices."""
    every = formats()
    for known in every:
        if known.name == name:
            return known
    choices = ", ".join(known.name for known in every)
    raise InvalidInputError(
        f"format: unknown format {name!r}; choose one of {choices}", field="format"
    )


def check_audience(audience: str) -> Audience:
    """novice or expert, or an InvalidInputError naming the field."""
    for known in AUDIENCES:
        if audience == known:
            return known
    raise InvalidInputError(
        f"audience: must be novice or expert, not {audience!r}", field="audience"
    )


def check_paper(paper: str) -> str:
    """a4 or letter, or an InvalidInputError naming the field."""
    if paper not in PAPERS:
        raise InvalidInputError(
            f"paper: must be {' or '.join(PAPERS)}, not {paper!r}", field="paper"
        )
    return paper


@dataclass(frozen=True)
class Rendered:
    """A revision in one format, with what a download needs."""

    content: str | bytes
    format: Format
    revision: RevisionInfo

    @property
    def filename(self) -> str:
        """CODE-revN.ext"""
        return f"{self.revision.code}-rev{self.revision.number}{self.format.suffix}"


def _control(stored: StoredRevision, revisions: list[RevisionInfo], facts: ControlFacts) -> Control:
    """The control block: the revision, its state and owner, its history up to it, its
    effective date, signatures (those that verify) and next review date."""
    info = stored.info
    valid = [s for s in facts.signatures if s.valid]
    approvers = [s.full_name for s in valid if s.meaning == "approved"]
    return Control(
        revision=str(info.number),
        state=info.state.value,
        owner=stored.document.owner,
        effective_date=facts.effective_from.date() if facts.effective_from else None,
        approver=", ".join(approvers) or None,
        signatures=tuple(SignatureEntry(s.full_name, s.meaning, s.signed_at) for s in valid),
        next_review=facts.next_review,
        history=tuple(
            HistoryEntry(str(r.number), r.created_at.date(), r.author, r.summary, r.state.value)
            for r in revisions
            if r.number <= info.number
        ),
    )


@dataclass(frozen=True)
class PrintMarks:
    """What a page printed from the web app says: the revision's mark (None for the one in
    force) and the day it was printed (the day the page was served)."""

    mark: str | None
    printed: str


def print_marks(*, state: str) -> PrintMarks:
    """The marks a printed page of a revision in state carries, as the views carry them."""
    today = RenderContext().printed_on()
    return PrintMarks(page_mark(Control(state=state)), today.isoformat())


def external_of(connection: Connection, document: AnyDocument) -> dict[str, ExternalReference]:
    """The register's entries of the external documents document names, by code."""
    if not document.external:
        return {}
    named = set(document.external)
    return {
        e.code: ExternalReference(e.code, e.issuer, e.reference, e.revision, e.title)
        for e in list_external(connection)
        if e.code in named
    }


def _stored_images(
    files: dict[str, bytes], missing: Callable[[str], None] | None
) -> Callable[[str], bytes | None]:
    def image(path: str) -> bytes | None:
        if path not in files and missing is not None:
            missing(path)
        return files.get(path)

    return image


def _context(
    connection: Connection,
    actor: Actor,
    stored: StoredRevision,
    *,
    audience: Audience,
    link: Callable[[str], str],
    paper: str = "a4",
) -> RenderContext:
    code = stored.info.code
    return RenderContext(
        audience=audience,
        control=_control(
            stored,
            store.history(connection, code=code),
            control_facts(connection, code=code, number=stored.info.number),
        ),
        documents=visible_documents(connection, actor, references(stored.document)),
        link=link,
        external=external_of(connection, stored.document),
        paper=paper,
    )


def render_revision(
    *,
    library: Library,
    actor: Actor | None,
    code: str,
    format: str,
    number: int | None = None,
    audience: str = "novice",
    link: Callable[[str], str] | None = None,
    missing_image: Callable[[str], None] | None = None,
    back_links: bool = False,
    paper: str = "a4",
) -> Rendered:
    """The revision the actor sees (or number) in a format.

    link gives the address a reference to a code points at (by default CODE.ext, the file
    an export beside it would have); missing_image is told each screenshot not found;
    back_links names the documents that refer to it, which the HTML page links back to
    (an export of the whole library has their files beside it); paper (a4 or letter, the
    face's Settings.paper) is what PDF and DOCX are laid out on.
    """
    reader = require(actor, Permission.READ)
    check_code(code)
    chosen = check_format(format)
    level = check_audience(audience)
    with library.reading() as connection:
        shown = shown_number(connection, reader, code=code, number=number)
        stored = store.get_revision(connection, code=code, number=shown)
        if chosen.name in SOURCE_FORMATS:
            text = canonical_json(stored.document) if chosen.name == "json" else None
            return Rendered(text or dump_document(stored.document), chosen, stored.info)
        context = _context(
            connection,
            reader,
            stored,
            audience=level,
            link=link or (lambda target: f"{target}{chosen.suffix}"),
            paper=check_paper(paper),
        )
        files = revision_files_data(connection, code=code, number=shown)
        used = [d.code for d in links.where_used(connection, code=code)] if back_links else []
        users = visible_documents(connection, reader, used)  # titled, like references
    shown_context = replace(
        context,
        image=_stored_images(files, missing_image),
        referrers=tuple(used),
        documents={**users, **context.documents},
    )
    view = renderers()[chosen.name]
    return Rendered(view.render(stored.document, shown_context), chosen, stored.info)


def library_codes(*, library: Library, actor: Actor | None) -> tuple[str, ...]:
    """The code of every document in the library, in order, for an export of them all."""
    require(actor, Permission.READ_DRAFTS)
    with library.reading() as connection:
        return tuple(listed.code for listed in store.list_documents(connection))


class _Diagrams:
    """The last diagrams drawn, so a page shown again does not run Graphviz again."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[tuple[object, ...], str | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...], draw: Callable[[], str | None]) -> str | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        drawn = draw()
        with self._lock:
            self._items[key] = drawn
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return drawn


_DIAGRAMS = _Diagrams()


DRAWN = ("sop", "workflow")
"""The kinds that have a swimlane diagram."""


def _diagram(document: AnyDocument, info: RevisionInfo, context: RenderContext) -> str | None:
    """The inline swimlane of a revision (SOPs and workflows), drawn once per content and
    link addresses."""
    if document.kind not in DRAWN:
        return None
    targets = tuple(context.link(code) for code in references(document))
    label = f"Swimlane diagram of {info.code} {document.title}"
    return _DIAGRAMS.get(
        (info.sha256, targets, label),
        lambda: svg_fragment(document, context, label=label),
    )


def document_diagram(
    *,
    library: Library,
    actor: Actor | None,
    code: str,
    link: Callable[[str], str],
    number: int | None = None,
) -> str | None:
    """The swimlane of the revision the actor sees (or number) as inline SVG whose nodes
    that reference a document link to link(code); None for a kind without one, or without
    Graphviz."""
    reader = require(actor, Permission.READ)
    check_code(code)
    with library.reading() as connection:
        shown = shown_number(connection, reader, code=code, number=number)
        stored = store.get_revision(connection, code=code, number=shown)
    return _diagram(stored.document, stored.info, RenderContext(link=link))


@dataclass(frozen=True)
class DocumentView:
    """A revision as the document page shows it."""

    revision: RevisionInfo
    document: AnyDocument
    kind_name: str
    audience: Audience
    body: str
    """The document's sections as HTML, every text escaped, the diagram inside."""
    has_diagram: bool
    latest: int | None
    """The latest revision's number, for those who may read drafts; None for the others."""


def document_view(
    *,
    library: Library,
    actor: Actor | None,
    code: str,
    link: Callable[[str], str],
    image_src: Callable[[str, int, str], str],
    number: int | None = None,
    audience: str = "novice",
    diagram_markup: str | None = None,
) -> DocumentView:
    """The revision the actor sees (or number), laid out for a page at an audience level.

    link gives the address of a referenced document (the diagram's nodes and the steps link
    there); image_src(code, number, path) the address of a screenshot the revision keeps;
    diagram_markup, when given, goes where the diagram would (a page that loads the diagram
    apart, see document_diagram, since drawing one takes Graphviz a while).
    """
    reader = require(actor, Permission.READ)
    check_code(code)
    level = check_audience(audience)
    with library.reading() as connection:
        shown = shown_number(connection, reader, code=code, number=number)
        stored = store.get_revision(connection, code=code, number=shown)
        context = _context(connection, reader, stored, audience=level, link=link)
        kept = revision_paths(connection, code=code, number=shown)
        latest = store.get_info(connection, code=code).number
    drawn = stored.document.kind in DRAWN
    if diagram_markup is not None:
        diagram = diagram_markup if drawn and graphviz_available() else None
    else:
        diagram = _diagram(stored.document, stored.info, context)
    body = html.body(
        stored.document,
        context,
        image_src=lambda path: image_src(code, shown, path) if path in kept else None,
        diagram_svg=diagram,
        anchor_prefix="node-",
    )
    return DocumentView(
        revision=stored.info,
        document=stored.document,
        kind_name=KIND_NAMES[stored.document.kind],
        audience=level,
        body=body,
        has_diagram=diagram is not None,
        latest=latest if reader.can(Permission.READ_DRAFTS) else None,
    )


__all__ = [
    "MEDIA_TYPES",
    "SOURCE_FORMATS",
    "DocumentView",
    "Format",
    "Rendered",
    "check_audience",
    "check_format",
    "document_diagram",
    "document_view",
    "formats",
    "library_codes",
    "render_revision",
]
