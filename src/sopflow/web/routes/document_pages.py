"""The document page: the revision rendered at the reader's level (novice or expert), its
swimlane diagram whose nodes link to the documents they reference, what it belongs to and
what it uses, where it is used, its history with the diff of two revisions, downloads in
every format, and "Run it" for an SOP.

A link followed from one document to another carries `from=CODE,...` (the trail of
documents the reader came through), so the page it leads to shows a breadcrumb back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from sopflow.analysis.diff import Change, render_words
from sopflow.model import KIND_NAMES, is_code
from sopflow.services import checks, documents, rendering
from sopflow.services.access import Actor, Permission
from sopflow.web.control_view import control_summary
from sopflow.web.deps import LibraryDep, SignedInDep, check_csrf
from sopflow.web.pages import page

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

AUDIENCE_COOKIE = "sopflow_audience"
"""Remembers the reader's chosen level (novice or expert) across documents."""

MAX_TRAIL = 6
"""The most documents a breadcrumb goes back through."""

LARGEST = 2**31 - 1

Trail = Annotated[str, Query(alias="from", max_length=300)]
AudienceQuery = Annotated[str, Query(max_length=16)]


def trail_of(text: str) -> list[str]:
    """The valid codes of a from= trail, oldest first, at most MAX_TRAIL (the nearest)."""
    codes = [part.strip() for part in text.split(",") if is_code(part.strip())]
    return list(dict.fromkeys(codes))[-MAX_TRAIL:]


def document_href(code: str, trail: list[str], number: int | None = None) -> str:
    """The page of a document (or one revision of it), reached through trail."""
    path = f"/documents/{code}" + (f"/revisions/{number}" if number else "")
    return path + (f"?{urlencode({'from': ','.join(trail)}, safe=',')}" if trail else "")


@dataclass(frozen=True)
class Crumb:
    """One step of the way back."""

    code: str
    title: str
    href: str


def _crumbs(library: LibraryDep, actor: Actor, trail: list[str], code: str) -> list[Crumb]:
    shown = [item for item in trail if item != code]
    titles = documents.document_titles(library=library, actor=actor, codes=shown)
    return [
        Crumb(item, titles.get(item, ""), document_href(item, shown[:index]))
        for index, item in enumerate(shown)
    ]


def _audience(request: Request, asked: str) -> tuple[str, bool]:
    """The level to show, and whether it was chosen now (and should be remembered)."""
    if asked:
        return rendering.check_audience(asked), True
    remembered = request.cookies.get(AUDIENCE_COOKIE, "")
    return (remembered if remembered in ("novice", "expert") else "novice"), False


def _file_src(code: str, number: int, path: str) -> str:
    return f"/api/v1/documents/{code}/revisions/{number}/files/{quote(path, safe='/')}"


