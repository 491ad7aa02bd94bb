"""Reading the library: lists of documents, a document's revisions, its history, what it
refers to and what refers to it, and the screenshots it keeps.

Which revision a person sees: whoever may read drafts (authors, reviewers, admins) sees the
latest revision, or any revision asked for. Everyone else (readers) sees the last
*effective* revision of a document when it has one, and its latest otherwise. That second
half is a stand-in until document control (review, approval, effective dates) arrives in a
later issue: today every revision is a draft, and a reader who saw nothing could not use
sopflow at all. Lists and search show what the latest revision says (the library caches it
per document), for the same reason.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from sopflow.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from sopflow.library import browse, hierarchy, links
from sopflow.library import documents as store
from sopflow.library.attachments import revision_file as stored_file
from sopflow.library.browse import DocumentFilters, Facets
from sopflow.library.documents import Listed
from sopflow.library.links import BrokenLink, Dependant
from sopflow.library.revisions import StoredRevision
from sopflow.library.store import Library
from sopflow.model import KIND_TYPES, AnyDocument, is_code, references
from sopflow.model.revisions import RevisionInfo, RevisionState
from sopflow.services.access import Actor, Permission, require

MAX_PAGE = 500
"""The most documents one page of a list holds."""


def check_code(code: str, *, field: str = "code") -> str:
    """A document code, or an InvalidInputError naming the field."""
    if not is_code(code):
        raise InvalidInputError(
            f"{code!r} is not a document code (KIND-AREA-NNN, e.g. SOP-FIN-003)", field=field
        )
    return code


MAX_TEXT = 200
"""The longest filter value accepted, in characters."""


def check_text(value: str, *, field: str, longest: int = MAX_TEXT) -> str:
    """Text a person typed, at most longest characters and without control characters (a
    database cannot store a NUL); InvalidInputError naming the field otherwise."""
    if len(value) > longest:
        raise InvalidInputError(f"{field}: give at most {longest} characters", field=field)
    if any(ord(character) < 32 and character not in "\t\n\r" for character in value):
        raise InvalidInputError(f"{field}: remove the control characters", field=field)
    return value


def check_filters(filters: DocumentFilters) -> DocumentFilters:
    """Filters whose kind and state are ones the library knows; InvalidInputError otherwise."""
    for name in ("kind", "department", "state", "tag", "owner"):
        check_text(getattr(filters, name) or "", field=name)
    if filters.kind and filters.kind not in KIND_TYPES:
        raise InvalidInputError(
            f"kind: {filters.kind!r} is not a kind; choose from {', '.join(KIND_TYPES)}",
            field="kind",
        )
    states = [state.value for state in RevisionState]
    if filters.state and filters.state not in states:
        raise InvalidInputError(
            f"state: {filters.state!r} is not a revision state; choose from {', '.join(states)}",
            field="state",
        )
    return filters


def check_page(limit: int, offset: int) -> None:
    """A page size from 1 to MAX_PAGE and an offset of at least 0."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInputError(f"limit: give 1 to {MAX_PAGE}, not {limit}", field="limit")
    if offset < 0:
        raise InvalidInputError(f"offset: give 0 or more, not {offset}", field="offset")


@dataclass(frozen=True)
class DocumentPage:
    """One page of a document list, and how many documents the filters keep in all."""

    documents: tuple[Listed, ...]
    total: int
    limit: int
    offset: int


def list_documents(
    *,
    library: Library,
    actor: Actor | None,
    filters: DocumentFilters | None = None,
    limit: int = 50,
    offset: int = 0,
) -> DocumentPage:
    """The documents that pass the filters, by code, one page at a time."""
    require(actor, Permission.READ)
    chosen = check_filters(filters or DocumentFilters())
    check_page(limit, offset)
    with library.reading() as connection:
        rows, total = browse.find_documents(connection, filters=chosen, limit=limit, offset=offset)
    return DocumentPage(tuple(rows), total, limit, offset)


