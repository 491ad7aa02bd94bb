"""The app's routers, one module per area; `ROUTERS` is the order they are mounted in."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """Every router of the app (imported when an app is made, not at import time)."""
    from sopflow.web.routes import (
        account,
        document_pages,
        documents,
        library_pages,
        search,
        system,
    )

    return [
        system.router,
        account.router,
        documents.router,
        search.router,
        library_pages.router,
        document_pages.router,
    ]
