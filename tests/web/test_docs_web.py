"""docs/web.md stays true to the code: every documents, search, library, document-control
page and audit route is in it."""

from __future__ import annotations

from fastapi.routing import APIRoute
from tests.conftest import REPO

from sopflow.web.routes import (
    audit,
    control_pages,
    document_pages,
    documents,
    library_pages,
    search,
)


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


def test_every_control_and_audit_page_is_documented() -> None:
    text = (REPO / "docs" / "web.md").read_text(encoding="utf-8")
    audit_text = (REPO / "docs" / "audit.md").read_text(encoding="utf-8")
    pages = [r.path for m in (control_pages.router, audit.pages) for r in m.routes]
    shown = [path.replace("{code}", "CODE") for path in pages]
    assert len(shown) == 9
    assert [path for path in shown if f"`{path}`" not in text] == []
    assert [r.path for r in audit.api.routes if f"`GET {r.path}`" not in audit_text] == []
