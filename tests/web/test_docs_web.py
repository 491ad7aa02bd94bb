"""docs/web.md stays true to the code: every documents, search and library route is in it."""

from __future__ import annotations

from fastapi.routing import APIRoute
from tests.conftest import REPO

from sopflow.web.routes import document_pages, documents, library_pages, search


def test_every_documents_search_and_library_route_is_documented() -> None:
    text = (REPO / "docs" / "web.md").read_text(encoding="utf-8")
    api = [r.path for m in (documents, search) for r in m.router.routes if isinstance(r, APIRoute)]
    pages = [
        r.path.replace("{code}", "CODE").replace("{number}", "N")
        for m in (library_pages, document_pages)
        for r in m.router.routes
        if isinstance(r, APIRoute)
    ]
    shown = [path.replace("{path:path}", "{path}") for path in api] + pages
    assert len(shown) >= 14
    assert [path for path in shown if path not in text] == []
