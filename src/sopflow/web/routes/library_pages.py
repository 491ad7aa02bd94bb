"""The library page: documents by kind, department and state, search with highlighted
snippets, and the hierarchy policy → workflow → SOP → work instruction.

One GET form drives it, so the filters work without script; with htmx the same form
replaces only the results (the server then sends just that part).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from sopflow.library.browse import DocumentFilters
from sopflow.library.documents import Listed
from sopflow.library.hierarchy import LEVELS
from sopflow.model import KIND_NAMES
from sopflow.services import documents, hierarchy
from sopflow.services import search as searching
from sopflow.services.access import Actor
from sopflow.web.deps import LibraryDep, SignedInDep, check_csrf
from sopflow.web.pages import page, templates

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

PAGE_SIZE = 50
"""Documents per page of the list, and hits shown for a search."""

TREE_PAGE = 20
"""Tops of the hierarchy per page; each brings everything below it."""

KIND_HEADINGS = {
    "policy": "Policies",
    "workflow": "Workflows",
    "sop": "Standard operating procedures",
    "wi": "Work instructions",
}

Text = Annotated[str, Query(max_length=500)]


@dataclass(frozen=True)
class Group:
    """The documents of one kind on a page of the list."""

    kind: str
    heading: str
    rows: tuple[Listed, ...]


def _groups(rows: tuple[Listed, ...]) -> list[Group]:
    """The rows by kind, in hierarchy order (policies first)."""
    kinds = sorted({row.kind for row in rows}, key=lambda kind: LEVELS.get(kind, 9))
    return [
        Group(kind, KIND_HEADINGS.get(kind, kind), tuple(r for r in rows if r.kind == kind))
        for kind in kinds
    ]


def _query(values: dict[str, str | int]) -> str:
    """A query string of the values that are set."""
    return urlencode({key: value for key, value in values.items() if value not in ("", None)})


def _results(
    library: LibraryDep,
    actor: Actor,
    *,
    q: str,
    filters: DocumentFilters,
    view: str,
    offset: int,
    after: str,
) -> dict[str, object]:
    """What the results part shows: hits of a search, the hierarchy, or a page of the list."""
    if q.strip():
        hits = searching.search(
            library=library, actor=actor, query=q, filters=filters, limit=PAGE_SIZE
        )
        return {"mode": "search", "hits": hits}
    if view == "tree":
        tree = hierarchy.hierarchy_tree(
            library=library, actor=actor, limit=TREE_PAGE, after=after or None
        )
        last = tree.roots[-1].code if tree.roots and tree.more else ""
        return {"mode": "tree", "tree": tree, "after": after, "last": last}
    listed = documents.list_documents(
        library=library, actor=actor, filters=filters, limit=PAGE_SIZE, offset=offset
    )
    return {
        "mode": "list",
        "groups": _groups(listed.documents),
        "total": listed.total,
        "shown": len(listed.documents),
    }


@router.get("/library", response_class=HTMLResponse)
def library_page(
    request: Request,
    library: LibraryDep,
    actor: SignedInDep,
    *,
    q: Text = "",
    kind: Text = "",
    department: Text = "",
    state: Text = "",
    view: Literal["list", "tree"] = "list",
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
    after: Annotated[str, Query(max_length=32)] = "",
) -> Response:
    """The library: a search box, filters, and the documents as a list or a hierarchy."""
    filters = DocumentFilters(kind=kind or None, department=department or None, state=state or None)
    results = _results(library, actor, q=q, filters=filters, view=view, offset=offset, after=after)
    chosen = {"q": q, "kind": kind, "department": department, "state": state, "view": view}
    base = {key: value for key, value in chosen.items() if key != "q"}
    context: dict[str, object] = {
        **results,
        "chosen": chosen,
        "kind_names": KIND_NAMES,
        "facets": documents.document_facets(library=library, actor=actor),
        "offset": offset,
        "page_size": PAGE_SIZE,
        "previous": "/library?" + _query({**base, "offset": max(0, offset - PAGE_SIZE)}),
        "next": "/library?" + _query({**base, "offset": offset + PAGE_SIZE}),
        "list_href": "/library?" + _query({**base, "view": "list"}),
        "tree_href": "/library?" + _query({**base, "view": "tree"}),
        "tree_next": "/library?" + _query({**base, "after": str(results.get("last", ""))}),
    }
    partial = request.headers.get("hx-request") and not request.headers.get(
        "hx-history-restore-request"
    )
    response: Response
    if partial:
        response = templates().TemplateResponse(request, "library_results.html", context)
    else:
        response = page(request, "library.html", context, title="Library")
    response.headers["Vary"] = "HX-Request"
    return response