def document_titles(
    *, library: Library, actor: Actor | None, codes: Iterable[str]
) -> dict[str, str]:
    """The titles of the documents among codes the library holds (its latest revisions')."""
    require(actor, Permission.READ)
    with library.reading() as connection:
        return {
            code: row.title for code, row in browse.listed_by_codes(connection, codes=codes).items()
        }


FACETS_FOR = 60.0
"""Seconds the filter counts are reused: counting a large library's departments and states
reads every document row, and a filter menu can be a few seconds behind."""

_FACETS: weakref.WeakKeyDictionary[Engine, tuple[float, Facets]] = weakref.WeakKeyDictionary()
_FACETS_LOCK = threading.Lock()
_COUNTING: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()


def document_facets(*, library: Library, actor: Actor | None) -> Facets:
    """The kinds, departments and states there are to filter on, with their counts (as of
    at most FACETS_FOR seconds ago; a save or import through this process counts at once).

    One request at a time counts; the others meanwhile take the counts of the last time,
    so many readers arriving as the counts age do not all count the library at once."""
    require(actor, Permission.READ)
    engine = library.engine
    with _FACETS_LOCK:
        cached = _FACETS.get(engine)
        counting = _COUNTING.setdefault(engine, threading.Lock())
    if cached is not None and time.monotonic() - cached[0] < FACETS_FOR:
        return cached[1]
    if not counting.acquire(blocking=cached is None):
        assert cached is not None
        return cached[1]
    try:
        started = time.monotonic()
        with library.reading() as connection:
            counted = browse.facets(connection)
        with _FACETS_LOCK:
            _FACETS[engine] = (started, counted)
    finally:
        counting.release()
    return counted


def forget_facets(library: Library) -> None:
    """Count the filters again next time: the library has just changed."""
    with _FACETS_LOCK:
        _FACETS.pop(library.engine, None)


def shown_number(
    connection: Connection, actor: Actor, *, code: str, number: int | None = None
) -> int:
    """The revision of code that actor reads (number, or by default the one they see).

    Without READ_DRAFTS: the last effective revision when there is one, else the latest (see
    the module's docstring); asking for another revision is refused.
    """
    asked = store.get_info(connection, code=code, number=number)  # NotFound for no such
    if actor.can(Permission.READ_DRAFTS):
        return asked.number
    latest = asked.number if number is None else store.get_info(connection, code=code).number
    visible = browse.last_effective(connection, code=code) or latest
    if number is not None and number != visible:
        raise PermissionDeniedError(
            f"{code}: revision {number} is not the one in force; reading it needs the "
            f"{Permission.READ_DRAFTS.value} permission (revision {visible} is the one you see)"
        )
    return visible


def get_revision(
    *, library: Library, actor: Actor | None, code: str, number: int | None = None
) -> StoredRevision:
    """A revision of a document: number, or the one the actor sees (see the module's
    docstring: latest for those who may read drafts, else the last effective, else latest)."""
    reader = require(actor, Permission.READ)
    check_code(code)
    with library.reading() as connection:
        shown = shown_number(connection, reader, code=code, number=number)
        return store.get_revision(connection, code=code, number=shown)


def revision_info(
    *, library: Library, actor: Actor | None, code: str, number: int | None = None
) -> RevisionInfo:
    """What is known about the revision get_revision would give, without its content."""
    reader = require(actor, Permission.READ)
    check_code(code)
    with library.reading() as connection:
        shown = shown_number(connection, reader, code=code, number=number)
        return store.get_info(connection, code=code, number=shown)


def visible_documents(
    connection: Connection, actor: Actor, codes: Iterable[str]
) -> dict[str, AnyDocument]:
    """The revision actor sees of each of codes the library holds (missing ones left out)."""
    drafts = actor.can(Permission.READ_DRAFTS)
    numbers = browse.revision_numbers(connection, codes=codes)
    return {
        code: store.get_revision(
            connection, code=code, number=latest if drafts else (effective or latest)
        ).document
        for code, (latest, effective) in numbers.items()
    }


def history(*, library: Library, actor: Actor | None, code: str) -> list[RevisionInfo]:
    """Every revision of a document, oldest first."""
    require(actor, Permission.READ_DRAFTS)
    check_code(code)
    with library.reading() as connection:
        return store.history(connection, code=code)


