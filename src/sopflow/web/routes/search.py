"""The search API: ranked full-text search with snippets as structured fragments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from sopflow.library.browse import DocumentFilters
from sopflow.services import search as searching
from sopflow.services.search import MAX_HITS, MAX_QUERY
from sopflow.web.deps import ActorDep, LibraryDep, check_csrf
from sopflow.web.routes.api_models import PROBLEMS, SearchHitOut, SearchResults

router = APIRouter(
    prefix="/api/v1", tags=["search"], dependencies=[Depends(check_csrf)], responses=PROBLEMS
)

Filter = Annotated[str | None, Query(max_length=200)]


@router.get("/search")
def search(
    *,
    library: LibraryDep,
    actor: ActorDep,
    q: Annotated[str, Query(max_length=MAX_QUERY, description="Words; every one must occur.")],
    kind: Filter = None,
    state: Filter = None,
    owner: Filter = None,
    department: Filter = None,
    tag: Filter = None,
    limit: Annotated[int, Query(ge=1, le=MAX_HITS)] = 20,
) -> SearchResults:
    """Documents holding every word of q, best first, each with a snippet whose matched
    words are marked `highlighted` (plain text: escape it to show it in HTML)."""
    filters = DocumentFilters(kind=kind, state=state, owner=owner, department=department, tag=tag)
    hits = searching.search(library=library, actor=actor, query=q, filters=filters, limit=limit)
    return SearchResults(query=q, hits=[SearchHitOut.of(hit) for hit in hits])