def _document_page(
    request: Request,
    library: LibraryDep,
    actor: Actor,
    *,
    code: str,
    number: int | None,
    trail_text: str,
    asked: str,
) -> Response:
    audience, chosen = _audience(request, asked)
    trail = [item for item in trail_of(trail_text) if item != code]
    onward = [*trail, code][-MAX_TRAIL:]
    view = rendering.document_view(
        library=library,
        actor=actor,
        code=code,
        number=number,
        audience=audience,
        link=lambda target: document_href(target, onward),
        image_src=_file_src,
        diagram_markup=_diagram_loader(code, number, trail),
    )
    shown = view.revision.number
    context = {
        "view": view,
        "code": code,
        "kind_names": KIND_NAMES,
        # The renderer's own markup, every text in it escaped by its autoescaping templates.
        "body": Markup(view.body),
        "crumbs": _crumbs(library, actor, trail, code),
        "related": documents.related(library=library, actor=actor, code=code, number=number),
        "used": documents.where_used(library=library, actor=actor, code=code, transitive=True),
        "history": _history(library, actor, code),
        "control": control_summary(library=library, actor=actor, code=code),
        "marks": rendering.print_marks(state=view.revision.state.value),
        "formats": rendering.formats(),
        "can_run": view.document.kind == "sop" and actor.can(Permission.RUN),
        "can_build": view.document.kind == "sop" and actor.can(Permission.EDIT),
        "can_edit_wi": view.document.kind == "wi" and actor.can(Permission.EDIT),
        "onward": onward,
        "href": lambda target: document_href(target, onward),
        "levels": {level: _self_href(code, number, trail, level) for level in ("novice", "expert")},
        "download": lambda name: (
            f"/api/v1/documents/{code}/revisions/{shown}?"
            + urlencode({"format": name, "audience": audience})
        ),
    }
    response = page(request, "document.html", context, title=f"{code} {view.document.title}")
    if chosen:
        response.set_cookie(
            AUDIENCE_COOKIE,
            audience,
            max_age=365 * 86400,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    return response


def diagram_href(code: str, number: int | None, trail: list[str]) -> str:
    """The address of a revision's diagram alone (a fragment for htmx, else a page)."""
    query = {**({"revision": number} if number else {}), **({"from": ",".join(trail)})}
    return f"/documents/{code}/diagram" + (
        f"?{urlencode(query, safe=',')}" if trail or number else ""
    )


def _diagram_loader(code: str, number: int | None, trail: list[str]) -> str:
    """What the page shows where the diagram goes: a link to it, which htmx follows as the
    page loads and replaces with the diagram (Graphviz takes a while; the page need not)."""
    href = escape(diagram_href(code, number, trail))
    return str(
        Markup(
            '<a class="diagram-load" href="{0}" hx-get="{0}" hx-trigger="load" '
            'hx-target="closest .diagram" hx-swap="innerHTML">Show the swimlane diagram</a>'
        ).format(href)
    )


def _self_href(code: str, number: int | None, trail: list[str], level: str) -> str:
    query = {"audience": level, **({"from": ",".join(trail)} if trail else {})}
    path = f"/documents/{code}" + (f"/revisions/{number}" if number else "")
    return f"{path}?{urlencode(query, safe=',')}"


def _history(library: LibraryDep, actor: Actor, code: str) -> list[object] | None:
    """The revisions, for those who may read drafts; None for the others."""
    if not actor.can(Permission.READ_DRAFTS):
        return None
    return list(documents.history(library=library, actor=actor, code=code))


@router.get("/documents/{code}", response_class=HTMLResponse)
def document_page(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    code: str,
    *,
    came_from: Trail = "",
    audience: AudienceQuery = "",
) -> Response:
    """The revision of a document the reader sees."""
    return _document_page(
        request, library, actor, code=code, number=None, trail_text=came_from, asked=audience
    )


@router.get("/documents/{code}/revisions/{number}", response_class=HTMLResponse)
def revision_page(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    code: str,
    number: Annotated[int, Path(ge=1, le=LARGEST)],
    *,
    came_from: Trail = "",
    audience: AudienceQuery = "",
) -> Response:
    """Revision number of a document."""
    return _document_page(
        request, library, actor, code=code, number=number, trail_text=came_from, asked=audience
    )


def change_label(change: Change) -> str:
    """What a change is about, without the inline [-…-]{+…+} words the page shows marked."""
    if not change.words:
        return change.summary
    inline = render_words(change.words)
    if change.summary.endswith(inline):
        return change.summary.removesuffix(inline).rstrip().removesuffix(":")
    return change.element


@router.get("/documents/{code}/diagram", response_class=HTMLResponse)
def diagram_page(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    code: str,
    *,
    came_from: Trail = "",
    revision: Annotated[int | None, Query(ge=1, le=LARGEST)] = None,
) -> Response:
    """A revision's swimlane alone: the fragment a document page loads, or (without
    script) a page of its own."""
    trail = [item for item in trail_of(came_from) if item != code]
    onward = [*trail, code][-MAX_TRAIL:]
    drawn = rendering.document_diagram(
        library=library,
        actor=actor,
        code=code,
        number=revision,
        link=lambda target: document_href(target, onward),
    )
    svg = Markup(drawn) if drawn else None  # Graphviz's SVG, made inert by svg_fragment
    if request.headers.get("hx-request"):
        missing = "<p><em>The swimlane diagram needs Graphviz, which is not installed.</em></p>"
        response = HTMLResponse(str(svg) if svg else missing)
    else:
        titles = documents.document_titles(library=library, actor=actor, codes=[code])
        context = {
            "code": code,
            "title": titles.get(code, ""),
            "svg": svg,
            "back": document_href(code, trail, revision),
        }
        response = page(request, "diagram.html", context, title=f"Diagram of {code}")
    response.headers["Vary"] = "HX-Request"
    return response


@router.get("/documents/{code}/history", response_class=HTMLResponse)
def history_page(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    code: str,
    *,
    old: Annotated[int | None, Query(alias="from", ge=1, le=LARGEST)] = None,
    new: Annotated[int | None, Query(alias="to", ge=1, le=LARGEST)] = None,
) -> Response:
    """Every revision of a document, and the readable diff of the two chosen."""
    infos = documents.history(library=library, actor=actor, code=code)
    latest = infos[-1].number
    before = old or max(1, latest - 1)
    after = new or latest
    diff = checks.diff_revisions(library=library, actor=actor, code=code, old=before, new=after)
    titles = documents.document_titles(library=library, actor=actor, codes=[code])
    context = {
        "code": code,
        "title": titles.get(code, ""),
        "revisions": infos,
        "before": before,
        "after": after,
        "diff": diff,
        "labels": [change_label(change) for change in diff.changes],
        "href": lambda number: document_href(code, [], number),
    }
    return page(request, "history.html", context, title=f"History of {code}")