@dataclass(frozen=True)
class WhereUsed:
    """The documents that depend on a code, and whether the library holds that code."""

    code: str
    known: bool
    dependants: tuple[Dependant, ...]


def where_used(
    *, library: Library, actor: Actor | None, code: str, transitive: bool = False
) -> WhereUsed:
    """The documents that refer to code (transitive: and those that depend on them)."""
    require(actor, Permission.READ)
    check_code(code)
    with library.reading() as connection:
        found = links.where_used(connection, code=code, transitive=transitive)
        known = bool(browse.listed_by_codes(connection, codes=[code]))
    return WhereUsed(code, known, tuple(found))


@dataclass(frozen=True)
class LinkCheck:
    """How many documents the library holds, and its references to documents it lacks."""

    documents: int
    broken: tuple[BrokenLink, ...]


def broken_links(*, library: Library, actor: Actor | None) -> LinkCheck:
    """Every reference to a code the library does not hold."""
    require(actor, Permission.READ)
    with library.reading() as connection:
        broken = links.broken_links(connection)
        total = store.count_documents(connection)
    return LinkCheck(total, tuple(broken))


@dataclass(frozen=True)
class Related:
    """A document's place in the hierarchy policy → workflow → SOP → work instruction."""

    code: str
    above: tuple[hierarchy.Relation, ...]
    """Documents it belongs to: policies it implements, workflows it is a stage of..."""
    below: tuple[hierarchy.Relation, ...]
    """Documents it uses: an SOP's work instructions, a policy's SOPs..."""
    missing: tuple[str, ...]
    """Codes it refers to that the library does not hold."""


def related(
    *, library: Library, actor: Actor | None, code: str, number: int | None = None
) -> Related:
    """What the revision the actor sees refers to, and what refers to the document, split
    into the documents above it in the hierarchy and those below."""
    reader = require(actor, Permission.READ)
    check_code(code)
    with library.reading() as connection:
        shown = shown_number(connection, reader, code=code, number=number)
        document = store.get_revision(connection, code=code, number=shown).document
        named = references(document)
        held = browse.listed_by_codes(connection, codes=named)
        incoming = [
            r for r in hierarchy.relations(connection, codes=[code]) if r.direction == "referred"
        ]
    outgoing = [
        hierarchy.Relation(code, "refers", target, held[target].kind, held[target].title)
        for target in named
        if target in held
    ]
    every = list({r.other: r for r in reversed(outgoing + incoming) if r.other != code}.values())
    every.reverse()  # each other document once, as its first link names it
    below = tuple(r for r in every if hierarchy.is_child(document.kind, r))
    above = tuple(r for r in every if not hierarchy.is_child(document.kind, r))
    missing = tuple(target for target in named if target not in held)
    return Related(code, above, below, missing)


@dataclass(frozen=True)
class Attachment:
    """A file a revision keeps (a screenshot): its bytes and media type."""

    data: bytes
    media_type: str


def revision_file(
    *, library: Library, actor: Actor | None, code: str, number: int, path: str
) -> Attachment:
    """A screenshot revision number of code refers to, if the actor may read that revision."""
    reader = require(actor, Permission.READ)
    check_code(code)
    with library.reading() as connection:
        shown_number(connection, reader, code=code, number=number)
        found = stored_file(connection, code=code, number=number, path=path)
    if found is None:
        raise NotFoundError(f"{code}: revision {number} keeps no file {path!r}")
    return Attachment(*found)


__all__ = [
    "MAX_PAGE",
    "Attachment",
    "DocumentFilters",
    "DocumentPage",
    "LinkCheck",
    "Listed",
    "Related",
    "WhereUsed",
    "broken_links",
    "check_code",
    "check_filters",
    "check_page",
    "check_text",
    "document_facets",
    "document_titles",
    "forget_facets",
    "get_revision",
    "history",
    "list_documents",
    "related",
    "revision_file",
    "revision_info",
    "shown_number",
    "visible_documents",
    "where_used",
]
